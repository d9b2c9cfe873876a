//! CORS: its settings checked, and emitted as the preflight `OPTIONS` method and the gateway
//! responses' headers.

use std::collections::BTreeMap;

use crate::api::{Cors, HttpMethod, Value};
use crate::cfn::apigateway::{
    GatewayResponse, Integration, IntegrationResponse, Method, MethodResponse,
};
use crate::cfn::{Expr, Text};
use crate::error::ProblemKind;

use super::problems::Problems;
use super::{names, parameters};

/// Every problem of `cors`, set on the resource at `path`.
pub(crate) fn check(
    cors: &Cors,
    declared: &parameters::Declared<'_>,
    path: &str,
    problems: &mut Problems<'_>,
) {
    for origin in &cors.allow_origins {
        parameters::check_value(origin, declared, Some(path), None, problems);
    }
    let mut report = |message: &'static str| {
        problems.at(Some(path), None, ProblemKind::InvalidCors(message));
    };
    if cors.allow_origins.len() != 1 {
        report("give exactly one allowed origin (`*` or one site)");
    }
    // Both branches of an `if`: either may be deployed.
    let literals = |o: &Value| {
        o.literals()
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let origins: Vec<String> = cors.allow_origins.iter().flat_map(literals).collect();
    if origins.iter().any(|o| o == "null") {
        report(if cors.allow_credentials {
            "origin `null` can't be allowed: browsers send it from sandboxed iframes, `file:` \
             pages and redirects, so any site can call as `null` (by framing a sandboxed \
             page), and with credentials allowed it would do so with the user's cookies"
        } else {
            "origin `null` can't be allowed: browsers send it from sandboxed iframes, `file:` \
             pages and redirects, so any site can call as `null` (by framing a sandboxed \
             page); allow `*` if any site may call, or name the site"
        });
    } else if let Some(problem) = origins.iter().find_map(|o| names::origin_problem(o)) {
        report(problem);
    }
    if cors.allow_credentials && origins.iter().any(|o| o == "*") {
        report("credentials can't be allowed for origin `*`");
    }
    if cors.allow_headers.iter().any(|h| !names::is_header_name(h)) {
        report("an allowed header is not a header name");
    }
}

/// Gateway responses that get CORS headers: every 4XX and 5XX API Gateway sends itself
/// (including the authorizer's 401 and 403, which inherit from `DEFAULT_4XX`).
pub(crate) const GATEWAY_RESPONSE_TYPES: [&str; 2] = ["DEFAULT_4XX", "DEFAULT_5XX"];

/// `'value'`: a static header value in API Gateway's mapping syntax.
fn quoted(value: &str) -> Expr {
    Expr::Literal(format!("'{value}'"))
}

/// `'value'` for a value given at deploy time: the quotes around what CloudFormation makes
/// of it.
fn quoted_value(value: &Value) -> Expr {
    if let Some(text) = value.as_literal() {
        return quoted(text);
    }
    match parameters::expr(value) {
        Expr::Sub(mut parts) => {
            parts.insert(0, "'".into());
            parts.push("'".into());
            Expr::Sub(parts)
        }
        other => match other.as_sub_part() {
            Some(part) => Expr::sub(["'".into(), part, "'".into()]),
            None => Expr::Join(
                String::new(),
                vec![Expr::literal("'"), other, Expr::literal("'")],
            ),
        },
    }
}

/// A CORS response header, with its name as a method response and as a gateway response
/// declares it (constants: every preflight of a large API has the same keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Header {
    AllowCredentials,
    AllowHeaders,
    AllowMethods,
    AllowOrigin,
    MaxAge,
    Vary,
}

impl Header {
    /// `method.response.header.<name>`.
    fn method_response(self) -> &'static str {
        match self {
            Header::AllowCredentials => "method.response.header.Access-Control-Allow-Credentials",
            Header::AllowHeaders => "method.response.header.Access-Control-Allow-Headers",
            Header::AllowMethods => "method.response.header.Access-Control-Allow-Methods",
            Header::AllowOrigin => "method.response.header.Access-Control-Allow-Origin",
            Header::MaxAge => "method.response.header.Access-Control-Max-Age",
            Header::Vary => "method.response.header.Vary",
        }
    }

    /// `gatewayresponse.header.<name>`.
    fn gateway_response(self) -> &'static str {
        match self {
            Header::AllowCredentials => "gatewayresponse.header.Access-Control-Allow-Credentials",
            Header::AllowHeaders => "gatewayresponse.header.Access-Control-Allow-Headers",
            Header::AllowMethods => "gatewayresponse.header.Access-Control-Allow-Methods",
            Header::AllowOrigin => "gatewayresponse.header.Access-Control-Allow-Origin",
            Header::MaxAge => "gatewayresponse.header.Access-Control-Max-Age",
            Header::Vary => "gatewayresponse.header.Vary",
        }
    }
}

/// The headers both the preflight and the gateway responses carry, with their values.
fn common_headers(cors: &Cors) -> Vec<(Header, Expr)> {
    let any = Value::literal("*");
    let origin = cors.allow_origins.first().unwrap_or(&any);
    let mut headers = vec![
        (Header::AllowOrigin, quoted_value(origin)),
        (Header::AllowHeaders, quoted(&cors.allow_headers.join(","))),
    ];
    if cors.allow_credentials {
        headers.push((Header::AllowCredentials, quoted("true")));
    }
    // A site, or a value given at deploy time (which may be one): caches keep answers apart
    // by origin.
    if origin.as_literal() != Some("*") {
        headers.push((Header::Vary, quoted("Origin")));
    }
    headers
}

/// The `OPTIONS` method of a resource that has `methods`: MOCK, never authorized.
pub(crate) fn preflight(
    cors: &Cors,
    methods: &[HttpMethod],
    resource_id: Expr,
    rest_api_id: Expr,
) -> Method {
    let mut headers = common_headers(cors);
    let mut allowed: Vec<&str> = if methods.contains(&HttpMethod::Any) {
        HttpMethod::ALL
            .iter()
            .filter(|m| !matches!(m, HttpMethod::Any | HttpMethod::Options))
            .map(|m| m.as_str())
            .collect()
    } else {
        methods
            .iter()
            .filter(|m| **m != HttpMethod::Options)
            .map(|m| m.as_str())
            .collect()
    };
    allowed.push(HttpMethod::Options.as_str());
    headers.push((Header::AllowMethods, quoted(&allowed.join(","))));
    if let Some(age) = cors.max_age {
        headers.push((Header::MaxAge, quoted(&age.to_string())));
    }

    let declared: BTreeMap<Text, bool> = headers
        .iter()
        .map(|(header, _)| (header.method_response().into(), true))
        .collect();
    let response_parameters: BTreeMap<Text, Expr> = headers
        .into_iter()
        .map(|(header, value)| (header.method_response().into(), value))
        .collect();

    Method {
        http_method: HttpMethod::Options.as_str().into(),
        resource_id,
        rest_api_id,
        authorization_type: "NONE".into(),
        authorizer_id: None,
        authorization_scopes: Vec::new(),
        // Browsers send preflights without the key.
        api_key_required: false,
        integration: Integration {
            kind: "MOCK".into(),
            integration_http_method: None,
            uri: None,
            request_templates: BTreeMap::from([(
                "application/json".into(),
                "{\"statusCode\": 204}".into(),
            )]),
            integration_responses: vec![IntegrationResponse {
                status_code: "204".into(),
                response_parameters,
                response_templates: BTreeMap::new(),
            }],
        },
        method_responses: vec![MethodResponse {
            status_code: "204".into(),
            response_parameters: declared,
        }],
    }
}

/// A gateway response of `response_type` carrying the CORS origin and headers.
pub(crate) fn gateway_response(
    cors: &Cors,
    response_type: &'static str,
    rest_api_id: Expr,
) -> GatewayResponse {
    GatewayResponse {
        rest_api_id,
        response_type: response_type.into(),
        response_parameters: common_headers(cors)
            .into_iter()
            .map(|(header, value)| (header.gateway_response().into(), value))
            .collect(),
    }
}
