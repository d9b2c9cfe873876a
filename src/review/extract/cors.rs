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
        let mut headers: BTreeMap<String, String> = params
            .iter()
            .filter_map(|(k, v)| {
                let name = k.strip_prefix("method.response.header.")?;
                Some((name.to_owned(), unquote(&text_with(v, aliases))))
            })
            .collect();
        if !headers.contains_key(ALLOW_ORIGIN)
            && let Some(origins) = template_origins(response, aliases)
        {
            headers.insert(ALLOW_ORIGIN.to_owned(), origins);
        }
        headers.contains_key(ALLOW_ORIGIN).then_some(headers)
    })
}

/// The status of the integration response that answers a CORS preflight with its headers.
pub(super) fn preflight_status(
    properties: &Map<String, Value>,
    aliases: &Aliases,
) -> Option<String> {
    let responses = properties
        .get("Integration")?
        .get("IntegrationResponses")?
        .as_array()?;
    responses
        .iter()
        .find(|r| r.get("ResponseParameters").is_some_and(Value::is_object))
        .and_then(|r| r.get("StatusCode"))
        .map(|s| text_with(s, aliases))
}

const ALLOW_ORIGIN: &str = "Access-Control-Allow-Origin";

/// The origins a response template answers with (several origins: the template compares
/// the request's `Origin` with each and sets the header on a match), shown as `a or b`;
/// a template of another shape that sets the header is shown whole, so that any change to
/// it shows.
fn template_origins(response: &Value, aliases: &Aliases) -> Option<String> {
    let templates = response.get("ResponseTemplates")?.as_object()?;
    let template = templates
        .values()
        .map(|t| text_with(t, aliases))
        .find(|t| t.contains(&format!("responseOverride.header.{ALLOW_ORIGIN}")))?;
    let origins = template.lines().find_map(|line| {
        let tests = line.strip_prefix("#if(")?.strip_suffix(')')?;
        tests
            .split(" || ")
            .map(|test| {
                let quoted = test.strip_prefix("$origin == '")?.strip_suffix('\'')?;
                (!quoted.contains('\'')).then(|| quoted.to_owned())
            })
            .collect::<Option<Vec<String>>>()
    });
    Some(origins.map_or(template, |o| o.join(" or ")))
}

/// `'*'` → `*`: API Gateway's static header values are quoted.
fn unquote(s: &str) -> String {
    s.strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(s)
        .to_owned()
}
