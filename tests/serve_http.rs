//! `serve` and HTTP (non-proxy) integrations (tests/fixtures/serve/http.yaml): the call
//! reaches a backend the test starts as API Gateway makes it (the integration's method, the
//! request parameters in the URL, query string and headers and nothing else of the request,
//! the request template as body, or a 415 under `NEVER`), and the backend's status selects
//! the integration response whose headers and template make the answer.

use std::sync::mpsc::Receiver;
use std::time::Duration;

use crate::serve::serve_support::{Server, recording_backend};

/// A backend on 127.0.0.1 answering every request `status` with `body` and
/// `x-request-id: r-7`, sending each request it got, as text, on the channel.
fn backend(status: u16, body: &'static str) -> (String, Receiver<String>) {
    recording_backend(format!(
        "HTTP/1.1 {status} X\r\nx-request-id: r-7\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ))
}

/// `serve serve-http` calling the backend at `url`.
fn http_server(url: &str) -> Server {
    Server::fixture(
        "serve-http",
        "http.yaml",
        &["--parameter", &format!("BackendUrl={url}")],
    )
}

/// A header's value in a raw request.
fn header<'a>(request: &'a str, name: &str) -> Option<&'a str> {
    request.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn the_call_has_the_integration_method_the_mapped_parameters_and_the_rendered_template() {
    let (url, requests) = backend(200, r#"{"item": {"id": "42"}}"#);
    let server = http_server(&url);
    let answer = server.call(
        "GET",
        "/test/items/42?q=red&other=1",
        &[("X-Tenant", "acme"), ("X-Secret", "s3")],
    );
    assert_eq!(answer.status, 200, "{answer:?}");
    let request = requests.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(
        request.starts_with("POST /catalog/42?lang=en HTTP/1.1\r\n"),
        "{request}"
    );
    assert_eq!(header(&request, "X-Tenant"), Some("acme"));
    assert_eq!(header(&request, "X-Secret"), None, "{request}");
    assert_eq!(header(&request, "Content-Type"), Some("application/json"));
    assert!(
        request.ends_with("\r\n\r\n{\"id\": \"42\", \"q\": \"red\"}"),
        "{request}"
    );
}

#[test]
fn a_success_takes_the_default_response_with_its_template_and_backend_header() {
    let (url, _requests) = backend(200, r#"{"item": {"id": "42", "name": "lamp"}}"#);
    let server = http_server(&url);
    let answer = server.call("GET", "/test/items/42", &[]);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(
        answer.json(),
        serde_json::json!({"id": "42", "name": "lamp"})
    );
    assert_eq!(answer.header("X-Backend-Request"), Some("r-7"));
    assert!(
        server
            .logged("GET /test/items/42")
            .contains("answered 200, response 200 (default)")
    );
}

#[test]
fn the_backend_status_selects_the_integration_response_by_its_pattern() {
    let (url, _requests) = backend(404, r#"{"error": "no such item"}"#);
    let server = http_server(&url);
    let answer = server.call("GET", "/test/items/9", &[]);
    assert_eq!(answer.status, 404, "{answer:?}");
    assert_eq!(answer.json(), serde_json::json!({"missing": "9"}));
    assert!(
        server
            .logged("GET /test/items/9")
            .contains("answered 404, response 404 (pattern 404)")
    );
}

#[test]
fn a_status_no_pattern_selects_without_a_default_response_is_a_500() {
    let (url, _requests) = backend(503, r#"{"error": "busy"}"#);
    let server = http_server(&url);
    let answer = server.call_with_body("POST", "/test/strict", &[], b"{}");
    assert_eq!(answer.status, 500, "{answer:?}");
    assert_eq!(answer.json()["message"], "Internal server error");
    assert!(
        server
            .logged("POST /test/strict")
            .contains("answered 503: no integration response matches")
    );
}

#[test]
fn a_content_type_without_template_under_never_is_refused_with_415() {
    let (url, requests) = backend(200, "{}");
    let server = http_server(&url);
    let answer = server.call_with_body(
        "GET",
        "/test/items/42",
        &[("Content-Type", "text/plain")],
        b"hi",
    );
    assert_eq!(answer.status, 415, "{answer:?}");
    assert_eq!(answer.json()["message"], "Unsupported Media Type");
    assert!(requests.recv_timeout(Duration::from_millis(200)).is_err());
}

#[test]
fn a_backend_refusing_connections_is_a_502() {
    let unused = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", unused.local_addr().unwrap());
    drop(unused);
    let server = http_server(&url);
    let answer = server.call("GET", "/test/items/42", &[]);
    assert_eq!(answer.status, 502, "{answer:?}");
    assert!(
        server
            .logged("GET /test/items/42")
            .contains("connecting to")
    );
}
