//! Rendering a template to the bytes written to `out/`.

use serde::Serialize;

use crate::cfn::{LogicalId, Resource, Template};

/// The file format of a rendered template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Pretty JSON, two-space indent. Default.
    #[default]
    Json,
    /// YAML with long-form intrinsics (`Ref:`, `Fn::Sub:`), no `!Tags`.
    Yaml,
}

impl Format {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Yaml => "yaml",
        }
    }
}

/// Renders `template`; the text ends with a newline.
pub fn render(template: &Template, format: Format) -> String {
    match format {
        Format::Json => to_json(template),
        Format::Yaml => to_yaml(template),
    }
}

/// Pretty JSON with a trailing newline.
pub fn to_json<T: Serialize>(value: &T) -> String {
    // The template model holds only strings, bools, integers and string-keyed maps,
    // so serialization can't fail.
    let mut s = serde_json::to_string_pretty(value).unwrap_or_default();
    s.push('\n');
    s
}

/// YAML. The one place serde_yaml (deprecated upstream) is used for writing, so a
/// maintained fork is a one-file swap.
pub fn to_yaml<T: Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

/// Renders `template` as pretty JSON, byte for byte as [`render`] does, taking the text of
/// the resource at position `i` from `text(i)` where it has one (its pretty JSON, indented
/// four spaces as resources are) and serializing the others. Keep in step with the
/// `Serialize` of [`Template`]: sections in its order, empty ones left out.
pub(crate) fn json_spliced<'t>(
    template: &Template,
    mut text: impl FnMut(usize) -> Option<&'t str>,
) -> String {
    let mut out = String::new();
    let mut json = Vec::new();
    out.push_str("{\n  \"AWSTemplateFormatVersion\": ");
    section(&mut out, &mut json, &template.format_version);
    if let Some(description) = &template.description {
        out.push_str(",\n  \"Description\": ");
        section(&mut out, &mut json, description);
    }
    if !template.parameters.is_empty() {
        out.push_str(",\n  \"Parameters\": ");
        section(&mut out, &mut json, &template.parameters);
    }
    if !template.mappings.is_empty() {
        out.push_str(",\n  \"Mappings\": ");
        section(&mut out, &mut json, &template.mappings);
    }
    if !template.conditions.is_empty() {
        out.push_str(",\n  \"Conditions\": ");
        section(&mut out, &mut json, &template.conditions);
    }
    out.push_str(",\n  \"Resources\": {");
    for (i, (id, resource)) in template.resources.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        resource_entry(&mut out, &mut json, id, resource, text(i));
    }
    out.push_str(if template.resources.is_empty() {
        "}"
    } else {
        "\n  }"
    });
    if !template.outputs.is_empty() {
        out.push_str(",\n  \"Outputs\": ");
        section(&mut out, &mut json, &template.outputs);
    }
    out.push_str("\n}\n");
    out
}

/// `"id": resource`, from its text or serialized.
fn resource_entry(
    out: &mut String,
    json: &mut Vec<u8>,
    id: &LogicalId,
    resource: &Resource,
    text: Option<&str>,
) {
    json.clear();
    // A logical id is a string: serializing it can't fail.
    let _ = serde_json::to_writer(&mut *json, id);
    indent_into(out, json, "");
    out.push_str(": ");
    match text {
        Some(text) => out.push_str(text),
        None => {
            json.clear();
            let _ = serde_json::to_writer_pretty(&mut *json, resource);
            indent_into(out, json, "    ");
        }
    }
}

/// A top-level section's value, pretty-printed one level deep.
fn section<T: Serialize + ?Sized>(out: &mut String, json: &mut Vec<u8>, value: &T) {
    json.clear();
    // The model always serializes (see `to_json`).
    let _ = serde_json::to_writer_pretty(&mut *json, value);
    indent_into(out, json, "  ");
}

/// Appends `json` (pretty-printed at the top level) to `out`, with `indent` after every line
/// break: the same value pretty-printed deeper. (Pretty JSON breaks lines only between
/// tokens; a line break inside a string is escaped.)
pub(crate) fn indent_into(out: &mut String, json: &[u8], indent: &str) {
    // serde_json writes UTF-8, so the lossy branch never runs.
    let json = match std::str::from_utf8(json) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(json),
    };
    let mut lines = json.split('\n');
    if let Some(first) = lines.next() {
        out.push_str(first);
    }
    for line in lines {
        out.push('\n');
        out.push_str(indent);
        out.push_str(line);
    }
}
