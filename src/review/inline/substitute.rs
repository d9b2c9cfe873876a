//! A nested template's values rewritten for the merged template: each `Ref` to one of its
//! parameters, and each `${Param}` in a `Fn::Sub`, replaced by what the parameter stands for.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::super::template_reader::replace_sub_placeholders;

/// `value`, written in a nested template, with every `Ref` to a parameter in `parameters`
/// replaced by its value, and `${Param}` in `Fn::Sub` strings too ([`sub_text`]).
pub(super) fn substitute(value: &Value, parameters: &BTreeMap<String, Value>) -> Value {
    match value {
        Value::Object(map) if map.len() == 1 => {
            if let Some(Value::String(name)) = map.get("Ref")
                && let Some(v) = parameters.get(name)
            {
                return v.clone();
            }
            match map.get("Fn::Sub") {
                Some(Value::String(text)) => {
                    let (text, variables) = sub_text(text, parameters, &Map::new());
                    sub(text, variables)
                }
                Some(Value::Array(parts)) => match parts.as_slice() {
                    [Value::String(text), Value::Object(given)] => {
                        let mut variables: Map<String, Value> = given
                            .iter()
                            .map(|(k, v)| (k.clone(), substitute(v, parameters)))
                            .collect();
                        let (text, more) = sub_text(text, parameters, given);
                        variables.extend(more);
                        sub(text, variables)
                    }
                    _ => recurse(value, parameters),
                },
                _ => recurse(value, parameters),
            }
        }
        _ => recurse(value, parameters),
    }
}

fn recurse(value: &Value, parameters: &BTreeMap<String, Value>) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute(v, parameters)))
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| substitute(v, parameters)).collect())
        }
        other => other.clone(),
    }
}

/// `{"Fn::Sub": text}`, or `{"Fn::Sub": [text, variables]}` when there are variables.
fn sub(text: String, variables: Map<String, Value>) -> Value {
    let argument = if variables.is_empty() {
        Value::String(text)
    } else {
        Value::Array(vec![Value::String(text), Value::Object(variables)])
    };
    let mut map = Map::new();
    map.insert("Fn::Sub".to_owned(), argument);
    Value::Object(map)
}

/// A `Fn::Sub` string with each `${Param}` of a parameter (not shadowed by a variable of
/// the `Fn::Sub`) replaced: by `${X}` for a `Ref X`, `${A.B}` for a `Fn::GetAtt [A, B]`,
/// the text itself for a string; any other value stays `${Param}` and is returned as a
/// variable to pass. `${!Literal}` stays as it is.
fn sub_text(
    text: &str,
    parameters: &BTreeMap<String, Value>,
    shadowed: &Map<String, Value>,
) -> (String, Map<String, Value>) {
    let mut variables = Map::new();
    let out = replace_sub_placeholders(text, |name| {
        let value = parameters
            .get(name)
            .filter(|_| !shadowed.contains_key(name))?;
        let replacement = placeholder(value);
        if replacement.is_none() {
            variables.insert(name.to_owned(), value.clone());
        }
        replacement
    });
    (out, variables)
}

/// How `value` is written inside a `Fn::Sub` string, when it can be.
fn placeholder(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.replace("${", "${!")),
        Value::Object(map) if map.len() == 1 => match map.iter().next() {
            Some((key, Value::String(id))) if key == "Ref" => Some(format!("${{{id}}}")),
            Some((key, Value::Array(parts))) if key == "Fn::GetAtt" => match parts.as_slice() {
                [Value::String(a), Value::String(b)] => Some(format!("${{{a}.{b}}}")),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}
