//! The resource policy of an `AWS::ApiGateway::RestApi` (its `Policy` property).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cfn::exprs::references;
use crate::cfn::{Expr, Text};

/// An API's resource policy: who may (or may not) call `execute-api:Invoke` on which
/// routes.
/// <https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourcePolicy {
    /// Always `2012-10-17`.
    pub version: Text,
    /// The statements, in the stack's order, generated ones last.
    pub statement: Vec<ResourcePolicyStatement>,
}

references!(ResourcePolicy { statement; version });

/// One statement of a resource policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourcePolicyStatement {
    /// `Allow` or `Deny`.
    pub effect: Text,
    /// `*`, or the AWS accounts and principals.
    pub principal: Principal,
    /// `execute-api:Invoke`.
    pub action: Text,
    /// The routes, as `execute-api:/<stage>/<method>/<path>` (API Gateway fills in the
    /// API's ARN).
    pub resource: Vec<Text>,
    /// Operator (`IpAddress`, `StringEquals`, …) → key (`aws:SourceIp`) → values.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub condition: BTreeMap<Text, BTreeMap<Text, Vec<Expr>>>,
}

references!(ResourcePolicyStatement { principal, condition; effect, action, resource });

/// Whom a statement names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Principal {
    /// `"*"`: every caller (conditions narrow it).
    Anyone(Text),
    /// `{"AWS": [...]}`: accounts and IAM principals.
    Aws(AwsPrincipal),
}

impl crate::cfn::References for Principal {
    fn exprs<'a>(&'a self, out: &mut Vec<&'a Expr>) {
        match self {
            Principal::Anyone(_) => {}
            Principal::Aws(p) => p.exprs(out),
        }
    }

    fn exprs_mut<'a>(&'a mut self, out: &mut Vec<&'a mut Expr>) {
        match self {
            Principal::Anyone(_) => {}
            Principal::Aws(p) => p.exprs_mut(out),
        }
    }
}

/// `{"AWS": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwsPrincipal {
    /// Account ids and principal ARNs.
    #[serde(rename = "AWS")]
    pub aws: Vec<Expr>,
}

references!(AwsPrincipal { aws; });
