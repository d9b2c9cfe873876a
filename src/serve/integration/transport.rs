//! One HTTP/1.1 exchange with a plain `http://` backend: connect, send the request, read the
//! whole answer. The Lambda proxy and HTTP proxy integrations both call through it.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::HeaderMap;
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// A backend's answer.
#[derive(Debug)]
pub(crate) struct Answer {
    /// Its status.
    pub(crate) status: StatusCode,
    /// Its headers.
    pub(crate) headers: HeaderMap,
    /// Its body, whole.
    pub(crate) body: Bytes,
}

/// Sends `method` `url` with `headers` (a `Host` header is added unless they have one) and `body` over a new
/// connection; the error says what failed, naming the URL.
pub(crate) async fn send(
    url: &str,
    method: &str,
    headers: &[(String, String)],
    body: Vec<u8>,
) -> Result<Answer, String> {
    let uri: hyper::Uri = url.parse().map_err(|e| format!("{url}: {e}"))?;
    if uri.scheme_str() != Some("http") {
        return Err(format!("{url}: only http:// backends are served"));
    }
    let host = uri
        .host()
        .ok_or_else(|| format!("{url}: no host"))?
        .to_owned();
    let port = uri.port_u16().unwrap_or(80);
    let stream = TcpStream::connect((host.as_str(), port))
        .await
        .map_err(|e| format!("connecting to {host}:{port}: {e}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("connecting to {host}:{port}: {e}"))?;
    tokio::spawn(connection);
    let path = uri.path_and_query().map_or("/", |p| p.as_str()).to_owned();
    let method = Method::from_bytes(method.as_bytes()).map_err(|e| format!("{method}: {e}"))?;
    let mut request = Request::builder().method(method).uri(path);
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        request = request.header("Host", format!("{host}:{port}"));
    }
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let request = request
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| format!("{url}: {e}"))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("calling {url}: {e}"))?;
    read_answer(response, url).await
}

/// `response`'s status, headers and whole body; the error names `url`. The `https://`
/// client (backend_tls.rs) reads its answers with it too.
pub(crate) async fn read_answer(
    response: hyper::Response<hyper::body::Incoming>,
    url: &str,
) -> Result<Answer, String> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("reading the answer of {url}: {e}"))?
        .to_bytes();
    Ok(Answer {
        status,
        headers,
        body,
    })
}
