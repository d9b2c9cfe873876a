//! The TLS client of `https://` backends (HTTP and HTTP_PROXY integrations): hyper-rustls
//! with ring, trusting the Mozilla roots of webpki-roots and the certificates given with
//! `--backend-ca` (a local backend's own CA). Connections are kept for the next call.

use std::fmt;
use std::sync::Arc;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Method, Request};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use super::transport::Answer;

/// The client `https://` backends are called with.
#[derive(Clone)]
pub struct BackendTls {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    /// How many certificates `--backend-ca` added to the Mozilla roots.
    extra_roots: usize,
}

impl fmt::Debug for BackendTls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackendTls")
            .field("extra_roots", &self.extra_roots)
            .finish_non_exhaustive()
    }
}

impl BackendTls {
    /// A client trusting the Mozilla roots and the certificates of `extra_pem` (PEM, one or
    /// more); the error says why `extra_pem` can't be trusted.
    pub fn new(extra_pem: Option<&[u8]>) -> Result<Self, String> {
        let mut roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let mut extra_roots = 0;
        if let Some(pem) = extra_pem {
            for cert in CertificateDer::pem_slice_iter(pem) {
                let cert = cert.map_err(|e| format!("not a PEM certificate: {e}"))?;
                roots
                    .add(cert)
                    .map_err(|e| format!("a certificate can't be trusted: {e}"))?;
                extra_roots += 1;
            }
            if extra_roots == 0 {
                return Err("no PEM certificate in it".to_owned());
            }
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(config)
            .https_only()
            .enable_http1()
            .build();
        Ok(Self {
            client: Client::builder(TokioExecutor::new()).build(https),
            extra_roots,
        })
    }

    /// Sends `method` `url` (`https://`) with `headers` and `body`; the whole answer, or
    /// what failed (the TLS handshake's reason among them), naming the URL.
    pub(crate) async fn send(
        &self,
        url: &str,
        method: &str,
        headers: &[(String, String)],
        body: Vec<u8>,
    ) -> Result<Answer, String> {
        let method = Method::from_bytes(method.as_bytes()).map_err(|e| format!("{method}: {e}"))?;
        let mut request = Request::builder().method(method).uri(url);
        for (name, value) in headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let request = request
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| format!("{url}: {e}"))?;
        let response = self.client.request(request).await.map_err(|e| {
            // The connector's error (a refused connection, a certificate not trusted) is the
            // source of the client's.
            let mut why = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(inner) = source {
                why = format!("{why}: {inner}");
                source = inner.source();
            }
            format!("calling {url}: {why}")
        })?;
        super::transport::read_answer(response, url).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_without_a_certificate_is_refused() {
        assert!(BackendTls::new(None).is_ok());
        assert_eq!(
            BackendTls::new(Some(b"hello")).unwrap_err(),
            "no PEM certificate in it"
        );
    }
}
