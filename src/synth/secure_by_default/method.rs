//! What the rule reads of a method, whether synth emitted it typed or it is raw (declared by
//! the stack, or a generated one an override changed): the same few properties, as written.

use crate::cfn::{Expr, Properties, RawValue};

/// The authorization types that authenticate a caller. Any other value (`NONE`, empty,
/// unknown, or one given by an intrinsic) leaves the method open.
const AUTHENTICATED: [&str; 3] = ["AWS_IAM", "COGNITO_USER_POOLS", "CUSTOM"];

/// A method as the rule reads it.
pub(super) struct MethodView<'t> {
    /// `HttpMethod`, when it is a literal.
    pub(super) http_method: Option<&'t str>,
    /// `ResourceId`.
    pub(super) resource_id: Option<&'t Expr>,
    /// Whether the method authenticates its callers: an authenticating `AuthorizationType`
    /// (a literal), and for an authorizer's types an `AuthorizerId`.
    pub(super) authenticated: bool,
    /// Whether it answers by itself: a `MOCK` integration without a `Uri`.
    pub(super) mock: bool,
    /// Whether it is raw.
    pub(super) raw: bool,
}

impl<'t> MethodView<'t> {
    /// The method `properties` are, or `None` for any other resource type. Every typed
    /// variant is named, so that a new one is a compile error here until it is decided
    /// whether it can open a method.
    pub(super) fn of(properties: &'t Properties) -> Option<Self> {
        match properties {
            Properties::Method(m) => Some(MethodView {
                http_method: Some(m.http_method.as_ref()),
                resource_id: Some(&m.resource_id),
                authenticated: authenticated(
                    Some(m.authorization_type.as_ref()),
                    m.authorizer_id.as_ref().is_some_and(|id| !is_empty(id)),
                ),
                mock: m.integration.kind == "MOCK" && m.integration.uri.is_none(),
                raw: false,
            }),
            Properties::Raw(raw) if raw.type_name == "AWS::ApiGateway::Method" => {
                let p = &raw.properties;
                let literal = |key: &str| p.get(key).and_then(RawValue::as_literal);
                let expr = |key: &str| match p.get(key) {
                    Some(RawValue::Value(e)) => Some(e),
                    _ => None,
                };
                let integration = p.get("Integration").and_then(RawValue::as_map);
                let mock = integration.is_some_and(|i| {
                    i.get("Type").and_then(RawValue::as_literal) == Some("MOCK")
                        && !i.contains_key("Uri")
                });
                Some(MethodView {
                    http_method: literal("HttpMethod"),
                    resource_id: expr("ResourceId"),
                    authenticated: authenticated(
                        literal("AuthorizationType"),
                        expr("AuthorizerId").is_some_and(|id| !is_empty(id)),
                    ),
                    mock,
                    raw: true,
                })
            }
            Properties::RestApi(_)
            | Properties::ApiResource(_)
            | Properties::Authorizer(_)
            | Properties::Deployment(_)
            | Properties::Stage(_)
            | Properties::GatewayResponse(_)
            | Properties::Model(_)
            | Properties::RequestValidator(_)
            | Properties::Permission(_)
            | Properties::UserPool(_)
            | Properties::UserPoolClient(_)
            | Properties::UserPoolResourceServer(_)
            | Properties::UserPoolDomain(_)
            | Properties::NestedStack(_)
            // Logging, the account's role, and custom domains with their mappings, records
            // and web ACLs: they reach or guard methods, never open one (a domain serves
            // each method with the authorization it has).
            | Properties::Account(_)
            | Properties::LogGroup(_)
            | Properties::Role(_)
            | Properties::DomainName(_)
            | Properties::BasePathMapping(_)
            | Properties::RecordSet(_)
            | Properties::WebAclAssociation(_)
            // An API key is no authentication: a method requiring one is still judged by
            // its authorization alone.
            | Properties::ApiKey(_)
            | Properties::UsagePlan(_)
            | Properties::UsagePlanKey(_)
            | Properties::Raw(_) => None,
        }
    }
}

/// Whether `authorization_type` (a literal) authenticates: `AWS_IAM` alone, the authorizer
/// types with an authorizer.
fn authenticated(authorization_type: Option<&str>, has_authorizer: bool) -> bool {
    match authorization_type {
        Some("AWS_IAM") => true,
        Some(t) if AUTHENTICATED.contains(&t) => has_authorizer,
        Some(_) | None => false,
    }
}

fn is_empty(expr: &Expr) -> bool {
    matches!(expr, Expr::Literal(s) if s.is_empty())
}
