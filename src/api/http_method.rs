//! HTTP methods a REST API method can answer.

use std::fmt;
use std::str::FromStr;

/// An HTTP method, or `ANY` for all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
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
    /// `OPTIONS` (generated for CORS preflight; declare it yourself only without CORS)
    Options,
    /// `ANY`: every method not declared separately.
    Any,
}

impl HttpMethod {
    /// All methods, in the order they are listed in `Access-Control-Allow-Methods`.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Head,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Patch,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Any,
    ];

    /// The upper-case name, e.g. `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Head => "HEAD",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Any => "ANY",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no HTTP method.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an HTTP method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or ANY)")]
pub struct InvalidHttpMethod(pub String);

impl FromStr for HttpMethod {
    type Err = InvalidHttpMethod;

    /// Case-insensitive: `get` and `GET` are both `Get`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HttpMethod::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| InvalidHttpMethod(s.to_owned()))
    }
}
