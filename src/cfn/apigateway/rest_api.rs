//! `AWS::ApiGateway::RestApi`.

use serde::Serialize;

use super::ResourcePolicy;
use crate::cfn::Tag;
use crate::cfn::exprs::references;
use crate::cfn::{Expr, Text};

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-restapi.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RestApi {
    /// The API's name.
    pub name: Expr,
    /// The API's description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Media types API Gateway passes through as binary.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub binary_media_types: Vec<String>,
    /// `HEADER` or `AUTHORIZER`: where API keys are read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key_source_type: Option<Text>,
    /// `EDGE`, `REGIONAL` or `PRIVATE`.
    pub endpoint_configuration: EndpointConfiguration,
    /// Turns off the default `execute-api` endpoint (when a custom domain fronts the API).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_execute_api_endpoint: Option<bool>,
    /// Who may call which routes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<ResourcePolicy>,
    /// Tags, sorted by key.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

references!(RestApi {
    name, endpoint_configuration, policy;
    description, binary_media_types, api_key_source_type, disable_execute_api_endpoint, tags
});

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-restapi-endpointconfiguration.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointConfiguration {
    /// One endpoint type.
    pub types: Vec<String>,
    /// A private API's VPC endpoints.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vpc_endpoint_ids: Vec<Expr>,
}

references!(EndpointConfiguration { vpc_endpoint_ids; types });
