//! Stages: the named, invokable snapshot of the API ("Deploy API" in the console), with
//! what a production stage needs: access logs, tracing, and settings for its methods.

mod access_log;
mod canary;
mod method_settings;

use std::collections::BTreeMap;

pub use access_log::{ACCESS_LOG_FIELDS, AccessLog, DEFAULT_LOG_RETENTION_DAYS};
pub(crate) use access_log::{RETENTION_DAYS, format as access_log_format};
pub use canary::Canary;
pub use method_settings::{LoggingLevel, MethodSettings};

use super::{HttpMethod, Value};

/// A stage such as `eshop` or `prod`. Every change to the API is deployed to it: the
/// stack's Deployment gets a new logical id whenever anything that reaches the stage changes.
///
/// Secure and observable by default: access logs go to a log group the stack creates (JSON,
/// kept [`DEFAULT_LOG_RETENTION_DAYS`] days) and X-Ray tracing is on. Caching is off (it is
/// billed by the hour).
///
/// ```
/// use apigw_synth::{AccessLog, HttpMethod, MethodSettings, Stage};
/// let stage = Stage::new("eshop")
///     .description("Dev environment")
///     .access_log(AccessLog::log_group().retention_days(90))
///     .settings(MethodSettings::new().throttling(100, 200).metrics(true))
///     .method_settings("/products", HttpMethod::Get, MethodSettings::new().throttling(20, 40));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub(crate) name: Value,
    pub(crate) id: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) variables: BTreeMap<String, String>,
    pub(crate) tracing: bool,
    pub(crate) access_log: AccessLog,
    pub(crate) cache_cluster: Option<String>,
    pub(crate) settings: MethodSettings,
    pub(crate) method_settings: Vec<(String, HttpMethod, MethodSettings)>,
    pub(crate) canary: Option<Canary>,
    pub(crate) tags: BTreeMap<String, String>,
    pub(crate) web_acl: Option<Value>,
}

impl Stage {
    /// A stage named `name` (letters, digits, `-` and `_`; at most 128): a literal, or a
    /// value given at deploy time such as `Value::parameter("Environment")` (a `String`
    /// parameter). A name computed any other way (`Value::sub`, `Value::join`, …) needs an
    /// [`id`](Stage::id).
    ///
    /// ```
    /// use apigw_synth::{Stage, Value};
    /// let named = Stage::new("prod");
    /// let from_a_parameter = Stage::new(Value::parameter("Environment"));
    /// let computed = Stage::new(Value::sub("${Environment}-canary")).id("Canary");
    /// ```
    pub fn new(name: impl Into<Value>) -> Self {
        Self {
            name: name.into(),
            id: None,
            description: None,
            variables: BTreeMap::new(),
            tracing: true,
            access_log: AccessLog::log_group(),
            cache_cluster: None,
            settings: MethodSettings::new(),
            method_settings: Vec::new(),
            canary: None,
            tags: BTreeMap::new(),
            web_acl: None,
        }
    }

    /// Shown in the console. Default: none.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Set a stage variable. Default: none.
    pub fn variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.variables.insert(name.into(), value.into());
        self
    }

    /// Turn X-Ray tracing on or off. Default: on.
    pub fn tracing(mut self, enabled: bool) -> Self {
        self.tracing = enabled;
        self
    }

    /// Where the stage's access logs go. Default: [`AccessLog::log_group`], a log group the
    /// stack creates, kept [`DEFAULT_LOG_RETENTION_DAYS`] days.
    pub fn access_log(mut self, access_log: AccessLog) -> Self {
        self.access_log = access_log;
        self
    }

    /// Give the stage a cache cluster of `size` GB (`0.5`, `1.6`, `6.1`, `13.5`, `28.4`,
    /// `58.2`, `118` or `237`); methods then cache with [`MethodSettings::caching`].
    /// Default: no cache (a cluster is billed by the hour, used or not).
    pub fn cache_cluster(mut self, size: impl Into<String>) -> Self {
        self.cache_cluster = Some(size.into());
        self
    }

    /// Settings for every method of the stage. Default: API Gateway's (no execution log,
    /// no detailed metrics, the account's throttling, no caching).
    pub fn settings(mut self, settings: MethodSettings) -> Self {
        self.settings = settings;
        self
    }

    /// Settings for the `method` at `path` (`/orders/{id}`) on this stage, over the
    /// stage-wide ones and the method's own. Default: none.
    pub fn method_settings(
        mut self,
        path: impl Into<String>,
        method: HttpMethod,
        settings: MethodSettings,
    ) -> Self {
        self.method_settings.push((path.into(), method, settings));
        self
    }

    /// Send part of the stage's traffic to a canary. Default: none.
    pub fn canary(mut self, canary: Canary) -> Self {
        self.canary = Some(canary);
        self
    }

    /// Tag the stage and its log group with `key` = `value`, over the API's tags. Default:
    /// the API's tags.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }

    /// Protect the stage with the WAFv2 web ACL `arn` (REGIONAL scope). Default: none.
    pub fn web_acl(mut self, arn: impl Into<Value>) -> Self {
        self.web_acl = Some(arn.into());
        self
    }

    /// What names the stage in logical ids (`Stage<Id>`, `AccessLogs<Id>`,
    /// `InvokeUrl<Id>`), base path mappings, overrides and messages, so that they stay put
    /// whatever name it is given at deploy time (letters, digits, `-` and `_`). Default: the
    /// literal name, or the name of the parameter that gives it.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The stage's name: a literal, or a value given at deploy time.
    pub fn name(&self) -> &Value {
        &self.name
    }

    /// What names the stage in logical ids, base path mappings and messages: its
    /// [`id`](Stage::id), else its literal name, else the name of the parameter giving it
    /// (empty for any other value without an id, which synth refuses).
    pub fn label(&self) -> &str {
        if let Some(id) = &self.id {
            return id;
        }
        self.name.label()
    }
}
