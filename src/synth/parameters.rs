//! Template parameters: their declarations, and the values that read them.

use std::collections::BTreeSet;

use crate::api::Value;
use crate::cfn::{Expr, Parameter};
use crate::error::ProblemKind;

use super::problems::Problems;
use super::{Emitter, ids};

/// A problem when `value` reads a parameter not among the declared `parameters`.
pub(crate) fn check_value(
    value: &Value,
    parameters: &BTreeSet<&str>,
    path: Option<&str>,
    method: Option<&str>,
    problems: &mut Problems<'_>,
) {
    if let Value::Parameter(name) = value
        && !parameters.contains(name.as_str())
    {
        problems.at(path, method, ProblemKind::UndeclaredParameter(name.clone()));
    }
}

/// `value` in the template: the literal, or a `Ref` to its parameter.
pub(crate) fn expr(value: &Value) -> Expr {
    match value {
        Value::Literal(s) => Expr::literal(s),
        Value::Parameter(p) => Expr::Ref(ids::parameter(p)),
    }
}

impl Emitter<'_, '_, '_> {
    /// The declared parameters. They share the logical id namespace with resources (see
    /// [`Emitter::flush`]).
    pub(super) fn parameters(&mut self) {
        for p in &self.stack.parameters {
            self.template.parameters.insert(
                ids::parameter(&p.name),
                Parameter {
                    kind: p.kind.as_str().into(),
                    description: p.description.clone(),
                    default: p.default.clone(),
                    allowed_pattern: p.allowed_pattern.clone(),
                    constraint_description: p.constraint_description.clone(),
                },
            );
        }
    }
}
