//! `AWS::ApiGateway::RequestValidator`.

use serde::Serialize;

use crate::cfn::exprs::references;
use crate::cfn::{Expr, Text};

/// What API Gateway validates before a method's integration runs.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-requestvalidator.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RequestValidator {
    /// The API.
    pub rest_api_id: Expr,
    /// Its name, e.g. `body`.
    pub name: Text,
    /// Validate the body against the method's model.
    pub validate_request_body: bool,
    /// Validate the method's required parameters.
    pub validate_request_parameters: bool,
}

references!(RequestValidator {
    rest_api_id;
    name, validate_request_body, validate_request_parameters
});
