//! CORS: the preflight `OPTIONS` methods and the headers on API Gateway's own errors.

use super::{HttpMethod, Value};

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
/// With several origins, the preflight answers with the request's `Origin` only when it
/// equals one of them exactly (a mapping template compares it), and with `Vary: Origin`;
/// API Gateway's own 4XX/5XX can't choose per request, so they then carry no origin.
///
/// ```
/// use apigw_synth::Cors;
/// let cors = Cors::new().allow_origins(["https://shop.example.com", "http://localhost:3000"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cors {
    pub(crate) allow_origins: Vec<Value>,
    pub(crate) allow_headers: Vec<String>,
    pub(crate) allow_methods: Option<Vec<HttpMethod>>,
    pub(crate) expose_headers: Vec<String>,
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
            allow_methods: None,
            expose_headers: Vec::new(),
            allow_credentials: false,
            max_age: None,
        }
    }

    /// The origins allowed to call: `*` alone, or one or more sites as browsers send them
    /// (`https://shop.example.com`, no path, no wildcard), each a literal or a value given
    /// at deploy time (`Value::parameter("FrontendOrigin")`). Default: `*`.
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

    /// The methods `Access-Control-Allow-Methods` lists, instead of those the resource has
    /// (`OPTIONS` is always added; `ANY` is not a method a browser sends). Default: the
    /// resource's own methods.
    pub fn allow_methods<I>(mut self, methods: I) -> Self
    where
        I: IntoIterator<Item = HttpMethod>,
    {
        self.allow_methods = Some(methods.into_iter().collect());
        self
    }

    /// Response headers a page's script may read (`Access-Control-Expose-Headers`), sent on
    /// API Gateway's own 4XX/5XX; a Lambda proxy integration sends it on its own responses.
    /// Default: none.
    pub fn expose_headers<I, S>(mut self, headers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.expose_headers = headers.into_iter().map(Into::into).collect();
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
