//! CORS preflights, answered as the deployed mock `OPTIONS` method answers them: its
//! integration response's status and static headers; with several allowed origins, the
//! request's `Origin` echoed in `Access-Control-Allow-Origin` only when it is one of them
//! (the response template synth writes), else no such header.

use std::collections::BTreeMap;

/// A resource's preflight answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preflight {
    status: u16,
    headers: Vec<(String, String)>,
    /// Several allowed origins: the request's origin is echoed when it is one of them.
    origins: Option<Vec<String>>,
}

const ALLOW_ORIGIN: &str = "Access-Control-Allow-Origin";

impl Preflight {
    /// The preflight of a route's `cors` headers (from the review model, placeholders
    /// filled) and status (`204`, else 200 as a mock without one).
    pub fn new(headers: &BTreeMap<String, String>, status: Option<&str>) -> Self {
        let mut static_headers = Vec::new();
        let mut origins = None;
        for (name, value) in headers {
            if name == ALLOW_ORIGIN && value.contains(" or ") {
                origins = Some(value.split(" or ").map(str::to_owned).collect());
            } else {
                static_headers.push((name.clone(), value.clone()));
            }
        }
        Self {
            status: status.and_then(|s| s.parse().ok()).unwrap_or(200),
            headers: static_headers,
            origins,
        }
    }

    /// The status and headers answering a preflight from `origin`.
    pub fn answer(&self, origin: Option<&str>) -> (u16, Vec<(String, String)>) {
        let mut headers = self.headers.clone();
        if let (Some(allowed), Some(origin)) = (&self.origins, origin)
            && allowed.iter().any(|a| a == origin)
        {
            headers.push((ALLOW_ORIGIN.to_owned(), origin.to_owned()));
        }
        headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        (self.status, headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_several_origins_only_an_allowed_origin_is_echoed() {
        let headers = BTreeMap::from([
            (
                ALLOW_ORIGIN.to_owned(),
                "https://a.example or https://b.example".to_owned(),
            ),
            ("Vary".to_owned(), "Origin".to_owned()),
        ]);
        let p = Preflight::new(&headers, Some("204"));
        let (status, h) = p.answer(Some("https://b.example"));
        assert_eq!(status, 204);
        assert!(h.contains(&(ALLOW_ORIGIN.to_owned(), "https://b.example".to_owned())));
        let (_, h) = p.answer(Some("https://evil.example"));
        assert!(!h.iter().any(|(n, _)| n == ALLOW_ORIGIN));
    }
}
