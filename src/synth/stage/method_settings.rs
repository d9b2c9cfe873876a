//! The stage's `MethodSettings`: one entry for the whole stage, one per method that has
//! settings of its own (the stage-wide ones merged in, so each entry says all it sets).

use crate::api::{MethodSettings, Stage};
use crate::cfn::apigateway::MethodSetting;

use super::super::resolve::ResolvedApi;

/// The entries of `stage`: `/*` `*` first, then each method with its own settings, in the
/// API's order.
pub(super) fn emit(stage: &Stage, api: &ResolvedApi<'_>) -> Vec<MethodSetting> {
    let mut out = Vec::new();
    if !stage.settings.is_empty() {
        out.push(setting("/*".to_owned(), "*", &stage.settings));
    }
    for (i, r) in api.resources.iter().enumerate() {
        // Spelled out only where settings may apply: a route may be thousands of parts deep.
        let mut path = None;
        for m in &r.methods {
            if m.settings.is_empty() && stage.method_settings.is_empty() {
                continue;
            }
            let path = path.get_or_insert_with(|| api.path(i));
            let on_stage = stage
                .method_settings
                .iter()
                .filter(|(p, verb, _)| p == path && *verb == m.verb)
                .fold(MethodSettings::new(), |acc, (_, _, s)| s.over(&acc));
            if m.settings.is_empty() && on_stage.is_empty() {
                continue;
            }
            let mut own = m.settings.clone();
            if stage.cache_cluster.is_none() {
                // A method's own caching takes effect on the stages with a cache cluster.
                own.caching = None;
                own.cache_ttl = None;
                own.cache_encrypted = None;
                if own.is_empty() && on_stage.is_empty() {
                    continue;
                }
            }
            let merged = on_stage.over(&own.over(&stage.settings));
            out.push(setting(resource_path(path), m.verb.as_str(), &merged));
        }
    }
    out
}

/// `path` as a method setting names it: `/` stays, each other `/` is written `~1`
/// (`/orders/{id}` → `/~1orders~1{id}`).
pub(crate) fn resource_path(path: &str) -> String {
    if path == "/" {
        "/".to_owned()
    } else {
        format!("/{}", path.replace('/', "~1"))
    }
}

fn setting(resource_path: String, http_method: &'static str, s: &MethodSettings) -> MethodSetting {
    MethodSetting {
        resource_path,
        http_method: http_method.into(),
        logging_level: s.logging.map(|l| l.as_str().into()),
        metrics_enabled: s.metrics,
        data_trace_enabled: s.data_trace,
        throttling_rate_limit: s.throttling.map(|t| t.0),
        throttling_burst_limit: s.throttling.map(|t| t.1),
        caching_enabled: s.caching,
        cache_ttl_in_seconds: s.cache_ttl,
        cache_data_encrypted: s.cache_encrypted,
    }
}
