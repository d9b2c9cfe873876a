//! The `AWS::ApiGateway::Stage` that serves the latest deployment, with its access logs
//! ([`access_log`]), its method settings ([`method_settings`]) and their checks ([`check`]).

mod access_log;
mod check;
mod method_settings;

pub(crate) use check::{check, check_settings, warnings};

use crate::api::{AccessLog, Stack};
use crate::budget::StageSummary;
use crate::cfn::{Expr, LogicalId, Properties, Resource, Template, apigateway};

use super::resolve::ResolvedApi;
use super::{Emitter, ids};

/// checkov's check that a stage caches responses.
const CKV_CACHING: &str = "CKV_AWS_120";
/// checkov's check that a stage writes access logs.
const CKV_ACCESS_LOGS: &str = "CKV_AWS_76";
/// checkov's check that a stage traces with X-Ray.
const CKV_TRACING: &str = "CKV_AWS_73";

impl Emitter<'_, '_, '_> {
    /// The API's stage, pointing at `deployment`, with its log group (and the account's
    /// CloudWatch role when the stack creates it).
    pub(super) fn stage(&mut self, deployment: LogicalId, api: &ResolvedApi<'_>) {
        let stage = &self.stack.api.stage;
        let account = self.cloudwatch_role();
        let access_log_setting = self.access_log(stage);
        let mut resource = Resource::new(apigateway::Stage {
            rest_api_id: self.api_ref(),
            deployment_id: Expr::Ref(deployment),
            stage_name: stage.name.clone(),
            description: stage.description.clone(),
            variables: stage.variables.clone(),
            tracing_enabled: Some(stage.tracing),
            access_log_setting,
            cache_cluster_enabled: stage.cache_cluster.as_ref().map(|_| true),
            cache_cluster_size: stage.cache_cluster.clone(),
            method_settings: method_settings::emit(stage, api),
        })
        .depends_on(account.into_iter().collect());
        if stage.cache_cluster.is_none() {
            resource = resource.checkov_skip(
                CKV_CACHING,
                "caching is off by default: a cache cluster is billed by the hour whether used \
                 or not, and serves a cached response to any caller the cache key does not \
                 tell apart; turn it on per stage with a cache cluster",
            );
        }
        if let AccessLog::Off(reason) = &stage.access_log {
            resource = resource.checkov_skip(
                CKV_ACCESS_LOGS,
                format!("access logs turned off by the stack: {reason}"),
            );
        }
        if !stage.tracing {
            resource = resource.checkov_skip(
                CKV_TRACING,
                "X-Ray tracing turned off by the stack (tracing: false)",
            );
        }
        self.insert(
            ids::stage(&stage.name),
            format!("stage `{}`", stage.name),
            resource,
        );
    }
}

/// The stages of `stack` at a glance, for `list`, as `template` (its whole template, before
/// any split) has them.
pub(crate) fn summary(stack: &Stack, template: &Template) -> Vec<StageSummary> {
    let stage = &stack.api.stage;
    let access_logs = match &stage.access_log {
        AccessLog::LogGroup {
            retention_days,
            kms_key,
        } => {
            let kms = if kms_key.is_some() { ", KMS" } else { "" };
            format!("log group, {retention_days} days{kms}")
        }
        AccessLog::Destination(_) => "destination".to_owned(),
        AccessLog::Off(_) => "off".to_owned(),
    };
    let method_settings = match template
        .resources
        .get(&ids::stage(&stage.name))
        .map(|r| &r.properties)
    {
        Some(Properties::Stage(s)) => s.method_settings.len(),
        _ => 0,
    };
    vec![StageSummary {
        name: stage.name.clone(),
        access_logs,
        tracing: stage.tracing,
        cache: stage.cache_cluster.clone(),
        throttling: stage.settings.throttling,
        method_settings,
    }]
}
