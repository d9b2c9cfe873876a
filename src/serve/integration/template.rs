//! Mapping templates, the part serve evaluates: the references API Gateway's templates use
//! most (`$input.body`, `$input.json('$')` and `$input.json('$.a.b')`, `$input.params('x')`,
//! `$util.escapeJavaScript(…)`, `$util.urlEncode(…)`, `$util.base64Encode(…)`,
//! `$util.base64Decode(…)`, `$context.requestId` and the other request ids,
//! `$stageVariables.x`), in the shorthand (`$input.body`), quiet (`$!input.body`) or formal
//! (`${input.body}`) notation. Anything else Velocity has (`#set`, `#if`, `#foreach`, other
//! references) is an error naming it: serve does not guess what such a template makes.
//! `$input.body` is the body after its content conversion ([`crate::serve::binary_media`]):
//! a binary body reaches a template only as base64 text (`CONVERT_TO_TEXT`), as "Content
//! type conversions in API Gateway" says; bytes that are not UTF-8 read as U+FFFD.

use base64::Engine;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use crate::serve::event::RequestFacts;

/// What `$input.params`, `$context` and `$stageVariables` read, and the body.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The request.
    pub facts: &'a RequestFacts,
    /// The body the template maps (the request's, or the integration's answer).
    pub body: &'a [u8],
}

/// The Velocity directives serve does not evaluate.
const DIRECTIVES: [&str; 8] = [
    "#set", "#if", "#elseif", "#else", "#end", "#foreach", "#macro", "#include",
];

/// `template` evaluated for `input`; the error names what serve does not evaluate.
pub fn render(template: &str, input: &Input<'_>) -> Result<String, String> {
    if let Some(d) = DIRECTIVES.iter().find(|d| template.contains(*d)) {
        return Err(format!(
            "the mapping template uses {d}, which serve does not evaluate"
        ));
    }
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        match Reference::parse(after) {
            Some((reference, used)) => {
                out.push_str(&reference.evaluate(input)?);
                rest = &after[used..];
            }
            None => {
                // A `$` that starts no reference is text, as in Velocity.
                out.push('$');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// One argument of a method call.
#[derive(Debug, Clone, PartialEq)]
enum Arg {
    Text(String),
    Reference(Reference),
}

/// `$root.member.call(args)…`: each part a name, with arguments when it is a call.
#[derive(Debug, Clone, PartialEq)]
struct Reference {
    parts: Vec<(String, Option<Vec<Arg>>)>,
    text: String,
}

impl Reference {
    /// The reference at the start of `text` (which starts with `$`) and the bytes it takes.
    fn parse(text: &str) -> Option<(Self, usize)> {
        let bytes = text.as_bytes();
        let mut i = 1;
        if bytes.get(i) == Some(&b'!') {
            i += 1;
        }
        let formal = bytes.get(i) == Some(&b'{');
        if formal {
            i += 1;
        }
        let mut parts = Vec::new();
        loop {
            let start = i;
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            {
                i += 1;
            }
            // A name starts with a letter (a dot is taken only before one).
            if i == start || !bytes[start].is_ascii_alphabetic() {
                return None;
            }
            let name = text[start..i].to_owned();
            let mut args = None;
            if bytes.get(i) == Some(&b'(') {
                let (parsed, used) = parse_args(&text[i + 1..])?;
                args = Some(parsed);
                i += 1 + used;
            }
            parts.push((name, args));
            if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
            {
                i += 1;
                continue;
            }
            break;
        }
        if formal {
            if bytes.get(i) != Some(&b'}') {
                return None;
            }
            i += 1;
        }
        Some((
            Self {
                parts,
                text: text[..i].to_owned(),
            },
            i,
        ))
    }

    /// The reference's value as text.
    fn evaluate(&self, input: &Input<'_>) -> Result<String, String> {
        let unsupported = || {
            format!(
                "serve does not evaluate {} in a mapping template",
                self.text
            )
        };
        let arg = |args: &Option<Vec<Arg>>| -> Result<String, String> {
            match args.as_deref() {
                Some([Arg::Text(t)]) => Ok(t.clone()),
                Some([Arg::Reference(r)]) => r.evaluate(input),
                _ => Err(unsupported()),
            }
        };
        let names: Vec<&str> = self.parts.iter().map(|(n, _)| n.as_str()).collect();
        let facts = input.facts;
        match (names.as_slice(), self.parts.last().map(|(_, a)| a)) {
            (["input", "body"], Some(None)) => Ok(String::from_utf8_lossy(input.body).into_owned()),
            (["input", "json"], Some(args)) => json_path(input.body, &arg(args)?),
            (["input", "params"], Some(args)) => Ok(param(facts, &arg(args)?)),
            (["util", f], Some(args)) => util(f, &arg(args)?).ok_or_else(unsupported),
            (["stageVariables", name], Some(None)) => Ok(facts
                .stage_variables
                .get(*name)
                .cloned()
                .unwrap_or_default()),
            (["context", rest @ ..], Some(None)) => {
                context(facts, &rest.join(".")).ok_or_else(unsupported)
            }
            _ => Err(unsupported()),
        }
    }
}

/// The arguments after `(`, up to the matching `)`, and the bytes they take with it.
fn parse_args(text: &str) -> Option<(Vec<Arg>, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut args = Vec::new();
    loop {
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        match bytes.get(i)? {
            b')' if args.is_empty() => return Some((args, i + 1)),
            quote @ (b'\'' | b'"') => {
                let end = text[i + 1..].find(*quote as char)? + i + 1;
                args.push(Arg::Text(text[i + 1..end].to_owned()));
                i = end + 1;
            }
            b'$' => {
                let (reference, used) = Reference::parse(&text[i..])?;
                args.push(Arg::Reference(reference));
                i += used;
            }
            _ => return None,
        }
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        match bytes.get(i)? {
            b',' => i += 1,
            b')' => return Some((args, i + 1)),
            _ => return None,
        }
    }
}

/// `$input.json(path)`: the body (`{}` when empty) at `$` or a `$.a.b` path, as JSON text.
fn json_path(body: &[u8], path: &str) -> Result<String, String> {
    let document: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(serde_json::Map::new())
    } else {
        serde_json::from_slice(body)
            .map_err(|e| format!("$input.json: the body is not JSON: {e}"))?
    };
    let rest = path
        .strip_prefix('$')
        .ok_or_else(|| format!("serve does not evaluate the JSONPath {path}"))?;
    let mut at = &document;
    for key in rest.split('.').filter(|k| !k.is_empty()) {
        if key.contains(['[', '*', '?']) {
            return Err(format!("serve does not evaluate the JSONPath {path}"));
        }
        at = at.get(key).unwrap_or(&Value::Null);
    }
    Ok(if at.is_null() && !rest.is_empty() {
        String::new()
    } else {
        at.to_string()
    })
}

/// `$input.params(name)`: the path parameter, else the query string parameter, else the
/// header of that name ("" when none), as API Gateway looks them up.
fn param(facts: &RequestFacts, name: &str) -> String {
    facts
        .path_parameters
        .get(name)
        .cloned()
        .or_else(|| {
            facts
                .query
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
        .or_else(|| {
            facts
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        })
        .unwrap_or_default()
}

/// What `java.net.URLEncoder` keeps: letters, digits and `.-*_` (a space becomes `+`).
const URL_ENCODER: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'.')
    .remove(b'-')
    .remove(b'*')
    .remove(b'_')
    .remove(b' ');

/// One `$util` function, as API Gateway's (Java) implementation behaves.
fn util(function: &str, text: &str) -> Option<String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    Some(match function {
        "escapeJavaScript" => escape_javascript(text),
        "urlEncode" => utf8_percent_encode(text, URL_ENCODER)
            .to_string()
            .replace(' ', "+"),
        "urlDecode" => percent_encoding::percent_decode_str(&text.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned(),
        "base64Encode" => b64.encode(text),
        "base64Decode" => String::from_utf8_lossy(&b64.decode(text).ok()?).into_owned(),
        _ => return None,
    })
}

/// Apache Commons' `escapeJavaScript`, which API Gateway's `$util.escapeJavaScript` is: `"`,
/// `'`, `\` and `/` escaped with a backslash, control characters and everything past ASCII
/// as `\uXXXX` (a single quote becoming `\'`, which JSON does not take, as on API Gateway).
fn escape_javascript(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// A `$context` variable serve knows.
fn context(facts: &RequestFacts, name: &str) -> Option<String> {
    Some(match name {
        "requestId" | "extendedRequestId" => facts.request_id.clone(),
        "stage" => facts.stage.clone(),
        "httpMethod" => facts.method.clone(),
        "resourcePath" => facts.resource.clone(),
        "path" => format!("/{}{}", facts.stage, facts.path),
        "accountId" => facts.account_id.clone(),
        "apiId" => facts.api_id.clone(),
        "domainName" => facts.domain_name.clone(),
        "requestTimeEpoch" => facts.time_epoch_ms.to_string(),
        "identity.sourceIp" => facts.source_ip.clone(),
        "identity.accessKey" => facts.caller.as_ref()?.access_key.clone(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn facts() -> RequestFacts {
        RequestFacts {
            method: "POST".to_owned(),
            stage: "test".to_owned(),
            request_id: "req-1".to_owned(),
            path_parameters: BTreeMap::from([("id".to_owned(), "42".to_owned())]),
            query: vec![("q".to_owned(), "a b".to_owned())],
            headers: vec![("X-Tenant".to_owned(), "acme".to_owned())],
            stage_variables: BTreeMap::from([("table".to_owned(), "items".to_owned())]),
            ..RequestFacts::default()
        }
    }

    fn render_with(template: &str, body: &str) -> Result<String, String> {
        let facts = facts();
        render(
            template,
            &Input {
                facts: &facts,
                body: body.as_bytes(),
            },
        )
    }

    #[test]
    fn the_templates_synth_writes_are_evaluated() {
        assert_eq!(
            render_with(
                "Action=SendMessage&MessageBody=$util.urlEncode($input.body)",
                r#"{"a": "x y&z"}"#
            )
            .unwrap(),
            "Action=SendMessage&MessageBody=%7B%22a%22%3A+%22x+y%26z%22%7D"
        );
        assert_eq!(
            render_with(
                r#"{"input": "$util.escapeJavaScript($input.json('$'))", "id": "$context.requestId"}"#,
                r#"{"a": "it's"}"#
            )
            .unwrap(),
            r#"{"input": "{\"a\":\"it\'s\"}", "id": "req-1"}"#
        );
        assert_eq!(
            render_with(
                r#"{"Key": {"id": {"S": "$util.escapeJavaScript($input.params('id'))"}}}"#,
                ""
            )
            .unwrap(),
            r#"{"Key": {"id": {"S": "42"}}}"#
        );
    }

    #[test]
    fn params_look_in_the_path_then_the_query_then_the_headers() {
        assert_eq!(
            render_with("$input.params('id') $input.params('q') $input.params('x-tenant') [$input.params('none')]", "").unwrap(),
            "42 a b acme []"
        );
    }

    #[test]
    fn json_paths_quiet_and_formal_notations_and_stage_variables() {
        assert_eq!(
            render_with(
                "${input.json('$.order.id')} $!{stageVariables.table} $input.body.",
                r#"{"order": {"id": 7}}"#
            )
            .unwrap(),
            r#"7 items {"order": {"id": 7}}."#
        );
        assert_eq!(render_with("$input.json('$')", "").unwrap(), "{}");
        assert_eq!(render_with("cost: $5", "").unwrap(), "cost: $5");
        assert_eq!(
            render_with("$util.base64Encode($input.body)", "hi").unwrap(),
            "aGk="
        );
    }

    #[test]
    fn directives_and_unknown_references_are_errors_naming_them() {
        assert!(
            render_with("#set($x = 1)$x", "")
                .unwrap_err()
                .contains("#set")
        );
        assert!(
            render_with("$input.path('$').x", "{}")
                .unwrap_err()
                .contains("$input.path('$').x")
        );
        assert!(render_with("$util.parseJson($input.body)", "{}").is_err());
    }
}
