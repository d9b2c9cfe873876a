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
}

references!(UserPool { ; user_pool_name, username_attributes, auto_verified_attributes });

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
