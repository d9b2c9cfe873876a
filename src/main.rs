//! `apigw-synth-stacks`, what `cargo run` runs here: this repository's stacks (`stacks/`,
//! the Rust ones compiled in) and the whole command line over them, the program `apigw-synth
//! init` writes for a project of one's own. The `apigw-synth` tool (`src/bin/`) is the same
//! command line with no stacks compiled in.

#[path = "../stacks/mod.rs"]
mod stacks;

/// The system allocator for a short run, mimalloc past its first 8 MiB: a large API makes and
/// frees hundreds of thousands of small values, which mimalloc does in time linear in the API,
/// and a small one starts without mimalloc's page faults (see [`apigw_synth::Allocator`] and
/// docs/performance.md).
#[global_allocator]
static ALLOCATOR: apigw_synth::Allocator = apigw_synth::Allocator::new();

fn main() -> std::process::ExitCode {
    apigw_synth::App::new(stacks::all()).run()
}
