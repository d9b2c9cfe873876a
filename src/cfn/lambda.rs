//! `AWS::Lambda::Permission`.

use serde::Serialize;

use super::exprs::references;
use super::{Expr, Text};

/// Lets a service principal invoke a function.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-permission.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Permission {
    /// `lambda:InvokeFunction`.
    pub action: Text,
    /// The function's name or ARN.
    pub function_name: Expr,
    /// `apigateway.amazonaws.com`.
    pub principal: Text,
    /// The execute-api ARN pattern the call must come from.
    pub source_arn: Expr,
}

references!(Permission { function_name, source_arn; action, principal });
