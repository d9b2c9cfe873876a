//! `AWS::CloudFormation::Stack`: a nested stack.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Expr;
use super::exprs::references;

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stack.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NestedStack {
    /// The nested template; a relative path until `aws cloudformation package` uploads it.
    #[serde(rename = "TemplateURL")]
    pub template_url: String,
    /// Values for the nested template's parameters.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, Expr>,
}

references!(NestedStack { parameters; template_url });
