//! Gateway responses: API Gateway's own answers to the errors it finds (unknown route,
//! refused token, missing key, failed integration), with the template's custom responses
//! (`DEFAULT_4XX`, `DEFAULT_5XX` and per type) applied to every one of them.
//!
//! Statuses and messages are API Gateway's defaults ("Gateway response types for API
//! Gateway" in its developer guide; messages as API Gateway sends them): a custom
//! response of the type wins, else `DEFAULT_4XX`/`DEFAULT_5XX` by status class, else the
//! default below.

use std::collections::BTreeMap;

use super::parameters::Values;

/// A gateway response type: why API Gateway answers by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ResponseType {
    /// No resource or method for the request: 403.
    MissingAuthenticationToken,
    /// The authorizer refused the caller's identity (missing, invalid or expired token,
    /// missing scope): 401.
    Unauthorized,
    /// An authorizer denied the call: 403.
    AccessDenied,
    /// An API key is required and none valid was sent: 403.
    InvalidApiKey,
    /// An authorizer could not be called or answered badly: 500.
    AuthorizerFailure,
    /// The API is configured in a way that can't be served: 500.
    ApiConfigurationError,
    /// The integration answered badly or could not be called: 502. The gateway response
    /// table gives `INTEGRATION_FAILURE` 504, but a Lambda function's error or malformed
    /// answer is 502 ("Handling Lambda errors with an API Gateway API"), which is what serve
    /// uses this type for.
    IntegrationFailure,
    /// The integration did not answer in time: 504.
    IntegrationTimeout,
    /// The request is larger than API Gateway takes: 413.
    RequestTooLarge,
    /// A usage plan's or the stage's throttling refused the request: 429.
    Throttled,
    /// The API key's usage plan quota is used up for the period: 429.
    QuotaExceeded,
    /// An `AWS_IAM` method's SigV4 signature is incomplete, not the request's, expired, of
    /// another scope or of an unknown access key: 403.
    InvalidSignature,
    /// A request body of a content type the integration takes no template for and does not
    /// pass through: 415.
    UnsupportedMediaType,
    /// A request parameter the method's validator requires is missing: 400.
    BadRequestParameters,
    /// The body does not match the method's request model: 400.
    BadRequestBody,
}

impl ResponseType {
    /// The type's name in a template (`MISSING_AUTHENTICATION_TOKEN`).
    pub fn name(self) -> &'static str {
        match self {
            Self::MissingAuthenticationToken => "MISSING_AUTHENTICATION_TOKEN",
            Self::Unauthorized => "UNAUTHORIZED",
            Self::AccessDenied => "ACCESS_DENIED",
            Self::InvalidApiKey => "INVALID_API_KEY",
            Self::AuthorizerFailure => "AUTHORIZER_FAILURE",
            Self::ApiConfigurationError => "API_CONFIGURATION_ERROR",
            Self::IntegrationFailure => "INTEGRATION_FAILURE",
            Self::IntegrationTimeout => "INTEGRATION_TIMEOUT",
            Self::RequestTooLarge => "REQUEST_TOO_LARGE",
            Self::Throttled => "THROTTLED",
            Self::QuotaExceeded => "QUOTA_EXCEEDED",
            Self::InvalidSignature => "INVALID_SIGNATURE",
            Self::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            Self::BadRequestParameters => "BAD_REQUEST_PARAMETERS",
            Self::BadRequestBody => "BAD_REQUEST_BODY",
        }
    }

    /// The status API Gateway answers with when nothing customises it.
    pub fn default_status(self) -> u16 {
        match self {
            Self::MissingAuthenticationToken
            | Self::AccessDenied
            | Self::InvalidApiKey
            | Self::InvalidSignature => 403,
            Self::Unauthorized => 401,
            Self::AuthorizerFailure | Self::ApiConfigurationError => 500,
            Self::IntegrationFailure => 502,
            Self::IntegrationTimeout => 504,
            Self::RequestTooLarge => 413,
            Self::Throttled | Self::QuotaExceeded => 429,
            Self::UnsupportedMediaType => 415,
            Self::BadRequestParameters | Self::BadRequestBody => 400,
        }
    }

    /// The message API Gateway sends when nothing more precise is known.
    pub fn default_message(self) -> &'static str {
        match self {
            Self::MissingAuthenticationToken => "Missing Authentication Token",
            Self::Unauthorized => "Unauthorized",
            Self::AccessDenied => "User is not authorized to access this resource",
            Self::InvalidApiKey => "Forbidden",
            Self::AuthorizerFailure | Self::ApiConfigurationError | Self::IntegrationFailure => {
                "Internal server error"
            }
            Self::IntegrationTimeout => "Endpoint request timed out",
            Self::RequestTooLarge => "Request Too Long",
            Self::Throttled => "Too Many Requests",
            Self::QuotaExceeded => "Limit Exceeded",
            Self::UnsupportedMediaType => "Unsupported Media Type",
            Self::InvalidSignature => {
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
            }
            Self::BadRequestParameters => "Missing required request parameters",
            Self::BadRequestBody => "Invalid request body",
        }
    }
}

/// An error API Gateway answers by itself: its type and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayError {
    /// The response type.
    pub kind: ResponseType,
    /// `$context.error.message`.
    pub message: String,
    /// The `x-amzn-ErrorType` when it is not the type's own (an IAM refusal's
    /// `UnrecognizedClientException`).
    pub error_type: Option<&'static str>,
}

impl GatewayError {
    /// An error of `kind` with its default message.
    pub fn new(kind: ResponseType) -> Self {
        Self {
            kind,
            message: kind.default_message().to_owned(),
            error_type: None,
        }
    }

    /// An error of `kind` with `message`.
    pub fn with_message(kind: ResponseType, message: &str) -> Self {
        Self {
            kind,
            message: message.to_owned(),
            error_type: None,
        }
    }
}

/// One custom gateway response of the template.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Custom {
    status: Option<u16>,
    /// Static headers (`'value'` in the template), by name.
    headers: Vec<(String, String)>,
    /// Headers copied from the request (`method.request.header.X`): name → request header.
    request_headers: Vec<(String, String)>,
    /// The `application/json` template.
    template: Option<String>,
}

/// The API's gateway responses, ready to answer errors.
#[derive(Debug, Clone, Default)]
pub struct GatewayResponses {
    by_type: BTreeMap<String, Custom>,
}

/// A finished error response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorResponse {
    /// Its status.
    pub status: u16,
    /// Its headers.
    pub headers: Vec<(String, String)>,
    /// Its body.
    pub body: String,
}

impl GatewayResponses {
    /// The responses of the review model (type → flattened properties), placeholders filled
    /// by `values`; a value that can't be filled is an error naming it.
    pub fn new(
        responses: &BTreeMap<String, BTreeMap<String, String>>,
        values: &Values,
    ) -> Result<Self, String> {
        let mut by_type = BTreeMap::new();
        for (kind, props) in responses {
            let mut custom = Custom::default();
            for (key, value) in props {
                let value = values
                    .fill(value)
                    .map_err(|name| format!("gateway response {kind}: ${{{name}}} has no value"))?;
                if key == "StatusCode" {
                    custom.status = value.parse().ok();
                } else if let Some(name) =
                    key.strip_prefix("ResponseParameters.gatewayresponse.header.")
                {
                    match unquote(&value) {
                        Some(v) => custom.headers.push((name.to_owned(), v.to_owned())),
                        None => {
                            if let Some(h) = value.strip_prefix("method.request.header.") {
                                custom.request_headers.push((name.to_owned(), h.to_owned()));
                            }
                        }
                    }
                } else if key == "ResponseTemplates.application/json" {
                    custom.template = Some(value);
                }
            }
            by_type.insert(kind.clone(), custom);
        }
        Ok(Self { by_type })
    }

    /// The response to `error`, its headers taken from the request's where the template
    /// says so (`request_header` reads one).
    pub fn render(
        &self,
        error: &GatewayError,
        request_header: impl Fn(&str) -> Option<String>,
    ) -> ErrorResponse {
        let default_status = error.kind.default_status();
        let class = if default_status >= 500 {
            "DEFAULT_5XX"
        } else {
            "DEFAULT_4XX"
        };
        let fallback = self.by_type.get(class);
        let custom = self.by_type.get(error.kind.name()).or(fallback);
        let status = custom
            .and_then(|c| c.status)
            .or_else(|| fallback.and_then(|c| c.status))
            .unwrap_or(default_status);
        let message = serde_json::Value::from(error.message.as_str()).to_string();
        let body = match custom.and_then(|c| c.template.as_deref()) {
            Some(t) => t
                .replace("$context.error.messageString", &message)
                .replace("$context.error.message", &error.message)
                .replace("$context.error.responseType", error.kind.name()),
            // A failed Lambda proxy integration's 502 carries a space, as API Gateway sends it.
            None if error.kind == ResponseType::IntegrationFailure => {
                format!("{{\"message\": {message}}}")
            }
            None => format!("{{\"message\":{message}}}"),
        };
        let mut headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
        headers.push((
            "x-amzn-ErrorType".to_owned(),
            error
                .error_type
                .unwrap_or_else(|| error_type(error.kind))
                .to_owned(),
        ));
        if let Some(c) = custom {
            headers.extend(c.headers.iter().cloned());
            for (name, from) in &c.request_headers {
                if let Some(v) = request_header(from) {
                    headers.push((name.clone(), v));
                }
            }
        }
        ErrorResponse {
            status,
            headers,
            body,
        }
    }
}

/// The `x-amzn-ErrorType` API Gateway sends with each type.
fn error_type(kind: ResponseType) -> &'static str {
    match kind {
        ResponseType::MissingAuthenticationToken => "MissingAuthenticationTokenException",
        ResponseType::Unauthorized => "UnauthorizedException",
        ResponseType::AccessDenied => "AccessDeniedException",
        ResponseType::InvalidApiKey => "ForbiddenException",
        ResponseType::AuthorizerFailure => "AuthorizerFailureException",
        ResponseType::ApiConfigurationError | ResponseType::IntegrationFailure => {
            "InternalServerErrorException"
        }
        ResponseType::IntegrationTimeout => "IntegrationTimeoutException",
        ResponseType::RequestTooLarge => "RequestTooLargeException",
        ResponseType::Throttled => "TooManyRequestsException",
        ResponseType::QuotaExceeded => "LimitExceededException",
        ResponseType::InvalidSignature => "InvalidSignatureException",
        ResponseType::UnsupportedMediaType => "UnsupportedMediaTypeException",
        ResponseType::BadRequestParameters | ResponseType::BadRequestBody => "BadRequestException",
    }
}

/// `'v'` → `v`: a static value in a gateway response's parameters.
fn unquote(s: &str) -> Option<&str> {
    s.strip_prefix('\'').and_then(|s| s.strip_suffix('\''))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn responses(entries: &[(&str, &[(&str, &str)])]) -> GatewayResponses {
        let map = entries
            .iter()
            .map(|(k, props)| {
                let props = props
                    .iter()
                    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                    .collect();
                ((*k).to_owned(), props)
            })
            .collect();
        GatewayResponses::new(&map, &Values::default()).unwrap()
    }

    #[test]
    fn default_4xx_headers_reach_every_client_error_and_its_status_none() {
        let r = responses(&[(
            "DEFAULT_4XX",
            &[(
                "ResponseParameters.gatewayresponse.header.Access-Control-Allow-Origin",
                "'*'",
            )],
        )]);
        let e = r.render(
            &GatewayError::new(ResponseType::MissingAuthenticationToken),
            |_| None,
        );
        assert_eq!(e.status, 403);
        assert_eq!(e.body, r#"{"message":"Missing Authentication Token"}"#);
        assert!(
            e.headers
                .contains(&("Access-Control-Allow-Origin".to_owned(), "*".to_owned()))
        );
        let e = r.render(&GatewayError::new(ResponseType::IntegrationFailure), |_| {
            None
        });
        assert_eq!(e.status, 502);
        assert!(
            !e.headers
                .iter()
                .any(|(h, _)| h == "Access-Control-Allow-Origin")
        );
    }

    #[test]
    fn a_custom_response_of_the_type_sets_its_status_and_template() {
        let r = responses(&[(
            "UNAUTHORIZED",
            &[
                ("StatusCode", "401"),
                (
                    "ResponseTemplates.application/json",
                    "{\"error\":$context.error.messageString,\"type\":\"$context.error.responseType\"}",
                ),
            ],
        )]);
        let e = r.render(
            &GatewayError::with_message(
                ResponseType::Unauthorized,
                "The incoming token has expired",
            ),
            |_| None,
        );
        assert_eq!(
            e.body,
            r#"{"error":"The incoming token has expired","type":"UNAUTHORIZED"}"#
        );
    }
}
