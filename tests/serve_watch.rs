//! `serve --watch` re-synthesizes a stack file when it changes and serves the new API on the
//! same port; a file that no longer loads is reported, placed in the file, and the previous
//! API stays served. A stack written in Rust can't be reloaded: an error. Each test serves
//! a temporary copy of a small stack file.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::serve::serve_support::Server;

/// A stack whose one public MOCK method is `GET {path}`.
fn stack(path: &str) -> String {
    format!(
        "stack: watched\napi:\n  name: watched\n  routes:\n    {path}:\n      GET: {{ mock: true, public: true, publicReason: a test }}\n  stage:\n    name: test\n"
    )
}

/// `serve --watch --stack-file FILE`.
fn watching(file: &Path) -> Server {
    let args: Vec<String> = ["serve", "--watch", "--port", "0", "--stack-file"]
        .iter()
        .map(|s| (*s).to_owned())
        .chain([file.display().to_string()])
        .collect();
    Server::start(&args)
}

/// Waits up to 10 s for a stderr line containing `needle`.
fn wait_for(server: &Server, needle: &str) -> String {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if let Some(line) = server.log().into_iter().find(|l| l.contains(needle)) {
            return line;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("no line with {needle:?}: {:?}", server.log())
}

#[test]
fn a_changed_route_is_served_after_the_reload_on_the_same_port() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("watched.yaml");
    std::fs::write(&file, stack("/before")).unwrap();
    let server = watching(&file);
    assert_eq!(server.call("GET", "/test/before", &[]).status, 200);
    std::fs::write(&file, stack("/after")).unwrap();
    let line = wait_for(&server, "reloaded");
    assert!(line.contains("watched.yaml changed"), "{line}");
    assert!(
        line.ends_with(&format!(
            "serving watched stage test on http://{}/test",
            server.addr
        )),
        "{line}"
    );
    assert_eq!(server.call("GET", "/test/after", &[]).status, 200);
    assert_eq!(server.call("GET", "/test/before", &[]).status, 403);
}

#[test]
fn a_broken_file_is_reported_with_its_position_and_the_previous_api_stays_served() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("watched.yaml");
    std::fs::write(&file, stack("/before")).unwrap();
    let server = watching(&file);
    // A field the format does not have, on line 6.
    std::fs::write(
        &file,
        stack("/before").replace("publicReason: a test", "publicReason: a test, nope: 1"),
    )
    .unwrap();
    let problem = wait_for(&server, "watched.yaml:6:");
    assert!(problem.contains("unknown field `nope`"), "{problem}");
    wait_for(&server, "reload failed: still serving the previous API");
    let log = server.log();
    assert!(!log.iter().any(|l| l.contains("reloaded")), "{log:?}");
    assert_eq!(server.call("GET", "/test/before", &[]).status, 200);
    // Fixed, it reloads.
    std::fs::write(&file, stack("/fixed")).unwrap();
    wait_for(&server, "reloaded");
    assert_eq!(server.call("GET", "/test/fixed", &[]).status, 200);
}

#[test]
fn watch_on_a_stack_written_in_rust_is_an_error() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_apigw-synth-stacks"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["serve", "eshop-fcj", "--watch", "--port", "0"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(output.stdout.is_empty(), "nothing served");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "--watch: eshop-fcj is a stack written in Rust, compiled into this program, so it can't be reloaded"
        ),
        "{stderr}"
    );
}
