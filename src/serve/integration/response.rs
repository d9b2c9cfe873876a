//! The integration responses of a non-proxy integration (HTTP, AWS service, Lambda): what
//! the backend answered selects one (its `SelectionPattern`, a regular expression matched
//! against the whole of the backend's status, or of a Lambda function's `errorMessage`;
//! else the default response without one), which gives the method's status, its headers
//! (static values or the backend's headers) and its body: the backend's body converted by
//! its `ContentHandling` (or by the request's `Accept`, [`binary_media`]), then mapped by
//! its `application/json` template, or as is.

use std::collections::BTreeMap;

use crate::api::ContentHandling;
use crate::serve::binary_media::{self, Payload, content_handling};
use crate::serve::integration::template::{Input, render};

/// Where a method response header's value comes from.
#[derive(Debug, Clone)]
enum HeaderValue {
    /// `'value'`.
    Static(String),
    /// `integration.response.header.X`.
    Backend(String),
}

/// One integration response.
#[derive(Debug, Clone, Default)]
struct Response {
    status: u16,
    /// The pattern as written and compiled (anchored at both ends).
    pattern: Option<(String, regex::Regex)>,
    headers: Vec<(String, HeaderValue)>,
    template: Option<String>,
    content_handling: Option<ContentHandling>,
}

/// The integration responses of one method.
#[derive(Debug, Clone, Default)]
pub struct IntegrationResponses {
    responses: Vec<Response>,
}

/// The method's answer: status, headers and body.
pub type MethodAnswer = (u16, Vec<(String, String)>, Vec<u8>);

/// What a `SelectionPattern` is matched against ("Set up an integration response in API
/// Gateway"; "Handle Lambda errors in API Gateway").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selector<'a> {
    /// An HTTP or AWS service backend's status.
    Status(u16),
    /// A Lambda function's error: its `errorMessage`.
    LambdaError(&'a str),
    /// A Lambda function's answer without error: the default response, whatever the
    /// patterns.
    LambdaSuccess,
}

/// What decides an answer's conversion: whether the backend's body is binary (its
/// `Content-Type` a binary media type) and whether the request's first `Accept` type is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BinaryAnswer {
    /// The backend's body is binary.
    pub payload: bool,
    /// The request asks for a binary media type.
    pub accept: bool,
}

impl IntegrationResponses {
    /// The responses a method's flattened details describe
    /// (`Integration.IntegrationResponses[i].…`); a pattern that is not a regular expression
    /// is an error naming it.
    pub fn from_details(details: &BTreeMap<String, String>) -> Result<Self, String> {
        let mut by_index: BTreeMap<usize, Response> = BTreeMap::new();
        for (key, value) in details {
            let Some((index, field)) = key
                .strip_prefix("Integration.IntegrationResponses[")
                .and_then(|rest| rest.split_once("]."))
            else {
                continue;
            };
            let Ok(index) = index.parse::<usize>() else {
                continue;
            };
            let r = by_index.entry(index).or_default();
            if field == "StatusCode" {
                r.status = value.parse().unwrap_or(0);
            } else if field == "SelectionPattern" && !value.is_empty() {
                let regex = regex::Regex::new(&format!("^(?:{value})$"))
                    .map_err(|e| format!("selection pattern {value}: {e}"))?;
                r.pattern = Some((value.clone(), regex));
            } else if field == "ResponseTemplates.application/json" {
                r.template = Some(value.clone());
            } else if field == "ContentHandling" {
                r.content_handling = content_handling(Some(value));
            } else if let Some(name) =
                field.strip_prefix("ResponseParameters.method.response.header.")
            {
                let source = match value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
                    Some(v) => HeaderValue::Static(v.to_owned()),
                    None => match value.strip_prefix("integration.response.header.") {
                        Some(h) => HeaderValue::Backend(h.to_owned()),
                        None => continue,
                    },
                };
                r.headers.push((name.to_owned(), source));
            }
        }
        Ok(Self {
            responses: by_index.into_values().collect(),
        })
    }

    /// The method's answer to the backend's `headers` and `body` (converted as `binary`
    /// says, then its template evaluated for `input`), the response selected by `selector`,
    /// and the pattern that selected it; `Ok(None)` when none matches and there is no
    /// default, an error when the template or a conversion fails (API Gateway's 500 both).
    pub fn answer(
        &self,
        selector: Selector<'_>,
        (headers, body): (&[(String, String)], &[u8]),
        input: &Input<'_>,
        binary: BinaryAnswer,
    ) -> Result<Option<(MethodAnswer, String)>, String> {
        let text = match selector {
            Selector::Status(status) => Some(status.to_string()),
            Selector::LambdaError(message) => Some(message.to_owned()),
            Selector::LambdaSuccess => None,
        };
        let chosen = text
            .and_then(|text| {
                self.responses
                    .iter()
                    .find(|r| r.pattern.as_ref().is_some_and(|(_, re)| re.is_match(&text)))
            })
            .or_else(|| self.responses.iter().find(|r| r.pattern.is_none()));
        let Some(chosen) = chosen else {
            return Ok(None);
        };
        let mut out = vec![("Content-Type".to_owned(), "application/json".to_owned())];
        for (name, source) in &chosen.headers {
            let value = match source {
                HeaderValue::Static(v) => Some(v.clone()),
                HeaderValue::Backend(h) => headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(h))
                    .map(|(_, v)| v.clone()),
            };
            if let Some(value) = value {
                out.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
                out.push((name.clone(), value));
            }
        }
        let payload = Payload {
            bytes: body.to_vec(),
            binary: binary.payload,
        };
        let body = binary_media::method_response(payload, binary.accept, chosen.content_handling)
            .map_err(|e| e.to_string())?;
        let body = match &chosen.template {
            Some(t) => render(
                t,
                &Input {
                    body: &body,
                    ..*input
                },
            )?
            .into_bytes(),
            None => body,
        };
        let how = match &chosen.pattern {
            Some((p, _)) => format!("response {} (pattern {p})", chosen.status),
            None => format!("response {} (default)", chosen.status),
        };
        Ok(Some(((chosen.status, out, body), how)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::event::RequestFacts;

    fn responses() -> IntegrationResponses {
        let details: BTreeMap<String, String> = [
            ("Integration.IntegrationResponses[0].StatusCode", "200"),
            (
                "Integration.IntegrationResponses[0].ResponseTemplates.application/json",
                "{\"id\": $input.json('$.MessageId')}",
            ),
            (
                "Integration.IntegrationResponses[0].ResponseParameters.method.response.header.X-Request",
                "integration.response.header.x-amzn-RequestId",
            ),
            ("Integration.IntegrationResponses[1].StatusCode", "400"),
            ("Integration.IntegrationResponses[1].SelectionPattern", "4\\d{2}"),
            ("Integration.IntegrationResponses[2].StatusCode", "500"),
            ("Integration.IntegrationResponses[2].SelectionPattern", "5\\d{2}"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        IntegrationResponses::from_details(&details).unwrap()
    }

    #[test]
    fn the_status_selects_by_pattern_else_the_default_response() {
        let facts = RequestFacts::default();
        let input = Input {
            facts: &facts,
            body: b"",
        };
        let headers = vec![("x-amzn-RequestId".to_owned(), "r1".to_owned())];
        let ((status, out, body), how) = responses()
            .answer(
                Selector::Status(200),
                (&headers, br#"{"MessageId": "m1"}"#),
                &input,
                BinaryAnswer::default(),
            )
            .unwrap()
            .unwrap();
        assert_eq!((status, body.as_slice()), (200, &br#"{"id": "m1"}"#[..]));
        assert!(out.contains(&("X-Request".to_owned(), "r1".to_owned())));
        assert_eq!(how, "response 200 (default)");
        let ((status, _, body), how) = responses()
            .answer(
                Selector::Status(404),
                (&[], b"nope"),
                &input,
                BinaryAnswer::default(),
            )
            .unwrap()
            .unwrap();
        assert_eq!((status, body.as_slice()), (400, &b"nope"[..]));
        assert_eq!(how, "response 400 (pattern 4\\d{2})");
        // A pattern matches the whole status: 4\d{2} is not 4000.
        let only_patterns = IntegrationResponses {
            responses: responses().responses.split_off(1),
        };
        assert!(
            only_patterns
                .answer(
                    Selector::Status(4000),
                    (&[], b""),
                    &input,
                    BinaryAnswer::default()
                )
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_lambda_error_selects_by_its_message_and_a_success_takes_the_default() {
        let facts = RequestFacts::default();
        let input = Input {
            facts: &facts,
            body: b"",
        };
        let details: BTreeMap<String, String> = [
            ("Integration.IntegrationResponses[0].StatusCode", "200"),
            ("Integration.IntegrationResponses[1].StatusCode", "404"),
            (
                "Integration.IntegrationResponses[1].SelectionPattern",
                "Not found.*",
            ),
            ("Integration.IntegrationResponses[2].StatusCode", "500"),
            ("Integration.IntegrationResponses[2].SelectionPattern", ".*"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let lambda = IntegrationResponses::from_details(&details).unwrap();
        let status = |selector| {
            lambda
                .answer(selector, (&[], b"{}"), &input, BinaryAnswer::default())
                .unwrap()
                .unwrap()
                .0
                .0
        };
        assert_eq!(status(Selector::LambdaError("Not found: 7")), 404);
        assert_eq!(status(Selector::LambdaError("boom")), 500);
        // `.*` would match any text: a success is not matched at all.
        assert_eq!(status(Selector::LambdaSuccess), 200);
    }
}
