//! CORS: the preflight `OPTIONS` methods and the headers on API Gateway's own errors.

use super::Value;

/// Headers browsers may send, as the API Gateway console proposes them.
pub const DEFAULT_ALLOW_HEADERS: [&str; 5] = [
    "Content-Type",
    "X-Amz-Date",
    "Authorization",
    "X-Api-Key",
    "X-Amz-Security-Token",
];

/// Cross-origin settings. With CORS on, every resource gets an `OPTIONS` method (MOCK,
/// never authorized) whose `Access-Control-Allow-Methods` lists the methods the resource
/// really has, and API Gateway's 4XX/5XX responses carry the same origin and headers.
///
/// ```
/// use apigw_synth::Cors;
/// let cors = Cors::new().allow_origins(["https://shop.example.com"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cors {
    pub(crate) allow_origins: Vec<Value>,
    pub(crate) allow_headers: Vec<String>,
    pub(crate) allow_credentials: bool,
    pub(crate) max_age: Option<u32>,
}

impl Default for Cors {
    fn default() -> Self {
        Self::new()
    }
}

impl Cors {
    /// CORS for any origin (`*`) with [`DEFAULT_ALLOW_HEADERS`].
    pub fn new() -> Self {
        Self {
            allow_origins: vec![Value::literal("*")],
            allow_headers: DEFAULT_ALLOW_HEADERS.map(str::to_owned).to_vec(),
            allow_credentials: false,
            max_age: None,
        }
    }

    /// The origin allowed to call: exactly one, `*` or e.g. `https://shop.example.com`, or
    /// a value given at deploy time (`Value::parameter("FrontendOrigin")`). Default: `*`.
    pub fn allow_origins<I, S>(mut self, origins: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<Value>,
    {
        self.allow_origins = origins.into_iter().map(Into::into).collect();
        self
    }

    /// Headers the browser may send. Default: [`DEFAULT_ALLOW_HEADERS`].
    pub fn allow_headers<I, S>(mut self, headers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.allow_headers = headers.into_iter().map(Into::into).collect();
        self
    }

    /// Send `Access-Control-Allow-Credentials: true` (not allowed with origin `*`).
    /// Default: false.
    pub fn allow_credentials(mut self, allow: bool) -> Self {
        self.allow_credentials = allow;
        self
    }

    /// `Access-Control-Max-Age` in seconds. Default: none (the browser's default).
    pub fn max_age_seconds(mut self, seconds: u32) -> Self {
        self.max_age = Some(seconds);
        self
    }
}
