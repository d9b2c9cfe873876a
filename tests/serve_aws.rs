//! `serve` and AWS service integrations (tests/fixtures/serve/aws.yaml): with
//! `--aws-endpoint` at a backend the test starts, a method's call arrives as API Gateway
//! sends it (the integration's method, the path or the JSON protocol's target, the request
//! template evaluated, a SigV4 signature for the service and region), and the backend's
//! answer goes back through the integration responses; without it, a 501 that says why.

use std::sync::mpsc::Receiver;
use std::time::Duration;

use crate::serve::serve_support::{Server, recording_backend};
use crate::serve_iam::botocore_sign;

/// A backend on 127.0.0.1 answering every request `status` with `body` and
/// `x-amzn-RequestId: req-1`, sending each request it got, as text, on the channel.
fn backend(status: u16, body: &'static str) -> (String, Receiver<String>) {
    recording_backend(format!(
        "HTTP/1.1 {status} X\r\nx-amzn-RequestId: req-1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ))
}

/// `serve serve-aws` with `extra` arguments.
fn aws_server(extra: &[&str]) -> Server {
    Server::fixture("serve-aws", "aws.yaml", extra)
}

/// A header's value in a raw request.
fn header<'a>(request: &'a str, name: &str) -> Option<&'a str> {
    request.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn sqs_send_message_is_posted_to_the_queue_path_with_the_form_body_signed_for_sqs() {
    let (url, requests) = backend(
        200,
        "<SendMessageResponse><MessageId>m-1</MessageId></SendMessageResponse>",
    );
    let server = aws_server(&["--aws-endpoint", &url, "--region", "eu-west-1"]);
    let answer = server.call_with_body(
        "POST",
        "/test/orders",
        &[("Content-Type", "application/json")],
        br#"{"item": "a b&c"}"#,
    );
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(
        answer.body,
        "<SendMessageResponse><MessageId>m-1</MessageId></SendMessageResponse>"
    );
    let request = requests.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(
        request.starts_with("POST /123456789012/orders HTTP/1.1\r\n"),
        "{request}"
    );
    assert_eq!(
        header(&request, "Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    let authorization = header(&request, "Authorization").unwrap();
    assert!(
        authorization.starts_with("AWS4-HMAC-SHA256 Credential=test/"),
        "{authorization}"
    );
    assert!(
        authorization
            .contains("/eu-west-1/sqs/aws4_request, SignedHeaders=content-type;host;x-amz-date,"),
        "{authorization}"
    );
    assert!(header(&request, "X-Amz-Date").is_some());
    assert!(
        request
            .ends_with("\r\n\r\nAction=SendMessage&MessageBody=%7B%22item%22%3A+%22a+b%26c%22%7D"),
        "{request}"
    );
    // botocore, signing the request the backend got with test/test at its date, makes the
    // same signature.
    let spec = serde_json::json!({
        "method": "POST", "url": format!("{url}/123456789012/orders"),
        "headers": {
            "Content-Type": header(&request, "Content-Type"),
            "Host": header(&request, "Host"),
        },
        "body": request.split_once("\r\n\r\n").unwrap().1,
        "access_key": "test", "secret": "test", "token": null,
        "region": "eu-west-1", "service": "sqs", "date": header(&request, "X-Amz-Date"),
    });
    let resigned = botocore_sign(&spec);
    let again = resigned.iter().find(|(k, _)| k == "Authorization").unwrap();
    assert_eq!(again.1, authorization);
    let line = server.logged("POST /test/orders");
    assert!(
        line.contains("→ AWS sqs:path/123456789012/orders answered 200, response 200 (default)"),
        "{line}"
    );
}

#[test]
fn dynamodb_get_item_is_an_action_with_its_target_and_the_key_from_the_path() {
    let (url, requests) = backend(200, r#"{"Item": {"id": {"S": "42"}}}"#);
    let server = aws_server(&[
        "--aws-endpoint",
        &url,
        "--aws-credentials",
        "AKIDLOCAL=local-secret",
    ]);
    let answer = server.call("GET", "/test/items/42", &[]);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json()["Item"]["id"]["S"], "42");
    let request = requests.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(request.starts_with("POST / HTTP/1.1\r\n"), "{request}");
    assert_eq!(
        header(&request, "X-Amz-Target"),
        Some("DynamoDB_20120810.GetItem")
    );
    assert_eq!(
        header(&request, "Content-Type"),
        Some("application/x-amz-json-1.0")
    );
    assert!(
        header(&request, "Authorization")
            .unwrap()
            .contains("Credential=AKIDLOCAL/")
    );
    assert!(
        header(&request, "Authorization")
            .unwrap()
            .contains("/us-east-1/dynamodb/aws4_request")
    );
    assert!(
        request.ends_with(r#"{"TableName": "items", "Key": {"id": {"S": "42"}}}"#),
        "{request}"
    );
}

#[test]
fn a_service_error_is_mapped_by_the_selection_pattern_to_400() {
    let (url, _requests) = backend(404, r#"{"__type": "ResourceNotFoundException"}"#);
    let server = aws_server(&["--aws-endpoint", &url]);
    let answer = server.call("GET", "/test/items/7", &[]);
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.json()["__type"], "ResourceNotFoundException");
    assert!(
        server
            .logged("GET /test/items/7")
            .contains("answered 404, response 400 (pattern 4\\d{2})")
    );
}

#[test]
fn an_endpoint_refusing_connections_is_a_502_integration_failure() {
    let unused = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", unused.local_addr().unwrap());
    drop(unused);
    let server = aws_server(&["--aws-endpoint", &url]);
    let answer = server.call("GET", "/test/items/7", &[]);
    assert_eq!(answer.status, 502, "{answer:?}");
    assert!(server.logged("GET /test/items/7").contains("connecting to"));
}

#[test]
fn without_aws_endpoint_an_aws_integration_answers_501_saying_so() {
    let server = aws_server(&[]);
    assert!(
        server.banner.contains(
            "note: GET /items/{id}: integration AWS dynamodb:GetItem is not served without --aws-endpoint (501)"
        ),
        "{}",
        server.banner
    );
    let answer = server.call("GET", "/test/items/7", &[]);
    assert_eq!(answer.status, 501, "{answer:?}");
    assert!(
        answer.json()["message"]
            .as_str()
            .unwrap()
            .contains("without --aws-endpoint")
    );
}
