//! The integration's part of a request: the MOCK's answer, the Lambda or HTTP proxy call,
//! or the 501 of an integration serve does not call.

use serde_json::Value;

use super::{Outcome, Refusal, header, refuse, respond};
use crate::serve::event::{ProxyEvent, RequestFacts, map_answer};
use crate::serve::gateway::{Gateway, ServedMethod};
use crate::serve::gateway_response::ResponseType;
use crate::serve::integration::Integration;
use crate::serve::integration::http_proxy::{ProxyError, forward};
use crate::serve::integration::lambda_proxy::{InvokeError, invoke};

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
                let payload = serde_json::to_vec(&ProxyEvent::new(facts)).unwrap_or_default();
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
