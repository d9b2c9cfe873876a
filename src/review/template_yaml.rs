//! A template's (or an OpenAPI document's) YAML read into a JSON value in one pass over the
//! parser's events: the pass that bounds the nesting and positions syntax errors builds the
//! value too, instead of serde_yaml parsing the text again into a YAML value that is then
//! converted. For an 8 MB OpenAPI document of 10,000 methods that second parse and the
//! conversion were most of `import`'s time.
//!
//! The pass takes the common shapes only: mappings with string keys, sequences, scalars, and
//! the short-form intrinsics (`!Ref`, `!Sub`, …). It declines the rest (anchors and aliases,
//! other tags, keys that aren't plain strings, a key written twice, a second document), and
//! the caller then reads the text with serde_yaml as before, so those keep their exact
//! meaning and errors. The nulls and booleans are the core schema's words, as serde_yaml
//! reads them; a plain scalar that could be a number is resolved by serde_yaml itself.

use serde_json::{Map, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::template_reader::{SHORT_FORMS, json_number};
use crate::stack_file::{Unindexed, stream};

/// `text`'s value, read in one pass; `Ok(None)` when the pass declined (see the module's
/// documentation) and serde_yaml must read it. Nesting deeper than `max` and syntax errors
/// are errors either way.
pub(super) fn read(text: &str, max: usize) -> Result<Option<Value>, Unindexed> {
    let mut builder = Builder::default();
    let second_document = stream(text, max, &mut builder)?;
    if builder.declined || second_document.is_some() || !builder.frames.is_empty() {
        return Ok(None);
    }
    Ok(builder.root)
}

/// An open mapping or sequence, with the long form of its short-form tag, if any.
enum Frame {
    Sequence {
        items: Vec<Value>,
        tag: Option<&'static str>,
    },
    Mapping {
        map: Map<String, Value>,
        /// The key whose value comes next.
        key: Option<String>,
        tag: Option<&'static str>,
    },
}

#[derive(Default)]
struct Builder {
    frames: Vec<Frame>,
    root: Option<Value>,
    /// Set at the first construct the pass leaves to serde_yaml; later events are ignored.
    declined: bool,
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, _: Marker) {
        if self.declined {
            return;
        }
        if self.take(event).is_none() {
            self.declined = true;
        }
    }
}

impl Builder {
    /// Takes one event; `None` declines.
    fn take(&mut self, event: Event) -> Option<()> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 {
                    return None;
                }
                if let Some(Frame::Mapping {
                    key: key @ None, ..
                }) = self.frames.last_mut()
                {
                    if tag.is_some() {
                        return None;
                    }
                    *key = Some(key_text(text, style)?);
                    return Some(());
                }
                let value = match tag {
                    None => scalar(text, style)?,
                    Some(tag) => tagged(short_form(&tag)?, scalar(text, style)?),
                };
                self.push(value)
            }
            Event::SequenceStart(anchor, tag) => {
                let tag = self.open(anchor, tag.as_ref())?;
                self.frames.push(Frame::Sequence {
                    items: Vec::new(),
                    tag,
                });
                Some(())
            }
            Event::MappingStart(anchor, tag) => {
                let tag = self.open(anchor, tag.as_ref())?;
                self.frames.push(Frame::Mapping {
                    map: Map::new(),
                    key: None,
                    tag,
                });
                Some(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, tag) = match self.frames.pop()? {
                    Frame::Sequence { items, tag } => (Value::Array(items), tag),
                    Frame::Mapping {
                        map,
                        key: None,
                        tag,
                    } => (Value::Object(map), tag),
                    Frame::Mapping { key: Some(_), .. } => return None,
                };
                self.push(match tag {
                    Some(long) => tagged(long, value),
                    None => value,
                })
            }
            Event::Alias(_) => None,
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => Some(()),
        }
    }

    /// A mapping or sequence starts: the long form of its tag (`None` declines a collection
    /// as a key, an anchor, or a tag that is not a short form).
    fn open(&self, anchor: usize, tag: Option<&Tag>) -> Option<Option<&'static str>> {
        if anchor != 0 || matches!(self.frames.last(), Some(Frame::Mapping { key: None, .. })) {
            return None;
        }
        tag.map_or(Some(None), |tag| short_form(tag).map(Some))
    }

    /// A complete value, into its mapping or sequence (or as the document's).
    fn push(&mut self, value: Value) -> Option<()> {
        match self.frames.last_mut() {
            None if self.root.is_none() => self.root = Some(value),
            None => return None,
            Some(Frame::Sequence { items, .. }) => items.push(value),
            Some(Frame::Mapping { map, key, .. }) => {
                let key = key.take()?;
                if map.contains_key(&key) {
                    return None;
                }
                map.insert(key, value);
            }
        }
        Some(())
    }
}

/// The long form of a short-form tag (`!Ref` → `Ref`, `!Sub` → `Fn::Sub`).
fn short_form(tag: &Tag) -> Option<&'static str> {
    if tag.handle != "!" {
        return None;
    }
    SHORT_FORMS
        .iter()
        .find(|(short, _)| *short == tag.suffix)
        .map(|(_, long)| *long)
}

fn tagged(long: &str, value: Value) -> Value {
    let mut map = Map::new();
    map.insert(long.to_owned(), value);
    Value::Object(map)
}

/// A scalar's value: quoted and block scalars are strings; a plain one is what serde_yaml
/// resolves it to.
fn scalar(text: String, style: TScalarStyle) -> Option<Value> {
    if style != TScalarStyle::Plain {
        return Some(Value::String(text));
    }
    if let Some(word) = word(&text) {
        return Some(word);
    }
    if !may_be_number(&text) {
        return Some(Value::String(text));
    }
    match resolve(&text)? {
        serde_yaml::Value::Number(n) => json_number(&n),
        _ => Some(Value::String(text)),
    }
}

/// A mapping key's text: a string as written, a boolean or a number as serde_yaml writes it
/// (what the template reader makes of such keys); a null declines.
fn key_text(text: String, style: TScalarStyle) -> Option<String> {
    if style != TScalarStyle::Plain {
        return Some(text);
    }
    match word(&text) {
        Some(Value::Bool(b)) => return Some(b.to_string()),
        Some(_) => return None,
        None => {}
    }
    if !may_be_number(&text) {
        return Some(text);
    }
    match resolve(&text)? {
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        _ => Some(text),
    }
}

/// The plain scalars that serde_yaml (YAML's core schema) reads as a null or a boolean.
fn word(text: &str) -> Option<Value> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Some(Value::Null),
        "true" | "True" | "TRUE" => Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => Some(Value::Bool(false)),
        _ => None,
    }
}

/// Whether serde_yaml could read the plain scalar `text` as a number (`12`, `-0x1F`, `.5`,
/// `1e3`, `.inf`): those start with a digit, a sign or a dot and hold nothing beyond
/// letters, digits and `+-._`. Anything else is a string.
fn may_be_number(text: &str) -> bool {
    text.bytes()
        .next()
        .is_some_and(|first| matches!(first, b'0'..=b'9' | b'+' | b'-' | b'.'))
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.' | b'_'))
}

/// serde_yaml's reading of the plain scalar `text` on its own: a number, or the string
/// itself. `None` declines the document when the text alone reads as anything else (`---`
/// and `...` mark documents, `-` starts a sequence).
fn resolve(text: &str) -> Option<serde_yaml::Value> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    match &value {
        serde_yaml::Value::Number(_) => Some(value),
        serde_yaml::Value::String(s) if s == text => Some(value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the two-pass reader (serde_yaml, then the conversion) makes of `text`.
    fn by_serde_yaml(text: &str) -> Value {
        super::super::template_reader::parse_value_by_serde_yaml(text, "t.yaml").unwrap()
    }

    fn one_pass(text: &str) -> Option<Value> {
        read(text, 128).unwrap()
    }

    #[test]
    fn plain_scalars_mean_what_serde_yaml_makes_of_them() {
        let scalars = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "no",
            "yes",
            "on",
            "0",
            "12",
            "-12",
            "+12",
            "012345678901",
            "-0123",
            "0x1F",
            "-0x1F",
            "0o17",
            "0b101",
            "1_000",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775809",
            "1.5",
            ".5",
            "1.",
            "1e3",
            "-1.5e-3",
            "+.inf",
            "-.inf",
            ".nan",
            ".NaN",
            "inf",
            "nan",
            "Infinity",
            "1e400",
            "1.0.0",
            "2010-09-09",
            "~x",
            "t",
            "f",
            "n",
            "-x",
            "+",
            ".",
            "a b",
            "12 13",
            "POST",
            "aws_proxy",
        ];
        for s in scalars {
            let text = format!("k: {s}\n{s}x: 1\n");
            if let Some(value) = one_pass(&text) {
                assert_eq!(value, by_serde_yaml(&text), "{s:?}");
            }
            // As a key too.
            let text = format!("{s}: 1\n");
            if let Some(value) = one_pass(&text) {
                assert_eq!(value, by_serde_yaml(&text), "key {s:?}");
            }
        }
    }

    #[test]
    fn common_documents_are_read_in_one_pass() {
        let text = "openapi: 3.0.1\ninfo:\n  version: 1.0.0\npaths:\n  /a:\n    get:\n      \
                    responses:\n        200:\n          description: ok\n      x-n: 12\n      \
                    x-b: true\n      x-z: ~\n      x-l: [1, 2.5, -3]\n";
        let value = one_pass(text).expect("read in one pass");
        assert_eq!(value, by_serde_yaml(text));
        assert_eq!(
            value["paths"]["/a"]["get"]["responses"]["200"]["description"],
            "ok"
        );
        assert_eq!(value["info"]["version"], "1.0.0");
    }

    #[test]
    fn short_form_intrinsics_read_as_their_long_forms() {
        let text = "A: !Ref B\nC: !Sub '${X}'\nD: !If [c, !GetAtt R.Arn, !Ref AWS::NoValue]\n\
                    E: !Select [0, !GetAZs '']\nF: !Base64 12\nG: !GetAZs\n";
        let value = one_pass(text).expect("the one pass reads short forms");
        assert_eq!(value, by_serde_yaml(text));
        assert_eq!(value["D"]["Fn::If"][1]["Fn::GetAtt"], "R.Arn");
    }

    #[test]
    fn block_and_quoted_scalars_are_strings() {
        let text = "a: '12'\nb: \"true\"\nc: |\n  12\nd: >\n  null\n";
        assert_eq!(one_pass(text).unwrap(), by_serde_yaml(text));
        assert_eq!(one_pass(text).unwrap()["a"], "12");
    }

    #[test]
    fn anchors_other_tags_odd_keys_and_repeated_keys_are_left_to_serde_yaml() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !!str 12\n",
            "a: !Unknown 1\n",
            "? [a]\n: 1\n",
            "~: 1\n",
            "a: 1\na: 2\n",
            "a: 1\n---\nb: 2\n",
            "",
        ] {
            assert_eq!(one_pass(text), None, "{text:?}");
        }
    }

    #[test]
    fn too_deep_and_syntax_errors_are_reported_by_the_pass() {
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(matches!(read(&deep, 128), Err(Unindexed::TooDeep(_))));
        assert!(matches!(
            read("a: [1, 2\n", 128),
            Err(Unindexed::Syntax(..))
        ));
    }
}
