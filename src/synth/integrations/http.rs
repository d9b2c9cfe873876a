//! HTTP integrations: the URL checked (scheme, path parameters the route carries), and
//! emitted as `HTTP` or `HTTP_PROXY`, through a VPC link when given one.

use std::collections::BTreeMap;

use crate::api::{HttpIntegration, HttpMethod, ParameterIn, Value};
use crate::cfn::Text;
use crate::cfn::apigateway::{self, MethodResponse};

use super::super::parameters::{self, Declared, check_value};
use super::super::problems::Problems;
use super::options::{self, At, route_parameters};

/// The stack-file key of `http`.
pub(crate) fn field(http: &HttpIntegration) -> &'static str {
    if http.proxy { "httpProxy" } else { "http" }
}

/// The `{name}` placeholders of a URL's text (a literal, or the text of a `Fn::Sub`, whose
/// own placeholders are `${…}`).
fn placeholders(url: &Value) -> Vec<&str> {
    let texts: Vec<&str> = match url {
        Value::Sub(text) => vec![text.as_str()],
        other => other.literals(),
    };
    let mut found = Vec::new();
    for text in texts {
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let is_sub = start > 0 && rest.as_bytes()[start - 1] == b'$';
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            let name = &rest[start + 1..start + len];
            if !is_sub && !found.contains(&name) {
                found.push(name);
            }
            rest = &rest[start + len + 1..];
        }
    }
    found
}

/// Every problem of `http` on the method `method` of the route `path`.
pub(crate) fn check(
    http: &HttpIntegration,
    declared: &Declared<'_>,
    path: &str,
    method: &str,
    problems: &mut Problems<'_>,
) {
    let at = At {
        path,
        method,
        field: field(http),
    };
    check_value(&http.url, declared, Some(path), Some(method), problems);
    if let Some(link) = &http.vpc_link {
        check_value(link, declared, Some(path), Some(method), problems);
    }
    for url in http.url.literals() {
        let host = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        if !host.is_some_and(|h| !h.is_empty() && !h.starts_with('/')) {
            at.report(
                problems,
                format!("`{url}` is not an http:// or https:// URL"),
            );
        }
    }
    let route = route_parameters(path);
    for name in placeholders(&http.url) {
        let mapped = http
            .options
            .request_parameters
            .iter()
            .any(|(place, n, _)| *place == ParameterIn::Path && n == name);
        if !mapped && !route.contains(name.trim_end_matches('+')) {
            at.report(
                problems,
                format!(
                    "the URL's `{{{name}}}` is not a path parameter of the route: use one of \
                     the route's, or map it with a request parameter"
                ),
            );
        }
    }
    options::check(&http.options, http.proxy, declared, &at, problems);
}

/// `http` as the `Integration` of a `verb` method, with its method responses; adds the
/// request parameters the method must declare to `method_parameters`.
pub(crate) fn emit(
    http: &HttpIntegration,
    verb: HttpMethod,
    method_parameters: &mut BTreeMap<Text, bool>,
) -> (apigateway::Integration, Vec<MethodResponse>) {
    let mut integration =
        apigateway::Integration::of_type(if http.proxy { "HTTP_PROXY" } else { "HTTP" });
    integration.integration_http_method = Some(http.http_method.unwrap_or(verb).as_str().into());
    integration.uri = Some(parameters::expr(&http.url));
    if let Some(link) = &http.vpc_link {
        integration.connection_type = Some("VPC_LINK".into());
        integration.connection_id = Some(parameters::expr(link));
    }
    let implicit: Vec<&str> = placeholders(&http.url)
        .into_iter()
        .map(|p| p.trim_end_matches('+'))
        .collect();
    let responses = options::apply(
        &mut integration,
        &http.options,
        &implicit,
        http.proxy,
        options::PASS_THROUGH,
        method_parameters,
    );
    (integration, responses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_the_urls_braces_but_not_a_subs() {
        assert_eq!(
            placeholders(&Value::literal("https://x.example.com/a/{id}/b/{proxy+}")),
            ["id", "proxy+"]
        );
        assert_eq!(
            placeholders(&Value::sub("https://${Host}/items/{id}")),
            ["id"]
        );
    }
}
