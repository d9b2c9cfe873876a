//! Reading any CloudFormation template, JSON or YAML (short-form `!Tags` included), into
//! one generic JSON value with every intrinsic in its long form.

use std::path::Path;

use serde_json::{Map, Number, Value};

/// The intrinsic functions YAML writes as short-form tags, by tag name (without `!`), with
/// the key of their long form.
pub(super) const SHORT_FORMS: [(&str, &str); 20] = [
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("GetAtt", "Fn::GetAtt"),
    ("Sub", "Fn::Sub"),
    ("Join", "Fn::Join"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("If", "Fn::If"),
    ("Equals", "Fn::Equals"),
    ("And", "Fn::And"),
    ("Or", "Fn::Or"),
    ("Not", "Fn::Not"),
    ("FindInMap", "Fn::FindInMap"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("ImportValue", "Fn::ImportValue"),
    ("GetAZs", "Fn::GetAZs"),
    ("Transform", "Fn::Transform"),
    ("ToJsonString", "Fn::ToJsonString"),
    ("Length", "Fn::Length"),
];

/// The largest template read: 1 MiB. CloudFormation deploys no template over 1 MB (from
/// S3; 51,200 bytes inline), so every deployable template fits, and a larger input fails
/// before it costs more time or memory.
pub const MAX_TEMPLATE_BYTES: usize = 1024 * 1024;

/// How deep mappings and sequences may nest in a template: 128, serde_json's own limit, so
/// JSON and YAML templates share it. Intrinsics inside policies need about a dozen.
pub const MAX_TEMPLATE_NESTING: usize = 128;

/// A template that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not a regular file, or not readable (a FIFO, a device, a missing file).
    #[error(transparent)]
    Input(#[from] crate::input::InputError),
    /// Over [`MAX_TEMPLATE_BYTES`].
    #[error(
        "{origin}: has more than {MAX_TEMPLATE_BYTES} bytes (1 MiB), the limit for a template: \
         CloudFormation deploys none over 1 MB"
    )]
    TooLarge {
        /// Where the text came from (a path or a label).
        origin: String,
    },
    /// Nested deeper than [`MAX_TEMPLATE_NESTING`].
    #[error(
        "{origin}:{}:{}: nested deeper than {MAX_TEMPLATE_NESTING} levels, the limit for a \
         template",
        at.line,
        at.column
    )]
    TooDeep {
        /// Where the text came from.
        origin: String,
        /// Where the first collection too deep starts.
        at: crate::stack_file::Position,
    },
    /// YAML the event parser rejects; the text is not read further (its nesting could not
    /// be checked past this point).
    #[error("{origin}:{}:{}: invalid YAML: {message}", at.line, at.column)]
    YamlSyntax {
        /// Where the text came from.
        origin: String,
        /// Where the parser stopped.
        at: crate::stack_file::Position,
        /// The parser's message.
        message: String,
    },
    /// Invalid JSON.
    #[error("{origin}: invalid JSON: {source}")]
    Json {
        /// Where the text came from (a path or a label).
        origin: String,
        /// The parser's error, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// Invalid YAML.
    #[error("{origin}: invalid YAML: {source}")]
    Yaml {
        /// Where the text came from.
        origin: String,
        /// The parser's error, with line and column.
        #[source]
        source: serde_yaml::Error,
    },
    /// A YAML tag that is no CloudFormation intrinsic.
    #[error("{origin}: `{tag}` is not a CloudFormation intrinsic function tag")]
    UnknownTag {
        /// Where the text came from.
        origin: String,
        /// The tag as written, e.g. `!Reff`.
        tag: String,
    },
    /// A YAML value JSON can't hold (a non-finite number, a complex mapping key).
    #[error("{origin}: {what} is not valid in a CloudFormation template")]
    Unrepresentable {
        /// Where the text came from.
        origin: String,
        /// What was found.
        what: String,
    },
    /// Bytes that are not UTF-8.
    #[error("{origin}: byte {offset} is not UTF-8; templates are UTF-8 text")]
    NotUtf8 {
        /// Where the text came from.
        origin: String,
        /// The offset of the first byte that is not.
        offset: usize,
    },
    /// Well-formed, but not a template.
    #[error("{origin}: not a CloudFormation template: {reason}")]
    NotATemplate {
        /// Where the text came from.
        origin: String,
        /// What is missing.
        reason: &'static str,
    },
}

/// Reads the template at `path`: JSON when the name ends in `.json`, YAML otherwise. It
/// must be a regular file (symlinks followed) of at most [`MAX_TEMPLATE_BYTES`], in UTF-8.
pub fn read_template(path: &Path) -> Result<Value, ReadError> {
    let origin = path.display().to_string();
    let bytes = match crate::input::read(path, MAX_TEMPLATE_BYTES as u64) {
        Ok(bytes) => bytes,
        Err(e) if matches!(e.problem, crate::input::InputProblem::TooLarge(_)) => {
            return Err(ReadError::TooLarge { origin });
        }
        Err(e) => return Err(e.into()),
    };
    let text = String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        origin: origin.clone(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    parse_template(&text, json, &origin)
}

/// Parses a template's text (`json` selects the JSON parser, else YAML, which also reads
/// JSON); `origin` names it in errors. Short-form tags become long-form intrinsics and a
/// dotted `Fn::GetAtt` becomes its two-element list, so both spellings compare equal. A text
/// over [`MAX_TEMPLATE_BYTES`], or YAML nested deeper than [`MAX_TEMPLATE_NESTING`], fails
/// before it is parsed.
pub fn parse_template(text: &str, json: bool, origin: &str) -> Result<Value, ReadError> {
    if text.len() > MAX_TEMPLATE_BYTES {
        return Err(ReadError::TooLarge {
            origin: origin.to_owned(),
        });
    }
    let value = parse_value(text, json, origin)?;
    let not_a_template = |reason| ReadError::NotATemplate {
        origin: origin.to_owned(),
        reason,
    };
    let Some(top) = value.as_object() else {
        return Err(not_a_template("the document is not a mapping"));
    };
    match top.get("Resources") {
        Some(Value::Object(_)) => Ok(value),
        Some(_) => Err(not_a_template("`Resources` is not a mapping")),
        None => Err(not_a_template("it has no `Resources` section")),
    }
}

/// [`parse_template`] without its size cap and without asking for `Resources`: any JSON or
/// YAML document (an OpenAPI document, say), nesting checked first, short-form tags in their
/// long form. The caller caps the size.
pub(crate) fn parse_value(text: &str, json: bool, origin: &str) -> Result<Value, ReadError> {
    let mut value = if json {
        serde_json::from_str::<Value>(text).map_err(|source| ReadError::Json {
            origin: origin.to_owned(),
            source,
        })?
    } else {
        use crate::stack_file::Unindexed;
        // One pass over the events bounds the nesting, positions syntax errors and, for the
        // common shapes, builds the value; serde_yaml reads what it declines.
        match super::template_yaml::read(text, MAX_TEMPLATE_NESTING) {
            Ok(Some(value)) => value,
            Ok(None) => parse_value_by_serde_yaml(text, origin)?,
            Err(Unindexed::TooDeep(at)) => {
                return Err(ReadError::TooDeep {
                    origin: origin.to_owned(),
                    at,
                });
            }
            Err(Unindexed::Syntax(at, message)) => {
                return Err(ReadError::YamlSyntax {
                    origin: origin.to_owned(),
                    at,
                    message,
                });
            }
        }
    };
    normalize_get_att(&mut value);
    Ok(value)
}

/// `text` (YAML whose nesting is bounded) read by serde_yaml, then converted to JSON.
pub(super) fn parse_value_by_serde_yaml(text: &str, origin: &str) -> Result<Value, ReadError> {
    let yaml =
        serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|source| ReadError::Yaml {
            origin: origin.to_owned(),
            source,
        })?;
    from_yaml(yaml, origin)
}

/// Converts a YAML value to JSON, turning `!Tag x` into `{"Fn::Tag": x}`.
fn from_yaml(yaml: serde_yaml::Value, origin: &str) -> Result<Value, ReadError> {
    use serde_yaml::Value as Y;
    let unrepresentable = |what: String| ReadError::Unrepresentable {
        origin: origin.to_owned(),
        what,
    };
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            json_number(&n).ok_or_else(|| unrepresentable(format!("the number {n}")))?
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(|item| from_yaml(item, origin))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(mapping) => {
            let mut map = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    Y::String(s) => s,
                    Y::Bool(b) => b.to_string(),
                    Y::Number(n) => n.to_string(),
                    other => {
                        return Err(unrepresentable(format!("the mapping key {other:?}")));
                    }
                };
                map.insert(key, from_yaml(value, origin)?);
            }
            Value::Object(map)
        }
        Y::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let name = tag.trim_start_matches('!');
            let Some((_, long)) = SHORT_FORMS.iter().find(|(short, _)| *short == name) else {
                return Err(ReadError::UnknownTag {
                    origin: origin.to_owned(),
                    tag,
                });
            };
            let inner = from_yaml(tagged.value, origin)?;
            let mut map = Map::new();
            map.insert((*long).to_owned(), inner);
            Value::Object(map)
        }
    })
}

/// A YAML number as JSON: an integer as it is, a float unless it is NaN or infinite (JSON has
/// neither).
pub(super) fn json_number(n: &serde_yaml::Number) -> Option<Value> {
    if let Some(i) = n.as_i64() {
        Some(Value::from(i))
    } else if let Some(u) = n.as_u64() {
        Some(Value::from(u))
    } else {
        n.as_f64().and_then(Number::from_f64).map(Value::Number)
    }
}

/// `{"Fn::GetAtt": "A.B.C"}` → `{"Fn::GetAtt": ["A", "B.C"]}`, everywhere in `value`.
fn normalize_get_att(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(normalize_get_att),
        Value::Object(map) => {
            if map.len() == 1
                && let Some(Value::String(dotted)) = map.get("Fn::GetAtt")
                && let Some((resource, attribute)) = dotted.split_once('.')
            {
                let list = vec![Value::from(resource), Value::from(attribute)];
                map.insert("Fn::GetAtt".to_owned(), Value::Array(list));
                return;
            }
            map.values_mut().for_each(normalize_get_att);
        }
        _ => {}
    }
}

/// `text`, a `Fn::Sub` string, with each `${inner}` for which `replace(inner)` gives a
/// replacement replaced by it (the whole `${...}`); the others, and an unclosed `${`, stay
/// as they are. `inner` is what stands between `${` and `}`: `Name`, `Name.Attr` or `!Literal`.
pub(crate) fn replace_sub_placeholders(
    text: &str,
    mut replace: impl FnMut(&str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = &after[..end];
        match replace(inner) {
            Some(replacement) => out.push_str(&replacement),
            None => {
                out.push_str("${");
                out.push_str(inner);
                out.push('}');
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        parse_template(text, false, "test.yaml").unwrap()
    }

    #[test]
    fn short_form_tags_become_long_form_intrinsics() {
        let v = yaml(
            "Resources:\n  A:\n    Type: T\n    Properties:\n      X: !Ref B\n      Y: !GetAtt C.RootResourceId\n      Z: !Sub 'arn:${AWS::Partition}'\n",
        );
        let props = &v["Resources"]["A"]["Properties"];
        assert_eq!(props["X"], serde_json::json!({"Ref": "B"}));
        assert_eq!(
            props["Y"],
            serde_json::json!({"Fn::GetAtt": ["C", "RootResourceId"]})
        );
        assert_eq!(
            props["Z"],
            serde_json::json!({"Fn::Sub": "arn:${AWS::Partition}"})
        );
    }

    #[test]
    fn get_att_splits_at_the_first_dot_only() {
        let v = yaml(
            "Resources:\n  A:\n    Type: T\n    Properties:\n      X: !GetAtt Db.Endpoint.Address\n",
        );
        assert_eq!(
            v["Resources"]["A"]["Properties"]["X"],
            serde_json::json!({"Fn::GetAtt": ["Db", "Endpoint.Address"]})
        );
    }

    #[test]
    fn an_unknown_tag_is_an_error_naming_it() {
        let err = parse_template("Resources:\n  A: !Reff B\n", false, "t.yaml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.yaml: `!Reff` is not a CloudFormation intrinsic function tag"
        );
    }

    #[test]
    fn yaml_nested_past_the_limit_is_too_deep_where_the_first_level_too_many_starts() {
        let text = format!("Resources: {}{}\n", "[".repeat(200), "]".repeat(200));
        let err = parse_template(&text, false, "t.yaml").unwrap_err();
        // The mapping is level 1, so the 128th `[` (column 12 + 127) is level 129.
        assert_eq!(
            err.to_string(),
            "t.yaml:1:139: nested deeper than 128 levels, the limit for a template"
        );
    }

    #[test]
    fn yaml_nested_up_to_the_limit_is_read() {
        let depth = MAX_TEMPLATE_NESTING - 1;
        let text = format!(
            "Resources: {{A: {}{}}}\n",
            "[".repeat(depth - 1),
            "]".repeat(depth - 1)
        );
        assert!(parse_template(&text, false, "t.yaml").is_ok());
    }

    #[test]
    fn a_text_over_the_size_limit_is_too_large_before_it_is_parsed() {
        let text = " ".repeat(MAX_TEMPLATE_BYTES + 1);
        let err = parse_template(&text, true, "HEAD:./out/a.json").unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
    }

    #[test]
    fn a_document_without_resources_is_not_a_template() {
        let err = parse_template("{\"Foo\": 1}", true, "t.json").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.json: not a CloudFormation template: it has no `Resources` section"
        );
    }
}
