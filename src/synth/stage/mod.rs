//! The `AWS::ApiGateway::Stage` that serves the latest deployment, with its access logs
//! ([`access_log`]), its method settings ([`method_settings`]) and their checks ([`check`]).

mod access_log;
mod check;
mod method_settings;

pub(crate) use check::{
    check, check_method_caching, check_names_apart, check_settings, check_tags, known_length_name,
    warnings,
};

use std::collections::BTreeMap;

use crate::api::{AccessLog, Stack, Stage, Value};
use crate::budget::StageSummary;
use crate::cfn::apigateway::CanarySetting;
use crate::cfn::wafv2::WebAclAssociation;
use crate::cfn::{
    Expr, LogicalId, Properties, Pseudo, Resource, SubPart, Tag, Template, apigateway,
};

use super::resolve::ResolvedApi;
use super::{Emitter, ids, parameters};

/// checkov's check that a stage caches responses.
const CKV_CACHING: &str = "CKV_AWS_120";
/// checkov's check that a stage writes access logs.
const CKV_ACCESS_LOGS: &str = "CKV_AWS_76";
/// checkov's check that a stage traces with X-Ray.
const CKV_TRACING: &str = "CKV_AWS_73";

impl Emitter<'_, '_, '_> {
    /// The API's stages, each pointing at `deployment`, with their log groups (and the
    /// account's CloudWatch role when the stack creates it).
    pub(super) fn stages(&mut self, deployment: LogicalId, api: &ResolvedApi<'_>) {
        let account = self.cloudwatch_role();
        let stages = &self.stack.api.stages;
        for stage in stages {
            self.stage(stage, &deployment, account.as_ref(), api);
        }
    }

    /// One stage.
    fn stage(
        &mut self,
        stage: &Stage,
        deployment: &LogicalId,
        account: Option<&LogicalId>,
        api: &ResolvedApi<'_>,
    ) {
        let tags = tags(&self.stack.api.tags, &stage.tags);
        let access_log_setting = self.access_log(stage, &tags);
        let mut resource = Resource::new(apigateway::Stage {
            rest_api_id: self.api_ref(),
            deployment_id: Expr::Ref(deployment.clone()),
            stage_name: parameters::expr(&stage.name),
            description: stage.description.clone(),
            variables: stage.variables.clone(),
            tracing_enabled: Some(stage.tracing),
            access_log_setting,
            cache_cluster_enabled: stage.cache_cluster.as_ref().map(|_| true),
            cache_cluster_size: stage.cache_cluster.clone(),
            method_settings: method_settings::emit(stage, api),
            canary_setting: stage.canary.as_ref().map(|c| CanarySetting {
                percent_traffic: c.percent,
                stage_variable_overrides: c.variables.clone(),
                use_stage_cache: c.use_stage_cache,
            }),
            tags,
        })
        .depends_on(account.into_iter().cloned().collect());
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
        let stage_id = ids::stage(stage.label());
        self.insert(
            stage_id.clone(),
            format!("stage `{}`", stage.label()),
            resource,
        );
        if let Some(acl) = &stage.web_acl {
            self.insert(
                ids::web_acl_association(stage.label()),
                format!("the web ACL of stage `{}`", stage.label()),
                Resource::new(WebAclAssociation {
                    resource_arn: Expr::sub([
                        "arn:".into(),
                        Pseudo::Partition.into(),
                        ":apigateway:".into(),
                        Pseudo::Region.into(),
                        "::/restapis/".into(),
                        SubPart::Ref(self.rest_api.clone()),
                        "/stages/".into(),
                        SubPart::Ref(stage_id),
                    ]),
                    web_acl_arn: parameters::expr(acl),
                }),
            );
        }
    }
}

/// The API's tags with the stage's over them, sorted by key.
pub(crate) fn tags(api: &BTreeMap<String, String>, stage: &BTreeMap<String, String>) -> Vec<Tag> {
    let mut all = api.clone();
    all.extend(stage.iter().map(|(k, v)| (k.clone(), v.clone())));
    all.into_iter()
        .map(|(key, value)| Tag { key, value })
        .collect()
}

/// The stages of `stack` at a glance, for `list`, as `template` (its whole template, before
/// any split) has them.
pub(crate) fn summary(stack: &Stack, template: &Template) -> Vec<StageSummary> {
    stack
        .api
        .stages
        .iter()
        .map(|stage| stage_summary(stack, stage, template))
        .collect()
}

fn stage_summary(stack: &Stack, stage: &Stage, template: &Template) -> StageSummary {
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
        .get(&ids::stage(stage.label()))
        .map(|r| &r.properties)
    {
        Some(Properties::Stage(s)) => s.method_settings.len(),
        _ => 0,
    };
    StageSummary {
        // As `tree` reads it from the template: a parameter's value as `${Parameter}`.
        name: match &stage.name {
            Value::Ref(parameter) if stage.id.is_none() => format!("${{{parameter}}}"),
            _ => stage.label().to_owned(),
        },
        access_logs,
        tracing: stage.tracing,
        cache: stage.cache_cluster.clone(),
        throttling: stage.settings.throttling,
        method_settings,
        canary: stage.canary.as_ref().map(|c| c.percent),
        web_acl: stage.web_acl.is_some(),
        domains: stack
            .api
            .domains
            .iter()
            .flat_map(|d| {
                let host = match &d.name {
                    Value::Literal(host) => host.clone(),
                    Value::Ref(p) => format!("{{{p}}}"),
                    other => format!("{other:?}"),
                };
                d.base_paths
                    .iter()
                    .filter(|(_, s)| s == stage.label())
                    .map(move |(path, _)| format!("{host}/{path}"))
            })
            .collect(),
    }
}
