//! `AWS::ApiGateway::Deployment`.

use serde::Serialize;

use crate::cfn::Expr;
use crate::cfn::exprs::references;

/// An immutable snapshot of the API. Never carries `StageName`: the stage is a separate
/// `AWS::ApiGateway::Stage`.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-deployment.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Deployment {
    /// The API.
    pub rest_api_id: Expr,
    /// Shown in the console's deployment history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

references!(Deployment { rest_api_id; description });
