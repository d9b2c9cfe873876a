//! `AWS::Cognito::UserPool`, its app clients, resource servers and domain.

use serde::Serialize;

use super::Expr;
use super::exprs::references;

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpool.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPool {
    /// The pool's name.
    pub user_pool_name: String,
    /// Sign-in attributes used as user names, e.g. `email`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub username_attributes: Vec<String>,
    /// Attributes Cognito verifies on sign-up, e.g. `email`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub auto_verified_attributes: Vec<String>,
    /// Who may create users: only administrators, or anyone who signs up.
    pub admin_create_user_config: AdminCreateUserConfig,
    /// The password policy.
    pub policies: UserPoolPolicies,
}

references!(UserPool { ; user_pool_name, username_attributes, auto_verified_attributes, admin_create_user_config, policies });

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-policies.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolPolicies {
    /// What a password must be.
    pub password_policy: PasswordPolicy,
}

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-passwordpolicy.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PasswordPolicy {
    /// The shortest password.
    pub minimum_length: u32,
    /// At least one lower-case letter.
    pub require_lowercase: bool,
    /// At least one upper-case letter.
    pub require_uppercase: bool,
    /// At least one digit.
    pub require_numbers: bool,
    /// At least one symbol.
    pub require_symbols: bool,
    /// Days an administrator's temporary password stays valid.
    pub temporary_password_validity_days: u32,
}

/// The hosted UI's domain of a user pool: `https://<domain>.auth.<region>.amazoncognito.com`.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpooldomain.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolDomain {
    /// The prefix.
    pub domain: String,
    /// The pool.
    pub user_pool_id: Expr,
}

references!(UserPoolDomain { user_pool_id; domain });

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-admincreateuserconfig.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminCreateUserConfig {
    /// `true`: only administrators create users; `false`: anyone can sign up (Cognito's
    /// default when the property is left out).
    pub allow_admin_create_user_only: bool,
}

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpoolclient.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolClient {
    /// The pool.
    pub user_pool_id: Expr,
    /// The client's name.
    pub client_name: String,
    /// Public clients (browsers, apps) have no secret; machine clients have one.
    pub generate_secret: bool,
    /// Allowed sign-in flows through the SDK.
    pub explicit_auth_flows: Vec<String>,
    /// The OAuth flows: `code` (browser apps) or `client_credentials` (machines).
    #[serde(rename = "AllowedOAuthFlows", skip_serializing_if = "Vec::is_empty")]
    pub allowed_oauth_flows: Vec<String>,
    /// Whether the client may use OAuth at all (true with any OAuth flow).
    #[serde(
        rename = "AllowedOAuthFlowsUserPoolClient",
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_oauth_flows_user_pool_client: Option<bool>,
    /// The scopes the client may request.
    #[serde(rename = "AllowedOAuthScopes", skip_serializing_if = "Vec::is_empty")]
    pub allowed_oauth_scopes: Vec<String>,
    /// Where the code may be sent.
    #[serde(rename = "CallbackURLs", skip_serializing_if = "Vec::is_empty")]
    pub callback_urls: Vec<Expr>,
    /// Where the browser may go after sign-out.
    #[serde(rename = "LogoutURLs", skip_serializing_if = "Vec::is_empty")]
    pub logout_urls: Vec<Expr>,
    /// Who signs users in: `COGNITO`, the pool itself.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub supported_identity_providers: Vec<String>,
    /// `ENABLED`: sign-in errors do not tell whether a user exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prevent_user_existence_errors: Option<String>,
}

references!(UserPoolClient { user_pool_id, callback_urls, logout_urls; client_name, generate_secret, explicit_auth_flows, allowed_oauth_flows, allowed_oauth_flows_user_pool_client, allowed_oauth_scopes, supported_identity_providers, prevent_user_existence_errors });

/// A resource server of a user pool: the scopes (`<identifier>/<name>`) its clients may
/// request and its access tokens carry.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpoolresourceserver.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolResourceServer {
    /// The pool.
    pub user_pool_id: Expr,
    /// The scopes' prefix, e.g. `orders`.
    pub identifier: String,
    /// A name for people (the identifier).
    pub name: String,
    /// Its scopes.
    pub scopes: Vec<ResourceServerScope>,
}

references!(UserPoolResourceServer { user_pool_id; identifier, name, scopes });

/// One scope of a resource server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceServerScope {
    /// The name after the identifier, e.g. `read`.
    pub scope_name: String,
    /// What it grants.
    pub scope_description: String,
}
