//! `AWS::ApiGateway::Authorizer`.

use serde::Serialize;

use crate::cfn::exprs::references;
use crate::cfn::{Expr, Text};

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-authorizer.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Authorizer {
    /// The authorizer's name.
    pub name: String,
    /// The API (changing it replaces the authorizer).
    pub rest_api_id: Expr,
    /// `COGNITO_USER_POOLS`, `TOKEN` or `REQUEST`.
    #[serde(rename = "Type")]
    pub kind: Text,
    /// A Lambda authorizer's function, as API Gateway invokes it
    /// (`arn:…:apigateway:…:lambda:path/2015-03-31/functions/<function ARN>/invocations`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorizer_uri: Option<Expr>,
    /// The role API Gateway assumes to invoke a Lambda authorizer's function.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorizer_credentials: Option<Expr>,
    /// The user pool ARNs (note CloudFormation's spelling); Cognito only.
    #[serde(rename = "ProviderARNs", skip_serializing_if = "Vec::is_empty")]
    pub provider_arns: Vec<Expr>,
    /// Where the token is read, e.g. `method.request.header.Authorization`; for `REQUEST`,
    /// a comma-separated list. None for a `REQUEST` authorizer without identity sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_source: Option<String>,
    /// A regular expression a `TOKEN` authorizer's token must match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_validation_expression: Option<String>,
    /// Seconds the result is cached; 0 disables caching.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorizer_result_ttl_in_seconds: Option<u32>,
}

references!(Authorizer {
    rest_api_id, authorizer_uri, authorizer_credentials, provider_arns;
    name, kind, identity_source, identity_validation_expression, authorizer_result_ttl_in_seconds
});
