//! How the programs (`apigw-synth`, `apigw-synth-stacks`) link on Linux, for a faster start
//! (docs/performance.md has the measurements). Tests and benches link as before.
//!
//! - **Position-dependent** (`-no-pie`): a position-independent program has about 16,500
//!   addresses of its own for the dynamic loader to relocate at every start, each a write to
//!   a page of `.data.rel.ro` (for `synth eshop-fcj`, about 85 of its 330 page faults and
//!   0.24 ms of its 4.4 ms). The program's own image then loads at a fixed address; the
//!   libraries, heap and stacks stay randomized.
//! - **Written, not mapped** (`--no-mmap-output-file`), when rustc links with its own lld
//!   (its default on x86_64 Linux since Rust 1.90): lld writes its output through a shared
//!   mapping, which leaves the file in the page cache as small pages, and every start of the
//!   program then pays about 1 ms more in page faults until the file is evicted and read
//!   again. Written with `write`, the same bytes start at once as fast as after a read.

use std::env;
use std::process::Command;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=RUSTC_LINKER");
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let target_env = env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os != "linux" || target_env != "gnu" {
        return;
    }
    println!("cargo::rustc-link-arg-bins=-no-pie");
    if links_with_rust_lld() {
        println!("cargo::rustc-link-arg-bins=-Wl,--no-mmap-output-file");
    }
}

/// Whether rustc links with its own lld: on x86_64 Linux from Rust 1.90, unless a linker is
/// configured (`RUSTC_LINKER`, set by cargo from `target.<triple>.linker`) or the flags pick
/// one. Another linker might not know lld's option, so it is passed only then.
fn links_with_rust_lld() -> bool {
    if env::var("TARGET").as_deref() != Ok("x86_64-unknown-linux-gnu")
        || env::var_os("RUSTC_LINKER").is_some()
    {
        return false;
    }
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    if flags.contains("linker") || flags.contains("fuse-ld") || flags.contains("link-self") {
        return false;
    }
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let Ok(output) = Command::new(rustc).arg("-V").output() else {
        return false;
    };
    // "rustc 1.95.0 (59807616e 2026-04-14)"
    let version = String::from_utf8_lossy(&output.stdout);
    let minor = version
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.split('.').nth(1))
        .and_then(|minor| minor.parse::<u32>().ok());
    version.starts_with("rustc 1.") && minor.is_some_and(|minor| minor >= 90)
}
