//! `AWS::ApiGateway::GatewayResponse`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cfn::exprs::references;
use crate::cfn::{Expr, Text};

/// A response API Gateway itself sends (e.g. a 401 from an authorizer).
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-gatewayresponse.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GatewayResponse {
    /// The API.
    pub rest_api_id: Expr,
    /// `DEFAULT_4XX`, `DEFAULT_5XX`, `UNAUTHORIZED`, …
    pub response_type: Text,
    /// The status code, e.g. `404`. Default: API Gateway's for the type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_code: Option<Text>,
    /// Header values, e.g. `gatewayresponse.header.Access-Control-Allow-Origin: "'*'"`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub response_parameters: BTreeMap<Text, Expr>,
    /// Body templates by content type.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub response_templates: BTreeMap<Text, Text>,
}

references!(GatewayResponse {
    rest_api_id, response_parameters;
    response_type, status_code, response_templates
});
