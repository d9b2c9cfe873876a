//! The options non-proxy integrations share, checked and emitted: timeout, request
//! parameters and templates, integration responses with the method responses they
//! declare, passthrough and content handling.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::{IntegrationOptions, ParameterIn, RequestSource};
use crate::cfn::apigateway::{self, IntegrationResponse, MethodResponse};
use crate::cfn::{Expr, Text};
use crate::error::ProblemKind;

use super::super::problems::Problems;
use super::super::{names, parameters};

/// The responses of a non-proxy integration that gives none: the backend's answer as is.
pub(crate) const PASS_THROUGH: &[(u16, Option<&str>)] = &[(200, None)];

/// The responses of an AWS service integration that gives none: the service's answer as
/// is, its client errors as `400` and its server errors as `500` (not `200`).
pub(crate) const ERROR_RESPONSES: &[(u16, Option<&str>)] =
    &[(200, None), (400, Some("4\\d{2}")), (500, Some("5\\d{2}"))];

/// API Gateway's bounds on an integration's timeout, in milliseconds.
pub(crate) const TIMEOUT_MS: std::ops::RangeInclusive<u32> = 50..=29_000;

/// Where a problem of an integration is reported: the route, the method and the
/// integration's stack-file key.
pub(crate) struct At<'a> {
    pub(crate) path: &'a str,
    pub(crate) method: &'a str,
    pub(crate) field: &'static str,
}

impl At<'_> {
    /// Reports `message` about the integration.
    pub(crate) fn report(&self, problems: &mut Problems<'_>, message: String) {
        let kind = ProblemKind::InvalidIntegration {
            field: self.field,
            message,
        };
        problems.at(Some(self.path), Some(self.method), kind);
    }
}

/// The path parameters of the route `path` (`{id}` and `{proxy+}` give `id` and `proxy`).
pub(crate) fn route_parameters(path: &str) -> BTreeSet<&str> {
    path.split('/')
        .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
        .map(|p| p.trim_end_matches('+'))
        .collect()
}

/// Every problem of `options`; `proxy` when the integration passes requests and answers
/// whole (templates and responses then have no effect).
pub(crate) fn check(
    options: &IntegrationOptions,
    proxy: bool,
    declared: &parameters::Declared<'_>,
    at: &At<'_>,
    problems: &mut Problems<'_>,
) {
    for (_, template) in &options.request_templates {
        parameters::check_value(template, declared, Some(at.path), Some(at.method), problems);
    }
    if let Some(ms) = options.timeout_ms
        && !TIMEOUT_MS.contains(&ms)
    {
        at.report(
            problems,
            format!("timeout {ms} ms is out of range: API Gateway takes 50 to 29,000 ms"),
        );
    }
    let route = route_parameters(at.path);
    let mut targets = BTreeSet::new();
    for (place, name, source) in &options.request_parameters {
        if !names::is_header_name(name) {
            at.report(
                problems,
                format!("`{name}` is not a request parameter name"),
            );
        } else if !targets.insert((*place, name.as_str())) {
            at.report(
                problems,
                format!(
                    "request parameter {} `{name}` is mapped twice",
                    place.as_str()
                ),
            );
        }
        match source {
            RequestSource::Invalid(expression) => at.report(
                problems,
                format!(
                    "`{expression}` is no mapping expression: take `method.request.path.*`, \
                     `method.request.querystring.*`, `method.request.header.*`, `context.*`, \
                     `stageVariables.*` or a static `'value'`"
                ),
            ),
            RequestSource::Path(p) if !route.contains(p.as_str()) => at.report(
                problems,
                format!("`method.request.path.{p}` is not a path parameter of the route"),
            ),
            RequestSource::Static(v) if v.contains('\'') => at.report(
                problems,
                format!("the static value `{v}` holds a `'`, which ends it"),
            ),
            RequestSource::Path(_)
            | RequestSource::Query(_)
            | RequestSource::Header(_)
            | RequestSource::Context(_)
            | RequestSource::StageVariable(_)
            | RequestSource::Static(_) => {}
        }
    }
    twice(
        &options.request_templates,
        "a request template",
        at,
        problems,
    );
    if proxy && !(options.request_templates.is_empty() && options.responses.is_empty()) {
        at.report(
            problems,
            "a proxy integration passes the request and the answer whole: request templates \
             and integration responses are for a non-proxy one"
                .to_owned(),
        );
    }
    let mut statuses = BTreeSet::new();
    let mut defaults = 0;
    for response in &options.responses {
        if !(100..=599).contains(&response.status) {
            at.report(
                problems,
                format!("response status {} is not 100 to 599", response.status),
            );
        }
        match &response.selection_pattern {
            None => defaults += 1,
            Some(pattern) if !statuses.insert(pattern.as_str()) => at.report(
                problems,
                format!("two responses have the selection pattern `{pattern}`"),
            ),
            Some(_) => {}
        }
        twice(&response.templates, "a response template", at, problems);
        for (header, _) in &response.headers {
            if !names::is_header_name(header) {
                at.report(problems, format!("`{header}` is not a header name"));
            }
        }
    }
    if defaults > 1 {
        at.report(
            problems,
            "more than one response without a selection pattern: one is the default".to_owned(),
        );
    }
}

/// Reports a content type given twice in `templates`.
fn twice<T>(templates: &[(String, T)], what: &str, at: &At<'_>, problems: &mut Problems<'_>) {
    let mut seen = BTreeSet::new();
    for (content_type, _) in templates {
        if !seen.insert(content_type.as_str()) {
            at.report(
                problems,
                format!("{what} for `{content_type}` is given twice"),
            );
        } else if !content_type.contains('/') {
            at.report(
                problems,
                format!("{what}'s content type `{content_type}` is not `type/subtype`"),
            );
        }
    }
}

/// `options` applied to `integration`, with `implicit` request parameters (the URL's path
/// parameters) for those the options don't map; the method's responses and the request
/// parameters the method must declare (path ones required).
pub(crate) fn apply(
    integration: &mut apigateway::Integration,
    options: &IntegrationOptions,
    implicit: &[&str],
    proxy: bool,
    defaults: &[(u16, Option<&str>)],
    method_parameters: &mut BTreeMap<Text, bool>,
) -> Vec<MethodResponse> {
    integration.timeout_in_millis = options.timeout_ms;
    integration.passthrough_behavior = options.passthrough.map(|p| p.as_str().into());
    integration.content_handling = options.content_handling.map(|c| c.as_str().into());
    let mut sources: Vec<(ParameterIn, &str, RequestSource)> = options
        .request_parameters
        .iter()
        .map(|(place, name, source)| (*place, name.as_str(), source.clone()))
        .collect();
    for name in implicit {
        if !sources
            .iter()
            .any(|(place, n, _)| *place == ParameterIn::Path && n == name)
        {
            sources.push((ParameterIn::Path, name, RequestSource::path(*name)));
        }
    }
    for (place, name, source) in sources {
        let target = format!("integration.request.{}.{name}", place.as_str());
        integration
            .request_parameters
            .insert(target.into(), Expr::literal(source.expression()));
        let declared = match &source {
            RequestSource::Path(n) => Some((format!("method.request.path.{n}"), true)),
            RequestSource::Query(n) => Some((format!("method.request.querystring.{n}"), false)),
            RequestSource::Header(n) => Some((format!("method.request.header.{n}"), false)),
            RequestSource::Context(_)
            | RequestSource::StageVariable(_)
            | RequestSource::Static(_)
            | RequestSource::Invalid(_) => None,
        };
        if let Some((name, required)) = declared {
            *method_parameters.entry(name.into()).or_insert(required) |= required;
        }
    }
    integration.request_templates.extend(
        options
            .request_templates
            .iter()
            .map(|(t, body)| (Text::from(t.clone()), parameters::expr(body))),
    );
    if proxy {
        return Vec::new();
    }
    let mut method_responses: Vec<MethodResponse> = Vec::new();
    let responses: Vec<IntegrationResponse> = if options.responses.is_empty() {
        defaults
            .iter()
            .map(|(status, pattern)| IntegrationResponse {
                status_code: status.to_string().into(),
                selection_pattern: pattern.map(|p| Text::from(p.to_owned())),
                response_parameters: BTreeMap::new(),
                response_templates: BTreeMap::new(),
            })
            .collect()
    } else {
        options
            .responses
            .iter()
            .map(|r| IntegrationResponse {
                status_code: r.status.to_string().into(),
                selection_pattern: r.selection_pattern.clone().map(Into::into),
                response_parameters: r
                    .headers
                    .iter()
                    .map(|(h, e)| {
                        (
                            Text::from(format!("method.response.header.{h}")),
                            Expr::literal(e),
                        )
                    })
                    .collect(),
                response_templates: r
                    .templates
                    .iter()
                    .map(|(t, body)| (Text::from(t.clone()), Expr::literal(body)))
                    .collect(),
            })
            .collect()
    };
    for r in &responses {
        let declared = r.response_parameters.keys().map(|k| (k.clone(), false));
        match method_responses
            .iter_mut()
            .find(|m| m.status_code == r.status_code)
        {
            Some(m) => m.response_parameters.extend(declared),
            None => method_responses.push(MethodResponse {
                response_parameters: declared.collect(),
                ..MethodResponse::of_status(r.status_code.clone())
            }),
        }
    }
    integration.integration_responses = responses;
    method_responses
}
