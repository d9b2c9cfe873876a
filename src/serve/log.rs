//! The one-line log of each request: method, path, status, latency, and the rule that
//! allowed or refused it (`GET /v1/orders 401 0.21ms refused by cognito customers: token
//! expired`).

use std::fmt;
use std::time::Duration;

/// One request's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The path as requested (stage included).
    pub path: &'a str,
    /// The status answered.
    pub status: u16,
    /// The time from the request to the answer.
    pub latency: Duration,
    /// The rule that decided (`allowed: public`, `refused by …`).
    pub rule: &'a str,
}

impl fmt::Display for LogLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Control characters in the path (from the request) would forge log lines.
        let path: String = self
            .path
            .chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .collect();
        write!(
            f,
            "{} {} {} {:.2}ms {}",
            self.method,
            path,
            self.status,
            self.latency.as_secs_f64() * 1000.0,
            self.rule
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_has_method_path_status_latency_and_rule() {
        let line = LogLine {
            method: "GET",
            path: "/v1/x\n",
            status: 403,
            latency: Duration::from_micros(1500),
            rule: "refused: no route",
        };
        assert_eq!(line.to_string(), "GET /v1/x? 403 1.50ms refused: no route");
    }
}
