//! The Lambda proxy integration's contract: the REST API proxy event API Gateway sends
//! ("Input format of a Lambda function for proxy integration" in its developer guide),
//! field for field, and the function's answer mapped back to an HTTP response ("Output
//! format"), a malformed answer being an error (API Gateway's 502).

use std::collections::BTreeMap;

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::authorize::iam::Caller;

/// What the request gives the event.
#[derive(Debug, Clone, Default)]
pub struct RequestFacts {
    /// The HTTP method.
    pub method: String,
    /// The path after the stage (`/orders/42`), decoded.
    pub path: String,
    /// The request target as received: the whole path and the query, still encoded (what a
    /// SigV4 signature covers).
    pub target: String,
    /// The resource's path as defined (`/orders/{id}`).
    pub resource: String,
    /// Headers in request order (name as sent, value).
    pub headers: Vec<(String, String)>,
    /// Query string parameters in request order, decoded.
    pub query: Vec<(String, String)>,
    /// Path parameters.
    pub path_parameters: BTreeMap<String, String>,
    /// Stage variables.
    pub stage_variables: BTreeMap<String, String>,
    /// The body.
    pub body: Vec<u8>,
    /// The caller's address.
    pub source_ip: String,
    /// The stage name.
    pub stage: String,
    /// The request id.
    pub request_id: String,
    /// Milliseconds since the epoch when the request arrived.
    pub time_epoch_ms: u64,
    /// `requestContext.authorizer` (`claims` for Cognito), when authorized by one.
    pub authorizer: Option<Value>,
    /// The API key's value, when the method required one.
    pub api_key: Option<String>,
    /// The signer of an `AWS_IAM` method's request (`requestContext.identity.accessKey`).
    pub caller: Option<Caller>,
    /// The API's id as served (`local`).
    pub api_id: String,
    /// The account id.
    pub account_id: String,
    /// The `Host` the caller used.
    pub domain_name: String,
}

/// API Gateway's REST proxy event.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ProxyEvent {
    resource: String,
    path: String,
    http_method: String,
    headers: Option<BTreeMap<String, String>>,
    multi_value_headers: Option<BTreeMap<String, Vec<String>>>,
    query_string_parameters: Option<BTreeMap<String, String>>,
    multi_value_query_string_parameters: Option<BTreeMap<String, Vec<String>>>,
    path_parameters: Option<BTreeMap<String, String>>,
    stage_variables: Option<BTreeMap<String, String>>,
    request_context: RequestContext,
    body: Option<String>,
    is_base64_encoded: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct RequestContext {
    account_id: String,
    api_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    authorizer: Option<Value>,
    domain_name: String,
    domain_prefix: String,
    extended_request_id: String,
    http_method: String,
    identity: Identity,
    path: String,
    protocol: String,
    request_id: String,
    request_time: String,
    request_time_epoch: u64,
    resource_id: String,
    resource_path: String,
    stage: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Identity {
    access_key: Option<String>,
    account_id: Option<String>,
    api_key: Option<String>,
    api_key_id: Option<String>,
    caller: Option<String>,
    client_cert: Option<String>,
    cognito_authentication_provider: Option<String>,
    cognito_authentication_type: Option<String>,
    cognito_identity_id: Option<String>,
    cognito_identity_pool_id: Option<String>,
    principal_org_id: Option<String>,
    source_ip: String,
    user: Option<String>,
    user_agent: Option<String>,
    user_arn: Option<String>,
}

/// Values by name, the last one winning, and every value by name; None when there are none
/// (API Gateway sends `null`, not `{}`).
type Single = Option<BTreeMap<String, String>>;
type Multi = Option<BTreeMap<String, Vec<String>>>;

fn single_and_multi(pairs: &[(String, String)]) -> (Single, Multi) {
    if pairs.is_empty() {
        return (None, None);
    }
    let mut single = BTreeMap::new();
    let mut multi: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in pairs {
        single.insert(k.clone(), v.clone());
        multi.entry(k.clone()).or_default().push(v.clone());
    }
    (Some(single), Some(multi))
}

impl ProxyEvent {
    /// The event of one request; `binary` when its `Content-Type` is one of the API's binary
    /// media types: the body is then sent in base64 with `isBase64Encoded`, else as text
    /// (bytes that are not UTF-8 replaced by U+FFFD, as API Gateway passes text on as a UTF-8
    /// string).
    pub fn new(facts: &RequestFacts, binary: bool) -> Self {
        let (headers, multi_value_headers) = single_and_multi(&facts.headers);
        let (query, multi_query) = single_and_multi(&facts.query);
        let header = |name: &str| {
            facts
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let (body, is_base64_encoded) = if facts.body.is_empty() {
            (None, false)
        } else if binary {
            (
                Some(base64::engine::general_purpose::STANDARD.encode(&facts.body)),
                true,
            )
        } else {
            (
                Some(String::from_utf8_lossy(&facts.body).into_owned()),
                false,
            )
        };
        let domain_prefix = facts.domain_name.split('.').next().unwrap_or("").to_owned();
        Self {
            resource: facts.resource.clone(),
            path: facts.path.clone(),
            http_method: facts.method.clone(),
            headers,
            multi_value_headers,
            query_string_parameters: query,
            multi_value_query_string_parameters: multi_query,
            path_parameters: (!facts.path_parameters.is_empty())
                .then(|| facts.path_parameters.clone()),
            stage_variables: (!facts.stage_variables.is_empty())
                .then(|| facts.stage_variables.clone()),
            request_context: RequestContext {
                account_id: facts.account_id.clone(),
                api_id: facts.api_id.clone(),
                authorizer: facts.authorizer.clone(),
                domain_name: facts.domain_name.clone(),
                domain_prefix,
                extended_request_id: facts.request_id.clone(),
                http_method: facts.method.clone(),
                identity: Identity {
                    access_key: facts.caller.as_ref().map(|c| c.access_key.clone()),
                    // The signer's account: serve knows no other than its own.
                    account_id: facts.caller.as_ref().map(|_| facts.account_id.clone()),
                    api_key: facts.api_key.clone(),
                    api_key_id: facts.api_key.as_ref().map(|_| "local".to_owned()),
                    caller: None,
                    client_cert: None,
                    cognito_authentication_provider: None,
                    cognito_authentication_type: None,
                    cognito_identity_id: None,
                    cognito_identity_pool_id: None,
                    principal_org_id: None,
                    source_ip: facts.source_ip.clone(),
                    user: None,
                    user_agent: header("User-Agent"),
                    user_arn: None,
                },
                path: format!("/{}{}", facts.stage, facts.path),
                protocol: "HTTP/1.1".to_owned(),
                request_id: facts.request_id.clone(),
                request_time: request_time(facts.time_epoch_ms / 1000),
                request_time_epoch: facts.time_epoch_ms,
                resource_id: resource_id(&facts.resource),
                resource_path: facts.resource.clone(),
                stage: facts.stage.clone(),
            },
            body,
            is_base64_encoded,
        }
    }
}

/// A short stable id for a resource path, standing for API Gateway's resource id.
fn resource_id(path: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(path.as_bytes());
    digest.iter().take(3).map(|b| format!("{b:02x}")).collect()
}

/// `09/Apr/2015:12:34:56 +0000`, the format of `requestContext.requestTime`.
fn request_time(epoch_seconds: u64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = epoch_seconds / 86_400;
    let secs = epoch_seconds % 86_400;
    // Days to civil date (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{day:02}/{}/{year}:{:02}:{:02}:{:02} +0000",
        MONTHS[(month - 1) as usize],
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// A function's answer: `statusCode`, `headers`, `multiValueHeaders`, `body`,
/// `isBase64Encoded`, and nothing else.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ProxyAnswer {
    status_code: u16,
    #[serde(default)]
    headers: Option<BTreeMap<String, String>>,
    #[serde(default)]
    multi_value_headers: Option<BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    is_base64_encoded: Option<bool>,
}

/// The HTTP response a function's answer stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedResponse {
    /// The status.
    pub status: u16,
    /// The headers, `multiValueHeaders` after `headers`.
    pub headers: Vec<(String, String)>,
    /// The body as the function wrote it.
    pub body: String,
    /// The function's `isBase64Encoded`: the body is base64, to be decoded when the caller
    /// asked for a binary media type ([`Self::body_for`]).
    pub base64: bool,
}

impl MappedResponse {
    /// The body sent back: decoded from base64 when the function said it is base64 and
    /// `accept_binary` (the request's first `Accept` type is a binary media type), else the
    /// text as written ("Return binary media from a Lambda proxy integration"); bad base64
    /// to decode is an error saying why.
    pub fn body_for(&self, accept_binary: bool) -> Result<Vec<u8>, String> {
        if self.base64 && accept_binary {
            base64::engine::general_purpose::STANDARD
                .decode(self.body.as_bytes())
                .map_err(|e| format!("malformed Lambda proxy response: body is not base64: {e}"))
        } else {
            Ok(self.body.clone().into_bytes())
        }
    }
}

/// Maps a function's answer back; a malformed one (not JSON, an unknown field, a field of
/// the wrong type, a status out of range) is an error saying why.
pub fn map_answer(answer: &[u8]) -> Result<MappedResponse, String> {
    let a: ProxyAnswer = serde_json::from_slice(answer)
        .map_err(|e| format!("malformed Lambda proxy response: {e}"))?;
    if !(100..=599).contains(&a.status_code) {
        return Err(format!(
            "malformed Lambda proxy response: statusCode {}",
            a.status_code
        ));
    }
    let mut headers: Vec<(String, String)> = a.headers.unwrap_or_default().into_iter().collect();
    for (name, values) in a.multi_value_headers.unwrap_or_default() {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        headers.extend(values.into_iter().map(|v| (name.clone(), v)));
    }
    Ok(MappedResponse {
        status: a.status_code,
        headers,
        body: a.body.unwrap_or_default(),
        base64: a.is_base64_encoded.unwrap_or(false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_time_is_api_gateways_format() {
        assert_eq!(request_time(1_428_582_896), "09/Apr/2015:12:34:56 +0000");
    }

    #[test]
    fn an_answer_with_an_unknown_field_or_no_status_is_malformed() {
        assert!(map_answer(br#"{"statusCode": 200, "extra": 1}"#).is_err());
        assert!(map_answer(br#"{"body": "x"}"#).is_err());
        assert!(map_answer(b"not json").is_err());
        let ok = map_answer(br#"{"statusCode": 201, "headers": {"a": "1"}, "multiValueHeaders": {"b": ["2", "3"]}, "body": "aGk=", "isBase64Encoded": true}"#).unwrap();
        assert_eq!(ok.status, 201);
        assert_eq!(ok.headers.len(), 3);
    }

    #[test]
    fn a_base64_answer_is_decoded_only_for_a_binary_accept() {
        let ok =
            map_answer(br#"{"statusCode": 200, "body": "aGk=", "isBase64Encoded": true}"#).unwrap();
        assert_eq!(ok.body_for(true).unwrap(), b"hi");
        assert_eq!(ok.body_for(false).unwrap(), b"aGk=");
        let bad =
            map_answer(br#"{"statusCode": 200, "body": "?!", "isBase64Encoded": true}"#).unwrap();
        assert!(bad.body_for(true).is_err());
        assert_eq!(bad.body_for(false).unwrap(), b"?!");
        let text = map_answer(br#"{"statusCode": 200, "body": "aGk="}"#).unwrap();
        assert_eq!(text.body_for(true).unwrap(), b"aGk=");
    }
}
