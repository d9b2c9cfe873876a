//! CORS preflights: the response headers a mock `OPTIONS` method answers with.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::review::expr::{Aliases, text_with};

/// The preflight response headers a CORS `OPTIONS` mock answers with.
pub(super) fn preflight_headers(
    properties: &Map<String, Value>,
    aliases: &Aliases,
) -> Option<BTreeMap<String, String>> {
    let integration = properties.get("Integration")?.as_object()?;
    if integration.get("Type").and_then(Value::as_str) != Some("MOCK") {
        return None;
    }
    let responses = integration.get("IntegrationResponses")?.as_array()?;
    responses.iter().find_map(|response| {
        let params = response.get("ResponseParameters")?.as_object()?;
        let headers: BTreeMap<String, String> = params
            .iter()
            .filter_map(|(k, v)| {
                let name = k.strip_prefix("method.response.header.")?;
                Some((name.to_owned(), unquote(&text_with(v, aliases))))
            })
            .collect();
        headers
            .contains_key("Access-Control-Allow-Origin")
            .then_some(headers)
    })
}

/// `'*'` → `*`: API Gateway's static header values are quoted.
fn unquote(s: &str) -> String {
    s.strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(s)
        .to_owned()
}
