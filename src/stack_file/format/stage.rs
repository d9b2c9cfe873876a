//! The stage the API is deployed to: its access logs, tracing, cache and method settings.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ValueSpec;

/// The stage the API is deployed to.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StageSpec {
    /// Letters, digits, `-` and `_`; at most 128: a literal, or `{ ref: Parameter }` (a
    /// `String` parameter) to name the stage at deploy time. Any other intrinsic (`sub`,
    /// `join`, …) needs an `id`.
    pub name: ValueSpec,
    /// What names the stage in logical ids (`Stage<Id>`, `AccessLogs<Id>`), base path
    /// mappings and messages, whatever name it gets at deploy time (letters, digits, `-` and
    /// `_`). Default: the literal name, or the parameter's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Shown in the console. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Stage variables. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub variables: BTreeMap<String, String>,
    /// X-Ray tracing. Default: on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracing: Option<bool>,
    /// Where access logs go. Default: a log group the stack creates, kept 365 days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_log: Option<AccessLogSpec>,
    /// A cache cluster of this many GB (`"0.5"`, `"1.6"`, `"6.1"`, `"13.5"`, `"28.4"`,
    /// `"58.2"`, `"118"` or `"237"`), for methods whose settings cache. Default: none (a
    /// cluster is billed by the hour).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_cluster_size: Option<String>,
    /// Settings for every method of the stage. Default: API Gateway's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<MethodSettingsSpec>,
    /// Settings for single methods on this stage, by route and method
    /// (`/orders/{id}: { GET: { throttling: ... } }`), over `settings` and the method's own.
    /// Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub method_settings: BTreeMap<String, RouteSettingsSpec>,
    /// A WAFv2 web ACL (REGIONAL scope) ARN protecting the stage (literal or
    /// `{ ref: Parameter }`). Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_acl_arn: Option<ValueSpec>,
    /// A canary taking part of the stage's traffic. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary: Option<CanarySpec>,
    /// Tags on the stage and its log group, over the API's. Default: the API's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub tags: BTreeMap<String, String>,
}

/// A canary: a share of the stage's requests, served with other stage variables.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CanarySpec {
    /// Share of the stage's requests, 0 to 100.
    pub percent_traffic: f64,
    /// Stage variables the canary's requests see instead. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub variables: BTreeMap<String, String>,
    /// Whether the canary uses the stage's cache. Default: no.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_stage_cache: Option<bool>,
}

/// Where a stage's access logs go: exactly one of `logGroup`, `destinationArn` or `off`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AccessLogSpec {
    /// A log group the stack creates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_group: Option<LogGroupSpec>,
    /// An existing log group's ARN, or a Firehose stream's (its name starting with
    /// `amazon-apigateway-`): a literal or `{ ref: Parameter }`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_arn: Option<ValueSpec>,
    /// No access logs, and why (written into the template beside the check that then fails).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub off: Option<String>,
}

/// A log group the stack creates for access logs.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LogGroupSpec {
    /// Days events are kept: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
    /// 1096, 1827, 2192, 2557, 2922, 3288 or 3653. Default: 365.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u32>,
    /// The KMS key ARN that encrypts the events (literal or `{ ref: Parameter }`). Default:
    /// CloudWatch Logs' own key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kms_key_arn: Option<ValueSpec>,
}

/// Settings of methods: each one unset keeps the wider setting's (or API Gateway's).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MethodSettingsSpec {
    /// Execution logging: `OFF`, `ERROR` or `INFO`. Default: `OFF`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging_level: Option<LoggingLevelSpec>,
    /// Detailed CloudWatch metrics per method. Default: off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<bool>,
    /// Full requests and responses in the execution log (bodies and tokens reach the logs:
    /// synth warns). Default: off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_trace: Option<bool>,
    /// Requests per second and burst. Default: the account's limits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throttling: Option<ThrottlingSpec>,
    /// Cache responses (the stage needs `cacheClusterSize`). Default: no caching.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caching: Option<CachingSpec>,
}

/// An execution logging level.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum LoggingLevelSpec {
    /// Nothing.
    Off,
    /// Errors only.
    Error,
    /// Errors and information about each request.
    Info,
}

/// Throttling: at most `rateLimit` requests per second, bursts of `burstLimit`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ThrottlingSpec {
    /// Steady-state requests per second.
    pub rate_limit: u32,
    /// Largest burst; at least `rateLimit`.
    pub burst_limit: u32,
}

/// Response caching.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CachingSpec {
    /// How long a response stays cached, 0 to 3600 seconds.
    pub ttl_seconds: u32,
    /// Encrypt cached responses. Default: true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
}

/// The settings of one route's methods on a stage, by upper-case method name.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteSettingsSpec {
    /// `GET`
    #[serde(rename = "GET", skip_serializing_if = "Option::is_none")]
    pub get: Option<MethodSettingsSpec>,
    /// `HEAD`
    #[serde(rename = "HEAD", skip_serializing_if = "Option::is_none")]
    pub head: Option<MethodSettingsSpec>,
    /// `POST`
    #[serde(rename = "POST", skip_serializing_if = "Option::is_none")]
    pub post: Option<MethodSettingsSpec>,
    /// `PUT`
    #[serde(rename = "PUT", skip_serializing_if = "Option::is_none")]
    pub put: Option<MethodSettingsSpec>,
    /// `PATCH`
    #[serde(rename = "PATCH", skip_serializing_if = "Option::is_none")]
    pub patch: Option<MethodSettingsSpec>,
    /// `DELETE`
    #[serde(rename = "DELETE", skip_serializing_if = "Option::is_none")]
    pub delete: Option<MethodSettingsSpec>,
    /// `OPTIONS`
    #[serde(rename = "OPTIONS", skip_serializing_if = "Option::is_none")]
    pub options: Option<MethodSettingsSpec>,
    /// `ANY`
    #[serde(rename = "ANY", skip_serializing_if = "Option::is_none")]
    pub any: Option<MethodSettingsSpec>,
}

impl RouteSettingsSpec {
    /// The settings given, by upper-case method name, in a fixed order.
    pub fn into_methods(self) -> impl Iterator<Item = (&'static str, MethodSettingsSpec)> {
        [
            ("GET", self.get),
            ("HEAD", self.head),
            ("POST", self.post),
            ("PUT", self.put),
            ("PATCH", self.patch),
            ("DELETE", self.delete),
            ("OPTIONS", self.options),
            ("ANY", self.any),
        ]
        .into_iter()
        .filter_map(|(name, s)| s.map(|s| (name, s)))
    }
}
