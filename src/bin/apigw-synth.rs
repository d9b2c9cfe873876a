//! The `apigw-synth` tool: the whole command line with no stacks compiled in, for stack files
//! (`stacks/*.yaml`, `--stack-file`) in any directory and `apigw-synth init`. A project with
//! stacks written in Rust has its own program (`src/main.rs` of an `init` project), which is
//! the same command line over those stacks.

/// The system allocator, then mimalloc, as in the repository's own program (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: apigw_synth::Allocator = apigw_synth::Allocator::new();

fn main() -> std::process::ExitCode {
    apigw_synth::App::new(Vec::new()).run()
}
