//! `__NAME__`: the stacks in `stacks/` (those written in Rust compiled in) and the whole
//! apigw-synth command line over them: `cargo run -- synth`, `list`, `diff`, `tree`,
//! `validate`, `schema`, each with `--help`.

#[path = "../stacks/mod.rs"]
mod stacks;

/// The system allocator for a short run, mimalloc for a large API (`apigw_synth::Allocator`).
#[global_allocator]
static ALLOCATOR: apigw_synth::Allocator = apigw_synth::Allocator::new();

fn main() -> std::process::ExitCode {
    apigw_synth::App::new(stacks::all()).run()
}
