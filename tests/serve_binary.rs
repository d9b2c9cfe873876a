//! `serve` and binary payloads, as API Gateway converts them (tests/fixtures/serve/binary.yaml:
//! binary media types `image/png`, `application/octet-stream` and `audio/*`): a request body
//! of a binary media type reaches a Lambda proxy in base64, any other as text; a base64
//! answer is decoded only when the request's first `Accept` type is a binary media type; a
//! MOCK's integration response and an AWS integration's request apply their
//! `ContentHandling`. Sources: docs/serve.md, "Binary media types".

use std::time::Duration;

use serde_json::Value;

use crate::serve::serve_support::{LambdaEndpoint, Server, recording_backend};

/// A Lambda answering a PNG header (`\x89PNG`) in base64 as `image/png`.
const PNG_ANSWER: &str = r#"{"statusCode": 200, "headers": {"Content-Type": "image/png"}, "body": "iVBORw==", "isBase64Encoded": true}"#;

fn binary_server(extra: &[&str]) -> Server {
    Server::fixture("serve-binary", "binary.yaml", extra)
}

/// Posts `body` as `content_type` to the Lambda proxy method; the event the function got.
fn upload(content_type: &str, body: &[u8]) -> (Server, Value) {
    let lambda = LambdaEndpoint::answering(r#"{"statusCode": 204}"#);
    let server = binary_server(&["--lambda-endpoint", &lambda.url]);
    let answer = server.call_with_body(
        "POST",
        "/test/uploads",
        &[("Content-Type", content_type)],
        body,
    );
    assert_eq!(answer.status, 204, "{answer:?}");
    let (_, event) = lambda.next_event();
    (server, event)
}

/// Posts to the Lambda proxy method answering [`PNG_ANSWER`] with `Accept: accept`.
fn png_with_accept(accept: &str) -> crate::serve::serve_support::Answer {
    let lambda = LambdaEndpoint::answering(PNG_ANSWER);
    let server = binary_server(&["--lambda-endpoint", &lambda.url]);
    server.call("POST", "/test/uploads", &[("Accept", accept)])
}

#[test]
fn a_body_of_a_binary_media_type_reaches_the_lambda_in_base64() {
    let (_, event) = upload("image/png", &[0x89, b'P', b'N', b'G']);
    assert_eq!(event["isBase64Encoded"], true);
    assert_eq!(event["body"], "iVBORw==");
}

#[test]
fn a_wildcard_binary_media_type_takes_a_utf8_body_in_base64_too() {
    let (_, event) = upload("audio/ogg; codecs=opus", b"abc");
    assert_eq!(event["isBase64Encoded"], true);
    assert_eq!(event["body"], "YWJj");
}

#[test]
fn a_body_of_another_media_type_reaches_the_lambda_as_text() {
    let (_, event) = upload("application/json", br#"{"a": 1}"#);
    assert_eq!(event["isBase64Encoded"], false);
    assert_eq!(event["body"], r#"{"a": 1}"#);
}

#[test]
fn a_body_not_utf8_of_a_text_media_type_is_sent_as_text_its_bad_bytes_replaced() {
    let (server, event) = upload("text/plain", &[b'a', 0xff, b'b']);
    assert_eq!(event["isBase64Encoded"], false);
    assert_eq!(event["body"], "a\u{fffd}b");
    assert!(
        server
            .logged("POST /test/uploads 204")
            .contains("request body not UTF-8 and not a binary media type")
    );
}

#[test]
fn a_base64_answer_is_decoded_when_the_first_accept_type_is_binary() {
    let answer = png_with_accept("image/png, text/html");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.bytes, [0x89, b'P', b'N', b'G']);
    assert_eq!(answer.header("content-type"), Some("image/png"));
}

#[test]
fn a_base64_answer_is_returned_as_text_when_the_first_accept_type_is_not_binary() {
    // The answer's Content-Type is a binary media type, but only Accept decides.
    let answer = png_with_accept("text/html, image/png");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, "iVBORw==");
}

#[test]
fn the_banner_lists_the_binary_media_types() {
    let server = binary_server(&[]);
    assert!(
        server
            .banner
            .contains("  binary media types: image/png, application/octet-stream, audio/*\n"),
        "{}",
        server.banner
    );
}
#[test]
fn a_mock_integration_response_converting_to_binary_decodes_its_template() {
    let server = binary_server(&[]);
    let answer = server.call("GET", "/test/pixel", &[]);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, "hello");
}

#[test]
fn an_aws_integration_converting_to_text_gives_its_template_the_body_in_base64() {
    let (url, requests) = recording_backend(
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".to_owned(),
    );
    let server = binary_server(&["--aws-endpoint", &url]);
    let answer = server.call_with_body(
        "POST",
        "/test/queue",
        &[("Content-Type", "application/octet-stream")],
        &[0x00, 0xff, 0x10],
    );
    assert_eq!(answer.status, 200, "{answer:?}");
    let request = requests.recv_timeout(Duration::from_secs(5)).unwrap();
    // base64 of 00 ff 10 is "AP8Q", URL-encoded by the template as is.
    assert!(
        request.ends_with("\r\n\r\nAction=SendMessage&MessageBody=AP8Q"),
        "{request}"
    );
}

/// Posts JSON to the SQS method, whose endpoint answers `hi` as `application/octet-stream`,
/// with `Accept: accept`.
fn octets_with_accept(accept: &str) -> crate::serve::serve_support::Answer {
    let (url, _requests) = recording_backend(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"
            .to_owned(),
    );
    let server = binary_server(&["--aws-endpoint", &url]);
    server.call_with_body(
        "POST",
        "/test/queue",
        &[("Content-Type", "application/json"), ("Accept", accept)],
        b"{}",
    )
}

#[test]
fn a_binary_service_answer_asked_as_text_is_returned_in_base64() {
    let answer = octets_with_accept("application/json");
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.body, "aGk=");
}

#[test]
fn a_binary_service_answer_asked_as_binary_is_returned_as_is() {
    let answer = octets_with_accept("application/octet-stream");
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.body, "hi");
}

#[test]
fn a_mock_answer_asked_as_text_is_its_template_as_written() {
    let server = binary_server(&[]);
    let answer = server.call("GET", "/test/plain", &[("Accept", "application/json")]);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, r#"{"ok": true}"#);
}

#[test]
fn a_text_mock_answer_asked_as_binary_is_decoded_from_base64_and_500s_when_it_is_not() {
    let server = binary_server(&[]);
    let answer = server.call("GET", "/test/plain", &[("Accept", "image/png")]);
    assert_eq!(answer.status, 500);
    assert_eq!(answer.json()["message"], "Internal server error");
    assert!(
        server
            .logged("GET /test/plain 500")
            .contains("converting to binary a body that is not base64")
    );
}
