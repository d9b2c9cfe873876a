//! Authorizers: one field per kind (`cognito`, `lambdaToken`, `lambdaRequest`), and what
//! every kind shares.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{LambdaSpec, MachineClientSpec, PublicClientSpec, ValueSpec, is_false};

/// An authorizer: exactly one of `cognito`, `lambdaToken` and `lambdaRequest`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AuthorizerSpec {
    /// A Cognito user pools authorizer (`COGNITO_USER_POOLS`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cognito: Option<CognitoSpec>,
    /// A Lambda `TOKEN` authorizer: the function gets the token of `tokenSource`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda_token: Option<LambdaAuthorizerSpec>,
    /// A Lambda `REQUEST` authorizer: the function gets the request's identity sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda_request: Option<LambdaAuthorizerSpec>,
    /// The request header that carries the token (Cognito and `lambdaToken`). Default:
    /// `Authorization`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_source: Option<String>,
    /// Seconds API Gateway caches a token's result, 0 to 3600; 0 disables caching.
    /// Default: API Gateway's own (300).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_ttl_seconds: Option<u32>,
}

/// The user pools a Cognito authorizer trusts; at least one.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CognitoSpec {
    /// ARNs of existing user pools: literal, or `{ ref: Parameter }`. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_pool_arns: Vec<ValueSpec>,
    /// User pools the stack creates. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub create_user_pools: Vec<NewUserPoolSpec>,
}

/// A user pool the stack creates, with email sign-in.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NewUserPoolSpec {
    /// The pool's name.
    pub name: String,
    /// Also create an app client (no secret, SRP sign-in through the SDK, no OAuth) with this
    /// name. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// Public clients for browser apps (authorization-code flow). Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub public_clients: Vec<PublicClientSpec>,
    /// Confidential clients for machines (client-credentials flow). Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub machine_clients: Vec<MachineClientSpec>,
    /// Let anyone sign up. Then anyone on the internet can create an account and get tokens
    /// that this pool's authorizers accept: every method they protect is open to whoever
    /// signs up. Default: false (only administrators create users).
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub self_sign_up: bool,
    /// Serve the hosted UI and OAuth endpoints at
    /// `https://<prefix>.auth.<region>.amazoncognito.com` (lower-case letters, digits, `-`;
    /// no `aws`, `amazon`, `cognito`). Default: no domain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_prefix: Option<String>,
}

/// A Lambda authorizer's function and what it reads. Give the function with exactly one of
/// `function` and `functionArn`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LambdaAuthorizerSpec {
    /// The function of this name in the stack's account and region, or `{ resource: Id }`
    /// for the `AWS::Lambda::Function` declared under `resources`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<LambdaSpec>,
    /// The function with this ARN: literal, or any intrinsic (`{ ref: Parameter }`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_arn: Option<ValueSpec>,
    /// What a `lambdaRequest` authorizer reads (a request missing one is refused with 401),
    /// each `{ header: Name }`, `{ queryString: name }`, `{ stageVariable: name }` or
    /// `{ context: sourceIp }`. Default: none (then caching is off).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identity_sources: Vec<IdentitySourceSpec>,
    /// A regular expression the token of a `lambdaToken` authorizer must match before the
    /// function is called. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_expression: Option<String>,
    /// The ARN of an IAM role API Gateway assumes to invoke the function; then no invoke
    /// permission is generated. Default: none (a permission scoped to this authorizer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<ValueSpec>,
}

/// A part of the request a Lambda `REQUEST` authorizer reads, as a map with one key.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum IdentitySourceSpec {
    /// A request header.
    Header(String),
    /// A query string parameter.
    QueryString(String),
    /// A stage variable.
    StageVariable(String),
    /// A context variable, without `context.` (e.g. `sourceIp`).
    Context(String),
}

impl Serialize for IdentitySourceSpec {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            IdentitySourceSpec::Header(v) => map.serialize_entry("header", v)?,
            IdentitySourceSpec::QueryString(v) => map.serialize_entry("queryString", v)?,
            IdentitySourceSpec::StageVariable(v) => map.serialize_entry("stageVariable", v)?,
            IdentitySourceSpec::Context(v) => map.serialize_entry("context", v)?,
        }
        map.end()
    }
}
