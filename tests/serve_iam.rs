//! `serve` and `AWS_IAM` methods (tests/fixtures/serve/iam.yaml): requests signed with
//! SigV4 by botocore (tests/fixtures/serve/sigv4_sign.py, in .venv-engine), a signer
//! independent of the crate serve verifies with, pass with the signer's identity reaching
//! the Lambda; unsigned, unknown, tampered, expired and mis-scoped ones are answered as API
//! Gateway answers them (403 with its message and `x-amzn-ErrorType`).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use crate::serve::serve_support::{Answer, LambdaEndpoint, Server, fixtures};
use serde_json::{Value, json};

const KEY: &str = "AKIDSERVETEST";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const ANSWER: &str = r#"{"statusCode": 200, "body": "{\"ok\":true}"}"#;

/// `serve serve-iam` accepting `KEY`'s signatures, with `extra` arguments.
fn iam_server(extra: &[&str]) -> Server {
    Server::fixture("serve-iam", "iam.yaml", extra)
}

/// What to sign.
struct Signing<'a> {
    key: &'a str,
    secret: &'a str,
    token: Option<&'a str>,
    region: &'a str,
    service: &'a str,
    /// `X-Amz-Date`'s time (None: now).
    date: Option<SystemTime>,
}

impl Default for Signing<'_> {
    fn default() -> Self {
        Self {
            key: KEY,
            secret: SECRET,
            token: None,
            region: "us-east-1",
            service: "execute-api",
            date: None,
        }
    }
}

/// `headers` with those botocore's SigV4 signer adds for `method path` on `server` and
/// `body` (the `Host` header, signed as the test client sends it, left out).
fn sign(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
    signing: &Signing<'_>,
) -> Vec<(String, String)> {
    let mut all: serde_json::Map<String, Value> = headers
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Value::from(*v)))
        .collect();
    all.insert("Host".to_owned(), Value::from(server.addr.to_string()));
    let date = signing.date.map(|t| {
        let secs = t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
        amz_date(secs)
    });
    let spec = json!({
        "method": method, "url": format!("http://{}{path}", server.addr), "headers": all,
        "body": body, "access_key": signing.key, "secret": signing.secret,
        "token": signing.token, "region": signing.region, "service": signing.service,
        "date": date,
    });
    botocore_sign(&spec)
        .into_iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("host"))
        .collect()
}

/// The headers of the request `spec` describes (tests/fixtures/serve/sigv4_sign.py's
/// input) once botocore's SigV4 signer signed it.
pub(crate) fn botocore_sign(spec: &Value) -> Vec<(String, String)> {
    let python = fixtures().join("../../../.venv-engine/bin/python");
    let mut child = Command::new(&python)
        .arg(fixtures().join("sigv4_sign.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (tests/engine/setup.sh installs botocore there)",
                python.display()
            )
        });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(spec.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let signed: serde_json::Map<String, Value> = serde_json::from_slice(&out.stdout).unwrap();
    signed
        .into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_owned()))
        .collect()
}

/// `secs` since the epoch as `YYYYMMDDTHHMMSSZ`, through the signer's own Python.
fn amz_date(secs: u64) -> String {
    let python = fixtures().join("../../../.venv-engine/bin/python");
    let out = Command::new(python)
        .args([
            "-c",
            &format!(
                "import datetime; print(datetime.datetime.fromtimestamp({secs}, datetime.timezone.utc).strftime('%Y%m%dT%H%M%SZ'))"
            ),
        ])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Sends `method path` with `headers` and `body`.
fn send(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: &str,
) -> Answer {
    let refs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    server.call_with_body(method, path, &refs, body.as_bytes())
}

/// A 403 with `message` and `error_type`.
fn assert_refused(answer: &Answer, message: &str, error_type: &str) {
    assert_eq!(answer.status, 403, "{answer:?}");
    assert_eq!(answer.json(), json!({ "message": message }), "{answer:?}");
    assert_eq!(answer.header("x-amzn-ErrorType"), Some(error_type));
}

const MISMATCH: &str = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

#[test]
fn a_signed_request_reaches_the_lambda_with_the_signers_access_key() {
    let lambda = LambdaEndpoint::answering(ANSWER);
    let key = format!("{KEY}={SECRET}");
    let server = iam_server(&["--credentials", &key, "--lambda-endpoint", &lambda.url]);
    let body = r#"{"item":"book"}"#;
    let headers = [("Content-Type", "application/json"), ("X-Trace", "t1")];
    let signed = sign(
        &server,
        "POST",
        "/test/orders?b=2&a=x%20y",
        &headers,
        body,
        &Signing::default(),
    );
    let answer = send(&server, "POST", "/test/orders?b=2&a=x%20y", &signed, body);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.body, r#"{"ok":true}"#);
    let (_, event) = lambda.next_event();
    let identity = &event["requestContext"]["identity"];
    assert_eq!(identity["accessKey"], KEY);
    assert_eq!(identity["accountId"], "123456789012");
    assert_eq!(event["body"], body);
    assert!(server.logged("POST /test/orders").contains(&format!(
        "allowed: AWS_IAM (SigV4 of {KEY}) → Lambda orders"
    )));
}

#[test]
fn an_unsigned_request_is_403_missing_authentication_token() {
    let key = format!("{KEY}={SECRET}");
    let server = iam_server(&["--credentials", &key]);
    let answer = server.call("GET", "/test/reports", &[]);
    assert_refused(
        &answer,
        "Missing Authentication Token",
        "MissingAuthenticationTokenException",
    );
    assert!(
        server
            .logged("GET /test/reports")
            .contains("refused: AWS_IAM: no Authorization header")
    );
}

#[test]
fn a_signature_of_an_unknown_access_key_is_403_invalid_security_token() {
    let key = format!("{KEY}={SECRET}");
    let server = iam_server(&["--credentials", &key]);
    let signing = Signing {
        key: "AKIDSOMEONEELSE",
        ..Signing::default()
    };
    let signed = sign(&server, "GET", "/test/reports", &[], "", &signing);
    let answer = send(&server, "GET", "/test/reports", &signed, "");
    assert_refused(
        &answer,
        "The security token included in the request is invalid.",
        "UnrecognizedClientException",
    );
}

#[test]
fn the_right_key_signed_with_another_secret_is_403_signature_mismatch() {
    let key = format!("{KEY}={SECRET}");
    let server = iam_server(&["--credentials", &key]);
    let signing = Signing {
        secret: "not-the-secret",
        ..Signing::default()
    };
    let signed = sign(&server, "GET", "/test/reports", &[], "", &signing);
    let answer = send(&server, "GET", "/test/reports", &signed, "");
    assert_refused(&answer, MISMATCH, "InvalidSignatureException");
}

#[test]
fn a_tampered_signature_body_query_or_signed_header_is_403_signature_mismatch() {
    let key = format!("{KEY}={SECRET}");
    let server = iam_server(&["--credentials", &key]);
    let headers = [("X-Tenant", "acme")];
    let path = "/test/reports?page=1";
    let signed = sign(&server, "GET", path, &headers, "{}", &Signing::default());
    // As signed: passes.
    assert_eq!(send(&server, "GET", path, &signed, "{}").status, 200);

    let tamper = |name: &str, f: &dyn Fn(&str) -> String| -> Vec<(String, String)> {
        signed
            .iter()
            .map(|(k, v)| {
                if k.eq_ignore_ascii_case(name) {
                    (k.clone(), f(v))
                } else {
                    (k.clone(), v.clone())
                }
            })
            .collect()
    };
    let flipped = tamper("Authorization", &|v| {
        let last = if v.ends_with('0') { '1' } else { '0' };
        format!("{}{last}", &v[..v.len() - 1])
    });
    assert_refused(
        &send(&server, "GET", path, &flipped, "{}"),
        MISMATCH,
        "InvalidSignatureException",
    );
    assert_refused(
        &send(&server, "GET", path, &signed, "{ }"),
        MISMATCH,
        "InvalidSignatureException",
    );
    assert_refused(
        &send(&server, "GET", "/test/reports?page=2", &signed, "{}"),
        MISMATCH,
        "InvalidSignatureException",
    );
    let other_tenant = tamper("X-Tenant", &|_| "evil".to_owned());
    assert_refused(
        &send(&server, "GET", path, &other_tenant, "{}"),
        MISMATCH,
        "InvalidSignatureException",
    );
    // A header that was not signed may change.
    let mut unsigned_extra = signed.clone();
    unsigned_extra.push(("X-Unsigned".to_owned(), "anything".to_owned()));
    assert_eq!(
        send(&server, "GET", path, &unsigned_extra, "{}").status,
        200
    );
}

#[test]
fn a_signature_dated_more_than_five_minutes_ago_or_ahead_is_403_signature_expired() {
    let key = format!("{KEY}={SECRET}");
    let server = iam_server(&["--credentials", &key]);
    let old = Signing {
        date: Some(SystemTime::now() - Duration::from_secs(10 * 60)),
        ..Signing::default()
    };
    let signed = sign(&server, "GET", "/test/reports", &[], "", &old);
    let answer = send(&server, "GET", "/test/reports", &signed, "");
    assert_eq!(answer.status, 403, "{answer:?}");
    let message = answer.json()["message"].as_str().unwrap().to_owned();
    let date = &signed.iter().find(|(k, _)| k == "X-Amz-Date").unwrap().1;
    assert!(
        message.starts_with(&format!("Signature expired: {date} is now earlier than ")),
        "{message}"
    );
    assert!(message.ends_with(" - 5 min.)"), "{message}");
    assert_eq!(
        answer.header("x-amzn-ErrorType"),
        Some("InvalidSignatureException")
    );

    let ahead = Signing {
        date: Some(SystemTime::now() + Duration::from_secs(10 * 60)),
        ..Signing::default()
    };
    let signed = sign(&server, "GET", "/test/reports", &[], "", &ahead);
    let answer = send(&server, "GET", "/test/reports", &signed, "");
    assert_eq!(answer.status, 403, "{answer:?}");
    assert!(
        answer.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("Signature not yet current: ")
    );
    // Two minutes off is within the 5 allowed.
    let close = Signing {
        date: Some(SystemTime::now() - Duration::from_secs(120)),
        ..Signing::default()
    };
    let signed = sign(&server, "GET", "/test/reports", &[], "", &close);
    assert_eq!(
        send(&server, "GET", "/test/reports", &signed, "").status,
        200
    );
}

#[test]
fn a_signature_for_another_region_or_service_is_403() {
    let key = format!("{KEY}={SECRET}");
    let server = iam_server(&["--credentials", &key]);
    let other_region = Signing {
        region: "eu-west-1",
        ..Signing::default()
    };
    let signed = sign(&server, "GET", "/test/reports", &[], "", &other_region);
    assert_refused(
        &send(&server, "GET", "/test/reports", &signed, ""),
        "Credential should be scoped to a valid region, not 'eu-west-1'. ",
        "InvalidSignatureException",
    );
    let other_service = Signing {
        service: "lambda",
        ..Signing::default()
    };
    let signed = sign(&server, "GET", "/test/reports", &[], "", &other_service);
    assert_refused(
        &send(&server, "GET", "/test/reports", &signed, ""),
        "Credential should be scoped to correct service: 'execute-api'. ",
        "InvalidSignatureException",
    );
    // Served for eu-west-1, the same signature passes.
    let server = iam_server(&["--credentials", &key, "--region", "eu-west-1"]);
    let signed = sign(&server, "GET", "/test/reports", &[], "", &other_region);
    assert_eq!(
        send(&server, "GET", "/test/reports", &signed, "").status,
        200
    );
}

#[test]
fn temporary_credentials_pass_only_with_their_session_token() {
    let key = format!("ASIASERVETEST={SECRET}:session/token==");
    let server = iam_server(&["--credentials", &key]);
    let with_token = Signing {
        key: "ASIASERVETEST",
        token: Some("session/token=="),
        ..Signing::default()
    };
    let signed = sign(&server, "GET", "/test/reports", &[], "", &with_token);
    assert_eq!(
        send(&server, "GET", "/test/reports", &signed, "").status,
        200
    );
    let other_token = Signing {
        token: Some("another"),
        ..with_token
    };
    let signed = sign(&server, "GET", "/test/reports", &[], "", &other_token);
    assert_refused(
        &send(&server, "GET", "/test/reports", &signed, ""),
        "The security token included in the request is invalid.",
        "UnrecognizedClientException",
    );
    let no_token = Signing {
        key: "ASIASERVETEST",
        ..Signing::default()
    };
    let signed = sign(&server, "GET", "/test/reports", &[], "", &no_token);
    assert_eq!(
        send(&server, "GET", "/test/reports", &signed, "").status,
        403
    );
}

#[test]
fn without_credentials_every_iam_method_refuses_and_the_banner_says_so() {
    let server = iam_server(&[]);
    assert!(
        server
            .banner
            .contains("note: no --credentials: every AWS_IAM method refuses (403)"),
        "{}",
        server.banner
    );
    let signed = sign(
        &server,
        "GET",
        "/test/reports",
        &[],
        "",
        &Signing::default(),
    );
    assert_eq!(
        send(&server, "GET", "/test/reports", &signed, "").status,
        403
    );
    // The public method beside it is served.
    assert_eq!(server.call("GET", "/test/health", &[]).status, 200);
}

#[test]
fn a_bearer_token_on_an_iam_method_is_403_incomplete_signature() {
    let key = format!("{KEY}={SECRET}");
    let server = iam_server(&["--credentials", &key]);
    let answer = server.call("GET", "/test/reports", &[("Authorization", "Bearer abc")]);
    assert_eq!(answer.status, 403, "{answer:?}");
    assert_eq!(
        answer.header("x-amzn-ErrorType"),
        Some("IncompleteSignatureException")
    );
}
