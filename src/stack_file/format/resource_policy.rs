//! The API's resource policy: statements that allow or deny callers by source IP range, VPC,
//! VPC endpoint, account or principal, on chosen routes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ValueSpec;

/// Whether a statement allows or denies.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PolicyEffectSpec {
    /// Allow the callers it names.
    Allow,
    /// Deny the callers it names, whatever else allows them.
    Deny,
}

/// A statement of the API's resource policy: an effect, at most one kind of caller (none:
/// anyone) and the routes it covers (none: the whole API).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PolicyStatementSpec {
    /// `allow` or `deny`.
    pub effect: PolicyEffectSpec,
    /// Callers whose source IP is in one of these IPv4 or IPv6 addresses or CIDR ranges
    /// (`203.0.113.0/24`, `2001:db8::/32`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub source_ips: Vec<String>,
    /// Callers whose source IP is in none of these ranges (with `deny`: only they get in).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub not_source_ips: Vec<String>,
    /// Callers coming through one of these VPCs (`vpc-…`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub source_vpcs: Vec<ValueSpec>,
    /// Callers coming through none of these VPCs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub not_source_vpcs: Vec<ValueSpec>,
    /// Callers coming through one of these VPC endpoints (`vpce-…`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub source_vpc_endpoints: Vec<ValueSpec>,
    /// Callers coming through none of these VPC endpoints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub not_source_vpc_endpoints: Vec<ValueSpec>,
    /// IAM principals of these AWS accounts (12 digits).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub accounts: Vec<ValueSpec>,
    /// These IAM principals, by ARN.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub principals: Vec<ValueSpec>,
    /// The routes covered: `GET /orders/{id}` (one method) or `/admin` (every method of the
    /// path and of the paths under it). Default: the whole API.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub routes: Vec<String>,
}
