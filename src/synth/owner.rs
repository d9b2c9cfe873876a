//! What a logical id was generated for: kept with every emitted resource and put into words
//! only when two resources get the same id, so the thousands of methods of a large API cost
//! no text.

use crate::api::HttpMethod;

use super::resolve::ResolvedApi;

/// What a resource was emitted for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Owner {
    /// The API resource at index `.0` of the resolved API.
    Resource(usize),
    /// The method `.1` on the API resource at index `.0`.
    Method(usize, HttpMethod),
    /// The CORS preflight of the API resource at index `.0`.
    Preflight(usize),
    /// A raw resource the stack declares, by its id.
    Raw(String),
    /// Anything else (a few per stack), already in words.
    Described(String),
}

/// How a raw resource's description starts.
pub(crate) const RAW: &str = "raw resource `";

impl Owner {
    /// The owner in words, e.g. `method GET /products`.
    pub(crate) fn describe(&self, api: &ResolvedApi<'_>) -> String {
        match self {
            Owner::Resource(i) => format!("resource {}", api.path(*i)),
            Owner::Method(i, verb) => format!("method {verb} {}", api.path(*i)),
            Owner::Preflight(i) => format!("CORS preflight OPTIONS {}", api.path(*i)),
            Owner::Raw(id) => format!("{RAW}{id}`"),
            Owner::Described(text) => text.clone(),
        }
    }
}

impl From<String> for Owner {
    fn from(text: String) -> Self {
        Owner::Described(text)
    }
}
