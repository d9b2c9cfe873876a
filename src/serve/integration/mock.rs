//! MOCK integrations: the request template's `statusCode` selects the integration
//! response (its `SelectionPattern` compared as text, else the default response), which
//! answers with its static headers and its `application/json` template as the body, which
//! its `ContentHandling` may convert ([`crate::serve::binary_media`]). Templates are not
//! evaluated as VTL: a template's text is sent as written.

use std::collections::BTreeMap;

use crate::api::ContentHandling;
use crate::serve::binary_media::content_handling;

/// One integration response of a mock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Response {
    status: u16,
    pattern: Option<String>,
    headers: Vec<(String, String)>,
    body: String,
    content_handling: Option<ContentHandling>,
}

/// A mock's answer: the chosen integration response's status, headers, body (its template
/// as written) and `ContentHandling`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockAnswer {
    /// The status.
    pub status: u16,
    /// The headers.
    pub headers: Vec<(String, String)>,
    /// The body, before any conversion.
    pub body: String,
    /// The integration response's `ContentHandling`.
    pub content_handling: Option<ContentHandling>,
}

/// A mock integration, ready to answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MockIntegration {
    /// Request templates by content type.
    request_templates: BTreeMap<String, String>,
    responses: Vec<Response>,
}

impl MockIntegration {
    /// The mock a method's flattened details describe (`Integration.RequestTemplates.…`,
    /// `Integration.IntegrationResponses[i].…`), placeholders already filled.
    pub fn from_details(details: &BTreeMap<String, String>) -> Self {
        let mut mock = Self::default();
        let mut responses: BTreeMap<usize, Response> = BTreeMap::new();
        for (key, value) in details {
            if let Some(ct) = key.strip_prefix("Integration.RequestTemplates.") {
                mock.request_templates.insert(ct.to_owned(), value.clone());
            } else if let Some(rest) = key.strip_prefix("Integration.IntegrationResponses[") {
                let Some((index, field)) = rest.split_once("].") else {
                    continue;
                };
                let Ok(index) = index.parse::<usize>() else {
                    continue;
                };
                let r = responses.entry(index).or_default();
                if field == "StatusCode" {
                    r.status = value.parse().unwrap_or(0);
                } else if field == "SelectionPattern" {
                    r.pattern = Some(value.clone()).filter(|p| !p.is_empty());
                } else if field == "ResponseTemplates.application/json" {
                    r.body = value.clone();
                } else if field == "ContentHandling" {
                    r.content_handling = content_handling(Some(value));
                } else if let Some(h) =
                    field.strip_prefix("ResponseParameters.method.response.header.")
                    && let Some(v) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\''))
                {
                    r.headers.push((h.to_owned(), v.to_owned()));
                }
            }
        }
        mock.responses = responses.into_values().collect();
        mock
    }

    /// The answer to a request of `content_type` (`application/json` when none): status,
    /// headers and body, or None when no integration response matches (API Gateway's 500).
    pub fn answer(&self, content_type: Option<&str>) -> Option<MockAnswer> {
        let ct = content_type
            .and_then(|c| c.split(';').next())
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .unwrap_or("application/json");
        let template = self
            .request_templates
            .get(ct)
            .or_else(|| self.request_templates.get("application/json"));
        let status = template.map_or(200, |t| status_in(t).unwrap_or(200));
        let text = status.to_string();
        let chosen = self
            .responses
            .iter()
            .find(|r| r.pattern.as_deref() == Some(text.as_str()))
            .or_else(|| self.responses.iter().find(|r| r.pattern.is_none()))?;
        let mut headers = chosen.headers.clone();
        headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        Some(MockAnswer {
            status: chosen.status,
            headers,
            body: chosen.body.clone(),
            content_handling: chosen.content_handling,
        })
    }
}

/// The `statusCode` a request template gives (`{"statusCode": 200}`).
pub(crate) fn status_in(template: &str) -> Option<u16> {
    let after = &template[template.find("\"statusCode\"")? + "\"statusCode\"".len()..];
    let after = after.trim_start().strip_prefix(':')?.trim_start();
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn the_request_templates_status_selects_the_integration_response() {
        let m = MockIntegration::from_details(&details(&[
            (
                "Integration.RequestTemplates.application/json",
                "{\"statusCode\": 404}",
            ),
            ("Integration.IntegrationResponses[0].StatusCode", "200"),
            ("Integration.IntegrationResponses[1].StatusCode", "404"),
            (
                "Integration.IntegrationResponses[1].SelectionPattern",
                "404",
            ),
            (
                "Integration.IntegrationResponses[1].ResponseTemplates.application/json",
                "{\"gone\": true}",
            ),
            (
                "Integration.IntegrationResponses[1].ResponseParameters.method.response.header.X-Why",
                "'test'",
            ),
        ]));
        let a = m.answer(None).unwrap();
        assert_eq!((a.status, a.body.as_str()), (404, "{\"gone\": true}"));
        assert!(a.headers.contains(&("X-Why".to_owned(), "test".to_owned())));
    }

    #[test]
    fn no_matching_integration_response_is_no_answer() {
        let m = MockIntegration::from_details(&details(&[
            ("Integration.IntegrationResponses[0].StatusCode", "404"),
            (
                "Integration.IntegrationResponses[0].SelectionPattern",
                "404",
            ),
        ]));
        assert!(m.answer(None).is_none());
    }
}
