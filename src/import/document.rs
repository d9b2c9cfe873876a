//! The source document: read with a cap, parsed, recognised (OpenAPI 3, Swagger 2 or a
//! CloudFormation template), and its `$ref`s checked (local only, each resolvable, no cycle)
//! before anything else reads it.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::ImportError;

/// The largest document read: 16 MiB. An OpenAPI document of 10,000 methods with every
/// extension takes about 6 MiB; a larger file is refused by its size, before it is parsed.
pub const MAX_DOCUMENT_BYTES: u64 = 16 * 1024 * 1024;

/// How far a chain of `$ref` to `$ref` is followed; a longer chain is treated as a cycle.
const MAX_REF_CHAIN: usize = 64;

/// What a source document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `openapi: 3.x`.
    OpenApi3,
    /// `swagger: "2.0"`.
    Swagger2,
    /// A CloudFormation (or SAM) template: it has `Resources`.
    Template,
}

/// The text of the file at `path`, at most [`MAX_DOCUMENT_BYTES`], in UTF-8.
pub(super) fn read(path: &Path) -> Result<String, ImportError> {
    let bytes = crate::input::read(path, MAX_DOCUMENT_BYTES)?;
    String::from_utf8(bytes).map_err(|e| ImportError::NotUtf8 {
        file: path.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Parses `text` (JSON when `file` ends in `.json`, else YAML) and recognises it.
pub(super) fn parse(text: &str, file: &Path) -> Result<(Value, Kind), ImportError> {
    if text.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(ImportError::TooLarge {
            file: file.to_owned(),
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    let json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let origin = file.display().to_string();
    let value = crate::review::parse_value(text, json, &origin).map_err(|e| {
        use crate::review::ReadError;
        match e {
            ReadError::Yaml { source, .. }
                if source.to_string().contains("repetition limit exceeded") =>
            {
                ImportError::Aliases {
                    file: file.to_owned(),
                    at: source
                        .location()
                        .map(|l| format!(":{}:{}", l.line(), l.column()))
                        .unwrap_or_default(),
                }
            }
            other => ImportError::Parse(Box::new(other)),
        }
    })?;
    let kind = kind(&value, file, "")?;
    Ok((value, kind))
}

/// What `value` (found at `pointer` in `file`) is: an error unless it is OpenAPI 3, Swagger
/// 2 or a template.
pub(super) fn kind(value: &Value, file: &Path, pointer: &str) -> Result<Kind, ImportError> {
    let not_openapi = |reason: String| ImportError::NotOpenApi {
        file: file.to_owned(),
        pointer: pointer.to_owned(),
        reason,
    };
    let Some(top) = value.as_object() else {
        return Err(not_openapi("the document is not a mapping".to_owned()));
    };
    if let Some(version) = top.get("openapi") {
        return match version.as_str() {
            Some(v) if v.starts_with("3.") => Ok(Kind::OpenApi3),
            _ => Err(not_openapi(format!(
                "`openapi` is {version}; the import reads OpenAPI 3.x and Swagger 2.0"
            ))),
        };
    }
    if let Some(version) = top.get("swagger") {
        return match version.as_str() {
            Some("2.0") => Ok(Kind::Swagger2),
            _ => Err(not_openapi(format!(
                "`swagger` is {version}; the import reads Swagger 2.0 and OpenAPI 3.x"
            ))),
        };
    }
    if top.get("Resources").is_some_and(Value::is_object) {
        return Ok(Kind::Template);
    }
    Err(not_openapi(
        "it has no `openapi: 3.x`, no `swagger: \"2.0\"` and no CloudFormation `Resources`"
            .to_owned(),
    ))
}

/// `part` escaped for a JSON pointer (`~` → `~0`, `/` → `~1`).
pub(super) fn escape(part: &str) -> String {
    part.replace('~', "~0").replace('/', "~1")
}

/// The JSON pointer of `parts` below `base`.
pub(super) fn pointer<S: AsRef<str>>(base: &str, parts: &[S]) -> String {
    let mut out = base.to_owned();
    for part in parts {
        out.push('/');
        out.push_str(&escape(part.as_ref()));
    }
    out
}

/// Every `$ref` of `document` (found at `base` in `file`): each local (`#/…`, never fetched),
/// each resolvable, and none leading back to itself.
pub(super) fn check_refs(document: &Value, file: &Path, base: &str) -> Result<(), ImportError> {
    // Every `$ref` with the pointer of the object holding it.
    let refs = refs_below(document, "");
    let mut targets: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (at, reference) in &refs {
        let error_at = format!("{base}{at}/$ref");
        let Some(local) = reference.strip_prefix('#') else {
            return Err(ImportError::RemoteRef {
                file: file.to_owned(),
                pointer: error_at,
                reference: (*reference).to_owned(),
            });
        };
        let Some(target) = document.pointer(local) else {
            return Err(ImportError::MissingRef {
                file: file.to_owned(),
                pointer: error_at,
                reference: (*reference).to_owned(),
            });
        };
        if !targets.contains_key(local) {
            let inner: Vec<&str> = refs_below(target, "")
                .into_iter()
                .filter_map(|(_, r)| r.strip_prefix('#'))
                .collect();
            targets.insert(local, inner);
        }
    }
    // Depth-first over the graph target → the targets its subtree refers to.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: BTreeMap<&str, Mark> = BTreeMap::new();
    for &start in targets.keys() {
        if marks.contains_key(start) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Open);
        while let Some(top) = stack.last_mut() {
            let (node, next) = *top;
            let edges = targets.get(node).map_or(&[][..], Vec::as_slice);
            if next == edges.len() {
                marks.insert(node, Mark::Done);
                stack.pop();
                continue;
            }
            top.1 += 1;
            let to = edges[next];
            match marks.get(to) {
                Some(Mark::Done) => {}
                Some(Mark::Open) => {
                    let from = stack.iter().position(|(n, _)| *n == to).unwrap_or(0);
                    let mut cycle: Vec<String> =
                        stack[from..].iter().map(|(n, _)| format!("#{n}")).collect();
                    cycle.push(format!("#{to}"));
                    return Err(ImportError::RefCycle {
                        file: file.to_owned(),
                        pointer: format!("{base}{}", stack[from].0),
                        cycle,
                    });
                }
                None => {
                    marks.insert(to, Mark::Open);
                    stack.push((to, 0));
                }
            }
        }
    }
    Ok(())
}

/// Every `$ref` string below `value`, with the pointer (from `at`) of the object holding it,
/// sorted. The walk keeps the path as a stack of borrowed keys and indices, and writes a
/// pointer out only for a `$ref`: most of a 10,000-method document has none, and escaping
/// every key on the way cost a tenth of its import.
fn refs_below<'v>(value: &'v Value, at: &str) -> Vec<(String, &'v str)> {
    enum Segment<'v> {
        Key(&'v str),
        Index(usize),
    }
    fn walk<'v>(
        value: &'v Value,
        path: &mut Vec<Segment<'v>>,
        at: &str,
        out: &mut Vec<(String, &'v str)>,
    ) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let mut pointer = at.to_owned();
                    for segment in path.iter() {
                        pointer.push('/');
                        match segment {
                            Segment::Key(key) => push_escaped(&mut pointer, key),
                            Segment::Index(i) => pointer.push_str(&i.to_string()),
                        }
                    }
                    out.push((pointer, reference.as_str()));
                }
                for (key, child) in map {
                    if matches!(child, Value::Object(_) | Value::Array(_)) {
                        path.push(Segment::Key(key));
                        walk(child, path, at, out);
                        path.pop();
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    if matches!(child, Value::Object(_) | Value::Array(_)) {
                        path.push(Segment::Index(i));
                        walk(child, path, at, out);
                        path.pop();
                    }
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
        }
    }
    let mut out = Vec::new();
    // The parsers bound the nesting (review::parse_value), so the recursion is bounded too.
    walk(value, &mut Vec::new(), at, &mut out);
    out.sort();
    out
}

/// Appends `part` escaped for a JSON pointer to `pointer`.
fn push_escaped(pointer: &mut String, part: &str) {
    for c in part.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// `value`, or what its `$ref` (and theirs) points to in `document`. Refs were checked by
/// [`check_refs`]: local, resolvable and acyclic.
pub(super) fn resolve<'d>(document: &'d Value, value: &'d Value) -> &'d Value {
    let mut value = value;
    for _ in 0..MAX_REF_CHAIN {
        let Some(local) = value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        else {
            return value;
        };
        match document.pointer(local) {
            Some(target) => value = target,
            None => return value,
        }
    }
    value
}

/// `value` with every `$ref` replaced by a copy of what it points to, or `None` when the
/// copies would hold more than `budget` values (refs that multiply one another).
pub(super) fn inline(document: &Value, value: &Value, budget: &mut usize) -> Option<Value> {
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    let value = resolve(document, value);
    Some(match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Some((k.clone(), inline(document, v, budget)?)))
                .collect::<Option<_>>()?,
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| inline(document, v, budget))
                .collect::<Option<_>>()?,
        ),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => value.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_ref_cycle_is_named_with_every_step() {
        let doc = json!({"components": {"schemas": {
            "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"items": {"$ref": "#/components/schemas/A"}}}}});
        let e = check_refs(&doc, Path::new("x.yaml"), "").unwrap_err();
        assert_eq!(e.code(), "ref-cycle");
        assert!(
            e.to_string().contains(
                "#/components/schemas/A → #/components/schemas/B → #/components/schemas/A"
            ),
            "{e}"
        );
    }

    #[test]
    fn refs_that_share_a_target_are_no_cycle() {
        let doc = json!({"components": {"schemas": {
            "A": {"type": "string"},
            "B": {"properties": {"x": {"$ref": "#/components/schemas/A"}, "y": {"$ref": "#/components/schemas/A"}}}}}});
        check_refs(&doc, Path::new("x.yaml"), "").unwrap();
        let mut budget = 100;
        let inlined = inline(&doc, &doc["components"]["schemas"]["B"], &mut budget).unwrap();
        assert_eq!(inlined["properties"]["y"], json!({"type": "string"}));
    }

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(
            pointer("", &["paths", "/a/{b}", "get"]),
            "/paths/~1a~1{b}/get"
        );
        assert_eq!(escape("x~y"), "x~0y");
    }
}
