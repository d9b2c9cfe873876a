//! `AWS::ApiGateway::Stage` and its property types: access logs and method settings.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cfn::exprs::references;
use crate::cfn::{Expr, Tag, Text};

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-stage.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Stage {
    /// The API.
    pub rest_api_id: Expr,
    /// The deployment the stage serves.
    pub deployment_id: Expr,
    /// The name in the invoke URL: a literal, or a parameter's value.
    pub stage_name: Expr,
    /// Shown in the console.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Stage variables.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub variables: BTreeMap<String, String>,
    /// X-Ray tracing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracing_enabled: Option<bool>,
    /// Where access logs go, and their format.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_log_setting: Option<AccessLogSetting>,
    /// Whether the stage has a cache cluster.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_cluster_enabled: Option<bool>,
    /// The cache cluster's size in GB (`0.5`, `1.6`, … `237`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_cluster_size: Option<String>,
    /// Settings for all methods (`/*`, `*`) or one (`/~1path`, `GET`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub method_settings: Vec<MethodSetting>,
    /// A canary taking part of the stage's traffic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary_setting: Option<CanarySetting>,
    /// Tags, sorted by key.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

references!(Stage {
    rest_api_id, deployment_id, stage_name, access_log_setting;
    description, variables, tracing_enabled, cache_cluster_enabled,
    cache_cluster_size, method_settings, canary_setting, tags
});

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-stage-canarysetting.html>
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CanarySetting {
    /// Share of the stage's requests the canary takes, 0 to 100.
    pub percent_traffic: f64,
    /// Stage variables the canary overrides.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub stage_variable_overrides: BTreeMap<String, String>,
    /// Whether the canary uses the stage's cache.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_stage_cache: Option<bool>,
}

/// Compared by the bits of the percentage (the template's value).
impl Eq for CanarySetting {}

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-stage-accesslogsetting.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessLogSetting {
    /// The log group's or Firehose stream's ARN.
    pub destination_arn: Expr,
    /// One line per request, with `$context` variables.
    pub format: String,
}

references!(AccessLogSetting { destination_arn; format });

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-stage-methodsetting.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MethodSetting {
    /// `/*` for every resource, else the path with each `/` written `~1`.
    pub resource_path: String,
    /// `*` for every method, else one verb.
    pub http_method: Text,
    /// `OFF`, `ERROR` or `INFO`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logging_level: Option<Text>,
    /// Detailed CloudWatch metrics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics_enabled: Option<bool>,
    /// Full requests and responses in the execution log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_trace_enabled: Option<bool>,
    /// Steady-state requests per second.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throttling_rate_limit: Option<u32>,
    /// Burst of requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throttling_burst_limit: Option<u32>,
    /// Responses cached (needs the stage's cache cluster).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caching_enabled: Option<bool>,
    /// How long a cached response lives, 0 to 3600 seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_ttl_in_seconds: Option<u32>,
    /// Cached responses encrypted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_data_encrypted: Option<bool>,
}

references!(MethodSetting {
    ;
    resource_path, http_method, logging_level, metrics_enabled, data_trace_enabled,
    throttling_rate_limit, throttling_burst_limit, caching_enabled, cache_ttl_in_seconds,
    cache_data_encrypted
});
