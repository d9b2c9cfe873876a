//! Values as documents write them (`Fn::Sub` text: `${Parameter}`, `${Resource.Attribute}`,
//! or an intrinsic inside a SAM body) as stack-file values, with the parameters they name.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::stack_file::format::{IntrinsicSpec, ValueSpec};

/// CloudFormation's pseudo parameters: named by `${…}` without being declared.
const PSEUDO: [&str; 8] = [
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// What the imported values name: template parameters and resources, each with the
/// pointer of its first use.
#[derive(Debug, Clone, Default)]
pub(super) struct Placeholders {
    /// Parameters by name.
    pub(super) parameters: BTreeMap<String, String>,
    /// Resources (`${Resource.Attribute}`) by logical id: where first named, and the
    /// parameter standing for the first attribute named.
    pub(super) resources: BTreeMap<String, (String, String)>,
}

impl Placeholders {
    /// The stack-file value of `text` (found at `at`): a literal, `{ ref: X }` for exactly
    /// `${X}`, else `{ sub: text }`. A resource's attribute (`${R.A}`) can't be named by a
    /// stack file's API: it becomes the parameter `RA` (the resource listed as lossy).
    pub(super) fn value(&mut self, text: &str, at: &str) -> ValueSpec {
        let names = placeholders(text);
        if names.is_empty() {
            return ValueSpec::Literal(text.to_owned());
        }
        let mut text = text.to_owned();
        for name in &names {
            let parameter = self.note(name, at);
            if parameter != *name {
                text = text.replace(&format!("${{{name}}}"), &format!("${{{parameter}}}"));
            }
        }
        let whole = text
            .strip_prefix("${")
            .and_then(|t| t.strip_suffix('}'))
            .filter(|inner| !inner.contains('}') && !inner.contains("${"));
        let intrinsic = match whole {
            Some(inner) => IntrinsicSpec::Ref(inner.to_owned()),
            None => IntrinsicSpec::Sub(text),
        };
        ValueSpec::Intrinsic(Box::new(intrinsic))
    }

    /// The stack-file value of `value`: a string as [`value`](Self::value) reads it, or a
    /// long-form `Ref`/`Fn::Sub`/`Fn::GetAtt` (as a SAM body writes them); `None` for
    /// anything else.
    pub(super) fn json(&mut self, value: &Value, at: &str) -> Option<ValueSpec> {
        match value {
            Value::String(text) => Some(self.value(text, at)),
            Value::Object(map) if map.len() == 1 => {
                let (key, inner) = map.iter().next()?;
                match (key.as_str(), inner) {
                    ("Ref", Value::String(name)) => Some(self.value(&format!("${{{name}}}"), at)),
                    ("Fn::Sub", Value::String(text)) => Some(self.value(text, at)),
                    ("Fn::GetAtt", Value::Array(parts)) => match parts.as_slice() {
                        [Value::String(r), Value::String(a)] => {
                            Some(self.value(&format!("${{{r}.{a}}}"), at))
                        }
                        _ => None,
                    },
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Records what `name` (inside `${…}` at `at`) names; returns the parameter that
    /// stands for it.
    fn note(&mut self, name: &str, at: &str) -> String {
        if PSEUDO.contains(&name) {
            return name.to_owned();
        }
        let parameter = match name.split_once('.') {
            Some((resource, attribute)) => {
                let parameter: String = format!("{resource}{attribute}")
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect();
                self.resources
                    .entry(resource.to_owned())
                    .or_insert_with(|| (at.to_owned(), parameter.clone()));
                parameter
            }
            None => name.to_owned(),
        };
        self.parameters
            .entry(parameter.clone())
            .or_insert_with(|| at.to_owned());
        parameter
    }
}

/// The names inside each `${…}` of `text`, but `${!Literal}`.
pub(super) fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let inner = &after[..end];
        if !inner.starts_with('!') {
            out.push(inner.trim());
        }
        rest = &after[end + 1..];
    }
    out
}

/// `value` as text when it is a literal.
pub(super) fn literal(value: &ValueSpec) -> Option<&str> {
    match value {
        ValueSpec::Literal(text) => Some(text),
        ValueSpec::Intrinsic(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_placeholder_is_a_ref_and_text_around_one_a_sub() {
        let mut p = Placeholders::default();
        let v = serde_json::to_value(p.value("${UserPoolArn}", "/a")).unwrap();
        assert_eq!(v, serde_json::json!({"ref": "UserPoolArn"}));
        let v = serde_json::to_value(p.value("arn:${AWS::Partition}:x:${Fn}", "/b")).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"sub": "arn:${AWS::Partition}:x:${Fn}"})
        );
        assert_eq!(
            p.parameters.keys().collect::<Vec<_>>(),
            ["Fn", "UserPoolArn"]
        );
    }

    #[test]
    fn a_resource_attribute_becomes_a_parameter() {
        let mut p = Placeholders::default();
        let v = serde_json::to_value(p.value("${Pool.Arn}", "/a")).unwrap();
        assert_eq!(v, serde_json::json!({"ref": "PoolArn"}));
        let v = serde_json::to_value(p.value("x-${Pool.Arn}-y", "/b")).unwrap();
        assert_eq!(v, serde_json::json!({"sub": "x-${PoolArn}-y"}));
        assert_eq!(p.resources["Pool"], ("/a".to_owned(), "PoolArn".to_owned()));
    }
}
