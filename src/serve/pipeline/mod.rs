//! One request through the API, in the order API Gateway takes it: size limits, the stage,
//! the route, a CORS preflight, the method, its authorizer, its API key, the body, the
//! integration. Every error is answered through the gateway responses, and every request
//! is logged on one line with the rule that decided it.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::authorize::api_key;
use super::event::RequestFacts;
use super::gateway::Gateway;
use super::gateway_response::{GatewayError, ResponseType};
use super::log::LogLine;
use super::request_validator::Invalid;
use crate::api::ApiKeySource;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use percent_encoding::percent_decode_str;

mod access;
mod integrate;
mod throttle;

/// The largest request line and headers API Gateway takes: 10,240 bytes.
pub const MAX_HEADER_BYTES: usize = 10_240;
/// The largest payload API Gateway takes: 10 MB.
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;
/// How long a client may take to send its body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// The answer and the rule that decided it.
struct Outcome {
    response: Response<Full<Bytes>>,
    rule: String,
}

type Refusal = (GatewayError, String);

static REQUESTS: AtomicU64 = AtomicU64::new(0);

impl Gateway {
    /// Answers `request` from `peer`, logging it on one line to stderr.
    pub async fn handle(
        &self,
        request: Request<Incoming>,
        peer: SocketAddr,
    ) -> Response<Full<Bytes>> {
        let started = Instant::now();
        let method = request.method().as_str().to_owned();
        let path = request.uri().path().to_owned();
        let headers = header_pairs(&request);
        let outcome = match self.decide(request, &headers, peer).await {
            Ok(outcome) => outcome,
            Err((error, rule)) => {
                let rendered = self.responses.render(&error, |name| header(&headers, name));
                Outcome {
                    response: respond(
                        rendered.status,
                        &rendered.headers,
                        rendered.body.into_bytes(),
                    ),
                    rule: format!("refused: {rule}"),
                }
            }
        };
        let line = LogLine {
            method: &method,
            path: &path,
            status: outcome.response.status().as_u16(),
            latency: started.elapsed(),
            rule: &outcome.rule,
        };
        eprintln!("{line}");
        outcome.response
    }

    async fn decide(
        &self,
        request: Request<Incoming>,
        headers: &[(String, String)],
        peer: SocketAddr,
    ) -> Result<Outcome, Refusal> {
        let size: usize = request.uri().to_string().len()
            + headers
                .iter()
                .map(|(k, v)| k.len() + v.len() + 4)
                .sum::<usize>();
        if size > MAX_HEADER_BYTES {
            return Err(refuse(
                ResponseType::RequestTooLarge,
                format!(
                    "request line and headers of {size} bytes (API Gateway takes {MAX_HEADER_BYTES})"
                ),
            ));
        }
        let verb = request.method().as_str().to_owned();
        let full_path = request.uri().path().to_owned();
        let below_stage = full_path
            .strip_prefix('/')
            .and_then(|p| p.strip_prefix(self.stage.as_str()))
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
            .ok_or_else(|| {
                refuse(
                    ResponseType::MissingAuthenticationToken,
                    format!("not under stage /{}", self.stage),
                )
            })?;
        let below_stage = if below_stage.is_empty() {
            "/"
        } else {
            below_stage
        };
        let matched = self.router.find(below_stage).ok_or_else(|| {
            refuse(
                ResponseType::MissingAuthenticationToken,
                "no resource for the path".to_owned(),
            )
        })?;
        let resource = matched.resource.to_owned();
        let methods = self.methods.get(&resource);
        let served = methods.and_then(|m| m.get(&verb).or_else(|| m.get("ANY")));
        if verb == "OPTIONS"
            && served.is_none()
            && let Some(preflight) = self.preflights.get(&resource)
        {
            let (status, headers) = preflight.answer(header(headers, "Origin").as_deref());
            return Ok(Outcome {
                response: respond(status, &headers, Vec::new()),
                rule: format!("allowed: CORS preflight of {resource} (MOCK)"),
            });
        }
        let served = served.ok_or_else(|| {
            refuse(
                ResponseType::MissingAuthenticationToken,
                format!("no {verb} on {resource}"),
            )
        })?;
        // The method as declared: the verb, or the `ANY` that serves it.
        let declared = if methods.is_some_and(|m| m.contains_key(&verb)) {
            verb.as_str()
        } else {
            "ANY"
        };
        self.throttle_method(&resource, declared)?;
        let query = request.uri().query().map(query_pairs).unwrap_or_default();
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let id = REQUESTS.fetch_add(1, Ordering::Relaxed);
        let mut facts = RequestFacts {
            method: verb.clone(),
            path: percent_decode_str(below_stage)
                .decode_utf8_lossy()
                .into_owned(),
            target: request.uri().to_string(),
            resource: resource.clone(),
            headers: headers.to_vec(),
            query,
            path_parameters: matched.params.clone(),
            stage_variables: self.stage_variables.clone(),
            body: Vec::new(),
            source_ip: peer.ip().to_string(),
            stage: self.stage.clone(),
            request_id: format!("{:08x}-0000-4000-8000-{:012x}", now_ms & 0xffff_ffff, id),
            time_epoch_ms: now_ms,
            authorizer: None,
            api_key: None,
            caller: None,
            api_id: "local".to_owned(),
            account_id: self.account.clone(),
            domain_name: header(headers, "Host").unwrap_or_default(),
        };
        // The whole request first: a SigV4 signature covers the body.
        facts.body = read_body(request.into_body()).await?.to_vec();
        let authorized = self.authorize(served, &mut facts).await?;
        let api_key = if served.api_key_required {
            let sent = match self.key_source {
                ApiKeySource::Header => header(headers, "x-api-key"),
                ApiKeySource::Authorizer => authorized.usage_identifier_key,
            };
            match self.keys.check(sent.as_deref()) {
                Some(name) => Some((name.to_owned(), sent.unwrap_or_default())),
                None => {
                    return Err(refuse(
                        ResponseType::InvalidApiKey,
                        format!("no valid {}", api_key::describe(self.key_source)),
                    ));
                }
            }
        } else {
            None
        };
        let mut rule = format!("allowed: {}", authorized.who);
        if let Some((name, _)) = &api_key {
            rule.push_str(&format!(", API key {name}"));
            if let Some(usage) = self.throttle_key(name, &resource, declared)? {
                rule.push_str(&format!(" ({usage})"));
            }
        }
        facts.authorizer = authorized.context;
        facts.api_key = api_key.map(|(_, value)| value);
        if let Some(validation) = &served.validation {
            let content_type = header(headers, "Content-Type");
            validation
                .check(
                    |name| header(headers, name).is_some(),
                    |name| facts.query.iter().any(|(k, _)| k == name),
                    |name| facts.path_parameters.contains_key(name),
                    content_type.as_deref(),
                    &facts.body,
                )
                .map_err(|invalid| {
                    let kind = match invalid {
                        Invalid::Parameters(_) => ResponseType::BadRequestParameters,
                        Invalid::Body(_) => ResponseType::BadRequestBody,
                    };
                    (
                        GatewayError::with_message(kind, &invalid.message()),
                        format!("{rule}; request validator: {invalid}"),
                    )
                })?;
        }
        self.integrate(served, headers, &mut facts, rule).await
    }
}

fn refuse(kind: ResponseType, rule: String) -> Refusal {
    (GatewayError::new(kind), rule)
}

/// The request's headers as sent (lower-cased by hyper), values that are not UTF-8 lossily.
fn header_pairs(request: &Request<Incoming>) -> Vec<(String, String)> {
    request
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// A header's value by name, any case.
fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
}

/// Query string pairs, percent-decoded, in order.
fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
            (decode(k), decode(v))
        })
        .collect()
}

async fn read_body(body: Incoming) -> Result<Bytes, Refusal> {
    match tokio::time::timeout(BODY_TIMEOUT, Limited::new(body, MAX_BODY_BYTES).collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) => Err(refuse(ResponseType::RequestTooLarge, format!("body: {e}"))),
        Err(_) => Err(refuse(
            ResponseType::RequestTooLarge,
            format!("body not sent within {BODY_TIMEOUT:?}"),
        )),
    }
}

fn respond(status: u16, headers: &[(String, String)], body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut builder = Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder
        .body(Full::new(Bytes::from(body)))
        .unwrap_or_else(|_| {
            let mut r = Response::new(Full::new(Bytes::from_static(
                b"{\"message\": \"Internal server error\"}",
            )));
            *r.status_mut() = hyper::StatusCode::BAD_GATEWAY;
            r
        })
}
