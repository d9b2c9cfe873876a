//! Template values as the text an OpenAPI document holds: literals as they are, intrinsics as
//! `Fn::Sub` writes them (`${Parameter}`, `${Resource.Attribute}`).

use serde_json::Value;

/// `value` as text: a string as is, `Ref X` as `${X}`, `Fn::GetAtt` as `${A.B}`, `Fn::Sub`
/// as its string, `Fn::Join` joined; anything else as the review shows it.
pub(super) fn of(value: &Value) -> String {
    crate::review::expr_text(value)
}

/// The text of `value`'s property `key`, when it has one.
pub(super) fn property(value: &Value, key: &str) -> Option<String> {
    value.get(key).map(of)
}

/// The logical id `value` refers to with `Ref`.
pub(super) fn ref_id(value: &Value) -> Option<&str> {
    value.get("Ref").and_then(Value::as_str)
}

/// Whether `value` is `Fn::GetAtt` of `api`'s `RootResourceId` (list or dotted form).
pub(super) fn is_root_of(value: &Value, api: &str) -> bool {
    match value.get("Fn::GetAtt") {
        Some(Value::Array(parts)) => {
            parts.len() == 2
                && parts[0].as_str() == Some(api)
                && parts[1].as_str() == Some("RootResourceId")
        }
        Some(Value::String(dotted)) => dotted
            .split_once('.')
            .is_some_and(|(id, attribute)| id == api && attribute == "RootResourceId"),
        _ => false,
    }
}
