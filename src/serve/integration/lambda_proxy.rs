//! The Lambda proxy integration's transport: `POST {endpoint}/2015-03-31/functions/{name}/invocations`
//! with the event as body, the Lambda Invoke API as the Runtime Interface Emulator,
//! cargo-lambda's `watch` and LocalStack serve it. Plain HTTP, one connection per call,
//! bounded by a timeout.

use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// Why an invocation gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvokeError {
    /// No answer within the timeout (API Gateway's 504).
    Timeout,
    /// The call failed (API Gateway's 502), and why.
    Failed(String),
    /// The function failed (`X-Amz-Function-Error`): the error's kind and its payload.
    Function(String, Bytes),
}

/// What a function name keeps unencoded in a URL: letters, digits, `-`, `_`, `.` and `:`
/// (the characters of names, ARNs and aliases).
const NAME: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b':');

/// The Invoke API's URL for `function` at `endpoint` (`http://host:port[/prefix]`).
pub fn invoke_url(endpoint: &str, function: &str) -> String {
    let name: String = percent_encoding::utf8_percent_encode(function, NAME).collect();
    format!(
        "{}/2015-03-31/functions/{name}/invocations",
        endpoint.trim_end_matches('/')
    )
}

/// Invokes the function at `url` with `payload`, waiting at most `timeout` for the whole
/// call; returns the function's answer.
pub async fn invoke(url: &str, payload: Vec<u8>, timeout: Duration) -> Result<Bytes, InvokeError> {
    match tokio::time::timeout(timeout, call(url, payload)).await {
        Ok(result) => result,
        Err(_) => Err(InvokeError::Timeout),
    }
}

async fn call(url: &str, payload: Vec<u8>) -> Result<Bytes, InvokeError> {
    let (body, function_error) = exchange(url, payload).await.map_err(InvokeError::Failed)?;
    match function_error {
        Some(kind) => Err(InvokeError::Function(kind, body)),
        None => Ok(body),
    }
}

async fn exchange(url: &str, payload: Vec<u8>) -> Result<(Bytes, Option<String>), String> {
    let uri: hyper::Uri = url.parse().map_err(|e| format!("endpoint {url}: {e}"))?;
    if uri.scheme_str() != Some("http") {
        return Err(format!("endpoint {url}: only http:// endpoints are served"));
    }
    let host = uri
        .host()
        .ok_or_else(|| format!("endpoint {url}: no host"))?
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
    let request = Request::post(path)
        .header("Host", format!("{host}:{port}"))
        .header("Content-Type", "application/json")
        .header("X-Amz-Invocation-Type", "RequestResponse")
        .body(Full::new(Bytes::from(payload)))
        .map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("calling {url}: {e}"))?;
    let status = response.status();
    let function_error = response
        .headers()
        .get("X-Amz-Function-Error")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("reading the answer of {url}: {e}"))?
        .to_bytes();
    if status != StatusCode::OK {
        return Err(format!("{url} answered {status}"));
    }
    Ok((body, function_error))
}
