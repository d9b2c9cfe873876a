//! CORS: a `CorsSpec` into a [`Cors`].

use crate::Cors;

use super::super::format::CorsSpec;
use super::super::load::{Loader, path_of};

impl Loader {
    /// The CORS settings `spec` describes, the rest left at [`Cors::new`]'s defaults.
    pub(super) fn cors(&mut self, spec: CorsSpec) -> Cors {
        let CorsSpec {
            allow_origins,
            allow_headers,
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
        if let Some(m) = max_age_seconds {
            cors = cors.max_age_seconds(m);
        }
        cors
    }
}
