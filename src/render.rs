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
