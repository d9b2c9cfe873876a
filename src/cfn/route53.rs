//! `AWS::Route53::RecordSet`, as an alias to a custom domain.

use serde::Serialize;

use super::exprs::references;
use super::{Expr, Text};

/// An `A` alias record. <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-route53-recordset.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecordSet {
    /// The hosted zone the record goes in.
    pub hosted_zone_id: Expr,
    /// The record's name (the domain).
    pub name: Expr,
    /// `A`.
    #[serde(rename = "Type")]
    pub record_type: Text,
    /// What the alias points at.
    pub alias_target: AliasTarget,
}

references!(RecordSet { hosted_zone_id, name, alias_target; record_type });

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-route53-recordset-aliastarget.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AliasTarget {
    /// The target's DNS name.
    #[serde(rename = "DNSName")]
    pub dns_name: Expr,
    /// The target's hosted zone.
    #[serde(rename = "HostedZoneId")]
    pub hosted_zone_id: Expr,
}

references!(AliasTarget { dns_name, hosted_zone_id; });
