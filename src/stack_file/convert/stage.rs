//! The stage: a `StageSpec` into a [`Stage`], with its access logs and method settings.

use crate::{AccessLog, Canary, HttpMethod, LoggingLevel, MethodSettings, Stage};

use super::super::LoadProblemKind;
use super::super::format::{AccessLogSpec, LoggingLevelSpec, MethodSettingsSpec, StageSpec};
use super::super::load::Loader;

impl Loader {
    /// The stage `spec` describes, written at `at`.
    pub(super) fn stage(&mut self, spec: StageSpec, at: Vec<String>) -> Stage {
        let StageSpec {
            name,
            id,
            description,
            variables,
            tracing,
            access_log,
            cache_cluster_size,
            settings,
            method_settings: per_method,
            canary,
            tags,
            web_acl_arn,
        } = spec;
        let mut name_at = at.clone();
        name_at.push("name".to_owned());
        let mut stage = Stage::new(self.value(name, name_at));
        if let Some(id) = id {
            stage = stage.id(id);
        }
        self.stages.push((stage.label().to_owned(), at.clone()));
        if let Some(d) = description {
            stage = stage.description(d);
        }
        for (k, v) in variables {
            stage = stage.variable(k, v);
        }
        if let Some(t) = tracing {
            stage = stage.tracing(t);
        }
        if let Some(c) = canary {
            let mut canary = Canary::new(c.percent_traffic);
            for (k, v) in c.variables {
                canary = canary.variable(k, v);
            }
            if let Some(u) = c.use_stage_cache {
                canary = canary.use_stage_cache(u);
            }
            stage = stage.canary(canary);
        }
        for (k, v) in tags {
            stage = stage.tag(k, v);
        }
        if let Some(acl) = web_acl_arn {
            let mut p = at.clone();
            p.push("webAclArn".to_owned());
            stage = stage.web_acl(self.value(acl, p));
        }
        if let Some(a) = access_log.and_then(|a| self.access_log(a, &at)) {
            stage = stage.access_log(a);
        }
        if let Some(size) = cache_cluster_size {
            stage = stage.cache_cluster(size);
        }
        if let Some(s) = settings {
            stage = stage.settings(method_settings(s));
        }
        for (path, route) in per_method {
            for (verb, s) in route.into_methods() {
                // The names are the format's own keys, so they parse.
                let Ok(verb) = verb.parse::<HttpMethod>() else {
                    continue;
                };
                stage = stage.method_settings(path.clone(), verb, method_settings(s));
            }
        }
        stage
    }

    /// The access log `spec` gives; `None`, with the problem recorded, unless it gives
    /// exactly one destination.
    fn access_log(&mut self, spec: AccessLogSpec, stage: &[String]) -> Option<AccessLog> {
        let at = |field: &str| {
            let mut p = stage.to_vec();
            p.extend(["accessLog".to_owned(), field.to_owned()]);
            p
        };
        let AccessLogSpec {
            log_group,
            destination_arn,
            off,
        } = spec;
        let given = usize::from(log_group.is_some())
            + usize::from(destination_arn.is_some())
            + usize::from(off.is_some());
        if given != 1 {
            let message = format!(
                "give exactly one of `logGroup`, `destinationArn` or `off` ({given} given)"
            );
            let mut at = stage.to_vec();
            at.push("accessLog".to_owned());
            self.problem(&at, true, LoadProblemKind::AccessLog, message);
            return None;
        }
        if let Some(group) = log_group {
            let mut log = AccessLog::log_group();
            if let Some(days) = group.retention_days {
                log = log.retention_days(days);
            }
            if let Some(key) = group.kms_key_arn {
                let mut p = at("logGroup");
                p.push("kmsKeyArn".to_owned());
                log = log.kms_key(self.value(key, p));
            }
            return Some(log);
        }
        if let Some(arn) = destination_arn {
            return Some(AccessLog::destination(
                self.value(arn, at("destinationArn")),
            ));
        }
        off.map(AccessLog::off)
    }
}

/// The settings `spec` describes.
pub(super) fn method_settings(spec: MethodSettingsSpec) -> MethodSettings {
    let MethodSettingsSpec {
        logging_level,
        metrics,
        data_trace,
        throttling,
        caching,
    } = spec;
    let mut s = MethodSettings::new();
    if let Some(level) = logging_level {
        s = s.logging(match level {
            LoggingLevelSpec::Off => LoggingLevel::Off,
            LoggingLevelSpec::Error => LoggingLevel::Error,
            LoggingLevelSpec::Info => LoggingLevel::Info,
        });
    }
    if let Some(m) = metrics {
        s = s.metrics(m);
    }
    if let Some(d) = data_trace {
        s = s.data_trace(d);
    }
    if let Some(t) = throttling {
        s = s.throttling(t.rate_limit, t.burst_limit);
    }
    if let Some(c) = caching {
        if let Some(e) = c.encrypted {
            s = s.cache_encrypted(e);
        }
        s = s.caching(c.ttl_seconds);
    }
    s
}
