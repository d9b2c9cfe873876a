//! Where the Cognito pools' keys come from when `--jwks` is not given: each pool's
//! well-known URL (`{issuer}/.well-known/jwks.json`, or `{endpoint}/{pool id}/.well-known/
//! jwks.json` with `--cognito-endpoint` for a local Cognito), fetched once at start over HTTPS
//! (rustls, the Mozilla roots) or HTTP, and kept in a cache folder; when a fetch fails (no
//! network), the cached copy is used, and without one that pool's tokens are refused.

use std::path::{Path, PathBuf};
use std::time::Duration;

use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use super::cognito::Jwks;

/// How long one fetch may take.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(5);
/// The largest JWKS document read: 1 MB (a pool's has two keys, about 1 KB).
const MAX_JWKS_BYTES: usize = 1024 * 1024;

/// How to find the pools' keys.
#[derive(Debug, Clone)]
pub struct JwksSource {
    /// A local Cognito's base URL (`http://127.0.0.1:9229`), instead of the pools' own.
    pub endpoint: Option<String>,
    /// Where fetched documents are kept, one `{pool id}.json` each.
    pub cache: PathBuf,
}

/// The keys found for each issuer, and one line per pool saying where they came from.
#[derive(Debug, Default)]
pub struct Found {
    /// Every key found, of every pool.
    pub jwks: Jwks,
    /// `issuer: fetched from URL (n keys)`, `issuer: the cached copy in FILE (fetch failed:
    /// why)`, or `issuer: no keys (…): its tokens are refused`.
    pub lines: Vec<String>,
}

impl JwksSource {
    /// The default cache folder: `$XDG_CACHE_HOME/apigw-synth/jwks`, else
    /// `$HOME/.cache/apigw-synth/jwks`, else `.apigw-synth/jwks`.
    pub fn default_cache() -> PathBuf {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
            .unwrap_or_else(|| PathBuf::from(".apigw-synth"));
        base.join("apigw-synth").join("jwks")
    }

    /// The URL of `issuer`'s keys.
    pub fn url(&self, issuer: &str) -> String {
        match &self.endpoint {
            Some(endpoint) => format!(
                "{}/{}/.well-known/jwks.json",
                endpoint.trim_end_matches('/'),
                pool_id(issuer)
            ),
            None => format!("{issuer}/.well-known/jwks.json"),
        }
    }

    /// Fetches each issuer's keys once (a cached copy when that fails).
    pub async fn find(&self, issuers: &[String]) -> Found {
        let mut found = Found::default();
        for issuer in issuers {
            let url = self.url(issuer);
            let cached = self.cache.join(format!("{}.json", pool_id(issuer)));
            let fetched = match fetch(&url).await {
                Ok(text) => Jwks::from_json(&text).map(|jwks| (jwks, text)),
                Err(why) => Err(why),
            };
            match fetched {
                Ok((jwks, text)) => {
                    let kept = keep(&cached, &text)
                        .map_or_else(|e| format!(", not cached: {e}"), |()| String::new());
                    found.lines.push(format!(
                        "{issuer}: {} keys fetched from {url}{kept}",
                        jwks.len()
                    ));
                    found.jwks.extend(jwks);
                }
                Err(why) => match std::fs::read_to_string(&cached)
                    .map_err(|e| e.to_string())
                    .and_then(|text| Jwks::from_json(&text))
                {
                    Ok(jwks) => {
                        found.lines.push(format!(
                            "{issuer}: {} keys from the cached copy {} ({url}: {why})",
                            jwks.len(),
                            cached.display()
                        ));
                        found.jwks.extend(jwks);
                    }
                    Err(_) => found.lines.push(format!(
                        "{issuer}: no keys ({url}: {why}; no cached copy): its tokens are refused (401); give --jwks FILE"
                    )),
                },
            }
        }
        found
    }
}

/// The pool id of an issuer (its last path part).
fn pool_id(issuer: &str) -> &str {
    issuer.rsplit('/').next().unwrap_or(issuer)
}

/// GETs `url` (`https://` or `http://`) within [`FETCH_TIMEOUT`]; the body when the status
/// is 200.
async fn fetch(url: &str) -> Result<String, String> {
    let uri: hyper::Uri = url.parse().map_err(|e| format!("{e}"))?;
    let tls = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
        .map_err(|e| e.to_string())?
        .https_or_http()
        .enable_http1()
        .build();
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build(tls);
    let exchange = async {
        let response = client.get(uri).await.map_err(|e| format!("{e}"))?;
        let status = response.status();
        let body = Limited::new(response.into_body(), MAX_JWKS_BYTES)
            .collect()
            .await
            .map_err(|e| format!("reading the answer: {e}"))?
            .to_bytes();
        if status != hyper::StatusCode::OK {
            return Err(format!("answered {status}"));
        }
        String::from_utf8(body.to_vec()).map_err(|_| "the answer is not UTF-8".to_owned())
    };
    tokio::time::timeout(FETCH_TIMEOUT, exchange)
        .await
        .map_err(|_| format!("no answer within {FETCH_TIMEOUT:?}"))?
}

/// Writes `text` to `path` whole (a temporary file renamed over it).
fn keep(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let partial = path.with_extension("json.partial");
    std::fs::write(&partial, text)?;
    std::fs::rename(&partial, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_is_the_pools_own_or_under_a_local_cognito() {
        let issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc";
        let own = JwksSource {
            endpoint: None,
            cache: PathBuf::new(),
        };
        assert_eq!(
            own.url(issuer),
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json"
        );
        let local = JwksSource {
            endpoint: Some("http://127.0.0.1:9229/".to_owned()),
            cache: PathBuf::new(),
        };
        assert_eq!(
            local.url(issuer),
            "http://127.0.0.1:9229/eu-west-1_abc/.well-known/jwks.json"
        );
    }
}
