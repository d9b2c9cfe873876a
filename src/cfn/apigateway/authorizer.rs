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
    /// `COGNITO_USER_POOLS` here.
    #[serde(rename = "Type")]
    pub kind: Text,
    /// The user pool ARNs (note CloudFormation's spelling).
    #[serde(rename = "ProviderARNs")]
    pub provider_arns: Vec<Expr>,
    /// Where the token is read, e.g. `method.request.header.Authorization`.
    pub identity_source: String,
    /// Seconds the result is cached; 0 disables caching.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorizer_result_ttl_in_seconds: Option<u32>,
}

references!(Authorizer {
    rest_api_id, provider_arns;
    name, kind, identity_source, authorizer_result_ttl_in_seconds
});
