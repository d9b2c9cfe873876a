//! The stage's checks: retention, cache cluster, method settings and the methods they name.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::{AccessLog, LoggingLevel, MethodSettings, RETENTION_DAYS, Resource, Stack, Stage};
use crate::budget::{Note, Warning};
use crate::error::ProblemKind;

use super::super::names;
use super::super::parameters::{Declared, check_value};
use super::super::problems::Problems;
use super::super::resolve::ResolvedApi;

/// Stage variables per stage: API Gateway's limit, which can't be raised.
const MAX_VARIABLES: usize = 100;

/// Cache cluster sizes API Gateway offers, in GB.
const CACHE_SIZES: [&str; 8] = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"];

/// The problems of `stage`'s name, and of each variable's name and value.
pub(crate) fn check_name_and_variables(stage: &Stage, problems: &mut Problems<'_>) {
    if !names::is_stage_name(&stage.name) {
        problems.stack(ProblemKind::InvalidStageName(stage.name.clone()));
    }
    for (name, value) in &stage.variables {
        let reason = names::stage_variable_name_problem(name)
            .or_else(|| names::stage_variable_value_problem(value));
        if let Some(reason) = reason {
            let name = name.clone();
            problems.stack(ProblemKind::InvalidStageVariable { name, reason });
        }
    }
    if let Some(name) = stage.variables.keys().nth(MAX_VARIABLES) {
        let reason = "a stage holds at most 100 variables (API Gateway's limit)";
        let name = name.clone();
        problems.stack(ProblemKind::InvalidStageVariable { name, reason });
    }
}

/// Every other problem of `stage` over the resolved `api`.
pub(crate) fn check(
    stage: &Stage,
    api: &ResolvedApi<'_>,
    parameters: &Declared<'_>,
    problems: &mut Problems<'_>,
) {
    match &stage.access_log {
        AccessLog::LogGroup {
            retention_days,
            kms_key,
        } => {
            if !RETENTION_DAYS.contains(retention_days) {
                problems.stack(ProblemKind::InvalidLogRetention(
                    stage.name.clone(),
                    *retention_days,
                ));
            }
            if let Some(key) = kms_key {
                check_value(key, parameters, None, None, problems);
            }
        }
        AccessLog::Destination(arn) => check_value(arn, parameters, None, None, problems),
        AccessLog::Off(reason) => {
            if reason.trim().is_empty() {
                problems.stack(ProblemKind::EmptyReason("for turning access logs off"));
            }
        }
    }
    if let Some(size) = &stage.cache_cluster
        && !CACHE_SIZES.contains(&size.as_str())
    {
        problems.stack(ProblemKind::InvalidCacheSize(
            stage.name.clone(),
            size.clone(),
        ));
    }
    check_settings(&stage.settings, Some(stage), None, None, problems);
    if let Some(canary) = &stage.canary
        && !(0.0..=100.0).contains(&canary.percent)
    {
        problems.stack(ProblemKind::CanaryPercentOutOfRange(
            stage.name.clone(),
            canary.percent.to_string(),
        ));
    }
    check_tags(&stage.tags, problems);
    if let Some(acl) = &stage.web_acl {
        check_value(acl, parameters, None, None, problems);
    }

    if stage.method_settings.is_empty() {
        return;
    }
    let paths: Vec<String> = (0..api.resources.len()).map(|i| api.path(i)).collect();
    let methods: BTreeSet<(&str, &str)> = api
        .resources
        .iter()
        .zip(&paths)
        .flat_map(|(r, path)| r.methods.iter().map(|m| (path.as_str(), m.verb.as_str())))
        .collect();
    for (path, verb, settings) in &stage.method_settings {
        let path = path.trim_end_matches('/');
        let path = if path.is_empty() { "/" } else { path };
        if !methods.contains(&(path, verb.as_str())) {
            problems.at(
                Some(path),
                Some(verb.as_str()),
                ProblemKind::MethodSettingsWithoutMethod(stage.name.clone()),
            );
        }
        check_settings(
            settings,
            Some(stage),
            Some(path),
            Some(verb.as_str()),
            problems,
        );
    }
}

/// A method whose own settings cache needs a stage with a cache cluster: on the stages
/// without one its caching is left out.
pub(crate) fn check_method_caching(
    stages: &[Stage],
    api: &ResolvedApi<'_>,
    problems: &mut Problems<'_>,
) {
    if stages.iter().any(|s| s.cache_cluster.is_some()) {
        return;
    }
    let Some(first) = stages.first() else {
        return;
    };
    for (i, r) in api.resources.iter().enumerate() {
        for m in r
            .methods
            .iter()
            .filter(|m| m.settings.caching == Some(true))
        {
            problems.at(
                Some(&api.path(i)),
                Some(m.verb.as_str()),
                ProblemKind::CachingWithoutCacheCluster(first.name.clone()),
            );
        }
    }
}

/// Tags CloudFormation accepts: keys of 1 to 128 characters not starting with `aws:`, values
/// of at most 256.
pub(crate) fn check_tags(tags: &BTreeMap<String, String>, problems: &mut Problems<'_>) {
    for (key, value) in tags {
        let reason = if key.is_empty() || key.chars().count() > 128 {
            Some("its key must be 1 to 128 characters")
        } else if key.to_ascii_lowercase().starts_with("aws:") {
            Some("keys starting with `aws:` are reserved by AWS")
        } else if value.chars().count() > 256 {
            Some("its value must be at most 256 characters")
        } else {
            None
        };
        if let Some(reason) = reason {
            problems.stack(ProblemKind::InvalidTag(key.clone(), reason));
        }
    }
}

/// The problems of one set of settings, at `path` and `method` when it is a method's. With
/// `stage`, caching there needs its cache cluster.
pub(crate) fn check_settings(
    settings: &MethodSettings,
    stage: Option<&Stage>,
    path: Option<&str>,
    method: Option<&str>,
    problems: &mut Problems<'_>,
) {
    if let Some((rate, burst)) = settings.throttling
        && burst < rate
    {
        problems.at(path, method, ProblemKind::BurstBelowRate(rate, burst));
    }
    if let Some(ttl) = settings.cache_ttl
        && ttl > 3600
    {
        problems.at(path, method, ProblemKind::CacheTtlOutOfRange(ttl));
    }
    if let Some(stage) = stage
        && stage.cache_cluster.is_none()
        && settings.caching == Some(true)
    {
        problems.at(
            path,
            method,
            ProblemKind::CachingWithoutCacheCluster(stage.name.clone()),
        );
    }
}

/// What the stack should know about its stage: a warning when data trace is on, a note when
/// it logs to CloudWatch without creating the account's role.
pub(crate) fn warnings(stack: &Stack) -> (Vec<Warning>, Vec<Note>) {
    let mut own = Vec::new();
    methods_settings(&stack.api.root, &mut own);
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut logs = false;
    for stage in &stack.api.stages {
        let all = || {
            std::iter::once(&stage.settings)
                .chain(stage.method_settings.iter().map(|(_, _, s)| s))
                .chain(own.iter().copied())
        };
        if all().any(|s| s.data_trace == Some(true)) {
            out.push(Warning::DataTrace {
                stack: stack.name.clone(),
                stage: stage.name.clone(),
            });
        }
        let execution_logs = all().any(|s| matches!(s.logging, Some(l) if l != LoggingLevel::Off));
        logs |= execution_logs || !matches!(stage.access_log, AccessLog::Off(_));
    }
    if logs && !stack.api.cloudwatch_role {
        notes.push(Note::CloudWatchRole {
            stack: stack.name.clone(),
        });
    }
    (out, notes)
}

/// Every method's own settings under `resource`, where it has some.
fn methods_settings<'a>(resource: &'a Resource, out: &mut Vec<&'a MethodSettings>) {
    out.extend(
        resource
            .methods
            .iter()
            .map(|m| &m.settings)
            .filter(|s| !s.is_empty()),
    );
    for child in &resource.children {
        methods_settings(child, out);
    }
}
