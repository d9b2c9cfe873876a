//! `AWS::Cognito::UserPool` and `AWS::Cognito::UserPoolClient`.

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
}

references!(UserPool { ; user_pool_name, username_attributes, auto_verified_attributes, admin_create_user_config });

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
    /// Public clients (browsers, apps) have no secret.
    pub generate_secret: bool,
    /// Allowed sign-in flows.
    pub explicit_auth_flows: Vec<String>,
}

references!(UserPoolClient { user_pool_id; client_name, generate_secret, explicit_auth_flows });
