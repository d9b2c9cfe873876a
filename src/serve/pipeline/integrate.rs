//! The integration's part of a request: the MOCK's answer, the Lambda or HTTP proxy call,
//! the HTTP, Lambda or AWS service call through its integration responses, or the 501 of an
//! integration serve does not call.

use std::time::SystemTime;

use serde_json::Value;

use super::{Outcome, Refusal, header, refuse, respond};
use crate::serve::binary_media::{Payload, method_response};
use crate::serve::event::{MappedResponse, ProxyEvent, RequestFacts, map_answer};
use crate::serve::gateway::{Gateway, ServedMethod};
use crate::serve::gateway_response::ResponseType;
use crate::serve::integration::Integration;
use crate::serve::integration::aws_service::{AwsService, CallError};
use crate::serve::integration::http::HttpIntegration;
use crate::serve::integration::http_proxy::{ProxyError, forward};
use crate::serve::integration::lambda::{LambdaIntegration, error_message};
use crate::serve::integration::lambda_proxy::{InvokeError, invoke};
use crate::serve::integration::mapping::MappingError;
use crate::serve::integration::response::{BinaryAnswer, IntegrationResponses, Selector};
use crate::serve::integration::template::Input;
use crate::serve::integration::transport;

impl Gateway {
    /// Sends an authorized request (`facts`, its body read) to `served`'s integration;
    /// `rule` is who allowed it, for the log line.
    pub(super) async fn integrate(
        &self,
        served: &ServedMethod,
        headers: &[(String, String)],
        facts: &mut RequestFacts,
        rule: String,
    ) -> Result<Outcome, Refusal> {
        match &served.integration {
            Integration::Mock(mock) => {
                let content_type = header(headers, "Content-Type");
                let answer = mock.answer(content_type.as_deref()).ok_or_else(|| {
                    refuse(
                        ResponseType::ApiConfigurationError,
                        format!("{rule}; MOCK: no integration response matches"),
                    )
                })?;
                // A mock's body is its template's text.
                let payload = Payload {
                    bytes: answer.body.into_bytes(),
                    binary: false,
                };
                let accept = header(headers, "Accept");
                let accept_binary = self.binary.accepts_binary(accept.as_deref());
                let body = method_response(payload, accept_binary, answer.content_handling)
                    .map_err(|e| {
                        refuse(
                            ResponseType::ApiConfigurationError,
                            format!("{rule}; MOCK: {e}"),
                        )
                    })?;
                Ok(Outcome {
                    response: respond(answer.status, &answer.headers, body),
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
                let content_type = header(headers, "Content-Type");
                let binary = self.binary.matches(content_type.as_deref());
                let event = ProxyEvent::new(facts, binary);
                let payload = serde_json::to_vec(&event).unwrap_or_default();
                let answer = invoke(url, payload, self.timeout).await.map_err(|e| {
                    self.invocation_refusal(e, &rule, &format!("Lambda {function}"))
                })?;
                let malformed = |why: String| {
                    refuse(
                        ResponseType::IntegrationFailure,
                        format!("{rule}; Lambda {function}: {why}"),
                    )
                };
                let mapped = map_answer(&answer).map_err(malformed)?;
                let accept = header(headers, "Accept");
                let accept_binary = self.binary.accepts_binary(accept.as_deref());
                let body = mapped.body_for(accept_binary).map_err(malformed)?;
                let mut how = format!("{rule} → Lambda {function}");
                how.push_str(&binary_note(binary, &facts.body, &mapped, accept_binary));
                Ok(Outcome {
                    response: respond(mapped.status, &mapped.headers, body),
                    rule: how,
                })
            }
            Integration::HttpProxy(proxy) => {
                let outgoing = proxy.outgoing(facts).map_err(|why| {
                    refuse(
                        ResponseType::ApiConfigurationError,
                        format!("{rule}; HTTP_PROXY: {why}"),
                    )
                })?;
                let target = format!("HTTP_PROXY {} {}", outgoing.method, outgoing.url);
                let (status, headers, body) = forward(
                    &outgoing,
                    std::mem::take(&mut facts.body),
                    self.timeout,
                    &self.backend_tls,
                )
                .await
                .map_err(|e| self.proxy_refusal(e, &rule, &target))?;
                Ok(Outcome {
                    response: respond(status, &headers, body.to_vec()),
                    rule: format!("{rule} → {target}"),
                })
            }
            Integration::Http(http) => self.call_http(http, facts, rule).await,
            Integration::Lambda(lambda) => self.call_lambda(lambda, facts, rule).await,
            Integration::AwsService(aws) => self.call_aws(aws, facts, rule).await,
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
}

/// What the log line says of binary bodies: a request body sent in base64, one that was not
/// UTF-8 sent as text, a base64 answer decoded or returned as is.
fn binary_note(binary: bool, body: &[u8], answer: &MappedResponse, accept_binary: bool) -> String {
    let mut notes = Vec::new();
    if binary && !body.is_empty() {
        notes.push("binary request body in base64");
    } else if std::str::from_utf8(body).is_err() {
        notes.push("request body not UTF-8 and not a binary media type: sent as text, U+FFFD for the bad bytes");
    }
    if answer.base64 {
        notes.push(if accept_binary {
            "base64 answer decoded (Accept is a binary media type)"
        } else {
            "base64 answer returned as text (Accept is not a binary media type)"
        });
    }
    if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join("; "))
    }
}

impl Gateway {
    /// Calls an AWS service integration at `--aws-endpoint` and maps its answer through the
    /// integration responses.
    async fn call_aws(
        &self,
        aws: &AwsService,
        facts: &RequestFacts,
        rule: String,
    ) -> Result<Outcome, Refusal> {
        let target = aws.describe();
        let call = aws.call(facts, SystemTime::now()).map_err(|e| match e {
            CallError::UnsupportedMediaType(why) => refuse(
                ResponseType::UnsupportedMediaType,
                format!("{rule}; {target}: {why}"),
            ),
            CallError::Unserved(why) | CallError::Conversion(why) => refuse(
                ResponseType::ApiConfigurationError,
                format!("{rule}; {target}: {why}"),
            ),
        })?;
        let sent = transport::send(&call.url, &call.method, &call.headers, call.body);
        let answer = match tokio::time::timeout(self.timeout, sent).await {
            Ok(Ok(answer)) => answer,
            Ok(Err(why)) => {
                return Err(refuse(
                    ResponseType::IntegrationFailure,
                    format!("{rule}; {target}: {why}"),
                ));
            }
            Err(_) => {
                return Err(refuse(
                    ResponseType::IntegrationTimeout,
                    format!("{rule}; {target}: no answer in {:?}", self.timeout),
                ));
            }
        };
        let headers: Vec<(String, String)> = answer
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let status = answer.status.as_u16();
        through_responses(
            &aws.responses,
            Selector::Status(status),
            (&headers, &answer.body, aws.binary_answer(facts, &headers)),
            facts,
            (&rule, format!("{target} answered {status}")),
        )
    }

    /// Calls an HTTP integration's URL through its mapping and maps its answer through the
    /// integration responses.
    async fn call_http(
        &self,
        http: &HttpIntegration,
        facts: &RequestFacts,
        rule: String,
    ) -> Result<Outcome, Refusal> {
        let (outgoing, body) = http
            .outgoing(facts)
            .map_err(|e| mapping_refusal(e, &rule, &format!("HTTP {}", http.url)))?;
        let target = format!("HTTP {} {}", outgoing.method, outgoing.url);
        let (status, headers, body) = forward(&outgoing, body, self.timeout, &self.backend_tls)
            .await
            .map_err(|e| self.proxy_refusal(e, &rule, &target))?;
        through_responses(
            &http.responses,
            Selector::Status(status),
            (&headers, &body, http.binary_answer(facts, &headers)),
            facts,
            (&rule, format!("{target} answered {status}")),
        )
    }
}

impl Gateway {
    /// The refusal of an HTTP backend's failed call: 504 after the timeout, else 502.
    fn proxy_refusal(&self, error: ProxyError, rule: &str, target: &str) -> Refusal {
        match error {
            ProxyError::Timeout => refuse(
                ResponseType::IntegrationTimeout,
                format!("{rule}; {target}: no answer in {:?}", self.timeout),
            ),
            ProxyError::Failed(why) => refuse(
                ResponseType::IntegrationFailure,
                format!("{rule}; {target}: {why}"),
            ),
        }
    }

    /// The refusal of a failed invocation of `target`: 504 after the timeout, 500 when the
    /// Invoke API refused it, else 502 (the call failed, or the function did).
    fn invocation_refusal(&self, error: InvokeError, rule: &str, target: &str) -> Refusal {
        let (kind, why) = match error {
            InvokeError::Timeout => (
                ResponseType::IntegrationTimeout,
                format!("no answer in {:?}", self.timeout),
            ),
            InvokeError::Rejected(why) => (ResponseType::ApiConfigurationError, why),
            InvokeError::Failed(why) => (ResponseType::IntegrationFailure, why),
            InvokeError::Function(kind, _) => (
                ResponseType::IntegrationFailure,
                format!("the function failed ({kind})"),
            ),
        };
        refuse(kind, format!("{rule}; {target}: {why}"))
    }

    /// Invokes a Lambda integration's function with its mapped payload and maps its answer
    /// (or its error) through the integration responses.
    async fn call_lambda(
        &self,
        lambda: &LambdaIntegration,
        facts: &RequestFacts,
        rule: String,
    ) -> Result<Outcome, Refusal> {
        let function = &lambda.function;
        let target = format!("Lambda {function}");
        let Some(url) = &lambda.endpoint else {
            return Err(refuse(
                ResponseType::IntegrationFailure,
                format!("{rule}; {target}: no endpoint given"),
            ));
        };
        let payload = lambda
            .payload(facts)
            .map_err(|e| mapping_refusal(e, &rule, &target))?;
        let (message, body, answered) = match invoke(url, payload, self.timeout).await {
            Ok(body) => (None, body, format!("{target} returned")),
            Err(InvokeError::Function(kind, body)) => {
                let message = error_message(&body);
                let answered = format!("{target} failed ({kind}: {message})");
                (Some(message), body, answered)
            }
            Err(other) => return Err(self.invocation_refusal(other, &rule, &target)),
        };
        let selector = match &message {
            Some(message) => Selector::LambdaError(message),
            None => Selector::LambdaSuccess,
        };
        through_responses(
            &lambda.responses,
            selector,
            (&[], &body, lambda.binary_answer(facts)),
            facts,
            (&rule, answered),
        )
    }
}

/// The refusal of a request its integration can't map: 415 for a body no template takes,
/// 500 for a template serve does not evaluate.
fn mapping_refusal(error: MappingError, rule: &str, target: &str) -> Refusal {
    match error {
        MappingError::UnsupportedMediaType(why) => refuse(
            ResponseType::UnsupportedMediaType,
            format!("{rule}; {target}: {why}"),
        ),
        MappingError::Unserved(why) | MappingError::Conversion(why) => refuse(
            ResponseType::ApiConfigurationError,
            format!("{rule}; {target}: {why}"),
        ),
    }
}

/// The method's answer to a backend's answer (`headers`, `body`, converted as `binary`
/// says), by the integration response `selector` selects; `rule` allowed the request and `answered` says who answered
/// what, for the log. None selected, or a template serve can't evaluate: API Gateway's 500.
fn through_responses(
    responses: &IntegrationResponses,
    selector: Selector<'_>,
    (headers, body, binary): (&[(String, String)], &[u8], BinaryAnswer),
    facts: &RequestFacts,
    (rule, answered): (&str, String),
) -> Result<Outcome, Refusal> {
    let input = Input { facts, body: &[] };
    let mapped = responses
        .answer(selector, (headers, body), &input, binary)
        .map_err(|why| {
            refuse(
                ResponseType::ApiConfigurationError,
                format!("{rule}; {answered}: {why}"),
            )
        })?;
    let Some(((status, headers, body), how)) = mapped else {
        return Err(refuse(
            ResponseType::ApiConfigurationError,
            format!("{rule}; {answered}: no integration response matches"),
        ));
    };
    Ok(Outcome {
        response: respond(status, &headers, body),
        rule: format!("{rule} → {answered}, {how}"),
    })
}
