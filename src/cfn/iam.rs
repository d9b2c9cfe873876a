//! `AWS::IAM::Role`, as far as a service role needs it: who may assume it, and its managed
//! and inline policies.

use serde::Serialize;

use super::exprs::references;
use super::{Expr, Text};

/// A role a service assumes, with managed and inline policies.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Role {
    /// Who may assume the role.
    pub assume_role_policy_document: PolicyDocument,
    /// What the role may do: managed policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policy_arns: Vec<Expr>,
    /// What the role may do: inline policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Policy>,
}

references!(Role { managed_policy_arns, policies; assume_role_policy_document });

/// An inline policy of a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Policy {
    /// Its name, unique in the role.
    pub policy_name: Text,
    /// What it allows.
    pub policy_document: PermissionsDocument,
}

references!(Policy { policy_document; policy_name });

/// A policy document of permissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PermissionsDocument {
    /// Always `2012-10-17`.
    pub version: Text,
    /// The statements.
    pub statement: Vec<Permission>,
}

references!(PermissionsDocument { statement; version });

/// One statement allowing actions on resources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Permission {
    /// `Allow`.
    pub effect: Text,
    /// The actions, e.g. `sqs:SendMessage`.
    pub action: Vec<Text>,
    /// The resources' ARNs.
    pub resource: Vec<Expr>,
}

references!(Permission { resource; effect, action });

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
