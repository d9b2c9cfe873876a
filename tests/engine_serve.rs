//! `serve` answers as the local engine answers, for the behaviour the engine implements:
//! tests/fixtures/serve/compare.yaml is synthesized, deployed on the engine (LocalStack's
//! community runtime, through deploy_check.py and the real `aws` CLI), and served by
//! `apigw-synth serve --template` with the key value the engine generated; then every request
//! of [`requests`] goes to both, and their status, headers and body must be the same.
//!
//! Compared: routing (a literal path, `{param}`, a greedy `{proxy+}` under `ANY`, an unknown
//! path, a method a resource lacks, the stage root), MOCK answers, CORS preflights from each
//! allowed origin and from another one, an API key (none, wrong, right), and request
//! validation (missing parameters, a body the model refuses, not JSON, empty, valid).
//! Headers that differ per request or per server (`date`, `server`, request ids, connection
//! and length headers) are left out, and each one left out is printed.

mod support;

#[path = "support/serve.rs"]
mod serve_support;

use std::net::SocketAddr;
use std::path::Path;

use serde_json::Value;
use serve_support::{Answer, Server, call_at, fixtures};
use support::engine::{Engine, text};

/// Headers left out of the comparison: they differ per request or per server (on AWS too),
/// and the engine's own marker `x-localstack`.
const PER_REQUEST: [&str; 11] = [
    "date",
    "server",
    "connection",
    "content-length",
    "transfer-encoding",
    "keep-alive",
    "x-amzn-requestid",
    "x-amz-apigw-id",
    "x-amzn-trace-id",
    "x-localstack-request-url",
    "x-localstack",
];

/// One request sent to both.
struct Request {
    method: &'static str,
    path: &'static str,
    headers: Vec<(&'static str, String)>,
    body: &'static str,
}

fn request(method: &'static str, path: &'static str) -> Request {
    Request {
        method,
        path,
        headers: Vec::new(),
        body: "",
    }
}

impl Request {
    fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }

    fn json(mut self, body: &'static str) -> Self {
        self.body = body;
        self.header("Content-Type", "application/json")
    }
}

/// The requests compared, below the stage (`key` is the API key's value).
fn requests(key: &str) -> Vec<Request> {
    let preflight = |origin: Option<&str>| {
        let r = request("OPTIONS", "/items")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "Content-Type");
        match origin {
            Some(o) => r.header("Origin", o),
            None => r,
        }
    };
    vec![
        // Routing and MOCK answers.
        request("GET", "/health"),
        request("GET", "/health").header("Origin", "https://shop.example.com"),
        request("GET", "/gone"),
        request("GET", "/items/42?view=full"),
        request("GET", "/files/a/b/c.txt"),
        request("DELETE", "/files/a"),
        request("GET", "/nope"),
        request("POST", "/health"),
        request("GET", "/"),
        request("GET", "/items/42/more"),
        // CORS preflights.
        preflight(Some("https://shop.example.com")),
        preflight(Some("https://admin.example.com")),
        preflight(Some("https://other.example.net")),
        preflight(None),
        // The API key.
        request("GET", "/status"),
        request("GET", "/status").header("x-api-key", "not-the-key"),
        request("GET", "/status").header("x-api-key", key),
        // Request validation.
        request("GET", "/items/42"),
        request("GET", "/items/42?other=1"),
        request("POST", "/items").json(r#"{"name": "lamp"}"#),
        request("POST", "/items").json(r#"{"title": "lamp"}"#),
        request("POST", "/items").json(r#"{"name": 3}"#),
        request("POST", "/items").json("not json"),
        request("POST", "/items").json(""),
    ]
}

/// `ok` when both answered alike, else what differs.
fn compare(engine: &Answer, serve: &Answer) -> Result<(), String> {
    let mut problems = Vec::new();
    if engine.status != serve.status {
        problems.push(format!(
            "status: engine {}, serve {}",
            engine.status, serve.status
        ));
    }
    let kept = |a: &Answer| {
        let mut h: Vec<(String, String)> = a
            .headers
            .iter()
            .filter(|(k, _)| !PER_REQUEST.contains(&k.as_str()))
            .cloned()
            .collect();
        h.sort();
        h
    };
    let (e, s) = (kept(engine), kept(serve));
    if e != s {
        problems.push(format!("headers: engine {e:?}, serve {s:?}"));
    }
    let as_json = |body: &str| serde_json::from_str::<Value>(body).ok();
    let same_body = match (as_json(&engine.body), as_json(&serve.body)) {
        (Some(a), Some(b)) => a == b,
        _ => engine.body == serve.body,
    };
    if !same_body {
        problems.push(format!(
            "body: engine {:?}, serve {:?}",
            engine.body, serve.body
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

fn engine_addr(endpoint: &str) -> SocketAddr {
    endpoint
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .expect("the engine listens on a loopback address")
}

fn synth(dir: &Path) -> std::path::PathBuf {
    let o = support::tool()
        .current_dir(dir)
        .arg("synth")
        .arg("--stack-file")
        .arg(fixtures().join("compare.yaml"))
        .args(["--out", "out"])
        .output()
        .unwrap();
    assert!(o.status.success(), "synth failed:\n{}", text(&o));
    dir.join("out/serve-compare.template.json")
}

/// The value of the API key the engine generated.
fn key_value(engine: &Engine) -> String {
    let o = engine.aws(&["apigateway", "get-api-keys", "--include-values"]);
    assert!(o.status.success(), "get-api-keys:\n{}", text(&o));
    let keys: Value = serde_json::from_slice(&o.stdout).unwrap();
    keys["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|k| k["name"] == "partner-a")
        .and_then(|k| k["value"].as_str())
        .expect("the engine generated partner-a's value")
        .to_owned()
}

fn rest_api_id(engine: &Engine) -> String {
    let o = engine.aws(&["apigateway", "get-rest-apis"]);
    assert!(o.status.success(), "get-rest-apis:\n{}", text(&o));
    let apis: Value = serde_json::from_slice(&o.stdout).unwrap();
    apis["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["name"] == "serve-compare")
        .and_then(|a| a["id"].as_str())
        .expect("the API is deployed")
        .to_owned()
}

#[test]
fn serve_answers_as_the_engine_for_routing_mock_cors_api_keys_and_validation() {
    let dir = tempfile::tempdir().unwrap();
    let template = synth(dir.path());
    let engine = Engine::start();
    let o = engine.deploy_check(&template, "serve-compare", &["--no-update", "--keep-stack"]);
    assert!(o.status.success(), "serve-compare failed on the engine");
    let key = key_value(&engine);
    let api = rest_api_id(&engine);
    let addr = engine_addr(&engine.endpoint());
    let server = Server::start(&[
        "serve".to_owned(),
        "--template".to_owned(),
        template.display().to_string(),
        "--port".to_owned(),
        "0".to_owned(),
        "--api-key".to_owned(),
        format!("partner-a={key}"),
    ]);

    let mut differences = Vec::new();
    let all = requests(&key);
    for r in &all {
        let headers: Vec<(&str, &str)> = r.headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let on_engine = call_at(
            addr,
            r.method,
            &format!("/_aws/execute-api/{api}/test{}", r.path),
            &headers,
            r.body.as_bytes(),
        );
        let on_serve = call_at(
            server.addr,
            r.method,
            &format!("/test{}", r.path),
            &headers,
            r.body.as_bytes(),
        );
        let shown = format!("{} {} {:?} {:?}", r.method, r.path, r.headers, r.body);
        match compare(&on_engine, &on_serve) {
            Ok(()) => println!("  same  {} {shown}", on_serve.status),
            Err(why) => {
                println!("  DIFFERENT  {shown}: {why}");
                differences.push(format!("{shown}: {why}"));
            }
        }
    }
    println!("  NOT COMPARED  headers {PER_REQUEST:?}: they differ per request or per server");
    println!(
        "  NOT COMPARED  authorizers, Lambda and HTTP integrations: the engine does not enforce \
         authorizers, and tests/serve.rs checks the rest against API Gateway's documentation"
    );
    drop(server);
    engine.stop();
    assert!(
        differences.is_empty(),
        "{} of {} requests answered differently:\n{}",
        differences.len(),
        all.len(),
        differences.join("\n")
    );
}
