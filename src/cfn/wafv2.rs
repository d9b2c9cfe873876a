//! `AWS::WAFv2::WebACLAssociation`.

use serde::Serialize;

use super::Expr;
use super::exprs::references;

/// A web ACL protecting a stage. <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-wafv2-webaclassociation.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebAclAssociation {
    /// The stage's ARN.
    #[serde(rename = "ResourceArn")]
    pub resource_arn: Expr,
    /// The web ACL's ARN.
    #[serde(rename = "WebACLArn")]
    pub web_acl_arn: Expr,
}

references!(WebAclAssociation { resource_arn, web_acl_arn; });
