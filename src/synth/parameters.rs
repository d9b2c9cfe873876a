//! Template parameters: their declarations, and the values that read them.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::{ParameterType, Value};
use crate::cfn::{Attribute, Expr, LogicalId, Parameter, Pseudo, SubPart, parse_sub};
use crate::error::ProblemKind;

use super::problems::Problems;
use super::{Emitter, ids};

/// The names a stack's values may refer to: its declared parameters (each with its type)
/// and raw resources (each with its type).
#[derive(Debug, Default)]
pub(crate) struct Declared<'a> {
    /// Parameters by name.
    pub(crate) parameters: BTreeMap<&'a str, ParameterType>,
    /// Raw resources by logical id, with their CloudFormation type.
    pub(crate) resources: BTreeMap<&'a str, &'a str>,
    /// Conditions by name (for `Fn::If`).
    pub(crate) conditions: BTreeSet<&'a str>,
}

/// Whether a value must give one string, or may give a list (the list of `Fn::Select`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wants {
    One,
    List,
}

/// Every problem of `value`: a name it refers to that the stack does not declare, a list
/// parameter where one string is needed (every value of a stack is one string: a user pool
/// ARN, a function ARN, an output; a `CommaDelimitedList` there is a list where
/// CloudFormation needs a string), or a `Fn::Sub` placeholder that names nothing.
pub(crate) fn check_value(
    value: &Value,
    declared: &Declared<'_>,
    path: Option<&str>,
    method: Option<&str>,
    problems: &mut Problems<'_>,
) {
    check_in(value, Wants::One, declared, path, method, problems);
}

fn check_in(
    value: &Value,
    wants: Wants,
    declared: &Declared<'_>,
    path: Option<&str>,
    method: Option<&str>,
    problems: &mut Problems<'_>,
) {
    let name = |name: &str, list_ok: bool, problems: &mut Problems<'_>| {
        if Pseudo::from_name(name) == Some(Pseudo::NoValue) {
            problems.at(path, method, ProblemKind::NoValueInValue);
            return;
        }
        if Pseudo::from_name(name).is_some() || declared.resources.contains_key(name) {
            return;
        }
        match declared.parameters.get(name) {
            None => problems.at(
                path,
                method,
                ProblemKind::UndeclaredParameter(name.to_owned()),
            ),
            Some(kind) if kind.is_list() && !list_ok => {
                problems.at(path, method, ProblemKind::ListParameter(name.to_owned()));
            }
            Some(_) => {}
        }
    };
    match value {
        Value::Literal(_) => {}
        Value::Ref(n) => name(n, wants == Wants::List, problems),
        Value::GetAtt(n, _) => {
            if !declared.resources.contains_key(n.as_str()) {
                problems.at(path, method, ProblemKind::UndeclaredParameter(n.clone()));
            }
        }
        Value::Sub(text) => match parse_sub(text) {
            Ok(parts) => {
                for part in parts {
                    match part {
                        SubPart::Ref(id) => name(id.as_str(), false, problems),
                        SubPart::GetAtt(id, _) => {
                            if !declared.resources.contains_key(id.as_str()) {
                                let kind = ProblemKind::UndeclaredParameter(id.to_string());
                                problems.at(path, method, kind);
                            }
                        }
                        SubPart::Text(_) | SubPart::Pseudo(_) => {}
                    }
                }
            }
            Err(placeholder) => {
                problems.at(
                    path,
                    method,
                    ProblemKind::InvalidSubPlaceholder(placeholder),
                );
            }
        },
        Value::ImportValue(inner) | Value::Split(_, inner) => {
            check_in(inner, Wants::One, declared, path, method, problems);
        }
        Value::Join(_, items) => {
            for item in items {
                check_in(item, Wants::One, declared, path, method, problems);
            }
        }
        Value::Select(_, list) => check_in(list, Wants::List, declared, path, method, problems),
        Value::If(condition, a, b) => {
            if !declared.conditions.contains(condition.as_str()) {
                let kind = ProblemKind::UndeclaredCondition(condition.clone());
                problems.at(path, method, kind);
            }
            check_in(a, wants, declared, path, method, problems);
            check_in(b, wants, declared, path, method, problems);
        }
    }
}

/// The logical id `name` refers to (a declared parameter or raw resource, checked by
/// [`check_value`]).
fn id(name: &str) -> LogicalId {
    ids::parameter(name)
}

/// `value` in the template: the literal, or the intrinsic.
pub(crate) fn expr(value: &Value) -> Expr {
    match value {
        Value::Literal(s) => Expr::literal(s),
        Value::Ref(name) => match Pseudo::from_name(name) {
            Some(p) => Expr::Pseudo(p),
            None => Expr::Ref(id(name)),
        },
        Value::GetAtt(name, attribute) => Expr::GetAtt(id(name), Attribute::from_name(attribute)),
        // A placeholder naming nothing is a problem already: the text stays as written.
        Value::Sub(text) => match parse_sub(text) {
            Ok(parts) => Expr::Sub(parts),
            Err(_) => Expr::literal(text),
        },
        Value::ImportValue(name) => Expr::ImportValue(Box::new(expr(name))),
        Value::Join(separator, items) => {
            Expr::Join(separator.clone(), items.iter().map(expr).collect())
        }
        Value::Select(index, list) => Expr::Select(*index, Box::new(expr(list))),
        Value::Split(separator, value) => Expr::Split(separator.clone(), Box::new(expr(value))),
        // A condition name that is no logical id is a problem already (raw sections).
        Value::If(condition, a, b) => Expr::If(
            LogicalId::new(condition.as_str())
                .unwrap_or_else(|_| LogicalId::readable("X", condition)),
            Box::new(expr(a)),
            Box::new(expr(b)),
        ),
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
                    no_echo: p.no_echo,
                },
            );
        }
    }
}
