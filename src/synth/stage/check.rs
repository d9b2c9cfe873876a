//! The stage's checks: retention, cache cluster, method settings and the methods they name.

use std::collections::BTreeSet;

use crate::api::{AccessLog, LoggingLevel, MethodSettings, RETENTION_DAYS, Resource, Stack, Stage};
use crate::budget::{Note, Warning};
use crate::error::ProblemKind;

use super::super::parameters::check_value;
use super::super::problems::Problems;
use super::super::resolve::ResolvedResource;

/// Cache cluster sizes API Gateway offers, in GB.
const CACHE_SIZES: [&str; 8] = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"];

/// Every problem of `stage` over the resolved `resources`.
pub(crate) fn check(
    stage: &Stage,
    resources: &[ResolvedResource<'_>],
    parameters: &BTreeSet<&str>,
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

    let methods: BTreeSet<(&str, &str)> = resources
        .iter()
        .flat_map(|r| r.methods.iter().map(|m| (r.path.as_str(), m.verb.as_str())))
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
    if stage.cache_cluster.is_none() {
        for r in resources {
            for m in r
                .methods
                .iter()
                .filter(|m| m.settings.caching == Some(true))
            {
                problems.at(
                    Some(&r.path),
                    Some(m.verb.as_str()),
                    ProblemKind::CachingWithoutCacheCluster(stage.name.clone()),
                );
            }
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
    let stage = &stack.api.stage;
    let mut own = Vec::new();
    methods_settings(&stack.api.root, &mut own);
    let all = || {
        std::iter::once(&stage.settings)
            .chain(stage.method_settings.iter().map(|(_, _, s)| s))
            .chain(own.iter().copied())
    };
    let mut out = Vec::new();
    let mut notes = Vec::new();
    if all().any(|s| s.data_trace == Some(true)) {
        out.push(Warning::DataTrace {
            stack: stack.name.clone(),
            stage: stage.name.clone(),
        });
    }
    let execution_logs = all().any(|s| matches!(s.logging, Some(l) if l != LoggingLevel::Off));
    let access_logs = !matches!(stage.access_log, AccessLog::Off(_));
    if (access_logs || execution_logs) && !stack.api.cloudwatch_role {
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
