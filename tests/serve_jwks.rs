//! `serve` without `--jwks` fetches the keys of each pool from outside the template once at
//! start, from `--cognito-endpoint` here (a local Cognito; the pools' own `https://` URL
//! otherwise), keeps them in the cache folder, and uses the cached copy when the fetch fails.
//! tests/fixtures/serve/staff.yaml has one such pool, `us-east-1_StaffPool1`.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use crate::serve::serve_support::{Server, fixtures, id_claims, mint};

const STAFF_ISSUER: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_StaffPool1";
const JWKS_PATH: &str = "/us-east-1_StaffPool1/.well-known/jwks.json";

/// A local Cognito answering the staff pool's JWKS (the test key's); its URL and how many
/// times it was asked.
fn local_cognito() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = asked.clone();
    let jwks = std::fs::read_to_string(fixtures().join("jwks.json")).unwrap();
    thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let (status, body) = if line.starts_with(&format!("GET {JWKS_PATH} ")) {
                counter.fetch_add(1, Ordering::SeqCst);
                ("200 OK", jwks.as_str())
            } else {
                ("404 Not Found", "{}")
            };
            let mut stream = reader.into_inner();
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, asked)
}

/// A URL where nothing listens.
fn nothing_listening() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://{}", listener.local_addr().unwrap())
}

fn staff_server(cognito: &str, cache: &Path) -> Server {
    let cache = cache.display().to_string();
    Server::fixture(
        "serve-staff",
        "staff.yaml",
        &["--cognito-endpoint", cognito, "--jwks-cache", &cache],
    )
}

fn staff_token() -> String {
    let mut claims = id_claims();
    claims["iss"] = STAFF_ISSUER.into();
    mint(&claims)
}

#[test]
fn a_pools_keys_are_fetched_once_at_start_and_verify_its_tokens() {
    let (cognito, asked) = local_cognito();
    let cache = tempfile::tempdir().unwrap();
    let server = staff_server(&cognito, cache.path());
    assert!(
        server.banner.contains(&format!(
            "keys of {STAFF_ISSUER}: 1 keys fetched from {cognito}{JWKS_PATH}"
        )),
        "{}",
        server.banner
    );
    let token = staff_token();
    for _ in 0..3 {
        assert_eq!(
            server
                .call("GET", "/test/me", &[("Authorization", &token)])
                .status,
            200
        );
    }
    assert_eq!(asked.load(Ordering::SeqCst), 1, "fetched once");
    assert!(cache.path().join("us-east-1_StaffPool1.json").is_file());
}

#[test]
fn when_the_fetch_fails_the_cached_copy_is_used() {
    let (cognito, _) = local_cognito();
    let cache = tempfile::tempdir().unwrap();
    drop(staff_server(&cognito, cache.path()));
    let server = staff_server(&nothing_listening(), cache.path());
    assert!(
        server.banner.contains("1 keys from the cached copy"),
        "{}",
        server.banner
    );
    let answer = server.call("GET", "/test/me", &[("Authorization", &staff_token())]);
    assert_eq!(answer.status, 200);
}

#[test]
fn without_keys_or_a_cached_copy_the_pools_tokens_are_refused() {
    let cache = tempfile::tempdir().unwrap();
    let server = staff_server(&nothing_listening(), cache.path());
    assert!(
        server.banner.contains("no keys") && server.banner.contains("no --jwks"),
        "{}",
        server.banner
    );
    let answer = server.call("GET", "/test/me", &[("Authorization", &staff_token())]);
    assert_eq!(answer.status, 401);
}
