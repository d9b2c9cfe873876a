//! The stacks this project deploys that are written in Rust, compiled into its program the
//! way a CDK app holds its stacks. Add a module per stack and list it in [`all`]; stack files
//! (`*.yaml`, `*.json`) beside them are found without a listing.

pub(crate) mod __MODULE__;

use apigw_synth::Stack;

/// Every stack written in Rust: `cargo run -- synth` writes them, and the stack files, to
/// `out/`.
pub(crate) fn all() -> Vec<Stack> {
    vec![__MODULE__::stack()]
}
