//! Links the programs (`apigw-synth`, `apigw-synth-stacks`) on Linux as position-dependent
//! executables (`-no-pie`), for a faster start: a position-independent program has about
//! 16,500 addresses of its own for the dynamic loader to relocate at every start, each a
//! write to a page of `.data.rel.ro` (for `synth eshop-fcj`, about 45 of its 372 page faults
//! and 0.24 ms of its 4.4 ms; docs/performance.md). The program's own image then loads at a
//! fixed address; the libraries, heap and stacks stay randomized. Tests and benches link as
//! before.

use std::env;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_env = env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os != "linux" || target_env != "gnu" {
        return;
    }
    println!("cargo::rustc-link-arg-bins=-no-pie");
}
