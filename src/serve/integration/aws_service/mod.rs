//! `AWS` service integrations, sent as API Gateway sends them but to `--aws-endpoint` (for
//! example LocalStack): the integration's HTTP method; the URI's `path/…` as the path, or
//! its `action/…` as `?Action=` (query protocol) or as `X-Amz-Target` (the JSON protocol's
//! services); the body mapped as every non-proxy integration's is
//! ([`mapping`](super::mapping): converted by the `ContentHandling`, then the request
//! template of its content type, or passed through); the request parameters mapped into
//! the path, query and headers; signed with SigV4 for the integration's service and region. The answer goes
//! through the integration responses.

mod sign;

use std::collections::BTreeMap;
use std::time::SystemTime;

pub use super::response::{BinaryAnswer, IntegrationResponses, MethodAnswer};

use super::http_proxy::fill_placeholders;
use super::mapping::{MappingError, RequestMapping};
use crate::serve::authorize::iam::Credential;
use crate::serve::binary_media::BinaryMediaTypes;
use crate::serve::event::RequestFacts;

/// What the URI calls after the service: `action/<Action>` or `path/<path>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwsTarget {
    /// `action/SendMessage`.
    Action(String),
    /// `path/123456789012/orders`, with `{name}` placeholders.
    Path(String),
}

/// An `AWS` integration to a service action, served against `--aws-endpoint`.
#[derive(Debug, Clone)]
pub struct AwsService {
    /// The region of the URI (the signature's).
    pub region: String,
    /// The service (the signature's name): `sqs`, `dynamodb`, …
    pub service: String,
    /// What the URI calls.
    pub target: AwsTarget,
    /// `IntegrationHttpMethod`.
    pub method: String,
    /// The endpoint every service is called at (`http://127.0.0.1:4566`).
    pub endpoint: String,
    /// The credentials it signs with.
    pub credential: Credential,
    /// The request templates, passthrough behavior, request parameters and content
    /// handling.
    mapping: RequestMapping,
    /// The integration responses.
    pub responses: IntegrationResponses,
}

/// The call to send: method, URL, headers (signature included) and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The method.
    pub method: String,
    /// The whole URL.
    pub url: String,
    /// The headers, `Host` and the signature's among them.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// Why there is no call to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// No template for the request's content type, and the passthrough behavior refuses
    /// the body (API Gateway's 415).
    UnsupportedMediaType(String),
    /// What serve can't do with this request or template (the reason).
    Unserved(String),
    /// `CONVERT_TO_BINARY` of a body that is not base64 (API Gateway's 500).
    Conversion(String),
}

impl From<MappingError> for CallError {
    fn from(e: MappingError) -> Self {
        match e {
            MappingError::UnsupportedMediaType(why) => Self::UnsupportedMediaType(why),
            MappingError::Unserved(why) => Self::Unserved(why),
            MappingError::Conversion(why) => Self::Conversion(why),
        }
    }
}

impl AwsService {
    /// The integration of `uri` (`arn:aws:apigateway:{region}:{service}:{action|path}/…`,
    /// filled) with a method's flattened details, called at `endpoint` with `credential`,
    /// for an API of `binary` media types; the error says why it can't be served.
    pub fn new(
        uri: &str,
        details: &BTreeMap<String, String>,
        endpoint: &str,
        credential: Credential,
        binary: BinaryMediaTypes,
    ) -> Result<Self, String> {
        let parts: Vec<&str> = uri.splitn(6, ':').collect();
        let [_arn, _partition, "apigateway", region, service, rest] = parts.as_slice() else {
            return Err(format!("{uri} is not an API Gateway service URI"));
        };
        // `{subdomain}.{service}`: the service is the last part.
        let service = service.rsplit('.').next().unwrap_or(service);
        let target = match rest.split_once('/') {
            Some(("action", action)) => AwsTarget::Action(action.to_owned()),
            Some(("path", path)) => AwsTarget::Path(path.to_owned()),
            _ => return Err(format!("{uri}: neither action/ nor path/")),
        };
        Ok(Self {
            region: (*region).to_owned(),
            service: service.to_owned(),
            target,
            method: details
                .get("Integration.IntegrationHttpMethod")
                .cloned()
                .unwrap_or_else(|| "POST".to_owned()),
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            credential,
            mapping: RequestMapping::from_details(details, binary),
            responses: IntegrationResponses::from_details(details)?,
        })
    }

    /// `service:Action` or `service:path/…`, for the log.
    pub fn describe(&self) -> String {
        match &self.target {
            AwsTarget::Action(a) => format!("AWS {}:{a}", self.service),
            AwsTarget::Path(p) => format!("AWS {}:path/{p}", self.service),
        }
    }

    /// The signed call API Gateway would make for `facts` (its body read), at `now`.
    pub fn call(&self, facts: &RequestFacts, now: SystemTime) -> Result<Call, CallError> {
        let body = self.mapping.body(facts, &facts.body)?.bytes;
        let mapped = self.mapping.parameters(facts);
        let (path_values, query, mut headers) = (mapped.path, mapped.query, mapped.headers);
        let has = |headers: &[(String, String)], name: &str| {
            headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
        };
        let mut path = match &self.target {
            AwsTarget::Path(p) => {
                fill_placeholders(&format!("/{p}"), &path_values).map_err(CallError::Unserved)?
            }
            AwsTarget::Action(action) => {
                let (name, more) = action.split_once('&').unwrap_or((action, ""));
                match sign::json_protocol(&self.service) {
                    Some((prefix, content_type)) => {
                        if !has(&headers, "X-Amz-Target") {
                            headers.push(("X-Amz-Target".to_owned(), format!("{prefix}.{name}")));
                        }
                        if !has(&headers, "Content-Type") {
                            headers.push(("Content-Type".to_owned(), content_type.to_owned()));
                        }
                        "/".to_owned()
                    }
                    None if more.is_empty() => format!("/?Action={name}"),
                    None => format!("/?Action={name}&{more}"),
                }
            }
        };
        if !query.is_empty() {
            let pairs: Vec<String> = query
                .iter()
                .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                .collect();
            path.push(if path.contains('?') { '&' } else { '?' });
            path.push_str(&pairs.join("&"));
        }
        if !has(&headers, "Content-Type") {
            let content_type = facts
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("Content-Type"))
                .map_or("application/json", |(_, v)| v.as_str());
            headers.push(("Content-Type".to_owned(), content_type.to_owned()));
        }
        let authority = self
            .endpoint
            .split_once("://")
            .map_or(self.endpoint.as_str(), |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        headers.push(("Host".to_owned(), authority));
        let signature = sign::signature_headers(
            (&self.method, &path),
            &headers,
            &body,
            &self.credential,
            (&self.service, &self.region),
            now,
        )
        .map_err(|e| CallError::Unserved(format!("signing the call: {e}")))?;
        headers.extend(signature);
        Ok(Call {
            method: self.method.clone(),
            url: format!("{}{path}", self.endpoint),
            headers,
            body,
        })
    }

    /// Whether the request's answer is binary (the service's `Content-Type` a binary media
    /// type) and whether the request asks for binary (its first `Accept` type one).
    pub fn binary_answer(
        &self,
        request: &RequestFacts,
        answer_headers: &[(String, String)],
    ) -> BinaryAnswer {
        self.mapping.binary_answer(request, answer_headers)
    }
}

/// A query string name or value, encoded.
fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
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

    fn credential() -> Credential {
        Credential::parse("test=test").unwrap()
    }

    fn facts(body: &str) -> RequestFacts {
        RequestFacts {
            method: "POST".to_owned(),
            body: body.as_bytes().to_vec(),
            path_parameters: BTreeMap::from([("id".to_owned(), "42".to_owned())]),
            ..RequestFacts::default()
        }
    }

    fn header<'a>(call: &'a Call, name: &str) -> Option<&'a str> {
        call.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn a_path_uri_with_a_form_template_is_posted_to_the_path_and_signed_for_its_service() {
        let sqs = AwsService::new(
            "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders",
            &details(&[
                ("Integration.IntegrationHttpMethod", "POST"),
                (
                    "Integration.RequestTemplates.application/json",
                    "Action=SendMessage&MessageBody=$util.urlEncode($input.body)",
                ),
                (
                    "Integration.RequestParameters.integration.request.header.Content-Type",
                    "'application/x-www-form-urlencoded'",
                ),
            ]),
            "http://127.0.0.1:4566/",
            credential(),
            BinaryMediaTypes::default(),
        )
        .unwrap();
        let call = sqs.call(&facts("hi there"), SystemTime::now()).unwrap();
        assert_eq!(call.url, "http://127.0.0.1:4566/123456789012/orders");
        assert_eq!(call.body, b"Action=SendMessage&MessageBody=hi+there");
        assert_eq!(
            header(&call, "Content-Type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(header(&call, "Host"), Some("127.0.0.1:4566"));
        let authorization = header(&call, "Authorization").unwrap();
        assert!(
            authorization.contains("/eu-west-1/sqs/aws4_request"),
            "{authorization}"
        );
    }

    #[test]
    fn a_json_protocol_action_gets_its_target_header_and_content_type() {
        let ddb = AwsService::new(
            "arn:aws:apigateway:us-east-1:dynamodb:action/GetItem",
            &details(&[(
                "Integration.RequestTemplates.application/json",
                "{\"TableName\": \"items\", \"Key\": {\"id\": {\"S\": \"$input.params('id')\"}}}",
            )]),
            "http://127.0.0.1:4566",
            credential(),
            BinaryMediaTypes::default(),
        )
        .unwrap();
        let call = ddb.call(&facts(""), SystemTime::now()).unwrap();
        assert_eq!(call.url, "http://127.0.0.1:4566/");
        assert_eq!(
            header(&call, "X-Amz-Target"),
            Some("DynamoDB_20120810.GetItem")
        );
        assert_eq!(
            header(&call, "Content-Type"),
            Some("application/x-amz-json-1.0")
        );
        assert_eq!(
            String::from_utf8(call.body).unwrap(),
            r#"{"TableName": "items", "Key": {"id": {"S": "42"}}}"#
        );
    }

    #[test]
    fn a_query_protocol_action_goes_in_the_query_and_never_passthrough_refuses_other_types() {
        let sns = AwsService::new(
            "arn:aws:apigateway:us-east-1:sns:action/Publish",
            &details(&[
                (
                    "Integration.RequestTemplates.application/json",
                    "TopicArn=t&Message=$util.urlEncode($input.body)",
                ),
                ("Integration.PassthroughBehavior", "NEVER"),
            ]),
            "http://127.0.0.1:4566",
            credential(),
            BinaryMediaTypes::default(),
        )
        .unwrap();
        let call = sns.call(&facts("x"), SystemTime::now()).unwrap();
        assert_eq!(call.url, "http://127.0.0.1:4566/?Action=Publish");
        let mut xml = facts("<a/>");
        xml.headers
            .push(("Content-Type".to_owned(), "text/xml".to_owned()));
        assert!(matches!(
            sns.call(&xml, SystemTime::now()),
            Err(CallError::UnsupportedMediaType(_))
        ));
    }
}
