//! Rendering a template to the bytes written to `out/`.

use serde::Serialize;

use crate::cfn::Template;

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

/// Renders `template` into `buffer` (cleared first), and returns the text in a `String` of
/// exactly its length. Rendering several large templates through one buffer grows it once,
/// instead of growing (and copying) every text by doubling.
pub fn render_with(template: &Template, format: Format, buffer: &mut Vec<u8>) -> String {
    buffer.clear();
    // Writing to a `Vec` can't fail, and the model always serializes (see `to_json`).
    let _ = match format {
        Format::Json => serde_json::to_writer_pretty(&mut *buffer, template).map_err(|_| ()),
        Format::Yaml => serde_yaml::to_writer(&mut *buffer, template).map_err(|_| ()),
    };
    if format == Format::Json {
        buffer.push(b'\n');
    }
    // Both serializers write UTF-8, so the lossy branch never runs; `from_utf8` checks the
    // text at memory speed, where the lossy path walks it chunk by chunk.
    match std::str::from_utf8(buffer) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(buffer).into_owned(),
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
