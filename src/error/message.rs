//! Wording that several problem kinds' messages share.

use super::escape_controls;

/// What a method names a model for: `request`, or `response 404's`.
pub(super) fn model_use(status: Option<u16>) -> String {
    match status {
        None => "request".to_owned(),
        Some(status) => format!("response {status}'s"),
    }
}

/// An item of a section of the escape hatch, in words: raw resource `Orders`, override of
/// method GET /orders.
pub(super) fn item_of(section: &str, item: &str) -> String {
    match section {
        "resources" => format!("raw resource `{item}`"),
        "conditions" => format!("condition `{item}`"),
        "mappings" => format!("mapping `{item}`"),
        "outputs" => format!("output `{item}`"),
        "exports" => format!("the export of output `{item}`"),
        "overrides" => format!("the override of {item}"),
        other => format!("{other} `{item}`"),
    }
}

/// A name or value holding a control character: which one, and the text escaped.
pub(super) fn control_message(what: &str, value: &str, character: char, prose: bool) -> String {
    let hint = if prose {
        " (a description may hold line breaks and tabs, no other control character)"
    } else {
        ""
    };
    format!(
        "{what} contains the control character U+{:04X} (`{}`); names and values must be \
         printable text{hint}",
        u32::from(character),
        escape_controls(value),
    )
}

/// An invalid path part and why; the reason alone when the part is empty.
pub(super) fn path_part_message(part: &str, reason: &str) -> String {
    if part.is_empty() {
        reason.to_owned()
    } else {
        format!("invalid path part `{part}`: {reason}")
    }
}
