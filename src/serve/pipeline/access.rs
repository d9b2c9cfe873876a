//! The authorizer's part of a request: public, a Cognito token, a Lambda authorizer's
//! policy (cached by identity), or an IAM (SigV4) signature, each decided as API Gateway
//! decides.

use std::time::SystemTime;

use serde_json::Value;

use super::{Refusal, header, refuse};
use crate::serve::authorize::Access;
use crate::serve::authorize::iam::SignedRequest;
use crate::serve::authorize::lambda::{
    IdentitySource, LambdaAuthorizer, LambdaKind, Policy, Verdict,
};
use crate::serve::event::{ProxyEvent, RequestFacts};
use crate::serve::gateway::{Gateway, ServedMethod};
use crate::serve::gateway_response::{GatewayError, ResponseType};
use crate::serve::integration::lambda_proxy::{InvokeError, invoke};

/// A call the method's authorization let through.
pub(super) struct Authorized {
    /// `requestContext.authorizer` for the event, when an authorizer gave one.
    pub context: Option<Value>,
    /// Who allowed the call, for the log.
    pub who: String,
    /// The API key value a Lambda authorizer returned (`usageIdentifierKey`), read instead of
    /// `x-api-key` when the API's key source is `AUTHORIZER`.
    pub usage_identifier_key: Option<String>,
}

impl Authorized {
    /// Allowed by `who`, with the authorizer's `context` and no key.
    fn by(who: String, context: Option<Value>) -> Self {
        Self {
            context,
            who,
            usage_identifier_key: None,
        }
    }
}

impl Gateway {
    /// What the method's authorization lets through, or the refusal.
    pub(super) async fn authorize(
        &self,
        served: &ServedMethod,
        facts: &mut RequestFacts,
    ) -> Result<Authorized, Refusal> {
        match &served.access {
            Access::Public => Ok(Authorized::by("public".to_owned(), None)),
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
                        Ok(Authorized::by(
                            format!(
                                "cognito {} ({} token of {subject})",
                                authorizer.name, verified.token_use
                            ),
                            Some(Value::Object(context)),
                        ))
                    }
                    Err(refused) => Err((
                        GatewayError::with_message(ResponseType::Unauthorized, refused.message),
                        format!("cognito {}: {}", authorizer.name, refused.reason),
                    )),
                }
            }
            Access::Lambda { authorizer } => self.lambda_authorize(authorizer, facts).await,
            Access::Iam => {
                let request = SignedRequest {
                    method: &facts.method,
                    target: &facts.target,
                    headers: &facts.headers,
                    body: &facts.body,
                };
                match self.iam.verify(&request, &self.region, SystemTime::now()) {
                    Ok(caller) => {
                        let who = format!("AWS_IAM (SigV4 of {})", caller.access_key);
                        facts.caller = Some(caller);
                        Ok(Authorized::by(who, None))
                    }
                    Err(refused) => {
                        let mut error = GatewayError::with_message(refused.kind, &refused.message);
                        error.error_type = Some(refused.error_type);
                        Err((error, refused.reason))
                    }
                }
            }
            other @ Access::Unserved { .. } => Err(other.unserved().unwrap_or_else(|| {
                refuse(ResponseType::AuthorizerFailure, "not served".to_owned())
            })),
        }
    }

    /// A Lambda authorizer's decision: its cached answer for the identity, else the
    /// function's, evaluated against the method ARN.
    async fn lambda_authorize(
        &self,
        a: &LambdaAuthorizer,
        facts: &RequestFacts,
    ) -> Result<Authorized, Refusal> {
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
            Verdict::Allow => Ok(Authorized {
                context: Some(policy.authorizer_context()),
                who: format!("lambda {name} (principal {principal}, {how})"),
                usage_identifier_key: policy.usage_identifier_key.clone(),
            }),
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
                let mut e = match serde_json::to_value(ProxyEvent::new(facts, false)) {
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
                InvokeError::Failed(why) | InvokeError::Rejected(why) => failure(why),
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
