//! Cross-origin settings.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ValueSpec, is_false};

/// Cross-origin settings.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CorsSpec {
    /// The origin allowed to call: exactly one, `*` or e.g. `https://shop.example.com`, or
    /// a value given at deploy time (`{ ref: FrontendOrigin }`). Default: `["*"]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_origins: Option<Vec<ValueSpec>>,
    /// Headers the browser may send. Default: `Content-Type`, `X-Amz-Date`,
    /// `Authorization`, `X-Api-Key`, `X-Amz-Security-Token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_headers: Option<Vec<String>>,
    /// Send `Access-Control-Allow-Credentials: true` (not with origin `*`). Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub allow_credentials: bool,
    /// `Access-Control-Max-Age` in seconds. Default: none (the browser's default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age_seconds: Option<u32>,
}
