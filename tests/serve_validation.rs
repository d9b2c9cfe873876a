//! `serve` validates requests as API Gateway's request validators do, before the
//! integration: tests/fixtures/serve/compare.yaml (also compared with the engine by
//! tests/engine_serve.rs) has `GET /items/{id}` requiring the query string `view` and
//! `POST /items` validating its body against the model `NewItem` (`name` required, a string).

use crate::serve::serve_support::{self, Server};

fn compare_server() -> Server {
    Server::fixture("serve-compare", "compare.yaml", &[])
}

fn post_item(server: &Server, body: &str) -> serve_support::Answer {
    server.call_with_body(
        "POST",
        "/test/items",
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
}

#[test]
fn a_missing_required_query_string_is_refused_with_400_naming_it() {
    let server = compare_server();
    let answer = server.call("GET", "/test/items/42?other=1", &[]);
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.json()["message"],
        "Missing required request parameters: [view]"
    );
    assert_eq!(
        answer.header("x-amzn-errortype"),
        Some("BadRequestException")
    );
    assert!(
        server
            .logged("GET /test/items/42")
            .contains("request validator: missing view")
    );
}

#[test]
fn a_request_with_its_required_parameters_reaches_the_integration() {
    let server = compare_server();
    let answer = server.call("GET", "/test/items/42?view=full", &[]);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["item"], "one");
}

#[test]
fn a_body_the_model_refuses_is_answered_invalid_request_body() {
    let server = compare_server();
    for body in [r#"{"title": "lamp"}"#, r#"{"name": 3}"#, "not json", ""] {
        let answer = post_item(&server, body);
        assert_eq!(answer.status, 400, "{body:?}");
        assert_eq!(answer.json()["message"], "Invalid request body", "{body:?}");
    }
    assert!(
        server
            .logged("POST /test/items 400")
            .contains("request validator: body:")
    );
}

#[test]
fn a_body_the_model_accepts_reaches_the_integration() {
    let server = compare_server();
    let answer = post_item(&server, r#"{"name": "lamp"}"#);
    assert_eq!(answer.status, 201);
    assert_eq!(answer.json()["created"], true);
}
