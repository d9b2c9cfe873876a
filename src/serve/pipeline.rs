//! One request through the API, in the order API Gateway takes it: size limits, the stage,
//! the route, a CORS preflight, the method, its authorizer, its API key, the body, the
//! integration. Every error is answered through the gateway responses, and every request
//! is logged on one line with the rule that decided it.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::authorize::Access;
use super::authorize::lambda::{IdentitySource, LambdaAuthorizer, LambdaKind, Policy, Verdict};
use super::event::{ProxyEvent, RequestFacts, map_answer};
use super::gateway::{Gateway, ServedMethod};
use super::gateway_response::{GatewayError, ResponseType};
use super::integration::Integration;
use super::integration::http_proxy::{ProxyError, forward};
use super::integration::lambda_proxy::{InvokeError, invoke};
use super::log::LogLine;

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
            api_id: "local".to_owned(),
            account_id: self.account.clone(),
            domain_name: header(headers, "Host").unwrap_or_default(),
        };
        let (authorizer, who) = self.authorize(served, &facts).await?;
        let api_key = if served.api_key_required {
            let sent = header(headers, "x-api-key");
            match self.keys.check(sent.as_deref()) {
                Some(name) => Some((name.to_owned(), sent.unwrap_or_default())),
                None => {
                    return Err(refuse(
                        ResponseType::InvalidApiKey,
                        "no valid x-api-key".to_owned(),
                    ));
                }
            }
        } else {
            None
        };
        let mut rule = format!("allowed: {who}");
        if let Some((name, _)) = &api_key {
            rule.push_str(&format!(", API key {name}"));
        }
        let body = read_body(request.into_body()).await?;
        facts.authorizer = authorizer;
        facts.api_key = api_key.map(|(_, value)| value);
        facts.body = body.to_vec();
        match &served.integration {
            Integration::Mock(mock) => {
                let content_type = header(headers, "Content-Type");
                let (status, headers, body) =
                    mock.answer(content_type.as_deref()).ok_or_else(|| {
                        refuse(
                            ResponseType::ApiConfigurationError,
                            format!("{rule}; MOCK: no integration response matches"),
                        )
                    })?;
                Ok(Outcome {
                    response: respond(status, &headers, body.into_bytes()),
                    rule: format!("{rule} → MOCK"),
                })
            }
            Integration::LambdaProxy { function, endpoint } => {
                let Some(url) = endpoint else {
                    return Err(refuse(
                        ResponseType::IntegrationFailure,
                        format!("{rule}; Lambda {function}: no endpoint given"),
                    ));
                };
                let payload = serde_json::to_vec(&ProxyEvent::new(&facts)).unwrap_or_default();
                let answer = invoke(url, payload, self.timeout)
                    .await
                    .map_err(|e| match e {
                        InvokeError::Timeout => refuse(
                            ResponseType::IntegrationTimeout,
                            format!("{rule}; Lambda {function}: no answer in {:?}", self.timeout),
                        ),
                        InvokeError::Failed(why) => refuse(
                            ResponseType::IntegrationFailure,
                            format!("{rule}; Lambda {function}: {why}"),
                        ),
                        InvokeError::Function(kind, _) => refuse(
                            ResponseType::IntegrationFailure,
                            format!("{rule}; Lambda {function}: the function failed ({kind})"),
                        ),
                    })?;
                let mapped = map_answer(&answer).map_err(|why| {
                    refuse(
                        ResponseType::IntegrationFailure,
                        format!("{rule}; Lambda {function}: {why}"),
                    )
                })?;
                Ok(Outcome {
                    response: respond(mapped.status, &mapped.headers, mapped.body),
                    rule: format!("{rule} → Lambda {function}"),
                })
            }
            Integration::HttpProxy(proxy) => {
                let outgoing = proxy.outgoing(&facts).map_err(|why| {
                    refuse(
                        ResponseType::ApiConfigurationError,
                        format!("{rule}; HTTP_PROXY: {why}"),
                    )
                })?;
                let target = format!("HTTP_PROXY {} {}", outgoing.method, outgoing.url);
                let (status, headers, body) =
                    forward(&outgoing, std::mem::take(&mut facts.body), self.timeout)
                        .await
                        .map_err(|e| match e {
                            ProxyError::Timeout => refuse(
                                ResponseType::IntegrationTimeout,
                                format!("{rule}; {target}: no answer in {:?}", self.timeout),
                            ),
                            ProxyError::Failed(why) => refuse(
                                ResponseType::IntegrationFailure,
                                format!("{rule}; {target}: {why}"),
                            ),
                        })?;
                Ok(Outcome {
                    response: respond(status, &headers, body.to_vec()),
                    rule: format!("{rule} → {target}"),
                })
            }
            Integration::Unserved { what } => {
                let body = format!("{{\"message\":{}}}", Value::from(what.as_str()));
                Ok(Outcome {
                    response: respond(
                        501,
                        &[("Content-Type".to_owned(), "application/json".to_owned())],
                        body.into_bytes(),
                    ),
                    rule: format!("{rule}; {what}"),
                })
            }
        }
    }

    /// The authorizer context for the event and who allowed the call, or the refusal.
    async fn authorize(
        &self,
        served: &ServedMethod,
        facts: &RequestFacts,
    ) -> Result<(Option<Value>, String), Refusal> {
        match &served.access {
            Access::Public => Ok((None, "public".to_owned())),
            Access::Cognito { authorizer, scopes } => {
                let token = header(&facts.headers, &authorizer.header);
                match authorizer.verify(&self.jwks, token.as_deref(), scopes) {
                    Ok(verified) => {
                        let claims: serde_json::Map<String, Value> = verified
                            .claims
                            .iter()
                            .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                            .collect();
                        let mut context = serde_json::Map::new();
                        context.insert("claims".to_owned(), Value::Object(claims));
                        let subject = verified.claims.get("sub").map_or("?", String::as_str);
                        Ok((
                            Some(Value::Object(context)),
                            format!(
                                "cognito {} ({} token of {subject})",
                                authorizer.name, verified.token_use
                            ),
                        ))
                    }
                    Err(refused) => Err((
                        GatewayError::with_message(ResponseType::Unauthorized, refused.message),
                        format!("cognito {}: {}", authorizer.name, refused.reason),
                    )),
                }
            }
            Access::Lambda { authorizer } => self.lambda_authorize(authorizer, facts).await,
            other @ (Access::Iam | Access::Unserved { .. }) => {
                Err(other.unserved().unwrap_or_else(|| {
                    refuse(ResponseType::AuthorizerFailure, "not served".to_owned())
                }))
            }
        }
    }

    /// A Lambda authorizer's decision: its cached answer for the identity, else the
    /// function's, evaluated against the method ARN.
    async fn lambda_authorize(
        &self,
        a: &LambdaAuthorizer,
        facts: &RequestFacts,
    ) -> Result<(Option<Value>, String), Refusal> {
        let name = &a.name;
        let mut identity = Vec::with_capacity(a.sources.len());
        for source in &a.sources {
            let value = match source {
                IdentitySource::Header(h) => header(&facts.headers, h),
                IdentitySource::Query(q) => facts
                    .query
                    .iter()
                    .rev()
                    .find(|(k, _)| k == q)
                    .map(|(_, v)| v.clone()),
                IdentitySource::StageVariable(v) => facts.stage_variables.get(v).cloned(),
            };
            match value {
                Some(v) if !v.is_empty() => identity.push(v),
                _ => {
                    return Err(refuse(
                        ResponseType::Unauthorized,
                        format!("lambda {name}: identity source {source:?} missing"),
                    ));
                }
            }
        }
        let method_arn = format!(
            "arn:aws:execute-api:{}:{}:{}/{}/{}{}",
            self.region, self.account, facts.api_id, self.stage, facts.method, facts.path
        );
        let (policy, how) = match a.cached(&identity) {
            Some(policy) => (policy, "cached"),
            None => {
                let policy = self
                    .call_authorizer(a, facts, &identity, &method_arn)
                    .await?;
                a.remember(identity, policy.clone());
                (policy, "called")
            }
        };
        let principal = policy.principal_id.clone().unwrap_or_default();
        match policy.evaluate(&method_arn) {
            Verdict::Allow => Ok((
                Some(policy.authorizer_context()),
                format!("lambda {name} (principal {principal}, {how})"),
            )),
            Verdict::ExplicitDeny => Err((
                GatewayError::with_message(
                    ResponseType::AccessDenied,
                    "User is not authorized to access this resource with an explicit deny",
                ),
                format!("lambda {name}: explicit Deny of {method_arn} ({how})"),
            )),
            Verdict::NotAllowed => Err(refuse(
                ResponseType::AccessDenied,
                format!("lambda {name}: no Allow of {method_arn} ({how})"),
            )),
        }
    }

    /// Invokes a Lambda authorizer with its TOKEN or REQUEST event.
    async fn call_authorizer(
        &self,
        a: &LambdaAuthorizer,
        facts: &RequestFacts,
        identity: &[String],
        method_arn: &str,
    ) -> Result<Policy, Refusal> {
        let name = &a.name;
        let failure = |why: String| {
            refuse(
                ResponseType::AuthorizerFailure,
                format!("lambda {name}: {why}"),
            )
        };
        let Some(url) = &a.url else {
            return Err(failure(format!("{} has no endpoint", a.function)));
        };
        let mut event = match a.kind {
            LambdaKind::Token => {
                let mut e = serde_json::Map::new();
                e.insert("type".to_owned(), Value::from("TOKEN"));
                let token = identity.first().cloned().unwrap_or_default();
                e.insert("authorizationToken".to_owned(), Value::from(token));
                e
            }
            LambdaKind::Request => {
                let mut e = match serde_json::to_value(ProxyEvent::new(facts)) {
                    Ok(Value::Object(map)) => map,
                    _ => serde_json::Map::new(),
                };
                e.remove("body");
                e.remove("isBase64Encoded");
                e.insert("type".to_owned(), Value::from("REQUEST"));
                e
            }
        };
        event.insert("methodArn".to_owned(), Value::from(method_arn));
        let payload = serde_json::to_vec(&event).unwrap_or_default();
        let answer = invoke(url, payload, self.timeout)
            .await
            .map_err(|e| match e {
                InvokeError::Timeout => failure(format!("no answer in {:?}", self.timeout)),
                InvokeError::Failed(why) => failure(why),
                InvokeError::Function(kind, body) => {
                    // `throw new Error("Unauthorized")`: API Gateway's 401.
                    let message = serde_json::from_slice::<Value>(&body).ok().and_then(|v| {
                        v.get("errorMessage")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    });
                    if message.as_deref() == Some("Unauthorized") {
                        refuse(
                            ResponseType::Unauthorized,
                            format!("lambda {name}: the function said Unauthorized"),
                        )
                    } else {
                        failure(format!("the function failed ({kind})"))
                    }
                }
            })?;
        Policy::parse(&answer).map_err(failure)
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
