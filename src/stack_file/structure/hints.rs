//! The words of a structural mistake, with what to write instead where a new user's usual
//! slips are recognised: a misspelt name, `Ref` for `ref`, a parameter where only a literal
//! goes, a quoted `true`, a number where text goes.

use std::sync::OnceLock;

use serde::de::Error as _;
use serde_yaml::Value;

use super::super::format::{ApiSpec, StackSpec, ValueSpec};
use super::super::messages;

/// How serde says what a value is: `string "yes"`, `integer `5``, `sequence`, …
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Sequence(_) => "sequence".to_owned(),
        Value::Mapping(_) => "mapping".to_owned(),
        Value::Tagged(t) => describe(&t.value),
    }
}

/// The one key of a mapping of one entry, if `value` is one.
fn single_key(value: &Value) -> Option<&str> {
    match value {
        Value::Mapping(map) if map.len() == 1 => map.keys().next().and_then(Value::as_str),
        _ => None,
    }
}

/// `value` is not of the `expected` kind.
pub(super) fn wrong_type(value: &Value, expected: &str) -> String {
    let mut message = format!("invalid type: {}, expected {expected}", describe(value));
    if let Some(hint) = hint(value, expected) {
        message.push_str("; ");
        message.push_str(&hint);
    }
    message
}

fn hint(value: &Value, expected: &str) -> Option<String> {
    match (value, expected) {
        (Value::Mapping(_), "a string") if single_key(value).is_some_and(is_ref) => Some(format!(
            "this field takes a literal, not a parameter; the fields that take \
             `{{ ref: Parameter }}` are {}",
            parameter_fields()
        )),
        (Value::Number(_) | Value::Bool(_), "a string") => {
            Some("put it in quotes to give it as text".to_owned())
        }
        (Value::String(s), "a boolean")
            if ["true", "false", "yes", "no", "on", "off"].contains(&s.to_lowercase().as_str()) =>
        {
            Some("write `true` or `false`, without quotes".to_owned())
        }
        (Value::String(_) | Value::Number(_) | Value::Bool(_), "a mapping") => Some(
            "write its fields below it, one `field: value` line each, or as `{ field: value }`"
                .to_owned(),
        ),
        (Value::String(_), "a sequence") => {
            Some("write a list: `[a, b]`, or one `- a` line per item".to_owned())
        }
        _ => None,
    }
}

/// Whether `key` is `ref` in any case.
fn is_ref(key: &str) -> bool {
    key.eq_ignore_ascii_case("ref")
}

/// `name` is no field of the struct at `parent`, which has `fields`: the message, and the
/// field it suggests instead, if any.
pub(super) fn unknown_field(
    name: &str,
    fields: &'static [&'static str],
    parent: &[String],
) -> (String, Option<&'static str>) {
    let message = serde::de::value::Error::unknown_field(name, fields).to_string();
    let candidates: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
    if let Some(s) = messages::suggest(name, &candidates) {
        let field = fields.iter().copied().find(|f| *f == s);
        return (format!("{message}; did you mean `{s}`?"), field);
    }
    // A field written one level off: `routes` beside `api` instead of under it.
    if parent.is_empty() && is_api_field(name) {
        return (format!("{message}; `{name}` belongs under `api`"), None);
    }
    (message, None)
}

/// Whether `name` is a field of the API (`api:`), from the format itself.
fn is_api_field(name: &str) -> bool {
    let pointer = format!(
        "/$defs/{}/properties",
        <ApiSpec as schemars::JsonSchema>::schema_name()
    );
    schema()
        .pointer(&pointer)
        .and_then(serde_json::Value::as_object)
        .is_some_and(|p| p.contains_key(name))
}

/// `name` is no variant of `variants`.
pub(super) fn unknown_variant(name: &str, variants: &'static [&'static str]) -> String {
    let message = serde::de::value::Error::unknown_variant(name, variants).to_string();
    let candidates: Vec<String> = variants.iter().map(|v| (*v).to_owned()).collect();
    match messages::suggest(name, &candidates) {
        Some(s) => format!("{message}; did you mean `{s}`?"),
        None => message,
    }
}

/// `one of `a`, `b``: what a value of `variants` may be.
pub(super) fn one_of(variants: &[&str]) -> String {
    let names: Vec<String> = variants.iter().map(|v| format!("`{v}`")).collect();
    format!("one of {}", names.join(", "))
}

/// serde's `message` for a value a type rejected on its own, made plain, with a hint for
/// `{ Ref: X }`.
pub(super) fn rejected(value: &Value, message: &str) -> String {
    let plain = messages::plain(&messages::strip_location(message));
    // An untagged enum says only what it expects (its `expecting`), or that nothing matched.
    let mut text = if plain.starts_with("a ") || plain.starts_with("an ") {
        format!("invalid value: {}, expected {plain}", describe(value))
    } else if plain.starts_with("data did not match any variant") {
        format!(
            "invalid value: {} is none of the forms this field takes",
            describe(value)
        )
    } else {
        plain
    };
    if let Some(key) = single_key(value)
        && is_ref(key)
        && key != "ref"
    {
        text.push_str(&format!(
            "; parameters are referred to as `{{ ref: Name }}`, with `ref` in lower case (not `{key}`)"
        ));
    }
    text
}

/// The stack file schema as JSON, made once.
fn schema() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA
        .get_or_init(|| serde_json::to_value(schemars::schema_for!(StackSpec)).unwrap_or_default())
}

/// The fields that take a parameter, as the format declares them: every field whose schema
/// is a [`ValueSpec`], by name, e.g. "`lambdaArn`, `outputs` and `userPoolArns`".
pub(super) fn parameter_fields() -> &'static str {
    static FIELDS: OnceLock<String> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let target = format!(
            "#/$defs/{}",
            <ValueSpec as schemars::JsonSchema>::schema_name()
        );
        let schema = schema();
        let mut found = std::collections::BTreeSet::new();
        collect(schema, schema, &target, None, &mut found, 0);
        let names: Vec<String> = found.into_iter().map(|f| format!("`{f}`")).collect();
        match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => "none".to_owned(),
        }
    })
}

/// Adds to `found` the name of each field under `node` whose schema is `target`; `field`
/// names the field `node` is the schema of. Definitions are followed to a fixed depth, so a
/// recursive schema ends.
fn collect(
    root: &serde_json::Value,
    node: &serde_json::Value,
    target: &str,
    field: Option<&str>,
    found: &mut std::collections::BTreeSet<String>,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    if let Some(reference) = node.get("$ref").and_then(serde_json::Value::as_str) {
        if reference == target {
            if let Some(f) = field {
                found.insert(f.to_owned());
            }
            return;
        }
        if let Some(def) = reference
            .strip_prefix('#')
            .and_then(|pointer| root.pointer(pointer))
        {
            collect(root, def, target, field, found, depth + 1);
        }
    }
    if let Some(properties) = node
        .get("properties")
        .and_then(serde_json::Value::as_object)
    {
        for (name, schema) in properties {
            collect(root, schema, target, Some(name), found, depth + 1);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = node.get(key).filter(|v| v.is_object()) {
            collect(root, inner, target, field, found, depth + 1);
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(options) = node.get(key).and_then(serde_json::Value::as_array) {
            for option in options {
                collect(root, option, target, field, found, depth + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_that_take_a_parameter_come_from_the_format() {
        let fields = parameter_fields();
        for field in ["`lambdaArn`", "`userPoolArns`"] {
            assert!(fields.contains(field), "{field} not in {fields}");
        }
        assert!(!fields.contains("`stack`"), "{fields}");
    }

    #[test]
    fn a_field_of_the_api_written_at_the_top_is_said_to_belong_under_api() {
        let (message, _) = unknown_field("routes", &["api"], &[]);
        assert!(
            message.ends_with("`routes` belongs under `api`"),
            "{message}"
        );
    }

    #[test]
    fn a_misspelt_field_gets_the_close_spelling() {
        let (message, suggested) = unknown_field("authoriser", &["lambda", "authorizer"], &[]);
        assert_eq!(
            message,
            "unknown field `authoriser`, expected `lambda` or `authorizer`; did you mean `authorizer`?"
        );
        assert_eq!(suggested, Some("authorizer"));
    }
}
