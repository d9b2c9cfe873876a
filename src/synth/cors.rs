//! CORS: its settings checked, and emitted as the preflight `OPTIONS` method and the gateway
//! responses' headers.

use std::collections::BTreeMap;

use crate::api::{Cors, GatewayResponseType, HttpMethod, Value};
use crate::cfn::apigateway::{Integration, IntegrationResponse, Method, MethodResponse};
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
    // Every literal an origin may be: both branches of an `if`, either may be deployed.
    for (index, origin) in cors.allow_origins.iter().enumerate() {
        for text in origin.literals() {
            if let Some(problem) = origin_problem(text, cors.allow_credentials) {
                let kind = ProblemKind::InvalidCorsOrigin {
                    index,
                    origin: text.to_owned(),
                    problem,
                };
                problems.at(Some(path), None, kind);
            }
        }
    }
    let mut report = |message: &'static str| {
        problems.at(Some(path), None, ProblemKind::InvalidCors(message));
    };
    let origins = &cors.allow_origins;
    let any = |o: &Value| o.literals().contains(&"*");
    if origins.is_empty() {
        report("give at least one allowed origin (`*`, or each site)");
    } else if origins.len() > 1 && origins.iter().any(any) {
        report("`*` already allows every origin: give it alone, or list the sites without it");
    }
    if origins
        .iter()
        .enumerate()
        .any(|(i, o)| origins[..i].contains(o))
    {
        report("the same origin is given twice");
    }
    if cors.allow_credentials && origins.iter().any(any) {
        report("credentials can't be allowed for origin `*`");
    }
    if cors.allow_headers.iter().any(|h| !names::is_header_name(h)) {
        report("an allowed header is not a header name");
    }
    if cors
        .expose_headers
        .iter()
        .any(|h| !names::is_header_name(h))
    {
        report("an exposed header is not a header name");
    }
    if let Some(methods) = &cors.allow_methods {
        if methods.contains(&HttpMethod::Any) {
            report("`ANY` is not a method a browser sends: list the methods to allow");
        }
        if methods
            .iter()
            .enumerate()
            .any(|(i, m)| methods[..i].contains(m))
        {
            report("an allowed method is given twice");
        }
    }
}

/// Why a literal origin can't be allowed, or `None`.
fn origin_problem(origin: &str, credentials: bool) -> Option<&'static str> {
    if origin == "null" {
        return Some(if credentials {
            "it can't be allowed: browsers send `null` from sandboxed iframes, `file:` pages \
             and redirects, so any site can call as `null` (by framing a sandboxed page), and \
             with credentials allowed it would do so with the user's cookies"
        } else {
            "it can't be allowed: browsers send `null` from sandboxed iframes, `file:` pages \
             and redirects, so any site can call as `null` (by framing a sandboxed page); allow `*` if any site may call, or name the site"
        });
    }
    if origin != "*" && origin.contains('*') {
        return Some(
            "a wildcard inside an origin matches nothing: browsers send the exact origin and \
             the preflight compares it exactly; list each site",
        );
    }
    names::origin_problem(origin)
}

/// Gateway responses that get CORS headers: every 4XX and 5XX API Gateway sends itself
/// (including the authorizer's 401 and 403, which inherit from `DEFAULT_4XX`).
pub(crate) const GATEWAY_RESPONSE_TYPES: [GatewayResponseType; 2] = [
    GatewayResponseType::Default4xx,
    GatewayResponseType::Default5xx,
];

/// `'value'`: a static header value in API Gateway's mapping syntax.
fn quoted(value: &str) -> Expr {
    Expr::Literal(format!("'{value}'"))
}

/// `'value'` for a value given at deploy time: the quotes around what CloudFormation makes
/// of it.
pub(crate) fn quoted_value(value: &Value) -> Expr {
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
    ExposeHeaders,
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
            Header::ExposeHeaders => "method.response.header.Access-Control-Expose-Headers",
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
            Header::ExposeHeaders => "gatewayresponse.header.Access-Control-Expose-Headers",
            Header::MaxAge => "gatewayresponse.header.Access-Control-Max-Age",
            Header::Vary => "gatewayresponse.header.Vary",
        }
    }
}

/// Whether `cors` allows several origins, so that only a mapping template can choose which
/// one a response names.
pub(crate) fn several_origins(cors: &Cors) -> bool {
    cors.allow_origins.len() > 1
}

/// The headers both the preflight and the gateway responses carry, with their values;
/// with several origins, no `Access-Control-Allow-Origin` (see [`origin_template`]).
fn common_headers(cors: &Cors) -> Vec<(Header, Expr)> {
    let any = Value::literal("*");
    let origin = cors.allow_origins.first().unwrap_or(&any);
    let mut headers = Vec::new();
    if !several_origins(cors) {
        headers.push((Header::AllowOrigin, quoted_value(origin)));
    }
    headers.push((Header::AllowHeaders, quoted(&cors.allow_headers.join(","))));
    if cors.allow_credentials {
        headers.push((Header::AllowCredentials, quoted("true")));
    }
    // A site, or a value given at deploy time (which may be one): caches keep answers apart
    // by origin.
    if several_origins(cors) || origin.as_literal() != Some("*") {
        headers.push((Header::Vary, quoted("Origin")));
    }
    headers
}

/// The preflight's response template with several origins: it reads the request's
/// `Origin` header (`Origin` or, as HTTP/2 sends it, `origin`) and, only when it equals an
/// allowed origin exactly, answers with it in `Access-Control-Allow-Origin`; any other
/// origin gets no such header. Each origin is compared as a quoted string, never as a
/// pattern.
pub(crate) fn origin_template(origins: &[Value]) -> Expr {
    let mut pieces = vec![Expr::literal(
        "#set($origin = $input.params().header.get('Origin'))\n\
         #if(\"$!origin\" == \"\")#set($origin = $input.params().header.get('origin'))#end\n\
         #if(",
    )];
    for (i, origin) in origins.iter().enumerate() {
        let separator = if i == 0 { "" } else { " || " };
        pieces.push(Expr::literal(format!("{separator}$origin == ")));
        pieces.push(quoted_value(origin));
    }
    pieces.push(Expr::literal(
        ")\n#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\n#end\n",
    ));
    concat(pieces)
}

/// `pieces` one after the other: one string when all are literal, else one `Fn::Sub` (or an
/// `Fn::Join` when a piece can't be a placeholder).
fn concat(pieces: Vec<Expr>) -> Expr {
    if pieces.iter().all(|p| matches!(p, Expr::Literal(_))) {
        let text: String = pieces
            .iter()
            .filter_map(|p| match p {
                Expr::Literal(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        return Expr::Literal(text);
    }
    let mut parts = Vec::new();
    for piece in &pieces {
        match piece {
            Expr::Sub(inner) => parts.extend(inner.iter().cloned()),
            other => match other.as_sub_part() {
                Some(part) => parts.push(part),
                None => return Expr::Join(String::new(), pieces),
            },
        }
    }
    Expr::sub(parts)
}

/// The `OPTIONS` method of a resource that has `methods`: MOCK, never authorized.
pub(crate) fn preflight(
    cors: &Cors,
    methods: &[HttpMethod],
    resource_id: Expr,
    rest_api_id: Expr,
) -> Method {
    let mut headers = common_headers(cors);
    let methods = cors.allow_methods.as_deref().unwrap_or(methods);
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

    let mut declared: BTreeMap<Text, bool> = headers
        .iter()
        .map(|(header, _)| (header.method_response().into(), true))
        .collect();
    let response_parameters: BTreeMap<Text, Expr> = headers
        .into_iter()
        .map(|(header, value)| (header.method_response().into(), value))
        .collect();
    let mut response_templates = BTreeMap::new();
    if several_origins(cors) {
        // Set by the template, and absent when the origin is not allowed.
        declared.insert(Header::AllowOrigin.method_response().into(), false);
        response_templates.insert(
            "application/json".into(),
            origin_template(&cors.allow_origins),
        );
    }

    Method {
        http_method: HttpMethod::Options.as_str().into(),
        resource_id,
        rest_api_id,
        authorization_type: "NONE".into(),
        authorizer_id: None,
        authorization_scopes: Vec::new(),
        // Browsers send preflights without the key.
        api_key_required: false,
        request_validator_id: None,
        request_models: BTreeMap::new(),
        request_parameters: BTreeMap::new(),
        integration: Integration {
            request_templates: BTreeMap::from([(
                "application/json".into(),
                Expr::literal("{\"statusCode\": 204}"),
            )]),
            integration_responses: vec![IntegrationResponse {
                status_code: "204".into(),
                selection_pattern: None,
                response_parameters,
                response_templates,
            }],
            ..Integration::of_type("MOCK")
        },
        method_responses: vec![MethodResponse {
            response_parameters: declared,
            ..MethodResponse::of_status("204")
        }],
    }
}

/// The CORS headers a gateway response carries, by their `gatewayresponse.header.` names:
/// none with several origins (a gateway response can't choose the origin per request, and
/// reflecting any origin is what CORS forbids).
pub(crate) fn gateway_response_headers(cors: &Cors) -> BTreeMap<Text, Expr> {
    if several_origins(cors) {
        return BTreeMap::new();
    }
    let mut headers = common_headers(cors);
    if !cors.expose_headers.is_empty() {
        headers.push((
            Header::ExposeHeaders,
            quoted(&cors.expose_headers.join(",")),
        ));
    }
    headers
        .into_iter()
        .map(|(header, value)| (header.gateway_response().into(), value))
        .collect()
}
