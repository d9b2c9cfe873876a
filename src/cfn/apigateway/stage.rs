//! `AWS::ApiGateway::Stage`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cfn::Expr;
use crate::cfn::exprs::references;

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-stage.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Stage {
    /// The API.
    pub rest_api_id: Expr,
    /// The deployment the stage serves.
    pub deployment_id: Expr,
    /// The name in the invoke URL.
    pub stage_name: Expr,
    /// Shown in the console.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Stage variables.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub variables: BTreeMap<String, String>,
    /// X-Ray tracing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracing_enabled: Option<bool>,
}

references!(Stage {
    rest_api_id, deployment_id, stage_name;
    description, variables, tracing_enabled
});
