//! Gateway responses: API Gateway's own answers made the API's own.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ValueSpec;

/// One of API Gateway's own answers: its status, headers and body templates. With CORS on
/// the API (one origin or `*`), the CORS headers are added.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GatewayResponseSpec {
    /// The status code (100 to 599), e.g. `404` for `MISSING_AUTHENTICATION_TOKEN`.
    /// Default: API Gateway's for the type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_code: Option<u16>,
    /// Response headers by name, each a static value or one given at deploy time (e.g.
    /// `WWW-Authenticate: Bearer`). Default: none but the CORS headers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub headers: BTreeMap<String, ValueSpec>,
    /// Body mapping templates by content type (`application/json: '{"message":
    /// $context.error.messageString}'`). Default: API Gateway's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub templates: BTreeMap<String, String>,
}

/// A type of answer API Gateway sends itself.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[allow(missing_docs)]
pub enum GatewayResponseTypeSpec {
    AccessDenied,
    ApiConfigurationError,
    AuthorizerConfigurationError,
    AuthorizerFailure,
    BadRequestBody,
    BadRequestParameters,
    #[serde(rename = "DEFAULT_4XX")]
    Default4xx,
    #[serde(rename = "DEFAULT_5XX")]
    Default5xx,
    ExpiredToken,
    IntegrationFailure,
    IntegrationTimeout,
    InvalidApiKey,
    InvalidSignature,
    MissingAuthenticationToken,
    QuotaExceeded,
    RequestTooLarge,
    ResourceNotFound,
    Throttled,
    Unauthorized,
    UnsupportedMediaType,
    WafFiltered,
}
