//! Integrations: where a method's requests go, shown as a Lambda function's name, `MOCK`,
//! or the integration type and URI.

use serde_json::Value;

use super::Extractor;
use super::function::function_from_arn;
use crate::review::expr::expr_text;

impl Extractor<'_> {
    /// What an integration calls: a Lambda function's name, `MOCK`, or type and URI; and
    /// whether it is a Lambda function.
    pub(super) fn integration_target(&self, integration: Option<&Value>) -> (String, bool) {
        let Some(integration) = integration.and_then(Value::as_object) else {
            return ("(no integration)".to_owned(), false);
        };
        let kind = integration
            .get("Type")
            .map(|v| self.text(v))
            .unwrap_or_default()
            .to_uppercase();
        let uri = integration.get("Uri").map(expr_text);
        if let Some(uri) = &uri
            && (kind == "AWS_PROXY" || kind == "AWS")
            && let Some(rest) = uri.split_once(":lambda:path/").map(|(_, r)| r)
        {
            let arn = rest
                .split_once("functions/")
                .map_or(rest, |(_, r)| r)
                .trim_end_matches("/invocations");
            let name = function_from_arn(&self.function_text(arn));
            let target = if kind == "AWS_PROXY" {
                name
            } else {
                format!("{name} (Lambda, non-proxy)")
            };
            return (target, true);
        }
        match integration.get("Uri").map(|v| self.text(v)) {
            Some(uri) => (format!("{kind} {uri}"), false),
            None => (kind, false),
        }
    }
}
