//! Gateway responses: the answers API Gateway sends itself (an authorizer's 401, a
//! validator's 400, a throttled 429), with their status, headers and body templates.

use std::fmt;
use std::str::FromStr;

use super::Value;

/// The kinds of answer API Gateway sends itself, as its API names them
/// (`GatewayResponseType`). `DEFAULT_4XX` and `DEFAULT_5XX` stand for every other of their
/// class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GatewayResponseType {
    /// `ACCESS_DENIED` (403): the authorizer denied the call.
    AccessDenied,
    /// `API_CONFIGURATION_ERROR` (500).
    ApiConfigurationError,
    /// `AUTHORIZER_CONFIGURATION_ERROR` (500).
    AuthorizerConfigurationError,
    /// `AUTHORIZER_FAILURE` (500).
    AuthorizerFailure,
    /// `BAD_REQUEST_BODY` (400): the body failed its model.
    BadRequestBody,
    /// `BAD_REQUEST_PARAMETERS` (400): a required parameter is missing.
    BadRequestParameters,
    /// `DEFAULT_4XX`: every 4XX without a response of its own.
    Default4xx,
    /// `DEFAULT_5XX`: every 5XX without a response of its own.
    Default5xx,
    /// `EXPIRED_TOKEN` (403).
    ExpiredToken,
    /// `INTEGRATION_FAILURE` (504).
    IntegrationFailure,
    /// `INTEGRATION_TIMEOUT` (504).
    IntegrationTimeout,
    /// `INVALID_API_KEY` (403).
    InvalidApiKey,
    /// `INVALID_SIGNATURE` (403).
    InvalidSignature,
    /// `MISSING_AUTHENTICATION_TOKEN` (403): also what an unknown route answers.
    MissingAuthenticationToken,
    /// `QUOTA_EXCEEDED` (429).
    QuotaExceeded,
    /// `REQUEST_TOO_LARGE` (413).
    RequestTooLarge,
    /// `RESOURCE_NOT_FOUND` (404).
    ResourceNotFound,
    /// `THROTTLED` (429).
    Throttled,
    /// `UNAUTHORIZED` (401): no or a bad token.
    Unauthorized,
    /// `UNSUPPORTED_MEDIA_TYPE` (415).
    UnsupportedMediaType,
    /// `WAF_FILTERED` (403).
    WafFiltered,
}

impl GatewayResponseType {
    /// Every type API Gateway has, in the order of their names.
    pub const ALL: [GatewayResponseType; 21] = [
        GatewayResponseType::AccessDenied,
        GatewayResponseType::ApiConfigurationError,
        GatewayResponseType::AuthorizerConfigurationError,
        GatewayResponseType::AuthorizerFailure,
        GatewayResponseType::BadRequestBody,
        GatewayResponseType::BadRequestParameters,
        GatewayResponseType::Default4xx,
        GatewayResponseType::Default5xx,
        GatewayResponseType::ExpiredToken,
        GatewayResponseType::IntegrationFailure,
        GatewayResponseType::IntegrationTimeout,
        GatewayResponseType::InvalidApiKey,
        GatewayResponseType::InvalidSignature,
        GatewayResponseType::MissingAuthenticationToken,
        GatewayResponseType::QuotaExceeded,
        GatewayResponseType::RequestTooLarge,
        GatewayResponseType::ResourceNotFound,
        GatewayResponseType::Throttled,
        GatewayResponseType::Unauthorized,
        GatewayResponseType::UnsupportedMediaType,
        GatewayResponseType::WafFiltered,
    ];

    /// The name API Gateway and CloudFormation use, e.g. `UNAUTHORIZED`.
    pub fn as_str(self) -> &'static str {
        match self {
            GatewayResponseType::AccessDenied => "ACCESS_DENIED",
            GatewayResponseType::ApiConfigurationError => "API_CONFIGURATION_ERROR",
            GatewayResponseType::AuthorizerConfigurationError => "AUTHORIZER_CONFIGURATION_ERROR",
            GatewayResponseType::AuthorizerFailure => "AUTHORIZER_FAILURE",
            GatewayResponseType::BadRequestBody => "BAD_REQUEST_BODY",
            GatewayResponseType::BadRequestParameters => "BAD_REQUEST_PARAMETERS",
            GatewayResponseType::Default4xx => "DEFAULT_4XX",
            GatewayResponseType::Default5xx => "DEFAULT_5XX",
            GatewayResponseType::ExpiredToken => "EXPIRED_TOKEN",
            GatewayResponseType::IntegrationFailure => "INTEGRATION_FAILURE",
            GatewayResponseType::IntegrationTimeout => "INTEGRATION_TIMEOUT",
            GatewayResponseType::InvalidApiKey => "INVALID_API_KEY",
            GatewayResponseType::InvalidSignature => "INVALID_SIGNATURE",
            GatewayResponseType::MissingAuthenticationToken => "MISSING_AUTHENTICATION_TOKEN",
            GatewayResponseType::QuotaExceeded => "QUOTA_EXCEEDED",
            GatewayResponseType::RequestTooLarge => "REQUEST_TOO_LARGE",
            GatewayResponseType::ResourceNotFound => "RESOURCE_NOT_FOUND",
            GatewayResponseType::Throttled => "THROTTLED",
            GatewayResponseType::Unauthorized => "UNAUTHORIZED",
            GatewayResponseType::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            GatewayResponseType::WafFiltered => "WAF_FILTERED",
        }
    }
}

impl fmt::Display for GatewayResponseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no gateway response type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a gateway response type (e.g. UNAUTHORIZED, BAD_REQUEST_BODY, DEFAULT_4XX)")]
pub struct InvalidGatewayResponseType(pub String);

impl FromStr for GatewayResponseType {
    type Err = InvalidGatewayResponseType;

    /// The exact upper-case name, e.g. `UNAUTHORIZED`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        GatewayResponseType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| InvalidGatewayResponseType(s.to_owned()))
    }
}

/// One of API Gateway's own answers, made the API's own: its status, headers and body. With
/// CORS on the API (one origin or `*`), it also carries the CORS headers, so that a browser
/// reads it.
///
/// ```
/// use apigw_synth::{GatewayResponse, GatewayResponseType};
/// let unauthorized = GatewayResponse::new(GatewayResponseType::Unauthorized)
///     .header("WWW-Authenticate", "Bearer")
///     .template("application/json", r#"{"message": $context.error.messageString}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayResponse {
    pub(crate) response_type: GatewayResponseType,
    pub(crate) status_code: Option<u16>,
    pub(crate) headers: Vec<(String, Value)>,
    pub(crate) templates: Vec<(String, String)>,
}

impl GatewayResponse {
    /// The answer of `response_type`, as API Gateway sends it until set otherwise.
    pub fn new(response_type: GatewayResponseType) -> Self {
        Self {
            response_type,
            status_code: None,
            headers: Vec::new(),
            templates: Vec::new(),
        }
    }

    /// The status code (100 to 599), e.g. 404 for `MISSING_AUTHENTICATION_TOKEN` so that an
    /// unknown route reads as one. Default: API Gateway's for the type.
    pub fn status_code(mut self, code: u16) -> Self {
        self.status_code = Some(code);
        self
    }

    /// A response header with a static value (or one given at deploy time). Default: none
    /// but the CORS headers.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The body for a content type, a mapping template that may read `$context.error.message`,
    /// `$context.error.validationErrorString`, `$context.requestId`, …
    /// Default: API Gateway's (`{"message":$context.error.messageString}`).
    pub fn template(mut self, content_type: impl Into<String>, body: impl Into<String>) -> Self {
        self.templates.push((content_type.into(), body.into()));
        self
    }
}
