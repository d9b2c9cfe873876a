//! Links the programs (`apigw-synth`, `apigw-synth-stacks`) as position-dependent
//! executables on Linux: a position-independent one has about 16,500 addresses of its own
//! for the dynamic loader to relocate at every start, each a write to a page of
//! `.data.rel.ro` (for `synth eshop-fcj`, about 85 of its 330 page faults and 0.24 ms of its
//! 4.4 ms; docs/performance.md). The program's own image then loads at a fixed address; the
//! libraries, heap and stacks stay randomized. Tests and benches link as before.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
