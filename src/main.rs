//! `apigw-synth-stacks`, what `cargo run` runs here: this repository's stacks (`stacks/`,
//! the Rust ones compiled in) and the whole command line over them, the program `apigw-synth
//! init` writes for a project of one's own. The `apigw-synth` tool (`src/bin/`) is the same
//! command line with no stacks compiled in.

#[path = "../stacks/mod.rs"]
mod stacks;

/// mimalloc (its v2 line, without transparent huge pages) instead of the system allocator:
/// synth makes and frees hundreds of thousands of small values for a large API, and with
/// mimalloc 10,000 methods take 10.6x to 11.6x the time of 1,000 instead of 12x to 13x, for
/// 0.15 to 0.25 ms more at process start (`cargo bench --bench synth`; see
/// docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    apigw_synth::App::new(stacks::all()).run()
}
