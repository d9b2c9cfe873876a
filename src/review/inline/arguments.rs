//! What each parameter of a nested template stands for in the merged template: the parent's
//! argument for it (a nested stack's output followed to its value), or its `Default`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::NestedError;
use super::substitute::substitute;

/// A nested stack's template and the parent's arguments for it.
pub(super) struct Nested<'a> {
    pub(super) template: &'a Value,
    pub(super) arguments: Option<&'a Map<String, Value>>,
}

/// Resolves the parent's arguments of each nested stack, following nested outputs.
pub(super) struct Inliner<'a> {
    origin: &'a str,
    /// The nested stacks, by logical id.
    pub(super) stacks: BTreeMap<&'a str, Nested<'a>>,
    /// Each nested stack's parameters, with what they stand for in the merged template.
    resolved: BTreeMap<String, BTreeMap<String, Value>>,
    /// Nested stacks whose arguments are being resolved: one seen again is a cycle.
    in_progress: BTreeSet<String>,
}

impl<'a> Inliner<'a> {
    /// No nested stack yet; `origin` names the parent in errors.
    pub(super) fn new(origin: &'a str) -> Self {
        Self {
            origin,
            stacks: BTreeMap::new(),
            resolved: BTreeMap::new(),
            in_progress: BTreeSet::new(),
        }
    }

    /// [`NestedError::Malformed`] for nested stack `stack`.
    pub(super) fn malformed(&self, stack: &str, reason: String) -> NestedError {
        NestedError::Malformed {
            parent: self.origin.to_owned(),
            stack: stack.to_owned(),
            reason,
        }
    }

    /// What each parameter of nested stack `stack` stands for: the parent's argument, or
    /// the parameter's `Default`.
    pub(super) fn arguments(
        &mut self,
        stack: &str,
    ) -> Result<&BTreeMap<String, Value>, NestedError> {
        if !self.resolved.contains_key(stack) {
            if !self.in_progress.insert(stack.to_owned()) {
                return Err(self.malformed(
                    stack,
                    "its parameters depend on its own outputs (a cycle)".into(),
                ));
            }
            let resolved = self.resolve_arguments(stack)?;
            self.in_progress.remove(stack);
            self.resolved.insert(stack.to_owned(), resolved);
        }
        self.resolved
            .get(stack)
            .ok_or_else(|| self.malformed(stack, "its parameters could not be resolved".into()))
    }

    fn resolve_arguments(&mut self, stack: &str) -> Result<BTreeMap<String, Value>, NestedError> {
        let Some(nested) = self.stacks.get(stack) else {
            return Err(self.malformed(stack, "it is not a nested stack of the parent".into()));
        };
        let (template, arguments) = (nested.template, nested.arguments);
        let mut resolved = BTreeMap::new();
        let Some(parameters) = template.get("Parameters").and_then(Value::as_object) else {
            return Ok(resolved);
        };
        for (name, declaration) in parameters {
            let value = match (
                arguments.and_then(|a| a.get(name)),
                declaration.get("Default"),
            ) {
                (Some(argument), _) => self.in_parent(argument)?,
                (None, Some(default)) => default.clone(),
                (None, None) => {
                    return Err(self.malformed(
                        stack,
                        format!(
                            "parameter `{name}` has no value: the parent passes none and it has no Default"
                        ),
                    ));
                }
            };
            resolved.insert(name.clone(), value);
        }
        Ok(resolved)
    }

    /// `value`, written in the parent, with every `Fn::GetAtt [Nested, "Outputs.X"]` on a
    /// nested stack replaced by that output's value.
    pub(super) fn in_parent(&mut self, value: &Value) -> Result<Value, NestedError> {
        Ok(match value {
            Value::Object(map) => {
                if let Some((stack, output)) = nested_output(map)
                    && self.stacks.contains_key(stack)
                {
                    return self.output(stack, output);
                }
                let mut out = Map::new();
                for (k, v) in map {
                    out.insert(k.clone(), self.in_parent(v)?);
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| self.in_parent(v))
                    .collect::<Result<_, _>>()?,
            ),
            other => other.clone(),
        })
    }

    /// The value of output `name` of nested stack `stack`, in the merged template.
    fn output(&mut self, stack: &str, name: &str) -> Result<Value, NestedError> {
        let template = self.stacks.get(stack).map(|n| n.template);
        let Some(value) = template
            .and_then(|t| t.get("Outputs"))
            .and_then(|o| o.get(name))
            .and_then(|o| o.get("Value"))
        else {
            return Err(self.malformed(stack, format!("it has no output `{name}`")));
        };
        let parameters = self.arguments(stack)?;
        Ok(substitute(value, parameters))
    }
}

/// `(Nested, X)` for `{"Fn::GetAtt": [Nested, "Outputs.X"]}`.
fn nested_output(map: &Map<String, Value>) -> Option<(&str, &str)> {
    if map.len() != 1 {
        return None;
    }
    match map.get("Fn::GetAtt")?.as_array()?.as_slice() {
        [Value::String(stack), Value::String(attribute)] => {
            Some((stack, attribute.strip_prefix("Outputs.")?))
        }
        _ => None,
    }
}
