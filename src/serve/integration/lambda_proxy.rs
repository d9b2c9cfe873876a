//! The Lambda proxy integration's transport: `POST {endpoint}/2015-03-31/functions/{name}/invocations`
//! with the event as body, the Lambda Invoke API as the Runtime Interface Emulator,
//! cargo-lambda's `watch` and LocalStack serve it. Plain HTTP, one connection per call,
//! bounded by a timeout.

use std::time::Duration;

use hyper::StatusCode;
use hyper::body::Bytes;

/// Why an invocation gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvokeError {
    /// No answer within the timeout (API Gateway's 504).
    Timeout,
    /// The call failed: the Invoke API unreachable, or its answer cut short (502), and why.
    Failed(String),
    /// The Invoke API refused the invocation (a status other than 200: no such function,
    /// no permission, throttled), and why. API Gateway answers 500 ("Handling Lambda errors
    /// with an API Gateway API", in the Lambda developer guide).
    Rejected(String),
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
    let (body, function_error) = exchange(url, payload).await?;
    match function_error {
        Some(kind) => Err(InvokeError::Function(kind, body)),
        None => Ok(body),
    }
}

async fn exchange(url: &str, payload: Vec<u8>) -> Result<(Bytes, Option<String>), InvokeError> {
    let headers = [
        ("Content-Type".to_owned(), "application/json".to_owned()),
        (
            "X-Amz-Invocation-Type".to_owned(),
            "RequestResponse".to_owned(),
        ),
    ];
    let answer = super::transport::send(url, "POST", &headers, payload)
        .await
        .map_err(InvokeError::Failed)?;
    if answer.status != StatusCode::OK {
        return Err(InvokeError::Rejected(format!(
            "the Invoke API refused the invocation ({url} answered {})",
            answer.status
        )));
    }
    let function_error = answer
        .headers
        .get("X-Amz-Function-Error")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    Ok((answer.body, function_error))
}
