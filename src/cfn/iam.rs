//! `AWS::IAM::Role`, as far as a service role needs it.

use serde::Serialize;

use super::exprs::references;
use super::{Expr, Text};

/// A role a service assumes, with managed policies.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Role {
    /// Who may assume the role.
    pub assume_role_policy_document: PolicyDocument,
    /// What the role may do.
    pub managed_policy_arns: Vec<Expr>,
}

references!(Role { managed_policy_arns; assume_role_policy_document });

/// An IAM policy document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyDocument {
    /// Always `2012-10-17`.
    pub version: Text,
    /// The statements.
    pub statement: Vec<Statement>,
}

/// One statement of a trust policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    /// `Allow`.
    pub effect: Text,
    /// The service that may act.
    pub principal: ServicePrincipal,
    /// `sts:AssumeRole`.
    pub action: Text,
}

/// `{"Service": "apigateway.amazonaws.com"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServicePrincipal {
    /// The service's principal.
    pub service: Text,
}
