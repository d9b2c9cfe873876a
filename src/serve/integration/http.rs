//! The `HTTP` (non-proxy) integration, as API Gateway calls it: the integration's HTTP
//! method (`ANY`: the request's) on its URL, whose `{name}` placeholders, query string and
//! headers come from the request parameters alone (nothing else of the request passes); the
//! body mapped by the request template of its content type, else passed through as the
//! passthrough behavior lets it ([`mapping`](super::mapping)). The backend's status selects
//! the integration response ([`response`](super::response)).

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::http_proxy::{Outgoing, fill_placeholders};
use super::mapping::{MappingError, RequestMapping};
use super::response::{BinaryAnswer, IntegrationResponses};
use crate::serve::binary_media::BinaryMediaTypes;
use crate::serve::event::RequestFacts;

/// What a query string name or value keeps unencoded.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// An `HTTP` integration with its mapping and integration responses.
#[derive(Debug, Clone)]
pub struct HttpIntegration {
    /// The URL with its `{name}` placeholders, values filled.
    pub url: String,
    /// `IntegrationHttpMethod` (`ANY`: the request's).
    pub method: String,
    /// The request templates, passthrough behavior and request parameters.
    mapping: RequestMapping,
    /// The integration responses.
    pub responses: IntegrationResponses,
}

impl HttpIntegration {
    /// The integration to `url` (filled) with a method's flattened details (values filled),
    /// for an API of `binary` media types; the error names a selection pattern that is not a
    /// regular expression.
    pub fn new(
        url: String,
        details: &BTreeMap<String, String>,
        binary: BinaryMediaTypes,
    ) -> Result<Self, String> {
        Ok(Self {
            url,
            method: details
                .get("Integration.IntegrationHttpMethod")
                .cloned()
                .unwrap_or_else(|| "ANY".to_owned()),
            mapping: RequestMapping::from_details(details, binary),
            responses: IntegrationResponses::from_details(details)?,
        })
    }

    /// Whether the backend's answer is binary and whether the request asks for binary.
    pub fn binary_answer(
        &self,
        request: &RequestFacts,
        answer_headers: &[(String, String)],
    ) -> BinaryAnswer {
        self.mapping.binary_answer(request, answer_headers)
    }

    /// The request sent for `facts` (its body read) and its body.
    pub fn outgoing(&self, facts: &RequestFacts) -> Result<(Outgoing, Vec<u8>), MappingError> {
        let body = self.mapping.body(facts, &facts.body)?;
        let mapped = self.mapping.parameters(facts);
        let mut url = fill_placeholders(&self.url, &mapped.path).map_err(MappingError::Unserved)?;
        if !mapped.query.is_empty() {
            let pairs: Vec<String> = mapped
                .query
                .iter()
                .map(|(n, v)| {
                    format!(
                        "{}={}",
                        utf8_percent_encode(n, QUERY),
                        utf8_percent_encode(v, QUERY)
                    )
                })
                .collect();
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&pairs.join("&"));
        }
        let mut headers = mapped.headers;
        if !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("Content-Type"))
        {
            headers.push(("Content-Type".to_owned(), body.content_type));
        }
        let method = if self.method.eq_ignore_ascii_case("ANY") {
            facts.method.clone()
        } else {
            self.method.clone()
        };
        Ok((
            Outgoing {
                url,
                method,
                headers,
            },
            body.bytes,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn only_mapped_parameters_reach_the_backend_with_the_template_and_its_content_type() {
        let http = HttpIntegration::new(
            "http://127.0.0.1:9/items/{id}".to_owned(),
            &details(&[
                ("Integration.IntegrationHttpMethod", "POST"),
                (
                    "Integration.RequestParameters.integration.request.path.id",
                    "method.request.path.id",
                ),
                (
                    "Integration.RequestParameters.integration.request.querystring.lang",
                    "'en gb'",
                ),
                (
                    "Integration.RequestTemplates.application/json",
                    "{\"item\": \"$input.params('id')\"}",
                ),
            ]),
            BinaryMediaTypes::default(),
        )
        .unwrap();
        let facts = RequestFacts {
            method: "GET".to_owned(),
            headers: vec![("X-Secret".to_owned(), "s".to_owned())],
            query: vec![("q".to_owned(), "x".to_owned())],
            path_parameters: BTreeMap::from([("id".to_owned(), "4 2".to_owned())]),
            ..RequestFacts::default()
        };
        let (out, body) = http.outgoing(&facts).unwrap();
        assert_eq!(out.url, "http://127.0.0.1:9/items/4%202?lang=en%20gb");
        assert_eq!(out.method, "POST");
        assert_eq!(
            out.headers,
            vec![("Content-Type".to_owned(), "application/json".to_owned())]
        );
        assert_eq!(body, br#"{"item": "4 2"}"#);
    }
}
