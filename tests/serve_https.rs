//! `serve` and `https://` backends: an HTTP_PROXY (tests/fixtures/serve/backend.yaml) and an
//! HTTP integration (tests/fixtures/serve/http.yaml) are called over TLS at a backend the
//! test starts with a certificate made now (rcgen) and trusted with `--backend-ca`; a
//! certificate serve does not trust is a 502, and a `--backend-ca` file without a
//! certificate stops serve before it serves.

use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;
use std::time::Duration;

use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tempfile::TempDir;

use crate::serve::serve_support::{Server, fixtures, read_request};

/// An `https://` backend on 127.0.0.1, its certificate made now for that address, answering
/// every request `status` with `body`: its URL, a folder holding the certificate as
/// `ca.pem`, and the requests it got, as text.
fn tls_backend(status: u16, body: &'static str) -> (String, TempDir, Receiver<String>) {
    let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(made.signing_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![made.cert.der().clone()], key)
        .unwrap();
    let config = Arc::new(config);
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("ca.pem"), made.cert.pem()).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let answer = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (tx, rx) = channel();
    thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let (config, tx, answer) = (config.clone(), tx.clone(), answer.clone());
            thread::spawn(move || serve_tls(stream, config, &tx, &answer));
        }
    });
    (url, dir, rx)
}

/// One TLS exchange: the request read and sent on `tx`, `answer` written.
fn serve_tls(
    stream: TcpStream,
    config: Arc<rustls::ServerConfig>,
    tx: &Sender<String>,
    answer: &str,
) {
    let Ok(connection) = rustls::ServerConnection::new(config) else {
        return;
    };
    let mut tls = rustls::StreamOwned::new(connection, stream);
    // A client refusing the certificate ends the handshake while the request is read.
    let (head, body) = read_request(&mut BufReader::new(&mut tls));
    if head.is_empty() {
        return;
    }
    let _ = tx.send(format!("{head}\r\n{}", String::from_utf8_lossy(&body)));
    let _ = tls.write_all(answer.as_bytes());
    tls.conn.send_close_notify();
    let _ = tls.flush();
}

#[test]
fn an_https_http_proxy_backend_is_called_over_tls_trusting_backend_ca() {
    let (url, dir, requests) = tls_backend(201, r#"{"created": true}"#);
    let ca = dir.path().join("ca.pem").display().to_string();
    let server = Server::fixture(
        "serve-backend",
        "backend.yaml",
        &[
            "--parameter",
            &format!("BackendUrl={url}"),
            "--backend-ca",
            &ca,
        ],
    );
    let answer = server.call_with_body("POST", "/test/orders/42", &[], b"{}");
    assert_eq!(answer.status, 201, "{answer:?}");
    assert_eq!(answer.json()["created"], true);
    let request = requests.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(
        request.starts_with("POST /orders/42 HTTP/1.1\r\n"),
        "{request}"
    );
}

#[test]
fn an_https_http_backend_answers_through_its_integration_responses() {
    let (url, dir, requests) = tls_backend(200, r#"{"item": {"id": "42"}}"#);
    let ca = dir.path().join("ca.pem").display().to_string();
    let server = Server::fixture(
        "serve-http",
        "http.yaml",
        &[
            "--parameter",
            &format!("BackendUrl={url}"),
            "--backend-ca",
            &ca,
        ],
    );
    let answer = server.call("GET", "/test/items/42", &[]);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json(), serde_json::json!({"id": "42"}));
    let request = requests.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(
        request.starts_with("POST /catalog/42?lang=en HTTP/1.1\r\n"),
        "{request}"
    );
}

#[test]
fn a_certificate_serve_does_not_trust_is_a_502() {
    let (url, _dir, requests) = tls_backend(200, "{}");
    let server = Server::fixture(
        "serve-backend",
        "backend.yaml",
        &["--parameter", &format!("BackendUrl={url}")],
    );
    let answer = server.call_with_body("POST", "/test/orders/42", &[], b"{}");
    assert_eq!(answer.status, 502, "{answer:?}");
    assert!(
        server
            .logged("POST /test/orders/42")
            .contains("invalid peer certificate")
    );
    assert!(requests.recv_timeout(Duration::from_millis(200)).is_err());
}

#[test]
fn a_backend_ca_file_without_a_certificate_stops_serve_naming_it() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("not-a-ca.pem");
    std::fs::write(&file, "hello").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_apigw-synth"))
        .args(["serve", "serve-backend", "--stack-file"])
        .arg(fixtures().join("backend.yaml"))
        .args(["--port", "0", "--backend-ca"])
        .arg(&file)
        .current_dir(fixtures())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "--backend-ca {}: no PEM certificate in it",
            file.display()
        )),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "{output:?}");
}
