//! Custom domains: a host name with its certificate, base path mappings and DNS record.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{EndpointSpec, ValueSpec};

/// A custom domain in front of the API.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DomainSpec {
    /// The host name, e.g. `api.example.com` (literal or `{ ref: Parameter }`).
    pub name: ValueSpec,
    /// The ACM certificate ARN (literal or `{ ref: Parameter }`): in the stack's region for a
    /// regional domain, in us-east-1 for an edge one.
    pub certificate_arn: ValueSpec,
    /// `regional` or `edge`. Default: `regional`.
    #[serde(default, skip_serializing_if = "EndpointSpec::is_regional")]
    pub endpoint: EndpointSpec,
    /// `TLS_1_2` or `TLS_1_0`. Default: `TLS_1_2`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_policy: Option<SecurityPolicySpec>,
    /// Client certificates checked against a truststore (regional domains). Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mutual_tls: Option<MutualTlsSpec>,
    /// Which path under the domain goes to which stage; at least one.
    pub base_paths: Vec<BasePathSpec>,
    /// A Route 53 hosted zone id (literal or `{ ref: Parameter }`) in which to create an `A`
    /// alias record for the domain. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hosted_zone_id: Option<ValueSpec>,
    /// Tags on the domain, over the API's. Default: the API's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub tags: BTreeMap<String, String>,
}

/// The TLS versions a custom domain accepts.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum SecurityPolicySpec {
    /// TLS 1.2 and later.
    #[serde(rename = "TLS_1_2")]
    Tls12,
    /// TLS 1.0 and later (old clients only).
    #[serde(rename = "TLS_1_0")]
    Tls10,
}

/// Mutual TLS: the truststore of client certificate authorities.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MutualTlsSpec {
    /// `s3://bucket/key` of the truststore (literal or `{ ref: Parameter }`).
    pub truststore_uri: ValueSpec,
    /// The truststore object's S3 version. Default: the latest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truststore_version: Option<ValueSpec>,
}

/// One base path mapping: `https://<domain>/<path>/` to a stage.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BasePathSpec {
    /// The first path part under the domain. Default: none (the domain's root).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    /// The stage, by name.
    pub stage: String,
}
