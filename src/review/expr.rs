//! Expressions as short text: intrinsics shown by what they name (`${RestApi:shop}`), and
//! nested properties flattened into `path → text`, so that two templates compare by meaning.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::template_reader::replace_sub_placeholders;

/// A short text for an expression: literals as they are, `Ref X` as `${X}`, `Fn::GetAtt`
/// as `${A.B}`, `Fn::Sub` as its string with given variables filled in, `Fn::Join` joined,
/// anything else as compact JSON.
pub fn expr_text(value: &Value) -> String {
    text_with(value, &Aliases::new())
}

/// Logical id → the name a reference to it is shown with, e.g. `RestApi` →
/// `RestApi:eshop-fcj`, so that renaming a logical id changes no text.
pub(super) type Aliases = BTreeMap<String, String>;

/// [`expr_text`] with references shown by their aliases.
pub(super) fn text_with(value: &Value, aliases: &Aliases) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(|v| text_with(v, aliases)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => intrinsic_text(map, aliases).unwrap_or_else(|| value.to_string()),
    }
}

fn alias<'a>(id: &'a str, aliases: &'a Aliases) -> &'a str {
    aliases.get(id).map_or(id, String::as_str)
}

/// `${X}` and `${X.Attr}` in a `Fn::Sub` string with `X` replaced by its alias; `${!X}` is
/// literal and stays.
fn sub_aliases(text: &str, aliases: &Aliases) -> String {
    replace_sub_placeholders(text, |inner| {
        if inner.starts_with('!') {
            return None;
        }
        let (head, tail) = inner
            .split_once('.')
            .map_or((inner, ""), |(h, _)| (h, &inner[h.len()..]));
        Some(format!("${{{}{tail}}}", alias(head, aliases)))
    })
}

fn intrinsic_text(map: &Map<String, Value>, aliases: &Aliases) -> Option<String> {
    let text = |v: &Value| text_with(v, aliases);
    let (key, arg) = single(map)?;
    match (key, arg) {
        ("Ref", Value::String(id)) => Some(format!("${{{}}}", alias(id, aliases))),
        ("Fn::GetAtt", Value::Array(parts)) => {
            let mut parts: Vec<String> = parts.iter().map(text).collect();
            if let Some(first) = parts.first_mut() {
                *first = alias(first, aliases).to_owned();
            }
            Some(format!("${{{}}}", parts.join(".")))
        }
        ("Fn::Sub", Value::String(s)) => Some(sub_aliases(s, aliases)),
        ("Fn::Sub", Value::Array(parts)) => {
            let mut s = parts.first().map(text)?;
            if let Some(Value::Object(vars)) = parts.get(1) {
                for (name, v) in vars {
                    s = s.replace(&format!("${{{name}}}"), &text(v));
                }
            }
            Some(sub_aliases(&s, aliases))
        }
        ("Fn::Join", Value::Array(parts)) => {
            let delimiter = parts.first().map(text)?;
            let Some(Value::Array(items)) = parts.get(1) else {
                return None;
            };
            let items: Vec<String> = items.iter().map(text).collect();
            Some(items.join(&delimiter))
        }
        _ => None,
    }
}

fn single(map: &Map<String, Value>) -> Option<(&str, &Value)> {
    if map.len() != 1 {
        return None;
    }
    map.iter().next().map(|(k, v)| (k.as_str(), v))
}

/// True for `{"Ref": …}` and `{"Fn::…": …}`.
fn is_intrinsic(map: &Map<String, Value>) -> bool {
    single(map).is_some_and(|(k, _)| k == "Ref" || k == "Condition" || k.starts_with("Fn::"))
}

/// Flattens `value` into `path → text`: objects by `.key`, arrays by `[i]`, intrinsics and
/// scalars as leaves ([`expr_text`]), so `true` and `"true"` compare equal.
pub fn flatten(value: &Value) -> BTreeMap<String, String> {
    flatten_with(value, &Aliases::new())
}

/// [`flatten`] with references shown by their aliases.
pub(super) fn flatten_with(value: &Value, aliases: &Aliases) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    flatten_into(value, String::new(), aliases, &mut out);
    out
}

/// [`flatten_with`] of a value whose top level is read as a plain mapping even when it is one
/// intrinsic: a condition `{"Fn::Equals": [a, b]}` → `Fn::Equals[0]`, `Fn::Equals[1]`.
pub(super) fn flatten_body(value: &Value, aliases: &Aliases) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                flatten_into(v, k.clone(), aliases, &mut out);
            }
        }
        other => flatten_into(other, String::new(), aliases, &mut out),
    }
    out
}

fn flatten_into(
    value: &Value,
    path: String,
    aliases: &Aliases,
    out: &mut BTreeMap<String, String>,
) {
    match value {
        Value::Object(map) if !map.is_empty() && !is_intrinsic(map) => {
            for (k, v) in map {
                let sub = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                flatten_into(v, sub, aliases, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                flatten_into(v, format!("{path}[{i}]"), aliases, out);
            }
        }
        // An empty section is no value; an empty property is `{}` or `[]`.
        Value::Object(_) | Value::Array(_) if path.is_empty() => {}
        Value::Object(map) if map.is_empty() => {
            out.insert(path, "{}".to_owned());
        }
        Value::Array(_) => {
            out.insert(path, "[]".to_owned());
        }
        other => {
            out.insert(path, text_with(other, aliases));
        }
    }
}

/// The logical id `{"Ref": id}` names.
pub(super) fn ref_target(value: &Value) -> Option<&str> {
    match value.as_object().and_then(single) {
        Some(("Ref", Value::String(id))) => Some(id),
        _ => None,
    }
}

/// `(A, B)` for `{"Fn::GetAtt": [A, B]}`.
pub(super) fn get_att(value: &Value) -> Option<(&str, &str)> {
    match value.as_object().and_then(single) {
        Some(("Fn::GetAtt", Value::Array(parts))) => match parts.as_slice() {
            [Value::String(a), Value::String(b)] => Some((a, b)),
            _ => None,
        },
        _ => None,
    }
}

/// `{"Ref": id}`.
pub(super) fn ref_value(id: &str) -> Value {
    let mut map = Map::new();
    map.insert("Ref".to_owned(), Value::from(id));
    Value::Object(map)
}
