//! Integrations on the engine, over HTTP: an HTTP_PROXY method reaches a server this test
//! starts on 127.0.0.1 (the engine runs as a process on loopback, so it reaches the host)
//! with the route's path parameter in the backend's path, a static query string value, a
//! header from the request and one from the request context; an HTTP method's request
//! template makes the body the backend gets, and its response template the answer; a mock
//! answers its own status and body; an SQS method puts a message `aws sqs receive-message` reads, a DynamoDB method
//! writes an item `get-item` finds, a Step Functions method starts an execution
//! `list-executions` shows, each through the role synth generates. What the engine can't
//! run is printed as NOT CHECKED. Included by tests/engine_deploy.rs, in its engine run.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Output;
use std::sync::{Arc, Mutex};

use apigw_synth::{
    DynamoDbAction, Format, Integration, IntegrationResponse, Method, ParameterIn, RequestSource,
    RestApi, Stack, Stage, render, synthesize,
};

use super::support;
use super::support::engine::{Engine, text};

/// The requests a backend received: the head (the request line, then each header line)
/// and the body.
type Received = Arc<Mutex<Vec<(Vec<String>, String)>>>;

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
            let length = head
                .iter()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse().ok())?
                })
                .unwrap_or(0usize)
                .min(1 << 16);
            let mut body = vec![0; length];
            let _ = std::io::Read::read_exact(&mut reader, &mut body);
            seen.lock()
                .unwrap()
                .push((head, String::from_utf8_lossy(&body).into_owned()));
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

/// The queue, table and state machine the AWS service methods call, made with the CLI
/// first (so that a service the engine lacks costs only its own check).
const QUEUE: &str = "integrations-orders";
const TABLE: &str = "integrations-items";
const MACHINE: &str = "integrations-checkout";

/// The stack: `GET /orders/{id}` through HTTP_PROXY to the backend, mapping the path
/// parameter, a static query string value and two headers; `POST /shaped/{id}` through HTTP
/// to the backend with a request and a response template; `POST /orders` to SQS, `POST
/// /items` and `GET /items/{id}` to DynamoDB (when `table`), `POST /checkout` to Step
/// Functions (when `machine` is its ARN).
fn stack(port: u16, table: bool, machine: Option<&str>) -> Stack {
    let mut api = RestApi::new("integrations")
        .route(
            "/orders",
            Method::post(Integration::sqs_send_message(QUEUE))
                .public_because("the engine test's queue"),
        )
        .route(
            "/gone",
            Method::get(Integration::mock_response(410, r#"{"message": "gone"}"#))
                .public_because("the engine test's mock"),
        );
    if table {
        api = api
            .route(
                "/items",
                Method::post(Integration::dynamodb(DynamoDbAction::PutItem, TABLE))
                    .public_because("the engine test's table"),
            )
            .route(
                "/items/{id}",
                Method::get(Integration::dynamodb(DynamoDbAction::GetItem, TABLE))
                    .public_because("the engine test's table"),
            );
    }
    if let Some(arn) = machine {
        api = api.route(
            "/checkout",
            Method::post(Integration::step_functions_start(arn))
                .public_because("the engine test's state machine"),
        );
    }
    let api = api
        .route(
            "/shaped/{id}",
            Method::post(
                Integration::http(format!("http://127.0.0.1:{port}/backend/shaped"))
                    .timeout_ms(10_000)
                    .request_template("application/json", SHAPED_REQUEST)
                    .response(
                        IntegrationResponse::new(200).template("application/json", SHAPED_RESPONSE),
                    ),
            )
            .public_because("the engine test's backend"),
        )
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
    ok(
        engine.aws(&["sqs", "create-queue", "--queue-name", QUEUE]),
        "create-queue",
    );
    let table = if dynamodb_local_installed(engine) {
        engine.aws(&[
            "dynamodb",
            "create-table",
            "--table-name",
            TABLE,
            "--attribute-definitions",
            "AttributeName=id,AttributeType=S",
            "--key-schema",
            "AttributeName=id,KeyType=HASH",
            "--billing-mode",
            "PAY_PER_REQUEST",
        ])
    } else {
        // Without it every DynamoDB call fails only after the engine's and the CLI's retries
        // (minutes).
        println!(
            "  NOT CHECKED  the DynamoDB methods: LocalStack runs DynamoDB on DynamoDB Local, a \
             Java jar it downloads on first use, which is not installed here and can't be \
             fetched offline (their templates, roles and read-back are checked in \
             tests/aws_integrations.rs and by deploy_check)"
        );
        return deploy_and_call(engine, dir, port, received, false);
    };
    let table = if table.status.success() {
        true
    } else {
        println!(
            "  NOT CHECKED  the DynamoDB methods: the engine has no DynamoDB here ({})",
            text(&table).lines().last().unwrap_or_default()
        );
        false
    };
    deploy_and_call(engine, dir, port, received, table);
}

/// Whether LocalStack's DynamoDB Local (`DynamoDBLocal.jar`) is in the engine's state or
/// its usual install directories.
fn dynamodb_local_installed(engine: &Engine) -> bool {
    fn find(dir: &Path, depth: usize) -> bool {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return false;
        };
        entries.flatten().any(|e| {
            let p = e.path();
            p.file_name().is_some_and(|n| n == "DynamoDBLocal.jar")
                || (depth > 0 && p.is_dir() && find(&p, depth - 1))
        })
    }
    [
        engine.state_dir().to_path_buf(),
        std::path::PathBuf::from("/var/lib/localstack"),
        support::root().join(".venv-engine"),
    ]
    .iter()
    .any(|d| find(d, 8))
}

/// Makes the state machine, deploys the stack (with the DynamoDB methods when `table`) and
/// calls every method.
fn deploy_and_call(engine: &Engine, dir: &Path, port: u16, received: Received, table: bool) {
    let definition = r#"{"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": true}}}"#;
    let machine = engine.aws(&[
        "stepfunctions",
        "create-state-machine",
        "--name",
        MACHINE,
        "--definition",
        definition,
        "--role-arn",
        "arn:aws:iam::000000000000:role/integrations-checkout",
        "--query",
        "stateMachineArn",
        "--output",
        "text",
    ]);
    let machine = if machine.status.success() {
        Some(String::from_utf8_lossy(&machine.stdout).trim().to_owned())
    } else {
        println!(
            "  NOT CHECKED  the Step Functions method: the engine has no Step Functions here ({})",
            text(&machine).lines().last().unwrap_or_default()
        );
        None
    };
    let path = dir.join("integrations.template.json");
    let t = synthesize(&stack(port, table, machine.as_deref())).expect("synthesizes");
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
    let head = &heads[0].0;
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
    let base = format!("{}/_aws/execute-api/{api}/test", engine.endpoint());
    let answer = call("GET", &format!("{base}/gone"), "");
    assert_eq!(
        answer, r#"410 {"message": "gone"}"#,
        "the mock's status and body"
    );
    println!("  ok  GET /gone: the mock answers {answer}");
    the_mapping_template_shapes_the_request(&base, &received);
    sqs_receives_the_message(engine, &base);
    if table {
        dynamodb_stores_the_item(engine, &base);
    }
    if let Some(arn) = machine {
        step_functions_starts_an_execution(engine, &base, &arn);
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

/// `verb url` with a JSON `body`, over HTTP: the status and the body.
fn call(verb: &str, url: &str, body: &str) -> String {
    let py = "import sys, urllib.request\nreq = urllib.request.Request(sys.argv[2], method=sys.argv[1], data=sys.argv[3].encode() or None, headers={'Content-Type': 'application/json'})\ntry:\n    r = urllib.request.urlopen(req, timeout=30)\nexcept urllib.error.HTTPError as e:\n    r = e\nprint(r.status, r.read().decode())\n";
    ok(
        std::process::Command::new(support::engine::venv_python())
            .args(["-c", py, verb, url, body])
            .output()
            .unwrap(),
        url,
    )
}

/// `POST /shaped/{id}`'s request template, and the response template of its answer.
const SHAPED_REQUEST: &str = r#"{"order": "$input.params('id')", "quantity": $input.json('$.quantity'), "tenant": "$input.params('tenant')"}"#;
const SHAPED_RESPONSE: &str = r#"{"shaped": $input.json('$.backend')}"#;

/// Over HTTP, the HTTP (non-proxy) method's request template turns the request into the
/// body the backend gets, exactly as written (the path and query string parameters read,
/// the field it does not name dropped), and its response template the backend's answer.
fn the_mapping_template_shapes_the_request(base: &str, received: &Received) {
    received.lock().unwrap().clear();
    let answer = call(
        "POST",
        &format!("{base}/shaped/o-7?tenant=acme"),
        r#"{"quantity": 3, "note": "not mapped"}"#,
    );
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 1, "one request reached the backend: {got:?}");
    let (head, body) = &got[0];
    assert!(head[0].starts_with("POST /backend/shaped"), "{head:?}");
    assert_eq!(
        body, r#"{"order": "o-7", "quantity": 3, "tenant": "acme"}"#,
        "the request template's output, as the backend received it"
    );
    println!(
        "  ok  POST /shaped/o-7?tenant=acme: the backend got {body}, from the request template"
    );
    assert_eq!(
        answer, r#"200 {"shaped": "ok"}"#,
        "the response template's output"
    );
    println!("  ok  POST /shaped/o-7: the response template made the backend's answer {answer}");
}

fn sqs_receives_the_message(engine: &Engine, base: &str) {
    let url = ok(
        engine.aws(&[
            "sqs",
            "get-queue-url",
            "--queue-name",
            QUEUE,
            "--query",
            "QueueUrl",
            "--output",
            "text",
        ]),
        "get-queue-url",
    );
    // What deploy_check's own calls left.
    ok(
        engine.aws(&["sqs", "purge-queue", "--queue-url", &url]),
        "purge-queue",
    );
    let answer = call("POST", &format!("{base}/orders"), r#"{"order":"o-1"}"#);
    assert!(answer.starts_with("200 "), "POST /orders: {answer}");
    let body = ok(
        engine.aws(&[
            "sqs",
            "receive-message",
            "--queue-url",
            &url,
            "--query",
            "Messages[0].Body",
            "--output",
            "text",
        ]),
        "receive-message",
    );
    assert_eq!(
        body, r#"{"order":"o-1"}"#,
        "the message is the request's body"
    );
    println!("  ok  POST /orders put {body} on SQS queue {QUEUE} (aws sqs receive-message)");
}

fn dynamodb_stores_the_item(engine: &Engine, base: &str) {
    let item = r#"{"id": {"S": "i-1"}, "name": {"S": "pen"}}"#;
    let answer = call("POST", &format!("{base}/items"), item);
    assert!(answer.starts_with("200 "), "POST /items: {answer}");
    let name = ok(
        engine.aws(&[
            "dynamodb",
            "get-item",
            "--table-name",
            TABLE,
            "--key",
            r#"{"id": {"S": "i-1"}}"#,
            "--query",
            "Item.name.S",
            "--output",
            "text",
        ]),
        "get-item",
    );
    assert_eq!(name, "pen", "the item is the request's body");
    println!("  ok  POST /items wrote item i-1 to DynamoDB table {TABLE} (aws dynamodb get-item)");
    let answer = call("GET", &format!("{base}/items/i-1"), "");
    assert!(
        answer.starts_with("200 ") && answer.contains("pen"),
        "GET /items/i-1: {answer}"
    );
    println!("  ok  GET /items/i-1 read the item keyed by the path parameter: {answer}");
}

fn step_functions_starts_an_execution(engine: &Engine, base: &str, arn: &str) {
    let executions = || {
        let n = ok(
            engine.aws(&[
                "stepfunctions",
                "list-executions",
                "--state-machine-arn",
                arn,
                "--query",
                "length(executions)",
                "--output",
                "text",
            ]),
            "list-executions",
        );
        n.parse::<usize>()
            .unwrap_or_else(|_| panic!("list-executions: {n}"))
    };
    // deploy_check's own call may have started one.
    let before = executions();
    let answer = call("POST", &format!("{base}/checkout"), r#"{"order":"o-1"}"#);
    assert!(answer.starts_with("200 "), "POST /checkout: {answer}");
    assert_eq!(executions(), before + 1, "one execution started");
    println!(
        "  ok  POST /checkout started an execution of {MACHINE} (aws stepfunctions list-executions)"
    );
}
