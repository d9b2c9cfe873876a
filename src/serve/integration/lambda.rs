//! The Lambda (non-proxy) integration: `AWS` with a Lambda invocation URI, as API Gateway
//! calls it. The payload is the request template of the request's content type evaluated,
//! else the body as the passthrough behavior lets it ([`mapping`](super::mapping)), sent
//! through the same Invoke API transport as the proxy integration
//! ([`lambda_proxy`](super::lambda_proxy)). The answer selects an integration response
//! ([`response`](super::response)): a function error (`X-Amz-Function-Error`) by its
//! `errorMessage` against the `SelectionPattern`s, a success the default response ("Handle
//! Lambda errors in API Gateway").

use std::collections::BTreeMap;

use serde_json::Value;

use super::mapping::{MappingError, RequestMapping};
use super::response::{BinaryAnswer, IntegrationResponses};
use crate::serve::binary_media::BinaryMediaTypes;
use crate::serve::event::RequestFacts;

/// A Lambda integration without proxy.
#[derive(Debug, Clone)]
pub struct LambdaIntegration {
    /// The function's name.
    pub function: String,
    /// Its Invoke API URL, when an endpoint is known.
    pub endpoint: Option<String>,
    /// The request templates and passthrough behavior.
    mapping: RequestMapping,
    /// The integration responses.
    pub responses: IntegrationResponses,
}

impl LambdaIntegration {
    /// The integration calling `function` at `endpoint` (its Invoke URL) with a method's
    /// flattened details (values filled), for an API of `binary` media types; the error
    /// names a selection pattern that is not a regular expression.
    pub fn new(
        function: String,
        endpoint: Option<String>,
        details: &BTreeMap<String, String>,
        binary: BinaryMediaTypes,
    ) -> Result<Self, String> {
        Ok(Self {
            function,
            endpoint,
            mapping: RequestMapping::from_details(details, binary),
            responses: IntegrationResponses::from_details(details)?,
        })
    }

    /// Whether the request asks for binary (its first `Accept` type a binary media type);
    /// a function's answer is JSON, never binary.
    pub fn binary_answer(&self, request: &RequestFacts) -> BinaryAnswer {
        self.mapping.binary_answer(request, &[])
    }

    /// The invocation payload for `facts` (its body read).
    pub fn payload(&self, facts: &RequestFacts) -> Result<Vec<u8>, MappingError> {
        Ok(self.mapping.body(facts, &facts.body)?.bytes)
    }
}

/// The `errorMessage` of a function error's payload (`{"errorMessage": …, "errorType": …}`),
/// `""` when it has none.
pub fn error_message(payload: &[u8]) -> String {
    serde_json::from_slice::<Value>(payload)
        .ok()
        .and_then(|v| v.get("errorMessage")?.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_message_is_read_from_the_error_payload() {
        assert_eq!(
            error_message(br#"{"errorMessage": "Not found: 7", "errorType": "Error"}"#),
            "Not found: 7"
        );
        assert_eq!(error_message(b"not json"), "");
        assert_eq!(error_message(br#"{"errorType": "Error"}"#), "");
    }

    #[test]
    fn the_payload_is_the_rendered_template() {
        let details: BTreeMap<String, String> = [(
            "Integration.RequestTemplates.application/json".to_owned(),
            "{\"id\": \"$input.params('id')\"}".to_owned(),
        )]
        .into();
        let lambda = LambdaIntegration::new(
            "orders".to_owned(),
            None,
            &details,
            BinaryMediaTypes::default(),
        )
        .unwrap();
        let facts = RequestFacts {
            path_parameters: BTreeMap::from([("id".to_owned(), "7".to_owned())]),
            ..RequestFacts::default()
        };
        assert_eq!(lambda.payload(&facts).unwrap(), br#"{"id": "7"}"#);
    }
}
