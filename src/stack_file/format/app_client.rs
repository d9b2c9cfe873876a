//! App clients of a created user pool: public clients for browser apps, machine clients
//! for services.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ValueSpec;

/// A public client for a browser app: no secret, the authorization-code flow through the
/// pool's hosted UI.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PublicClientSpec {
    /// The client's name, unique in the stack; its id is output as `UserPoolClient<Name>Id`.
    pub name: String,
    /// Where Cognito may send the code: `https://`, or `http://localhost`; literal or
    /// `{ ref: Parameter }`. At least one.
    pub callback_urls: Vec<ValueSpec>,
    /// Where Cognito may send the browser after sign-out (same rules). Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logout_urls: Vec<ValueSpec>,
    /// The scopes it may request: ones the methods on the pool's authorizers require
    /// (`orders/read`), or Cognito's (`openid`, `email`, `phone`, `profile`,
    /// `aws.cognito.signin.user.admin`). Default: `[openid]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
}

/// A confidential client for machines: a generated secret, the `client_credentials` flow.
/// Its id is output, never its secret.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MachineClientSpec {
    /// The client's name, unique in the stack; its id is output as `UserPoolClient<Name>Id`.
    pub name: String,
    /// The scopes it may request: ones the methods on the pool's authorizers require
    /// (`orders/read`). At least one (Cognito refuses a client-credentials client without).
    pub scopes: Vec<String>,
}
