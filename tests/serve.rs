//! `serve`: the fixture API (tests/fixtures/serve/shop.yaml) served as a child process on an
//! ephemeral port answers as API Gateway answers: routing (stage, literal, `{param}`,
//! `{proxy+}`, unknown routes), MOCK, CORS preflights, gateway responses on every error,
//! Cognito tokens (every attack of issue 16 refused with 401, valid ID and access tokens let
//! through), API keys, the Lambda proxy event and answer, and HTTP proxy methods forwarding to
//! a backend the test starts (tests/fixtures/serve/backend.yaml), each with its log line; a
//! client too slow with its headers is disconnected.

#[path = "support/serve.rs"]
pub(crate) mod serve_support;

use std::time::Duration;

use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};
use serve_support::{
    Answer, CLIENT, ISSUER, LambdaEndpoint, Server, access_claims, fixtures, id_claims, mint,
    mint_with, now,
};

fn bearer(token: &str) -> (&'static str, String) {
    ("Authorization", token.to_owned())
}

/// GET `path` on the fixture API with `Authorization: token`.
fn get_with_token(server: &Server, path: &str, token: &str) -> Answer {
    server.call("GET", path, &[("Authorization", token)])
}

fn assert_unauthorized(answer: &Answer) {
    assert_eq!(answer.status, 401, "{answer:?}");
    assert_eq!(answer.json(), json!({"message": "Unauthorized"}));
    // The custom UNAUTHORIZED response's header and DEFAULT_4XX's CORS headers.
    assert_eq!(answer.header("WWW-Authenticate"), Some("Bearer"));
}

// --- routing and MOCK --------------------------------------------------------------------

#[test]
fn a_public_mock_answers_200_and_logs_the_rule() {
    let server = Server::shop(&[]);
    let answer = server.call("GET", "/test/health", &[]);
    assert_eq!(answer.status, 200);
    let line = server.logged("/test/health");
    assert!(line.starts_with("GET /test/health 200 "), "{line}");
    assert!(line.ends_with("allowed: public → MOCK"), "{line}");
}

#[test]
fn an_unknown_route_is_403_missing_authentication_token_with_the_cors_headers() {
    let server = Server::shop(&[]);
    let answer = server.call("GET", "/test/nowhere", &[]);
    assert_eq!(answer.status, 403);
    assert_eq!(
        answer.json(),
        json!({"message": "Missing Authentication Token"})
    );
    assert_eq!(
        answer.header("Access-Control-Allow-Origin"),
        Some("https://shop.example.com")
    );
    assert!(
        server
            .logged("/test/nowhere")
            .contains("refused: no resource for the path")
    );
}

#[test]
fn a_path_outside_the_stage_or_a_method_the_resource_lacks_is_403() {
    let server = Server::shop(&[]);
    for (method, path) in [
        ("GET", "/health"),
        ("GET", "/prod/health"),
        ("DELETE", "/test/health"),
    ] {
        let answer = server.call(method, path, &[]);
        assert_eq!(answer.status, 403, "{method} {path}");
        assert_eq!(answer.json()["message"], "Missing Authentication Token");
    }
}

#[test]
fn dot_segments_and_empty_parts_reach_no_resource() {
    let server = Server::shop(&[]);
    for path in [
        "/test/orders/..",
        "/test/orders/%2e%2e",
        "/test/health/../orders",
        "/test//health",
    ] {
        let answer = server.call("GET", path, &[]);
        assert_eq!(answer.status, 403, "{path}");
    }
}

#[test]
fn a_huge_header_is_refused_as_request_too_large() {
    let server = Server::shop(&[]);
    let huge = "x".repeat(11 * 1024);
    let answer = server.call("GET", "/test/health", &[("X-Huge", &huge)]);
    assert_eq!(answer.status, 413);
    assert_eq!(answer.json(), json!({"message": "Request Too Long"}));
}

#[test]
fn a_client_that_never_finishes_its_headers_is_disconnected_and_others_are_still_served() {
    use std::io::{Read, Write};
    let server = Server::shop(&[]);
    let mut slow = std::net::TcpStream::connect(server.addr).unwrap();
    slow.write_all(b"GET /test/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        .unwrap();
    let started = std::time::Instant::now();
    // Served while the slow client holds its connection open.
    assert_eq!(server.call("GET", "/test/health", &[]).status, 200);
    slow.set_read_timeout(Some(apigw_synth::serve::HEADER_TIMEOUT * 3))
        .unwrap();
    let mut rest = Vec::new();
    let closed = slow.read_to_end(&mut rest);
    assert!(
        closed.is_ok(),
        "the server kept the connection open past {:?}: {closed:?}",
        apigw_synth::serve::HEADER_TIMEOUT * 3
    );
    assert!(
        started.elapsed() >= apigw_synth::serve::HEADER_TIMEOUT / 2,
        "closed after {:?}, before the header timeout",
        started.elapsed()
    );
}

#[test]
fn a_cors_preflight_is_answered_as_the_deployed_mock() {
    let server = Server::shop(&[]);
    let answer = server.call(
        "OPTIONS",
        "/test/orders",
        &[
            ("Origin", "https://shop.example.com"),
            ("Access-Control-Request-Method", "GET"),
        ],
    );
    assert_eq!(answer.status, 204);
    assert_eq!(
        answer.header("Access-Control-Allow-Origin"),
        Some("https://shop.example.com")
    );
    assert_eq!(
        answer.header("Access-Control-Allow-Methods"),
        Some("GET,OPTIONS")
    );
    assert_eq!(answer.header("Vary"), Some("Origin"));
    // No token needed: preflights are public.
    assert!(
        server
            .logged("OPTIONS /test/orders")
            .contains("CORS preflight")
    );
}

// --- Cognito: refused ------------------------------------------------------------------------

#[test]
fn a_missing_or_empty_token_is_401() {
    let server = Server::shop(&[]);
    assert_unauthorized(&server.call("GET", "/test/profile", &[]));
    assert!(
        server
            .logged("GET /test/profile")
            .contains("no Authorization header")
    );
    assert_unauthorized(&get_with_token(&server, "/test/profile", ""));
}

#[test]
fn a_malformed_token_is_401() {
    let server = Server::shop(&[]);
    for token in ["abc", "a.b.c", "Bearer", "eyJhbGciOiJSUzI1NiJ9.e30"] {
        assert_unauthorized(&get_with_token(&server, "/test/profile", token));
    }
}

#[test]
fn an_expired_token_is_401_with_api_gateways_message() {
    let server = Server::shop(&[]);
    let mut claims = id_claims();
    claims["exp"] = json!(now() - 60);
    let answer = get_with_token(&server, "/test/profile", &mint(&claims));
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.json(),
        json!({"message": "The incoming token has expired"})
    );
}

#[test]
fn a_token_not_yet_valid_is_401() {
    let server = Server::shop(&[]);
    let mut claims = id_claims();
    claims["nbf"] = json!(now() + 120);
    assert_unauthorized(&get_with_token(&server, "/test/profile", &mint(&claims)));
    assert!(server.logged("GET /test/profile").contains("nbf"));
}

#[test]
fn a_token_of_another_issuer_is_401() {
    let server = Server::shop(&[]);
    let mut claims = id_claims();
    claims["iss"] = json!("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other");
    assert_unauthorized(&get_with_token(&server, "/test/profile", &mint(&claims)));
    assert!(server.logged("GET /test/profile").contains("issuer"));
}

#[test]
fn a_token_of_a_client_the_pool_does_not_have_is_401() {
    let server = Server::shop(&[]);
    let mut claims = id_claims();
    claims["aud"] = json!("someone-else");
    assert_unauthorized(&get_with_token(&server, "/test/profile", &mint(&claims)));
    let mut access = access_claims("orders/read");
    access["client_id"] = json!("someone-else");
    assert_unauthorized(&get_with_token(&server, "/test/orders", &mint(&access)));
}

#[test]
fn alg_none_is_401() {
    let server = Server::shop(&[]);
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let token = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT", "kid": "test-key-1"})),
        b64(&id_claims())
    );
    assert_unauthorized(&get_with_token(&server, "/test/profile", &token));
}

#[test]
fn hs256_signed_with_the_public_key_is_401() {
    let server = Server::shop(&[]);
    let public = std::fs::read(fixtures().join("test-key.pub.pem")).unwrap();
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("test-key-1".to_owned());
    let token = encode(
        &header,
        &id_claims(),
        &EncodingKey::from_secret(&public).unwrap(),
    )
    .unwrap();
    assert_unauthorized(&get_with_token(&server, "/test/profile", &token));
    assert!(server.logged("GET /test/profile").contains("only RS256"));
}

#[test]
fn a_kid_not_in_the_jwks_or_another_key_under_a_known_kid_is_401() {
    let server = Server::shop(&[]);
    let unknown = mint_with("other-key.pem", "other-key", &id_claims());
    assert_unauthorized(&get_with_token(&server, "/test/profile", &unknown));
    assert!(
        server
            .logged("GET /test/profile")
            .contains("not in the JWKS")
    );
    let forged = mint_with("other-key.pem", "test-key-1", &id_claims());
    assert_unauthorized(&get_with_token(&server, "/test/profile", &forged));
}

#[test]
fn a_tampered_payload_is_401() {
    let server = Server::shop(&[]);
    let token = mint(&id_claims());
    let parts: Vec<&str> = token.split('.').collect();
    let mut claims = id_claims();
    claims["sub"] = json!("admin");
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims.to_string());
    let tampered = format!("{}.{payload}.{}", parts[0], parts[2]);
    assert_unauthorized(&get_with_token(&server, "/test/profile", &tampered));
    assert!(server.logged("GET /test/profile").contains("bad signature"));
}

#[test]
fn an_id_token_on_a_method_with_scopes_is_401() {
    let server = Server::shop(&[]);
    assert_unauthorized(&get_with_token(
        &server,
        "/test/orders",
        &mint(&id_claims()),
    ));
    assert!(
        server
            .logged("GET /test/orders")
            .contains("ID token on a method with scopes")
    );
}

#[test]
fn an_access_token_without_the_methods_scope_is_401() {
    let server = Server::shop(&[]);
    let token = mint(&access_claims("orders/write profile"));
    assert_unauthorized(&get_with_token(&server, "/test/orders", &token));
    assert!(
        server
            .logged("GET /test/orders")
            .contains("no scope of orders/read")
    );
}

#[test]
fn without_jwks_every_cognito_method_refuses() {
    let server = Server::fixture("serve-shop", "shop.yaml", &[]);
    assert!(server.banner.contains("no --jwks"), "{}", server.banner);
    assert_unauthorized(&get_with_token(
        &server,
        "/test/profile",
        &mint(&id_claims()),
    ));
}

// --- Cognito: allowed ------------------------------------------------------------------------

#[test]
fn a_valid_id_token_reaches_a_method_without_scopes() {
    let server = Server::shop(&[]);
    let (name, value) = bearer(&mint(&id_claims()));
    let answer = server.call("GET", "/test/profile", &[(name, &value)]);
    assert_eq!(answer.status, 200, "{answer:?}");
    let line = server.logged("GET /test/profile");
    assert!(
        line.contains("allowed: cognito customers (id token of user-1)"),
        "{line}"
    );
}

#[test]
fn the_banner_names_the_issuer_and_clients_to_mint_tokens_for() {
    let server = Server::shop(&[]);
    assert!(
        server
            .banner
            .starts_with("serving serve-shop stage test on http://127.0.0.1:"),
        "{}",
        server.banner
    );
    assert!(
        server
            .banner
            .contains(&format!("issuer {ISSUER}, clients {CLIENT}")),
        "{}",
        server.banner
    );
}

// --- API keys ------------------------------------------------------------------------------

#[test]
fn an_api_key_is_enforced_where_the_method_requires_it() {
    let server = Server::shop(&["--api-key", "partner-a=secret-a"]);
    for key in [None, Some("wrong")] {
        let headers: Vec<(&str, &str)> = key.map(|k| ("x-api-key", k)).into_iter().collect();
        let answer = server.call("GET", "/test/status", &headers);
        assert_eq!(answer.status, 403, "{key:?}");
        assert_eq!(answer.json(), json!({"message": "Forbidden"}));
    }
    let answer = server.call("GET", "/test/status", &[("x-api-key", "secret-a")]);
    assert_eq!(answer.status, 200);
    assert!(server.logged("200").contains("API key partner-a"));
}

#[test]
fn an_api_key_name_the_template_lacks_is_an_error() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_apigw-synth"))
        .current_dir(fixtures())
        .args(["serve", "serve-shop", "--stack-file"])
        .arg(fixtures().join("shop.yaml"))
        .args(["--port", "0", "--api-key", "partner-z=x"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--api-key partner-z: the template has no such key (keys: partner-a)"),
        "{stderr}"
    );
}

// --- Lambda proxy --------------------------------------------------------------------------

const OK_ANSWER: &str = r#"{"statusCode": 201, "headers": {"X-From": "lambda"}, "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]}, "body": "{\"ok\":true}"}"#;

#[test]
fn a_valid_access_token_reaches_the_lambda_and_its_answer_comes_back() {
    let lambda = LambdaEndpoint::answering(OK_ANSWER);
    let server = Server::shop(&["--lambda-endpoint", &lambda.url]);
    let token = mint(&access_claims("profile orders/read"));
    let answer = get_with_token(&server, "/test/orders", &token);
    assert_eq!(answer.status, 201, "{answer:?}");
    assert_eq!(answer.body, r#"{"ok":true}"#);
    assert_eq!(answer.header("X-From"), Some("lambda"));
    let cookies: Vec<&str> = answer
        .headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(cookies, ["a=1", "b=2"]);
    let (path, event) = lambda.next_event();
    assert_eq!(path, "/2015-03-31/functions/list-orders/invocations");
    assert_eq!(
        event["requestContext"]["authorizer"]["claims"]["scope"],
        "profile orders/read"
    );
    assert!(
        server
            .logged("GET /test/orders")
            .contains("allowed: cognito customers (access token of user-1) → Lambda list-orders")
    );
}

/// The REST proxy event, field for field as the API Gateway developer guide's sample
/// ("Input format of a Lambda function for proxy integration").
#[test]
fn the_lambda_gets_api_gateways_rest_proxy_event() {
    let lambda = LambdaEndpoint::answering(OK_ANSWER);
    let server = Server::shop(&["--lambda-endpoint", &lambda.url]);
    let token = mint(&id_claims());
    let answer = server.call(
        "GET",
        "/test/orders/a%2Fb?x=1&y=2&y=3",
        &[
            ("Authorization", &token),
            ("User-Agent", "test-agent"),
            ("X-Multi", "one"),
        ],
    );
    assert_eq!(answer.status, 201, "{answer:?}");
    let (path, e) = lambda.next_event();
    assert_eq!(path, "/2015-03-31/functions/get-order/invocations");
    let mut top: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
    top.sort_unstable();
    assert_eq!(
        top,
        [
            "body",
            "headers",
            "httpMethod",
            "isBase64Encoded",
            "multiValueHeaders",
            "multiValueQueryStringParameters",
            "path",
            "pathParameters",
            "queryStringParameters",
            "requestContext",
            "resource",
            "stageVariables",
        ]
    );
    assert_eq!(e["resource"], "/orders/{id}");
    assert_eq!(e["path"], "/orders/a/b");
    assert_eq!(e["httpMethod"], "GET");
    assert_eq!(e["headers"]["user-agent"], "test-agent");
    assert_eq!(e["multiValueHeaders"]["x-multi"], json!(["one"]));
    assert_eq!(e["queryStringParameters"], json!({"x": "1", "y": "3"}));
    assert_eq!(
        e["multiValueQueryStringParameters"],
        json!({"x": ["1"], "y": ["2", "3"]})
    );
    assert_eq!(e["pathParameters"], json!({"id": "a/b"}));
    assert_eq!(e["stageVariables"], Value::Null);
    assert_eq!(e["body"], Value::Null);
    assert_eq!(e["isBase64Encoded"], false);
    let c = &e["requestContext"];
    assert_eq!(c["resourcePath"], "/orders/{id}");
    assert_eq!(c["httpMethod"], "GET");
    assert_eq!(c["stage"], "test");
    assert_eq!(c["path"], "/test/orders/a/b");
    assert_eq!(c["protocol"], "HTTP/1.1");
    assert_eq!(c["accountId"], "123456789012");
    assert_eq!(c["identity"]["sourceIp"], "127.0.0.1");
    assert_eq!(c["identity"]["userAgent"], "test-agent");
    assert!(c["requestId"].as_str().is_some_and(|id| id.len() == 36));
    assert!(
        c["requestTimeEpoch"]
            .as_u64()
            .is_some_and(|t| t / 1000 >= now() - 60)
    );
    assert!(
        c["requestTime"]
            .as_str()
            .is_some_and(|t| t.ends_with(" +0000"))
    );
    let claims = &c["authorizer"]["claims"];
    assert_eq!(claims["sub"], "user-1");
    assert_eq!(claims["aud"], CLIENT);
    assert_eq!(claims["token_use"], "id");
    // Claims reach the function as strings.
    assert_eq!(claims["cognito:groups"], r#"["buyers"]"#);
    assert!(claims["exp"].is_string());
}

#[test]
fn a_greedy_path_takes_any_method_and_the_rest_of_the_path() {
    let lambda = LambdaEndpoint::answering(OK_ANSWER);
    let server = Server::shop(&["--lambda-endpoint", &lambda.url]);
    let token = mint(&id_claims());
    let answer = server.call_with_body(
        "PUT",
        "/test/files/a/b/c.txt",
        &[("Authorization", &token)],
        &[0xff, 0x00, 0x01],
    );
    assert_eq!(answer.status, 201);
    let (path, e) = lambda.next_event();
    assert_eq!(path, "/2015-03-31/functions/files/invocations");
    assert_eq!(e["resource"], "/files/{proxy+}");
    assert_eq!(e["pathParameters"], json!({"proxy": "a/b/c.txt"}));
    // The API has no binary media types: a body that is not UTF-8 reaches the function as
    // text, its bad byte replaced (tests/serve_binary.rs has the binary cases).
    assert_eq!(e["isBase64Encoded"], false);
    assert_eq!(e["body"], "\u{fffd}\u{0}\u{1}");
}

#[test]
fn a_malformed_lambda_answer_is_502_internal_server_error() {
    for bad in [
        "not json",
        r#"{"statusCode": 200, "unexpected": 1}"#,
        r#"{"body": "no status"}"#,
    ] {
        let lambda = LambdaEndpoint::answering(bad);
        let server = Server::shop(&["--lambda-endpoint", &lambda.url]);
        let answer = get_with_token(&server, "/test/orders/1", &mint(&id_claims()));
        assert_eq!(answer.status, 502, "{bad}");
        assert_eq!(answer.body, r#"{"message": "Internal server error"}"#);
        assert!(
            server
                .logged("GET /test/orders/1")
                .contains("malformed Lambda proxy response")
        );
    }
}

#[test]
fn a_lambda_that_does_not_answer_in_time_is_504() {
    let lambda = LambdaEndpoint::answering_after(OK_ANSWER, Duration::from_secs(3));
    let server = Server::shop(&["--lambda-endpoint", &lambda.url, "--timeout", "0.3"]);
    let answer = get_with_token(&server, "/test/orders/1", &mint(&id_claims()));
    assert_eq!(answer.status, 504);
    assert_eq!(
        answer.json(),
        json!({"message": "Endpoint request timed out"})
    );
}

#[test]
fn a_lambda_without_endpoint_is_502_and_the_banner_says_so() {
    let server = Server::shop(&[]);
    assert!(
        server.banner.contains("Lambda get-order has no endpoint"),
        "{}",
        server.banner
    );
    let answer = get_with_token(&server, "/test/orders/1", &mint(&id_claims()));
    assert_eq!(answer.status, 502);
}

/// An Invoke API that refuses every invocation: 404, no such function; its URL.
pub(crate) fn refusing_invoke_api() -> String {
    let body = r#"{"Type":"User","message":"Function not found"}"#;
    serve_support::recording_backend(format!(
        "HTTP/1.1 404 Not Found\r\nx-amzn-ErrorType: ResourceNotFoundException\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ))
    .0
}

/// "If the Lambda API rejects the invocation request, API Gateway returns a 500 error code"
/// ("Handling Lambda errors with an API Gateway API", Lambda developer guide).
#[test]
fn an_invocation_the_lambda_api_refuses_is_500() {
    let server = Server::shop(&["--lambda-endpoint", &refusing_invoke_api()]);
    let answer = get_with_token(&server, "/test/orders/1", &mint(&id_claims()));
    assert_eq!(answer.status, 500, "{answer:?}");
    assert_eq!(answer.json(), json!({"message": "Internal server error"}));
    let line = server.logged("GET /test/orders/1");
    assert!(
        line.contains("the Invoke API refused the invocation") && line.contains("answered 404"),
        "{line}"
    );
}

#[test]
fn a_function_url_wins_over_the_lambda_endpoint() {
    let general = LambdaEndpoint::answering(r#"{"statusCode": 200, "body": "general"}"#);
    let own = LambdaEndpoint::answering(r#"{"statusCode": 200, "body": "own"}"#);
    let function = format!("get-order={}", own.url);
    let server = Server::shop(&["--lambda-endpoint", &general.url, "--function", &function]);
    let answer = get_with_token(&server, "/test/orders/1", &mint(&id_claims()));
    assert_eq!(answer.body, "own");
}

// --- Lambda TOKEN authorizer ------------------------------------------------------------------

/// An authorizer answer with one statement of `effect` on `resource`.
fn policy(effect: &str, resource: &str) -> String {
    json!({
        "principalId": "partner-7",
        "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": effect, "Action": "execute-api:Invoke", "Resource": resource}
        ]},
        "context": {"tier": 2}
    })
    .to_string()
}

const PARTNER_ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:local/test/GET/partner";

#[test]
fn a_token_authorizer_gets_the_token_and_method_arn_and_its_allow_lets_the_call_through() {
    let lambda = LambdaEndpoint::answering(&policy(
        "Allow",
        "arn:aws:execute-api:*:*:local/test/GET/partner*",
    ));
    let server = Server::shop(&["--lambda-endpoint", &lambda.url]);
    let answer = server.call("GET", "/test/partner", &[("Authorization", "Bearer abc")]);
    assert_eq!(answer.status, 200, "{answer:?}");
    let (path, event) = lambda.next_event();
    assert_eq!(path, "/2015-03-31/functions/check-token/invocations");
    assert_eq!(
        event,
        json!({"type": "TOKEN", "authorizationToken": "Bearer abc", "methodArn": PARTNER_ARN})
    );
    assert!(
        server
            .logged("GET /test/partner")
            .contains("allowed: lambda partners (principal partner-7, called) → MOCK")
    );
}

#[test]
fn a_token_authorizers_answer_is_cached_by_token_for_its_ttl() {
    let lambda = LambdaEndpoint::answering(&policy(
        "Allow",
        "arn:aws:execute-api:*:*:local/test/GET/partner*",
    ));
    let server = Server::shop(&["--lambda-endpoint", &lambda.url]);
    for path in ["/test/partner", "/test/partner/2"] {
        assert_eq!(
            server
                .call("GET", path, &[("Authorization", "same")])
                .status,
            200
        );
    }
    let _ = lambda.next_event();
    assert!(
        lambda
            .events
            .recv_timeout(Duration::from_millis(300))
            .is_err(),
        "called twice"
    );
    assert!(server.logged("GET /test/partner/2").contains("cached"));
    // Another token is another identity.
    assert_eq!(
        server
            .call("GET", "/test/partner", &[("Authorization", "other")])
            .status,
        200
    );
    let _ = lambda.next_event();
}

#[test]
fn an_explicit_deny_is_403_and_a_policy_without_allow_for_the_method_too() {
    let deny = LambdaEndpoint::answering(&policy("Deny", "*"));
    let server = Server::shop(&["--lambda-endpoint", &deny.url]);
    let answer = server.call("GET", "/test/partner", &[("Authorization", "t")]);
    assert_eq!(answer.status, 403);
    assert_eq!(
        answer.json(),
        json!({"message": "User is not authorized to access this resource with an explicit deny"})
    );
    let elsewhere = LambdaEndpoint::answering(&policy(
        "Allow",
        "arn:aws:execute-api:*:*:local/test/GET/orders",
    ));
    let server = Server::shop(&["--lambda-endpoint", &elsewhere.url]);
    let answer = server.call("GET", "/test/partner", &[("Authorization", "t")]);
    assert_eq!(answer.status, 403);
    assert_eq!(
        answer.json(),
        json!({"message": "User is not authorized to access this resource"})
    );
}

#[test]
fn a_missing_token_is_401_without_calling_the_authorizer() {
    let lambda = LambdaEndpoint::answering(&policy("Allow", "*"));
    let server = Server::shop(&["--lambda-endpoint", &lambda.url]);
    assert_unauthorized(&server.call("GET", "/test/partner", &[]));
    assert!(
        lambda
            .events
            .recv_timeout(Duration::from_millis(200))
            .is_err()
    );
}

#[test]
fn a_malformed_policy_or_an_authorizer_that_times_out_is_500_never_a_pass() {
    let malformed = LambdaEndpoint::answering(
        r#"{"principalId": "x", "policyDocument": {"Statement": "nope"}}"#,
    );
    let server = Server::shop(&["--lambda-endpoint", &malformed.url]);
    let answer = server.call("GET", "/test/partner", &[("Authorization", "t")]);
    assert_eq!(answer.status, 500);
    assert!(
        server
            .logged("GET /test/partner")
            .contains("malformed authorizer answer")
    );
    let slow = LambdaEndpoint::answering_after(&policy("Allow", "*"), Duration::from_secs(3));
    let server = Server::shop(&["--lambda-endpoint", &slow.url, "--timeout", "0.3"]);
    let answer = server.call("GET", "/test/partner", &[("Authorization", "t")]);
    assert_eq!(answer.status, 500);
    assert!(server.logged("GET /test/partner").contains("no answer in"));
}

#[test]
fn a_request_authorizer_gets_the_request_and_its_identity_sources_are_required() {
    let lambda = LambdaEndpoint::answering(&policy(
        "Allow",
        "arn:aws:execute-api:*:*:local/test/POST/hooks/*",
    ));
    let server = Server::shop(&["--lambda-endpoint", &lambda.url]);
    // Without the query string source: 401, no call.
    let answer = server.call("POST", "/test/hooks/t1", &[("X-Signature", "sig")]);
    assert_unauthorized(&answer);
    let answer = server.call(
        "POST",
        "/test/hooks/t1?tenant=acme",
        &[("X-Signature", "sig")],
    );
    assert_eq!(answer.status, 200, "{answer:?}");
    let (path, e) = lambda.next_event();
    assert_eq!(path, "/2015-03-31/functions/check-hook/invocations");
    assert_eq!(e["type"], "REQUEST");
    assert_eq!(
        e["methodArn"],
        "arn:aws:execute-api:us-east-1:123456789012:local/test/POST/hooks/t1"
    );
    assert_eq!(e["headers"]["x-signature"], "sig");
    assert_eq!(e["queryStringParameters"], json!({"tenant": "acme"}));
    assert_eq!(e["pathParameters"], json!({"tenant": "t1"}));
    assert_eq!(e["requestContext"]["resourcePath"], "/hooks/{tenant}");
    assert!(e.get("body").is_none());
    // TTL 0: every request calls the authorizer.
    assert_eq!(
        server
            .call(
                "POST",
                "/test/hooks/t1?tenant=acme",
                &[("X-Signature", "sig")]
            )
            .status,
        200
    );
    let _ = lambda.next_event();
}

/// A backend on 127.0.0.1 that answers every request `201 created` with `X-Backend: yes`
/// and sends each request it got, as text, on the channel.
fn backend() -> (String, std::sync::mpsc::Receiver<String>) {
    serve_support::recording_backend(
        "HTTP/1.1 201 Created\r\nX-Backend: yes\r\nContent-Length: 7\r\nConnection: close\r\n\r\ncreated"
            .to_owned(),
    )
}

/// `serve serve-backend` (tests/fixtures/serve/backend.yaml) with its backend at `url`.
fn backend_server(url: &str) -> Server {
    let backend = format!("BackendUrl={url}");
    Server::fixture("serve-backend", "backend.yaml", &["--parameter", &backend])
}

#[test]
fn an_http_proxy_method_forwards_path_query_headers_and_body_and_answers_as_the_backend() {
    let (url, requests) = backend();
    let server = backend_server(&url);
    let answer = server.call_with_body(
        "POST",
        "/test/orders/42?q=a",
        &[("X-Trace", "t1"), ("Content-Type", "application/json")],
        br#"{"n":1}"#,
    );
    assert_eq!(answer.status, 201, "{answer:?}");
    assert_eq!(answer.header("X-Backend"), Some("yes"));
    assert_eq!(answer.body, "created");
    let request = requests
        .recv_timeout(Duration::from_secs(5))
        .expect("the backend got the request");
    assert!(
        request.starts_with("POST /orders/42?q=a HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(
        request.to_ascii_lowercase().contains("x-trace: t1\r\n"),
        "{request}"
    );
    assert!(request.ends_with("\r\n\r\n{\"n\":1}"), "{request}");
    assert!(server.logged("HTTP_PROXY POST").contains(" 201 "));
}

#[test]
fn a_greedy_http_proxy_route_forwards_the_rest_of_the_path_with_the_requests_method() {
    let (url, requests) = backend();
    let server = backend_server(&url);
    let answer = server.call("DELETE", "/test/files/a/b%20c.txt", &[]);
    assert_eq!(answer.status, 201, "{answer:?}");
    let request = requests.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(
        request.starts_with("DELETE /files/a/b%20c.txt HTTP/1.1\r\n"),
        "{request}"
    );
}

#[test]
fn an_http_proxy_backend_refusing_connections_is_a_502_integration_failure() {
    let unused = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", unused.local_addr().unwrap());
    drop(unused);
    let server = backend_server(&url);
    let answer = server.call_with_body("POST", "/test/orders/1", &[], b"{}");
    assert_eq!(answer.status, 502, "{answer:?}");
    assert!(server.logged("HTTP_PROXY POST").contains("connecting to"));
}
