//! The stacks this project deploys, compiled into the `apigw-synth` binary the way a CDK
//! app holds its stacks. Add a module per stack and list it in [`all`].

pub(crate) mod eshop_fcj;

use apigw_synth::Stack;

/// Every stack `cargo run -- synth` writes to `out/`.
pub(crate) fn all() -> Vec<Stack> {
    vec![eshop_fcj::stack()]
}
