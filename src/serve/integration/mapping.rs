//! The integration request of a non-proxy integration (HTTP, AWS service, Lambda), as API
//! Gateway maps it: the body converted by the integration's `ContentHandling`
//! ([`binary_media`]), then, when text, the request template of the request's content type
//! evaluated (see [`template`](super::template)), else the body as is when the
//! `PassthroughBehavior` lets it through (a binary body never goes through a template,
//! "Content type conversions in API Gateway"); the request parameters
//! (`integration.request.{path,querystring,header}.NAME`) give the path placeholders, the
//! query string and the headers.

use std::collections::BTreeMap;

use super::http_proxy::source_value;
use super::response::BinaryAnswer;
use super::template::{Input, render};
use crate::api::ContentHandling;
use crate::serve::binary_media::{self, BinaryMediaTypes, content_handling};
use crate::serve::event::RequestFacts;

/// How a method request becomes the integration request.
#[derive(Debug, Clone, Default)]
pub struct RequestMapping {
    /// Request templates by content type.
    templates: BTreeMap<String, String>,
    /// `WHEN_NO_MATCH` (default), `WHEN_NO_TEMPLATES` or `NEVER`.
    passthrough: String,
    /// `integration.request.<where>.<name>` → its source.
    parameters: BTreeMap<String, String>,
    /// The integration's `ContentHandling`.
    content_handling: Option<ContentHandling>,
    /// The API's binary media types.
    binary: BinaryMediaTypes,
}

/// The request parameters' values, by where they go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapped {
    /// `{name}` placeholders' values.
    pub path: BTreeMap<String, String>,
    /// Query string pairs.
    pub query: Vec<(String, String)>,
    /// Headers.
    pub headers: Vec<(String, String)>,
}

/// The body mapped, and the content type it is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedBody {
    /// The bytes sent.
    pub bytes: Vec<u8>,
    /// The request's content type, parameters dropped (`application/json` when none): the
    /// template's key, or the passed-through body's.
    pub content_type: String,
}

/// Why a request can't be mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappingError {
    /// No template for the request's content type, and the passthrough behavior refuses
    /// the body (API Gateway's 415).
    UnsupportedMediaType(String),
    /// What serve can't evaluate in the template (the reason; API Gateway's 500 stands for
    /// it).
    Unserved(String),
    /// `CONVERT_TO_BINARY` of a body that is not base64 (API Gateway's 500).
    Conversion(String),
}

impl RequestMapping {
    /// The mapping a method's flattened details describe (`Integration.RequestTemplates.*`,
    /// `Integration.PassthroughBehavior`, `Integration.RequestParameters.*`,
    /// `Integration.ContentHandling`), values filled, for an API of `binary` media types.
    pub fn from_details(details: &BTreeMap<String, String>, binary: BinaryMediaTypes) -> Self {
        let prefixed = |prefix: &str| -> BTreeMap<String, String> {
            details
                .iter()
                .filter_map(|(k, v)| Some((k.strip_prefix(prefix)?.to_owned(), v.clone())))
                .collect()
        };
        Self {
            templates: prefixed("Integration.RequestTemplates."),
            passthrough: details
                .get("Integration.PassthroughBehavior")
                .cloned()
                .unwrap_or_else(|| "WHEN_NO_MATCH".to_owned()),
            parameters: prefixed("Integration.RequestParameters."),
            content_handling: content_handling(
                details
                    .get("Integration.ContentHandling")
                    .map(String::as_str),
            ),
            binary,
        }
    }

    /// Whether the backend's answer is binary (its `Content-Type` a binary media type) and
    /// whether the request asks for binary (its first `Accept` type one).
    pub fn binary_answer(
        &self,
        request: &RequestFacts,
        answer_headers: &[(String, String)],
    ) -> BinaryAnswer {
        BinaryAnswer {
            payload: self
                .binary
                .matches(find(answer_headers, "Content-Type").as_deref()),
            accept: self
                .binary
                .accepts_binary(find(&request.headers, "Accept").as_deref()),
        }
    }

    /// The request parameters' values for `facts` (a source the request lacks gives none).
    pub fn parameters(&self, facts: &RequestFacts) -> Mapped {
        let mut mapped = Mapped::default();
        for (target, source) in &self.parameters {
            let Some(value) = source_value(source, facts) else {
                continue;
            };
            if let Some(name) = target.strip_prefix("integration.request.path.") {
                mapped.path.insert(name.to_owned(), value);
            } else if let Some(name) = target.strip_prefix("integration.request.querystring.") {
                mapped.query.push((name.to_owned(), value));
            } else if let Some(name) = target.strip_prefix("integration.request.header.") {
                mapped
                    .headers
                    .retain(|(n, _)| !n.eq_ignore_ascii_case(name));
                mapped.headers.push((name.to_owned(), value));
            }
        }
        mapped
    }

    /// The body sent for `facts`, whose body is `body`: converted by the `ContentHandling`;
    /// when that is text, the request template of the request's content type
    /// (`application/json` when it has none) evaluated; the body as is when no template
    /// applies and the passthrough behavior lets it through.
    pub fn body(&self, facts: &RequestFacts, body: &[u8]) -> Result<MappedBody, MappingError> {
        let header = find(&facts.headers, "Content-Type");
        let payload = binary_media::integration_request(
            body,
            self.binary.matches(header.as_deref()),
            self.content_handling,
        )
        .map_err(|e| MappingError::Conversion(e.to_string()))?;
        let content_type = header
            .as_deref()
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "application/json".to_owned());
        let template = self
            .templates
            .get(&content_type)
            .filter(|_| !payload.binary);
        let bytes = match template {
            Some(template) => render(
                template,
                &Input {
                    facts,
                    body: &payload.bytes,
                },
            )
            .map(String::into_bytes)
            .map_err(MappingError::Unserved)?,
            None => {
                let passes = match self.passthrough.as_str() {
                    "NEVER" => false,
                    "WHEN_NO_TEMPLATES" => self.templates.is_empty(),
                    _ => true,
                };
                if !passes {
                    return Err(MappingError::UnsupportedMediaType(format!(
                        "no request template for {content_type} and passthrough {}",
                        self.passthrough
                    )));
                }
                payload.bytes
            }
        };
        Ok(MappedBody {
            bytes,
            content_type,
        })
    }
}

/// A header's value by name, any case.
fn find(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(pairs: &[(&str, &str)]) -> RequestMapping {
        RequestMapping::from_details(
            &pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            BinaryMediaTypes::default(),
        )
    }

    fn facts(content_type: &str) -> RequestFacts {
        RequestFacts {
            headers: vec![
                ("Content-Type".to_owned(), content_type.to_owned()),
                ("X-Tenant".to_owned(), "acme".to_owned()),
            ],
            path_parameters: BTreeMap::from([("id".to_owned(), "42".to_owned())]),
            ..RequestFacts::default()
        }
    }

    #[test]
    fn the_template_of_the_content_type_is_evaluated_else_the_body_passes_as_is() {
        let m = mapping(&[(
            "Integration.RequestTemplates.application/json",
            "{\"id\": \"$input.params('id')\"}",
        )]);
        let json = m
            .body(&facts("application/json; charset=utf-8"), b"{}")
            .unwrap();
        assert_eq!(json.bytes, br#"{"id": "42"}"#);
        assert_eq!(json.content_type, "application/json");
        let text = m.body(&facts("text/plain"), b"hi").unwrap();
        assert_eq!(
            (text.bytes.as_slice(), text.content_type.as_str()),
            (&b"hi"[..], "text/plain")
        );
    }

    #[test]
    fn never_and_when_no_templates_refuse_a_body_no_template_takes() {
        let never = mapping(&[
            ("Integration.RequestTemplates.application/json", "{}"),
            ("Integration.PassthroughBehavior", "NEVER"),
        ]);
        assert!(matches!(
            never.body(&facts("text/plain"), b"hi"),
            Err(MappingError::UnsupportedMediaType(_))
        ));
        let no_templates = mapping(&[("Integration.PassthroughBehavior", "WHEN_NO_TEMPLATES")]);
        assert!(no_templates.body(&facts("text/plain"), b"hi").is_ok());
    }

    #[test]
    fn parameters_go_to_the_path_the_query_and_the_headers() {
        let m = mapping(&[
            (
                "Integration.RequestParameters.integration.request.path.item",
                "method.request.path.id",
            ),
            (
                "Integration.RequestParameters.integration.request.querystring.lang",
                "'en'",
            ),
            (
                "Integration.RequestParameters.integration.request.header.X-Org",
                "method.request.header.x-tenant",
            ),
            (
                "Integration.RequestParameters.integration.request.header.X-None",
                "method.request.header.absent",
            ),
        ]);
        let mapped = m.parameters(&facts("application/json"));
        assert_eq!(mapped.path["item"], "42");
        assert_eq!(mapped.query, vec![("lang".to_owned(), "en".to_owned())]);
        assert_eq!(
            mapped.headers,
            vec![("X-Org".to_owned(), "acme".to_owned())]
        );
    }
}
