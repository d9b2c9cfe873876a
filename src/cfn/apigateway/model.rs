//! `AWS::ApiGateway::Model`.

use serde::Serialize;

use crate::cfn::exprs::references;
use crate::cfn::{Expr, Text};

/// A JSON Schema (draft 4) a request body is validated against; `Ref` gives its name.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-model.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Model {
    /// The API.
    pub rest_api_id: Expr,
    /// The model's name (letters and digits).
    pub name: Text,
    /// `application/json`.
    pub content_type: Text,
    /// The schema, as JSON.
    pub schema: serde_json::Value,
}

references!(Model { rest_api_id; name, content_type, schema });
