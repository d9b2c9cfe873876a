//! Method settings: execution logging, metrics, throttling and caching, for a whole stage
//! or for one method.

/// How much API Gateway writes to the execution log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LoggingLevel {
    /// Nothing.
    Off,
    /// Errors only.
    Error,
    /// Errors and information about each request.
    Info,
}

impl LoggingLevel {
    /// The name CloudFormation uses.
    pub fn as_str(self) -> &'static str {
        match self {
            LoggingLevel::Off => "OFF",
            LoggingLevel::Error => "ERROR",
            LoggingLevel::Info => "INFO",
        }
    }
}

/// Settings of a stage's methods, all of them or one: each unset field keeps what the wider
/// setting (or API Gateway) gives.
///
/// ```
/// use apigw_synth::{LoggingLevel, MethodSettings};
/// let settings = MethodSettings::new()
///     .logging(LoggingLevel::Error)
///     .metrics(true)
///     .throttling(50, 100)
///     .caching(300);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MethodSettings {
    pub(crate) logging: Option<LoggingLevel>,
    pub(crate) metrics: Option<bool>,
    pub(crate) data_trace: Option<bool>,
    pub(crate) throttling: Option<(u32, u32)>,
    pub(crate) caching: Option<bool>,
    pub(crate) cache_ttl: Option<u32>,
    pub(crate) cache_encrypted: Option<bool>,
}

impl MethodSettings {
    /// No setting: everything as the wider setting has it.
    pub fn new() -> Self {
        Self::default()
    }

    /// Execution logging level. Default: off (access logs say who called what).
    pub fn logging(mut self, level: LoggingLevel) -> Self {
        self.logging = Some(level);
        self
    }

    /// Detailed CloudWatch metrics, per method (billed per metric). Default: off.
    pub fn metrics(mut self, enabled: bool) -> Self {
        self.metrics = Some(enabled);
        self
    }

    /// Full requests and responses in the execution log. Default: off. Turning it on
    /// warns: request bodies and authorization tokens reach the logs.
    pub fn data_trace(mut self, enabled: bool) -> Self {
        self.data_trace = Some(enabled);
        self
    }

    /// At most `rate` requests per second, bursts of at most `burst` (not below `rate`).
    /// Default: the account's limits.
    pub fn throttling(mut self, rate: u32, burst: u32) -> Self {
        self.throttling = Some((rate, burst));
        self
    }

    /// Cache responses for `ttl_seconds` (0 to 3600), encrypted; the stage needs a
    /// [cache cluster](crate::Stage::cache_cluster) (a method's own caching applies on the
    /// stages that have one, and at least one must). Default: no caching.
    pub fn caching(mut self, ttl_seconds: u32) -> Self {
        self.caching = Some(true);
        self.cache_ttl = Some(ttl_seconds);
        self.cache_encrypted.get_or_insert(true);
        self
    }

    /// No caching here, where a wider setting caches. Default: the wider setting's.
    pub fn no_caching(mut self) -> Self {
        self.caching = Some(false);
        self
    }

    /// Encrypt cached responses. Default: on once caching is.
    pub fn cache_encrypted(mut self, encrypted: bool) -> Self {
        self.cache_encrypted = Some(encrypted);
        self
    }

    /// `self` where set, else `wider`.
    pub(crate) fn over(&self, wider: &MethodSettings) -> MethodSettings {
        MethodSettings {
            logging: self.logging.or(wider.logging),
            metrics: self.metrics.or(wider.metrics),
            data_trace: self.data_trace.or(wider.data_trace),
            throttling: self.throttling.or(wider.throttling),
            caching: self.caching.or(wider.caching),
            cache_ttl: self.cache_ttl.or(wider.cache_ttl),
            cache_encrypted: self.cache_encrypted.or(wider.cache_encrypted),
        }
    }

    /// True when nothing is set.
    pub(crate) fn is_empty(&self) -> bool {
        *self == MethodSettings::default()
    }
}
