//! The integration's part of a request: the MOCK's answer, the Lambda or HTTP proxy call,
//! the AWS service call, or the 501 of an integration serve does not call.

use std::time::SystemTime;

use serde_json::Value;

use super::{Outcome, Refusal, header, refuse, respond};
use crate::serve::binary_media::{Payload, method_response};
use crate::serve::event::{MappedResponse, ProxyEvent, RequestFacts, map_answer};
use crate::serve::gateway::{Gateway, ServedMethod};
use crate::serve::gateway_response::ResponseType;
use crate::serve::integration::Integration;
use crate::serve::integration::aws_service::{AwsService, CallError};
use crate::serve::integration::http_proxy::{ProxyError, forward};
use crate::serve::integration::lambda_proxy::{InvokeError, invoke};
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
        let input = Input { facts, body: &[] };
        let binary = aws.binary_answer(facts, &headers);
        let mapped = aws
            .responses
            .answer((status, &headers, &answer.body), &input, binary)
            .map_err(|why| {
                refuse(
                    ResponseType::ApiConfigurationError,
                    format!("{rule}; {target} answered {status}: {why}"),
                )
            })?;
        let Some(((status_out, headers_out, body), how)) = mapped else {
            return Err(refuse(
                ResponseType::ApiConfigurationError,
                format!("{rule}; {target} answered {status}: no integration response matches"),
            ));
        };
        Ok(Outcome {
            response: respond(status_out, &headers_out, body),
            rule: format!("{rule} → {target} answered {status}, {how}"),
        })
    }
}
