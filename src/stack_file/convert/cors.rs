//! CORS: a `CorsSpec` into a [`Cors`].

use crate::{Cors, HttpMethod};

use super::super::format::{CorsMethodSpec, CorsSpec};
use super::super::load::{Loader, path_of};

impl Loader {
    /// The CORS settings `spec` describes, the rest left at [`Cors::new`]'s defaults.
    pub(super) fn cors(&mut self, spec: CorsSpec) -> Cors {
        let CorsSpec {
            allow_origins,
            allow_headers,
            allow_methods,
            expose_headers,
            allow_credentials,
            max_age_seconds,
        } = spec;
        let mut cors = Cors::new().allow_credentials(allow_credentials);
        if let Some(o) = allow_origins {
            let origins: Vec<_> = o
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    self.value(v, path_of(&["api", "cors", "allowOrigins", &i.to_string()]))
                })
                .collect();
            cors = cors.allow_origins(origins);
        }
        if let Some(h) = allow_headers {
            cors = cors.allow_headers(h);
        }
        if let Some(m) = allow_methods {
            cors = cors.allow_methods(m.into_iter().map(http_method));
        }
        if let Some(h) = expose_headers {
            cors = cors.expose_headers(h);
        }
        if let Some(m) = max_age_seconds {
            cors = cors.max_age_seconds(m);
        }
        cors
    }
}

/// The builders' method for a method a stack file allows.
fn http_method(method: CorsMethodSpec) -> HttpMethod {
    match method {
        CorsMethodSpec::Get => HttpMethod::Get,
        CorsMethodSpec::Head => HttpMethod::Head,
        CorsMethodSpec::Post => HttpMethod::Post,
        CorsMethodSpec::Put => HttpMethod::Put,
        CorsMethodSpec::Patch => HttpMethod::Patch,
        CorsMethodSpec::Delete => HttpMethod::Delete,
        CorsMethodSpec::Options => HttpMethod::Options,
    }
}
