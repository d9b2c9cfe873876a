//! Access logs: one JSON line per request, to a log group the stack creates or to an
//! existing destination.

use crate::api::Value;

/// Days a created log group keeps access logs by default: one year, the audit history PCI
/// DSS (10.5.1) asks for, at a cost that stays bounded.
pub const DEFAULT_LOG_RETENTION_DAYS: u32 = 365;

/// The fields of each access log line, with the `$context` variable each holds: who called
/// what, and why it was refused. `docs/stages.md` says what each one means.
pub const ACCESS_LOG_FIELDS: &[(&str, &str)] = &[
    ("requestId", "$context.requestId"),
    ("extendedRequestId", "$context.extendedRequestId"),
    ("requestTime", "$context.requestTime"),
    ("sourceIp", "$context.identity.sourceIp"),
    ("userAgent", "$context.identity.userAgent"),
    ("caller", "$context.identity.caller"),
    ("user", "$context.identity.user"),
    ("sub", "$context.authorizer.claims.sub"),
    ("apiKeyId", "$context.identity.apiKeyId"),
    ("httpMethod", "$context.httpMethod"),
    ("resourcePath", "$context.resourcePath"),
    ("path", "$context.path"),
    ("stage", "$context.stage"),
    ("protocol", "$context.protocol"),
    ("status", "$context.status"),
    ("responseLength", "$context.responseLength"),
    ("responseLatency", "$context.responseLatency"),
    ("integrationStatus", "$context.integration.status"),
    ("integrationLatency", "$context.integration.latency"),
    ("integrationError", "$context.integration.error"),
    ("authorizerError", "$context.authorizer.error"),
    ("errorType", "$context.error.responseType"),
    ("errorMessage", "$context.error.messageString"),
    ("wafStatus", "$context.waf.status"),
];

/// The access log format: [`ACCESS_LOG_FIELDS`] as one JSON object per line.
pub(crate) fn format() -> String {
    let mut out = String::from("{");
    for (i, (name, variable)) in ACCESS_LOG_FIELDS.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // `messageString` is already a quoted JSON string: the message may hold quotes.
        if variable.ends_with("String") {
            out.push_str(&format!("\"{name}\":{variable}"));
        } else {
            out.push_str(&format!("\"{name}\":\"{variable}\""));
        }
    }
    out.push('}');
    out
}

/// Where a stage's access logs go.
///
/// ```
/// use apigw_synth::{AccessLog, Value};
/// let created = AccessLog::log_group().retention_days(90).kms_key(Value::parameter("LogKeyArn"));
/// let existing = AccessLog::destination(Value::parameter("AccessLogArn"));
/// let off = AccessLog::off("a load test stage, torn down within the hour");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessLog {
    /// An `AWS::Logs::LogGroup` the stack creates, named by CloudFormation.
    LogGroup {
        /// Days the events are kept; one of CloudWatch's allowed values.
        retention_days: u32,
        /// The KMS key (ARN) that encrypts them; none: CloudWatch Logs' own key.
        kms_key: Option<Value>,
    },
    /// An existing log group's ARN, or a Firehose stream's whose name starts with
    /// `amazon-apigateway-`.
    Destination(Value),
    /// No access logs, for the reason given (written into the template beside the check it
    /// then fails).
    Off(String),
}

impl AccessLog {
    /// A log group the stack creates, kept [`DEFAULT_LOG_RETENTION_DAYS`] days, encrypted
    /// with CloudWatch Logs' own key.
    pub fn log_group() -> Self {
        AccessLog::LogGroup {
            retention_days: DEFAULT_LOG_RETENTION_DAYS,
            kms_key: None,
        }
    }

    /// An existing destination: a log group or Firehose stream ARN.
    pub fn destination(arn: impl Into<Value>) -> Self {
        AccessLog::Destination(arn.into())
    }

    /// No access logs, because `reason`.
    pub fn off(reason: impl Into<String>) -> Self {
        AccessLog::Off(reason.into())
    }

    /// For a created log group: keep events `days` days (1, 3, 5, 7, 14, 30, 60, 90, 120,
    /// 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653). Default:
    /// [`DEFAULT_LOG_RETENTION_DAYS`]. No effect on the other kinds.
    pub fn retention_days(mut self, days: u32) -> Self {
        if let AccessLog::LogGroup { retention_days, .. } = &mut self {
            *retention_days = days;
        }
        self
    }

    /// For a created log group: encrypt with this KMS key ARN. Default: CloudWatch Logs'
    /// own key. No effect on the other kinds.
    pub fn kms_key(mut self, arn: impl Into<Value>) -> Self {
        if let AccessLog::LogGroup { kms_key, .. } = &mut self {
            *kms_key = Some(arn.into());
        }
        self
    }
}

/// Retention periods CloudWatch Logs accepts, in days.
pub(crate) const RETENTION_DAYS: [u32; 22] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];
