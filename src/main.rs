//! The `apigw-synth` command: the stacks in `stacks/`, compiled in, and the CLI over them.

#[path = "../stacks/mod.rs"]
mod stacks;

mod cli;

fn main() -> std::process::ExitCode {
    cli::main(stacks::all())
}
