//! `AWS::ApiGateway::ApiKey`, `AWS::ApiGateway::UsagePlan` and
//! `AWS::ApiGateway::UsagePlanKey`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cfn::exprs::references;
use crate::cfn::{Expr, Text};

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-apikey.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApiKey {
    /// The key's name.
    pub name: String,
    /// The key's description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether callers can use it.
    pub enabled: bool,
    /// The key's value, from a `NoEcho` parameter; none: API Gateway generates it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Expr>,
}

references!(ApiKey { value; name, description, enabled });

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-usageplan.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UsagePlan {
    /// The plan's name.
    pub usage_plan_name: String,
    /// The plan's description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The API stages the plan applies to.
    pub api_stages: Vec<ApiStage>,
    /// Requests per second and burst, per key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throttle: Option<ThrottleSettings>,
    /// Requests per period, per key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota: Option<QuotaSettings>,
}

references!(UsagePlan { api_stages; usage_plan_name, description, throttle, quota });

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-usageplan-apistage.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApiStage {
    /// The API.
    pub api_id: Expr,
    /// The stage (a `Ref` to the stage: the plan is created after it).
    pub stage: Expr,
    /// Per-method throttling, keyed `/<path>/<METHOD>`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub throttle: BTreeMap<String, ThrottleSettings>,
}

references!(ApiStage { api_id, stage; throttle });

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-usageplan-throttlesettings.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ThrottleSettings {
    /// Requests above the rate allowed at once.
    pub burst_limit: u32,
    /// Requests per second.
    pub rate_limit: u32,
}

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-usageplan-quotasettings.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QuotaSettings {
    /// Requests per period.
    pub limit: u32,
    /// Requests subtracted from `limit` in the first period only.
    #[serde(skip_serializing_if = "is_zero")]
    pub offset: u32,
    /// `DAY`, `WEEK` or `MONTH`.
    pub period: Text,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-usageplankey.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UsagePlanKey {
    /// The API key.
    pub key_id: Expr,
    /// `API_KEY`.
    pub key_type: Text,
    /// The usage plan.
    pub usage_plan_id: Expr,
}

references!(UsagePlanKey { key_id, usage_plan_id; key_type });
