//! `serve` and Lambda (non-proxy) integrations (tests/fixtures/serve/lambda.yaml): the
//! request template, or the body passed through, is the payload the function's Invoke API
//! gets; its answer takes the default integration response, and a function error
//! (`X-Amz-Function-Error`) the one whose `SelectionPattern` matches its `errorMessage`
//! (the default one when none does, as API Gateway answers 200).

use std::time::Duration;

use serde_json::json;

use crate::serve::refusing_invoke_api;
use crate::serve::serve_support::{LambdaEndpoint, Server, recording_backend};

/// `serve serve-lambda` with `extra` arguments.
fn lambda_server(extra: &[&str]) -> Server {
    Server::fixture("serve-lambda", "lambda.yaml", extra)
}

/// An Invoke API whose every invocation fails with `message` (`X-Amz-Function-Error:
/// Unhandled`, as Lambda answers an exception); its URL.
fn failing_function(message: &str) -> String {
    let body = json!({"errorMessage": message, "errorType": "Error", "stackTrace": []}).to_string();
    recording_backend(format!(
        "HTTP/1.1 200 OK\r\nX-Amz-Function-Error: Unhandled\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ))
    .0
}

#[test]
fn the_rendered_request_template_is_the_payload_invoked() {
    let function = LambdaEndpoint::answering(r#"{"total": 3}"#);
    let server = lambda_server(&["--function", &format!("orders={}", function.url)]);
    let answer = server.call("GET", "/test/orders/7", &[("X-Tenant", "acme")]);
    assert_eq!(answer.status, 200, "{answer:?}");
    let (path, payload) = function.next_event();
    assert_eq!(path, "/2015-03-31/functions/orders/invocations");
    assert_eq!(payload, json!({"id": "7", "tenant": "acme"}));
}

#[test]
fn a_success_takes_the_default_response_and_its_template() {
    let function = LambdaEndpoint::answering(r#"{"total": 3}"#);
    let server = lambda_server(&["--lambda-endpoint", &function.url]);
    let answer = server.call("GET", "/test/orders/7", &[]);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json(), json!({"order": {"total": 3}}));
    assert!(
        server
            .logged("GET /test/orders/7")
            .contains("→ Lambda orders returned, response 200 (default)")
    );
}

#[test]
fn a_function_error_selects_the_response_whose_pattern_matches_its_message() {
    let url = failing_function("Not found: order 7");
    let server = lambda_server(&["--function", &format!("orders={url}")]);
    let answer = server.call("GET", "/test/orders/7", &[]);
    assert_eq!(answer.status, 404, "{answer:?}");
    assert_eq!(answer.json(), json!({"error": "Not found: order 7"}));
    assert!(server.logged("GET /test/orders/7").contains(
        "Lambda orders failed (Unhandled: Not found: order 7), response 404 (pattern Not found.*)"
    ));
}

#[test]
fn a_function_error_no_pattern_matches_takes_the_default_response_as_200() {
    let url = failing_function("boom");
    let server = lambda_server(&["--function", &format!("echo={url}")]);
    let answer = server.call_with_body("POST", "/test/echo", &[], b"{}");
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json()["errorMessage"], "boom");
}

#[test]
fn without_a_template_the_body_passes_through_as_the_payload() {
    let function = LambdaEndpoint::answering(r#""ok""#);
    let server = lambda_server(&["--function", &format!("echo={}", function.url)]);
    let answer = server.call_with_body(
        "POST",
        "/test/echo",
        &[("Content-Type", "application/json")],
        br#"{"a": [1, 2]}"#,
    );
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.body, r#""ok""#);
    assert_eq!(function.next_event().1, json!({"a": [1, 2]}));
}

#[test]
fn a_response_template_serve_does_not_evaluate_is_a_500_naming_it() {
    let function = LambdaEndpoint::answering(r#"{"total": 3}"#);
    let server = lambda_server(&["--function", &format!("legacy={}", function.url)]);
    let answer = server.call("GET", "/test/legacy", &[]);
    assert_eq!(answer.status, 500, "{answer:?}");
    assert_eq!(answer.json()["message"], "Internal server error");
    assert!(
        server
            .logged("GET /test/legacy")
            .contains("$input.path('$').total")
    );
}

#[test]
fn without_an_endpoint_the_method_answers_502() {
    let server = lambda_server(&[]);
    assert!(
        server
            .banner
            .contains("note: GET /orders/{id}: Lambda orders has no endpoint"),
        "{}",
        server.banner
    );
    let answer = server.call("GET", "/test/orders/7", &[]);
    assert_eq!(answer.status, 502, "{answer:?}");
}

#[test]
fn a_function_answering_after_the_timeout_is_a_504() {
    let function = LambdaEndpoint::answering_after("{}", Duration::from_secs(3));
    let server = lambda_server(&["--lambda-endpoint", &function.url, "--timeout", "1"]);
    let answer = server.call("GET", "/test/orders/7", &[]);
    assert_eq!(answer.status, 504, "{answer:?}");
    assert_eq!(answer.json()["message"], "Endpoint request timed out");
}

#[test]
fn an_invocation_the_lambda_api_refuses_is_500_whatever_the_responses() {
    let server = lambda_server(&["--function", &format!("orders={}", refusing_invoke_api())]);
    let answer = server.call("GET", "/test/orders/7", &[]);
    assert_eq!(answer.status, 500, "{answer:?}");
    assert_eq!(answer.json(), json!({"message": "Internal server error"}));
    assert!(
        server
            .logged("GET /test/orders/7")
            .contains("the Invoke API refused the invocation")
    );
}
