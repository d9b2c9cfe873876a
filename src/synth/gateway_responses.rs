//! Gateway responses: API Gateway's own answers, as the stack declares them (status,
//! headers, templates), merged with the API's CORS headers; with CORS and none declared,
//! `DEFAULT_4XX` and `DEFAULT_5XX` carrying the CORS headers.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::{Cors, GatewayResponse, GatewayResponseType};
use crate::cfn::{Expr, Resource, Text, apigateway};
use crate::error::ProblemKind;

use super::problems::Problems;
use super::resolve::ResolvedApi;
use super::{Emitter, cors, ids, names, parameters};

/// Every problem of the declared `responses`, given the API's CORS.
pub(crate) fn check(
    responses: &[GatewayResponse],
    api_cors: Option<&Cors>,
    declared: &parameters::Declared<'_>,
    problems: &mut Problems<'_>,
) {
    let cors_headers: BTreeSet<String> = api_cors
        .map(cors::gateway_response_headers)
        .unwrap_or_default()
        .into_keys()
        .map(|k| header_name(k.as_ref()).to_ascii_lowercase())
        .collect();
    let mut seen = BTreeSet::new();
    for response in responses {
        let response_type = response.response_type.as_str();
        let mut report = |message: &'static str| {
            problems.stack(ProblemKind::InvalidGatewayResponse {
                response_type,
                message,
            });
        };
        if !seen.insert(response.response_type) {
            report("declared twice; declare each type once");
        }
        if response
            .status_code
            .is_some_and(|c| !(100..=599).contains(&c))
        {
            report("a status code is 100 to 599");
        }
        let mut headers = BTreeSet::new();
        for (name, _) in &response.headers {
            if !names::is_header_name(name) {
                report("a header's name is not a header name");
            } else if !headers.insert(name.to_ascii_lowercase()) {
                report("a header is given twice");
            } else if cors_headers.contains(&name.to_ascii_lowercase()) {
                report(
                    "a header the API's CORS sets on every gateway response; set it in the \
                     CORS settings",
                );
            }
        }
        let mut types = BTreeSet::new();
        for (content_type, _) in &response.templates {
            if !is_media_type(content_type) {
                report("a template's content type is not `type/subtype` (e.g. `application/json`)");
            } else if !types.insert(content_type.to_ascii_lowercase()) {
                report("a template is given twice for one content type");
            }
        }
    }
    for value in responses
        .iter()
        .flat_map(|r| r.headers.iter().map(|(_, v)| v))
    {
        parameters::check_value(value, declared, None, None, problems);
    }
}

/// `gatewayresponse.header.X` → `X`.
fn header_name(key: &str) -> &str {
    key.strip_prefix("gatewayresponse.header.").unwrap_or(key)
}

/// `type/subtype`, as content types are written (no parameters).
fn is_media_type(text: &str) -> bool {
    let token = |t: &str| !t.is_empty() && names::is_header_name(t);
    text.split_once('/')
        .is_some_and(|(kind, sub)| token(kind) && token(sub))
}

/// The CloudFormation resource of `response`, with `cors` headers first.
fn resource(
    response_type: GatewayResponseType,
    declared: Option<&GatewayResponse>,
    cors_headers: &BTreeMap<Text, Expr>,
    rest_api_id: Expr,
) -> apigateway::GatewayResponse {
    let mut response_parameters = cors_headers.clone();
    let mut response_templates = BTreeMap::new();
    let mut status_code = None;
    if let Some(d) = declared {
        for (name, value) in &d.headers {
            response_parameters.insert(
                Text::from(format!("gatewayresponse.header.{name}")),
                cors::quoted_value(value),
            );
        }
        for (content_type, body) in &d.templates {
            response_templates.insert(content_type.clone().into(), body.clone().into());
        }
        status_code = d.status_code.map(|c| c.to_string().into());
    }
    apigateway::GatewayResponse {
        rest_api_id,
        response_type: response_type.as_str().into(),
        status_code,
        response_parameters,
        response_templates,
    }
}

impl Emitter<'_, '_, '_> {
    /// The declared gateway responses, each with the API's CORS headers (one origin or `*`);
    /// with CORS, `DEFAULT_4XX` and `DEFAULT_5XX` too when not declared.
    pub(super) fn gateway_responses(&mut self, api: &ResolvedApi<'_>) {
        let cors_headers = api
            .api_cors
            .map(cors::gateway_response_headers)
            .unwrap_or_default();
        let declared: BTreeMap<GatewayResponseType, &GatewayResponse> = self
            .stack
            .api
            .gateway_responses
            .iter()
            .map(|r| (r.response_type, r))
            .collect();
        let mut types: BTreeSet<GatewayResponseType> = declared.keys().copied().collect();
        if !cors_headers.is_empty() {
            types.extend(cors::GATEWAY_RESPONSE_TYPES);
        }
        for response_type in types {
            let response = resource(
                response_type,
                declared.get(&response_type).copied(),
                &cors_headers,
                self.api_ref(),
            );
            self.insert(
                ids::gateway_response(response_type.as_str()),
                format!("gateway response {response_type}"),
                Resource::new(response),
            );
        }
    }
}
