//! `AWS::ApiGateway::Account`: the account-wide settings of API Gateway in one region.

use serde::Serialize;

use crate::cfn::Expr;
use crate::cfn::exprs::references;

/// The role API Gateway writes CloudWatch logs with, for every API of the account in the
/// region. <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-account.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Account {
    /// The role's ARN.
    pub cloud_watch_role_arn: Expr,
}

references!(Account { cloud_watch_role_arn; });
