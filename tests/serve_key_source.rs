//! `serve` reads API keys where the API says (`ApiKeySourceType`): with `AUTHORIZER`, the
//! key of a method that requires one is the `usageIdentifierKey` its Lambda authorizer
//! returned, never the `x-api-key` header ("Choose an API key source in API Gateway";
//! tests/fixtures/serve/key_source.yaml).

use serde_json::json;

use crate::serve::serve_support::{LambdaEndpoint, Server};

/// The authorizer's answer: Allow everything, with `key` as `usageIdentifierKey` if given.
fn allow_with_key(key: Option<&str>) -> String {
    let mut answer = json!({
        "principalId": "partner-7",
        "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}
        ]}
    });
    if let Some(key) = key {
        answer["usageIdentifierKey"] = json!(key);
    }
    answer.to_string()
}

/// The fixture served with `partner-a`'s value `secret-a` and the authorizer at `lambda`.
fn key_source(lambda: &LambdaEndpoint) -> Server {
    Server::fixture(
        "serve-key-source",
        "key_source.yaml",
        &[
            "--lambda-endpoint",
            &lambda.url,
            "--api-key",
            "partner-a=secret-a",
        ],
    )
}

#[test]
fn the_key_the_authorizer_returns_lets_the_call_through_and_is_counted() {
    let lambda = LambdaEndpoint::answering(&allow_with_key(Some("secret-a")));
    let server = key_source(&lambda);
    let answer = server.call("GET", "/test/reports", &[("Authorization", "t")]);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert!(
        server.logged("GET /test/reports").contains(
            "allowed: lambda partners (principal partner-7, called), API key partner-a \
             (usage plan metered, 1 of quota 100 per DAY)"
        ),
        "{:?}",
        server.log()
    );
}

#[test]
fn an_x_api_key_header_does_not_stand_in_for_the_authorizers_key() {
    let lambda = LambdaEndpoint::answering(&allow_with_key(None));
    let server = key_source(&lambda);
    let answer = server.call(
        "GET",
        "/test/reports",
        &[("Authorization", "t"), ("x-api-key", "secret-a")],
    );
    assert_eq!(answer.status, 403, "{answer:?}");
    assert_eq!(answer.json(), json!({"message": "Forbidden"}));
    assert!(
        server
            .logged(" 403 ")
            .ends_with("no valid usageIdentifierKey of the Lambda authorizer"),
        "{:?}",
        server.log()
    );
}

#[test]
fn a_key_the_api_does_not_know_is_403() {
    let lambda = LambdaEndpoint::answering(&allow_with_key(Some("secret-z")));
    let server = key_source(&lambda);
    let answer = server.call("GET", "/test/reports", &[("Authorization", "t")]);
    assert_eq!(answer.status, 403, "{answer:?}");
}

#[test]
fn a_method_requiring_a_key_without_an_authorizer_always_refuses_and_the_banner_says_so() {
    let lambda = LambdaEndpoint::answering(&allow_with_key(Some("secret-a")));
    let server = key_source(&lambda);
    assert!(
        server.banner.contains(
            "GET /status: requires an API key from its Lambda authorizer and has none: every \
             request refuses (403)"
        ),
        "{}",
        server.banner
    );
    assert!(
        server.banner.contains(
            "API keys: partner-a (read from the usageIdentifierKey of the Lambda authorizer)"
        ),
        "{}",
        server.banner
    );
    let answer = server.call("GET", "/test/status", &[("x-api-key", "secret-a")]);
    assert_eq!(answer.status, 403, "{answer:?}");
}
