//! The texts of a stage: its name, variables, access log, canary, settings and tags.

use crate::api::{AccessLog, Canary, Stage};

use super::Texts;

impl<'a> Texts<'_, '_, 'a> {
    pub(super) fn stage(&mut self, stage: &Stage) {
        let Stage {
            name: stage_name,
            id,
            description,
            variables,
            tracing: _,
            access_log,
            cache_cluster,
            settings: _,
            method_settings,
            canary,
            tags,
            web_acl,
        } = stage;
        self.value("the stage's name", stage_name);
        if let Some(id) = id {
            self.name("the stage's id", id);
        }
        let name = stage.label();
        self.prose("the stage's description", description.as_ref());
        for (variable, value) in variables {
            self.name("a stage variable's name", variable);
            self.name(&format!("the value of stage variable `{variable}`"), value);
        }
        match access_log {
            AccessLog::LogGroup {
                retention_days: _,
                kms_key,
            } => {
                if let Some(key) = kms_key {
                    self.value(&format!("the log key of stage `{name}`"), key);
                }
            }
            AccessLog::Destination(arn) => {
                self.value(
                    &format!("the access log destination of stage `{name}`"),
                    arn,
                );
            }
            AccessLog::Off(reason) => self.prose(
                &format!("the reason stage `{name}` logs no access"),
                Some(reason),
            ),
        }
        if let Some(size) = cache_cluster {
            self.name(&format!("the cache cluster size of stage `{name}`"), size);
        }
        for (path, _, _) in method_settings {
            self.name(&format!("a method settings path of stage `{name}`"), path);
        }
        if let Some(Canary {
            percent: _,
            variables,
            use_stage_cache: _,
        }) = canary
        {
            for (variable, value) in variables {
                self.name("a canary variable's name", variable);
                self.name(&format!("the value of canary variable `{variable}`"), value);
            }
        }
        self.tags(&format!("stage `{name}`"), tags);
        if let Some(arn) = web_acl {
            self.value(&format!("the web ACL of stage `{name}`"), arn);
        }
    }
}
