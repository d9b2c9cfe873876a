//! Template parameters: their declarations, and the values that read them.

use std::collections::BTreeMap;

use crate::api::{ParameterType, Value};
use crate::cfn::{Expr, Parameter};
use crate::error::ProblemKind;

use super::problems::Problems;
use super::{Emitter, ids};

/// The stack's declared parameters: each name with its type.
pub(crate) type Declared<'a> = BTreeMap<&'a str, ParameterType>;

/// A problem when `value` reads a parameter not among the declared `parameters`, or one
/// that holds a list: every value of a stack is one string (a user pool ARN, a function
/// ARN, an output), and a `CommaDelimitedList` there is a list where CloudFormation needs a
/// string.
pub(crate) fn check_value(
    value: &Value,
    parameters: &Declared<'_>,
    path: Option<&str>,
    method: Option<&str>,
    problems: &mut Problems<'_>,
) {
    let Value::Parameter(name) = value else {
        return;
    };
    match parameters.get(name.as_str()) {
        None => problems.at(path, method, ProblemKind::UndeclaredParameter(name.clone())),
        Some(ParameterType::CommaDelimitedList) => {
            problems.at(path, method, ProblemKind::ListParameter(name.clone()));
        }
        Some(ParameterType::String | ParameterType::Number) => {}
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
                    no_echo: false,
                },
            );
        }
    }
}
