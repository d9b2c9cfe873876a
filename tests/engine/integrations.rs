//! Integrations on the engine, over HTTP: an HTTP_PROXY method reaches a server this test
//! starts on 127.0.0.1 (the engine runs as a process on loopback, so it reaches the host)
//! with the route's path parameter in the backend's path, a static query string value, a
//! header from the request and one from the request context. Included by
//! tests/engine_deploy.rs, in its engine run.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Output;
use std::sync::{Arc, Mutex};

use apigw_synth::{
    Format, Integration, Method, ParameterIn, RequestSource, RestApi, Stack, Stage, render,
    synthesize,
};

use super::support;
use super::support::engine::{Engine, text};

/// The request heads a backend received: the request line, then each header line.
type Received = Arc<Mutex<Vec<Vec<String>>>>;

/// A backend on 127.0.0.1 answering every request `200 {"backend":"ok"}`; returns its port
/// and what it receives.
fn backend() -> (u16, Received) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().unwrap().port();
    let received: Received = Arc::default();
    let seen = Arc::clone(&received);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(10)));
            let mut reader = BufReader::new(&stream);
            let mut head = Vec::new();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line.trim_end() != "" {
                head.push(line.trim_end().to_owned());
                line.clear();
                if head.len() > 200 {
                    break;
                }
            }
            seen.lock().unwrap().push(head);
            let body = "{\"backend\":\"ok\"}";
            let _ = (&stream).write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
                .as_bytes(),
            );
        }
    });
    (port, received)
}

/// The stack: `GET /orders/{id}` through HTTP_PROXY to the backend, mapping the path
/// parameter, a static query string value and two headers.
fn stack(port: u16) -> Stack {
    let api = RestApi::new("integrations")
        .route(
            "/orders/{id}",
            Method::get(
                Integration::http_proxy(format!("http://127.0.0.1:{port}/backend/orders/{{id}}"))
                    .timeout_ms(10_000)
                    .request_parameter(ParameterIn::Query, "source", RequestSource::value("api"))
                    .request_parameter(
                        ParameterIn::Header,
                        "X-Tenant",
                        RequestSource::header("X-Tenant"),
                    )
                    .request_parameter(
                        ParameterIn::Header,
                        "X-Api-Request",
                        RequestSource::context("requestId"),
                    ),
            )
            .public_because("the engine test's backend"),
        )
        .stage(Stage::new("test"));
    Stack::new("integrations", api)
}

fn ok(o: Output, what: &str) -> String {
    assert!(o.status.success(), "{what}:\n{}", text(&o));
    String::from_utf8_lossy(&o.stdout).trim().to_owned()
}

/// Deploys the stack with deploy_check (read back with the `aws` CLI), then calls it.
pub(crate) fn integrations_reach_their_backends(engine: &Engine, dir: &Path) {
    let (port, received) = backend();
    let path = dir.join("integrations.template.json");
    let t = synthesize(&stack(port)).expect("synthesizes");
    std::fs::write(&path, render(&t, Format::Json)).unwrap();
    let o = engine.deploy_check(&path, "integrations", &["--no-update", "--keep-stack"]);
    assert!(o.status.success(), "integrations failed on the engine");
    super::assert_fully_checked(&o);

    let api = ok(
        engine.aws(&[
            "cloudformation",
            "describe-stacks",
            "--stack-name",
            "integrations",
            "--query",
            "Stacks[0].Outputs[?OutputKey=='RestApiId'].OutputValue",
            "--output",
            "text",
        ]),
        "RestApiId",
    );
    received.lock().unwrap().clear();
    let url = format!(
        "{}/_aws/execute-api/{api}/test/orders/o-42",
        engine.endpoint()
    );
    let py = "import sys, urllib.request\nreq = urllib.request.Request(sys.argv[1], headers={'X-Tenant': 'acme'})\ntry:\n    r = urllib.request.urlopen(req, timeout=30)\nexcept urllib.error.HTTPError as e:\n    r = e\nprint(r.status, r.read().decode())\n";
    let answer = ok(
        std::process::Command::new(support::engine::venv_python())
            .args(["-c", py, &url])
            .output()
            .unwrap(),
        "GET /orders/o-42",
    );
    assert_eq!(
        answer, "200 {\"backend\":\"ok\"}",
        "the backend's answer, whole"
    );
    let heads = received.lock().unwrap().clone();
    assert_eq!(heads.len(), 1, "one request reached the backend: {heads:?}");
    let head = &heads[0];
    let request_line = &head[0];
    assert!(
        request_line.starts_with("GET /backend/orders/o-42?"),
        "{request_line}"
    );
    assert!(request_line.contains("source=api"), "{request_line}");
    println!(
        "  ok  GET /orders/o-42 through HTTP_PROXY reached 127.0.0.1:{port} as `{request_line}`"
    );
    let header = |name: &str| {
        head[1..].iter().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    };
    assert_eq!(header("X-Tenant").as_deref(), Some("acme"), "{head:?}");
    println!("  ok  the backend got X-Tenant: acme, mapped from the request's header");
    match header("X-Api-Request") {
        Some(id) if !id.is_empty() => {
            println!("  ok  the backend got X-Api-Request: {id}, mapped from context.requestId")
        }
        _ => println!(
            "  NOT CHECKED  a header mapped from context.requestId: the engine sent none ({head:?})"
        ),
    }
    ok(
        engine.aws(&[
            "cloudformation",
            "delete-stack",
            "--stack-name",
            "integrations",
        ]),
        "delete-stack integrations",
    );
}
