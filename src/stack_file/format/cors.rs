//! Cross-origin settings.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ValueSpec, is_false};

/// Cross-origin settings.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CorsSpec {
    /// The origins allowed to call: `*` alone, or each site as browsers send it
    /// (`https://shop.example.com`, no path, no wildcard), each a literal or a value given at
    /// deploy time (`{ ref: FrontendOrigin }`). With several, the preflight answers with the
    /// request's origin only when it is one of them exactly. Default: `["*"]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_origins: Option<Vec<ValueSpec>>,
    /// Headers the browser may send. Default: `Content-Type`, `X-Amz-Date`,
    /// `Authorization`, `X-Api-Key`, `X-Amz-Security-Token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_headers: Option<Vec<String>>,
    /// The methods `Access-Control-Allow-Methods` lists (`OPTIONS` is always added).
    /// Default: the methods each resource has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_methods: Option<Vec<CorsMethodSpec>>,
    /// Response headers a page's script may read (`Access-Control-Expose-Headers`), sent on
    /// API Gateway's own 4XX/5XX (a Lambda proxy integration sends it itself). Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expose_headers: Option<Vec<String>>,
    /// Send `Access-Control-Allow-Credentials: true` (not with origin `*`). Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub allow_credentials: bool,
    /// `Access-Control-Max-Age` in seconds. Default: none (the browser's default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age_seconds: Option<u32>,
}

/// A method a browser may be allowed to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum CorsMethodSpec {
    /// `GET`
    Get,
    /// `HEAD`
    Head,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
}
