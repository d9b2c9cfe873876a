//! `AWS::ApiGateway::Resource`.

use serde::Serialize;

use crate::cfn::Expr;
use crate::cfn::exprs::references;

/// One path part under a parent resource.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-resource.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApiResource {
    /// The parent resource's id (the API's `RootResourceId` for top-level parts).
    pub parent_id: Expr,
    /// `users`, `{id}` or `{proxy+}`.
    pub path_part: String,
    /// The API.
    pub rest_api_id: Expr,
}

references!(ApiResource { parent_id, rest_api_id; path_part });
