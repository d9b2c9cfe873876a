//! Binary media types and content handling, as API Gateway applies them ("Binary media types
//! for REST APIs" and "Content type conversions in API Gateway", developer guide): which
//! payloads are binary (their media type matches one of the API's `BinaryMediaTypes`, `*`
//! a wildcard), and how a payload is converted between text and binary on the way to the
//! integration and back (the `ContentHandling` of the integration and of its responses).

use base64::Engine;

use crate::api::ContentHandling;

/// The API's `BinaryMediaTypes`, as patterns (`image/png`, `image/*`, `*/*`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BinaryMediaTypes {
    patterns: Vec<String>,
}

impl BinaryMediaTypes {
    /// The media types of `patterns`, as the template lists them.
    pub fn new(patterns: impl IntoIterator<Item = String>) -> Self {
        Self {
            patterns: patterns.into_iter().collect(),
        }
    }

    /// The media types, as listed.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// True when the API lists none (every payload is text).
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether the media type of a `Content-Type` value (its parameters dropped) is one of
    /// the API's binary media types: a pattern's `*` stands for any characters; media types
    /// are compared without case. No value is never binary.
    pub fn matches(&self, header_value: Option<&str>) -> bool {
        let Some(media_type) = header_value.and_then(media_type) else {
            return false;
        };
        self.patterns
            .iter()
            .any(|p| wildcard_match(&p.to_ascii_lowercase(), &media_type))
    }

    /// Whether the first media type of an `Accept` value is binary: API Gateway honors only
    /// the first one.
    pub fn accepts_binary(&self, accept: Option<&str>) -> bool {
        self.matches(accept.and_then(|a| a.split(',').next()))
    }
}

/// The media type of a header value: before any `;`, trimmed, lower-cased; None when empty.
fn media_type(value: &str) -> Option<String> {
    let t = value.split(';').next().unwrap_or_default().trim();
    (!t.is_empty()).then(|| t.to_ascii_lowercase())
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters (none
/// included). Greedy with backtracking to the last `*`: linear in practice.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|b| *b == b'*')
}

/// A method's `ContentHandling` (`CONVERT_TO_BINARY`, `CONVERT_TO_TEXT`), None when unset
/// or not one of them.
pub fn content_handling(value: Option<&str>) -> Option<ContentHandling> {
    match value? {
        "CONVERT_TO_BINARY" => Some(ContentHandling::ConvertToBinary),
        "CONVERT_TO_TEXT" => Some(ContentHandling::ConvertToText),
        _ => None,
    }
}

/// A payload and whether it is binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// True for binary data, false for text.
    pub binary: bool,
}

/// Why a conversion failed: text to convert to binary that is not base64 (API Gateway's 500,
/// an API configuration error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotBase64(pub String);

impl std::fmt::Display for NotBase64 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "converting to binary a body that is not base64: {}",
            self.0
        )
    }
}

fn decode(text: &[u8]) -> Result<Vec<u8>, NotBase64> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| NotBase64(e.to_string()))
}

fn encode(bytes: &[u8]) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .encode(bytes)
        .into_bytes()
}

/// The integration request's payload ("API request content type conversions"): a binary
/// `body` (its `Content-Type` a binary media type) stays binary unless `CONVERT_TO_TEXT`
/// makes it base64 text; a text body stays text unless `CONVERT_TO_BINARY` decodes it from
/// base64.
pub fn integration_request(
    body: &[u8],
    binary: bool,
    handling: Option<ContentHandling>,
) -> Result<Payload, NotBase64> {
    Ok(match (binary, handling) {
        (true, Some(ContentHandling::ConvertToText)) => Payload {
            bytes: encode(body),
            binary: false,
        },
        (true, _) => Payload {
            bytes: body.to_vec(),
            binary: true,
        },
        (false, Some(ContentHandling::ConvertToBinary)) => Payload {
            bytes: decode(body)?,
            binary: true,
        },
        (false, _) => Payload {
            bytes: body.to_vec(),
            binary: false,
        },
    })
}

/// The method response's body ("API Gateway response content type conversions"): the
/// integration response's `payload`, converted by the integration response's `handling`,
/// else by the request's first `Accept` type (`accept_binary`): binary data asked as text
/// becomes base64 text, text asked as binary is decoded from base64 (only once the API has
/// binary media types: without any, an unset handling passes the payload as is).
pub fn method_response(
    payload: Payload,
    accept_binary: bool,
    handling: Option<ContentHandling>,
) -> Result<Vec<u8>, NotBase64> {
    match (payload.binary, handling) {
        (true, Some(ContentHandling::ConvertToText)) => Ok(encode(&payload.bytes)),
        (true, Some(ContentHandling::ConvertToBinary)) => Ok(payload.bytes),
        (false, Some(ContentHandling::ConvertToBinary)) => decode(&payload.bytes),
        (false, Some(ContentHandling::ConvertToText)) => Ok(payload.bytes),
        (true, None) if accept_binary => Ok(payload.bytes),
        (true, None) => Ok(encode(&payload.bytes)),
        (false, None) if accept_binary => decode(&payload.bytes),
        (false, None) => Ok(payload.bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(list: &[&str]) -> BinaryMediaTypes {
        BinaryMediaTypes::new(list.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn a_content_type_matches_exactly_or_by_wildcard_without_its_parameters() {
        let t = types(&["image/png", "application/vnd.*", "audio/*"]);
        assert!(t.matches(Some("image/png")));
        assert!(t.matches(Some("IMAGE/PNG; charset=binary")));
        assert!(t.matches(Some("application/vnd.ms-excel")));
        assert!(t.matches(Some("audio/ogg")));
        assert!(!t.matches(Some("image/jpeg")));
        assert!(!t.matches(Some("application/json")));
        assert!(!t.matches(None));
        assert!(!t.matches(Some("")));
        assert!(types(&["*/*"]).matches(Some("text/plain")));
        assert!(!types(&[]).matches(Some("image/png")));
    }

    #[test]
    fn only_the_first_accept_type_counts() {
        let t = types(&["image/png"]);
        assert!(t.accepts_binary(Some("image/png, text/html")));
        assert!(!t.accepts_binary(Some("text/html, image/png")));
        assert!(!t.accepts_binary(Some("*/*")));
        assert!(!t.accepts_binary(None));
        assert!(types(&["*/*"]).accepts_binary(Some("*/*")));
    }

    #[test]
    fn the_request_table() {
        let b = Some(ContentHandling::ConvertToBinary);
        let t = Some(ContentHandling::ConvertToText);
        assert_eq!(integration_request(b"aGk=", false, b).unwrap().bytes, b"hi");
        assert!(integration_request(b"not base64!", false, b).is_err());
        assert_eq!(integration_request(b"hi", false, t).unwrap().bytes, b"hi");
        assert_eq!(integration_request(b"hi", true, t).unwrap().bytes, b"aGk=");
        assert_eq!(integration_request(b"hi", true, b).unwrap().bytes, b"hi");
        assert!(integration_request(b"hi", true, None).unwrap().binary);
    }

    #[test]
    fn the_response_table() {
        let text = |s: &[u8]| Payload {
            bytes: s.to_vec(),
            binary: false,
        };
        let bin = |s: &[u8]| Payload {
            bytes: s.to_vec(),
            binary: true,
        };
        let b = Some(ContentHandling::ConvertToBinary);
        let t = Some(ContentHandling::ConvertToText);
        assert_eq!(
            method_response(text(b"aGk="), false, None).unwrap(),
            b"aGk="
        );
        assert_eq!(method_response(text(b"aGk="), true, None).unwrap(), b"hi");
        assert_eq!(method_response(text(b"aGk="), false, b).unwrap(), b"hi");
        assert_eq!(method_response(text(b"aGk="), true, t).unwrap(), b"aGk=");
        assert_eq!(method_response(bin(b"hi"), false, None).unwrap(), b"aGk=");
        assert_eq!(method_response(bin(b"hi"), true, None).unwrap(), b"hi");
        assert_eq!(method_response(bin(b"hi"), false, b).unwrap(), b"hi");
        assert_eq!(method_response(bin(b"hi"), true, t).unwrap(), b"aGk=");
    }
}
