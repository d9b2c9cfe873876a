//! Authorizers: one field per kind (today `cognito`), and what every kind shares.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ValueSpec, is_false};

/// An authorizer.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AuthorizerSpec {
    /// A Cognito user pools authorizer (`COGNITO_USER_POOLS`).
    pub cognito: CognitoSpec,
    /// The request header that carries the token. Default: `Authorization`.
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
    /// Also create an app client (no secret, SRP sign-in) with this name. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// Let anyone sign up. Then anyone on the internet can create an account and get tokens
    /// that this pool's authorizers accept: every method they protect is open to whoever
    /// signs up. Default: false (only administrators create users).
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub self_sign_up: bool,
}
