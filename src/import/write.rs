//! The stack file as text: the schema line, a header saying where it came from, and the
//! spec as YAML (serialized by the stack-file types, never concatenated), with a comment
//! above each method that is public because the source gives it no authorization.

use std::collections::BTreeSet;

use crate::stack_file::format::StackSpec;

/// What the written file says in comments, by (path, method).
#[derive(Debug, Clone, Default)]
pub(super) struct Notes {
    /// Methods public because the source gives them no authorization.
    pub(super) public: BTreeSet<(String, String)>,
    /// Methods whose mock stands in for an integration the source does not give.
    pub(super) stand_ins: BTreeSet<(String, String)>,
}

/// The comment above a method public because its source has no authorization.
const PUBLIC: &str = "# public: the source requires no authorization here (no security requirement, or an API key \
                      only), so anyone can call it; keep `public: true` only if that is meant";
/// The comment above a mock standing in for a missing integration.
const STAND_IN: &str = "# mock: the source gives no x-amazon-apigateway-integration; this mock stands in until you \
                        give the method its backend";

/// The file: schema line, header, and `spec` as YAML with the notes as comments.
pub(super) fn render(spec: &StackSpec, notes: &Notes, source: &str) -> String {
    let yaml = crate::render::to_yaml(spec);
    let mut out = String::with_capacity(yaml.len() + 512);
    out.push_str("# yaml-language-server: $schema=stack.schema.json\n");
    out.push_str(&format!(
        "# Imported by `apigw-synth import` from {source}. Descriptions, examples, responses \
         without a schema and operation ids are documentation and are not kept.\n"
    ));
    // (indent, key) of the mappings the current line is inside.
    let mut path: Vec<(usize, String)> = Vec::new();
    for line in yaml.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(key) = key_of(line.trim_start()) {
            while path.last().is_some_and(|(i, _)| *i >= indent) {
                path.pop();
            }
            if let [(_, api), (_, routes), (_, route)] = path.as_slice()
                && api == "api"
                && routes == "routes"
            {
                let pad = " ".repeat(indent);
                let here = (route.clone(), key.clone());
                if notes.public.contains(&here) {
                    out.push_str(&format!("{pad}{PUBLIC}\n"));
                }
                if notes.stand_ins.contains(&here) {
                    out.push_str(&format!("{pad}{STAND_IN}\n"));
                }
            }
            path.push((indent, key));
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The key a block mapping line (`key: …`, `'quoted key': …`) starts with.
fn key_of(line: &str) -> Option<String> {
    if line.starts_with('-') || line.starts_with('#') {
        return None;
    }
    if let Some(rest) = line.strip_prefix('\'') {
        let mut key = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    key.push('\'');
                    continue;
                }
                return chars.next().filter(|c| *c == ':').map(|_| key);
            }
            key.push(c);
        }
        return None;
    }
    if line.starts_with('"') {
        let end = line.find("\":")?;
        return serde_json::from_str(&line[..=end]).ok();
    }
    let end = line
        .find(": ")
        .or_else(|| line.strip_suffix(':').map(str::len))?;
    Some(line[..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_read_plain_or_quoted() {
        assert_eq!(key_of("GET:").as_deref(), Some("GET"));
        assert_eq!(key_of("/a/{id}: x").as_deref(), Some("/a/{id}"));
        assert_eq!(key_of("'it''s': 1").as_deref(), Some("it's"));
        assert_eq!(key_of("\"a\\\"b\": 1").as_deref(), Some("a\"b"));
        assert_eq!(key_of("- item"), None);
    }
}
