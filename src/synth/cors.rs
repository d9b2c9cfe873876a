//! CORS emission: the preflight `OPTIONS` method and the gateway responses.

use std::collections::BTreeMap;

use crate::api::{Cors, HttpMethod};
use crate::cfn::Expr;
use crate::cfn::apigateway::{
    GatewayResponse, Integration, IntegrationResponse, Method, MethodResponse,
};

/// Gateway responses that get CORS headers: every 4XX and 5XX API Gateway sends itself
/// (including the authorizer's 401 and 403, which inherit from `DEFAULT_4XX`).
pub(crate) const GATEWAY_RESPONSE_TYPES: [&str; 2] = ["DEFAULT_4XX", "DEFAULT_5XX"];

/// `'value'`: a static header value in API Gateway's mapping syntax.
fn quoted(value: &str) -> String {
    format!("'{value}'")
}

/// The headers both the preflight and the gateway responses carry, by header name.
fn common_headers(cors: &Cors) -> BTreeMap<&'static str, String> {
    let mut headers = BTreeMap::new();
    let origin = cors
        .allow_origins
        .first()
        .map(String::as_str)
        .unwrap_or("*");
    headers.insert("Access-Control-Allow-Origin", quoted(origin));
    headers.insert(
        "Access-Control-Allow-Headers",
        quoted(&cors.allow_headers.join(",")),
    );
    if cors.allow_credentials {
        headers.insert("Access-Control-Allow-Credentials", quoted("true"));
    }
    if origin != "*" {
        headers.insert("Vary", quoted("Origin"));
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
    headers.insert("Access-Control-Allow-Methods", quoted(&allowed.join(",")));
    if let Some(age) = cors.max_age {
        headers.insert("Access-Control-Max-Age", quoted(&age.to_string()));
    }

    let response_parameters: BTreeMap<String, String> = headers
        .iter()
        .map(|(name, value)| (format!("method.response.header.{name}"), value.clone()))
        .collect();
    let declared: BTreeMap<String, bool> = response_parameters
        .keys()
        .map(|k| (k.clone(), true))
        .collect();

    Method {
        http_method: HttpMethod::Options.as_str().to_owned(),
        resource_id,
        rest_api_id,
        authorization_type: "NONE".to_owned(),
        authorizer_id: None,
        authorization_scopes: Vec::new(),
        integration: Integration {
            kind: "MOCK".to_owned(),
            integration_http_method: None,
            uri: None,
            request_templates: BTreeMap::from([(
                "application/json".to_owned(),
                "{\"statusCode\": 204}".to_owned(),
            )]),
            integration_responses: vec![IntegrationResponse {
                status_code: "204".to_owned(),
                response_parameters,
                response_templates: BTreeMap::new(),
            }],
        },
        method_responses: vec![MethodResponse {
            status_code: "204".to_owned(),
            response_parameters: declared,
        }],
    }
}

/// A gateway response of `response_type` carrying the CORS origin and headers.
pub(crate) fn gateway_response(
    cors: &Cors,
    response_type: &str,
    rest_api_id: Expr,
) -> GatewayResponse {
    GatewayResponse {
        rest_api_id,
        response_type: response_type.to_owned(),
        response_parameters: common_headers(cors)
            .into_iter()
            .map(|(name, value)| (format!("gatewayresponse.header.{name}"), value))
            .collect(),
    }
}
