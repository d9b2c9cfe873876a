//! `serve` benchmark: the fixture API of tests/fixtures/serve/ served by the `apigw-synth`
//! binary of this build (the bench profile), measured from outside over HTTP/1.1 on
//! 127.0.0.1. `cargo bench --bench serve`; `BENCH_SECONDS=N` sets the throughput run
//! (default 3), `BENCH_CLIENTS=N` its keep-alive connections (default 4). Without
//! `--bench` (`cargo test --all-targets`, CI) it is a smoke test: a few requests of each
//! case in the debug build, answers checked, no numbers.
//!
//! Cases:
//! - throughput: requests per second of `GET /test/profile`, a MOCK behind the Cognito
//!   authorizer with a valid ID token (RS256 verified on every request), over keep-alive
//!   connections; the client runs on the same 2 cores as the server.
//! - latency of that request, one at a time (p50, p99): all of it is serve's own time;
//! - latency serve adds to a Lambda proxy call: `GET /test/orders/1` through serve to the
//!   test Lambda endpoint, against the same invocation sent straight to the endpoint (both
//!   on a new connection per invocation, as serve calls it), p50 and p99 of each and of the
//!   difference.
//! - what an emulator that starts the function's runtime per request pays at least, as
//!   `sam local start-api` starts a container per invocation: a new `python3` process running
//!   a handler that prints the proxy answer, p50 and p99. No Docker engine runs here, so the
//!   container itself (its namespaces, image layers and runtime interface) is not measured:
//!   this is a lower bound.

#[path = "../tests/support/serve.rs"]
#[allow(unreachable_pub)]
mod serve_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use serve_support::{LambdaEndpoint, Server, id_claims, mint};

/// A keep-alive HTTP/1.1 connection.
struct Connection {
    reader: BufReader<TcpStream>,
}

impl Connection {
    fn open(addr: SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).expect("connect");
        stream.set_nodelay(true).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        Self {
            reader: BufReader::new(stream),
        }
    }

    /// Sends `request` (a whole HTTP/1.1 request) and reads the answer; returns its status.
    fn send(&mut self, request: &[u8]) -> u16 {
        self.reader.get_mut().write_all(request).expect("send");
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("status line");
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line).expect("header");
            if line.trim().is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).expect("body");
        status
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// `runs` timings of `f`, sorted.
fn timings(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    let mut out: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    out.sort();
    out
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it.
    let measuring = std::env::args().any(|a| a == "--bench");
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let clients: usize = std::env::var("BENCH_CLIENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4);
    let lambda = LambdaEndpoint::answering(r#"{"statusCode": 200, "body": "ok"}"#);
    let server = Server::shop(&["--lambda-endpoint", &lambda.url]);
    let addr = server.addr;
    let token = mint(&id_claims());
    let profile =
        format!("GET /test/profile HTTP/1.1\r\nHost: {addr}\r\nAuthorization: {token}\r\n\r\n")
            .into_bytes();
    let order =
        format!("GET /test/orders/1 HTTP/1.1\r\nHost: {addr}\r\nAuthorization: {token}\r\n\r\n")
            .into_bytes();

    // Warm up, and check the answers are the allowed ones.
    let mut one = Connection::open(addr);
    for _ in 0..if measuring { 200 } else { 3 } {
        assert_eq!(one.send(&profile), 200);
    }
    if !measuring {
        assert_eq!(one.send(&order), 200);
        let _ = lambda.next_event();
        println!("serve bench: smoke run passed (cargo bench --bench serve measures)");
        return;
    }

    // Throughput.
    let done = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let (done, count, request) = (done.clone(), count.clone(), profile.clone());
            thread::spawn(move || {
                let mut c = Connection::open(addr);
                while !done.load(Ordering::Relaxed) {
                    assert_eq!(c.send(&request), 200);
                    count.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    thread::sleep(Duration::from_secs(seconds));
    done.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().unwrap();
    }
    let elapsed = started.elapsed();
    let n = count.load(Ordering::Relaxed);
    println!(
        "throughput  MOCK + Cognito (RS256 verified per request), {clients} keep-alive clients, {seconds} s: {n} requests, {:.0} requests/s",
        n as f64 / elapsed.as_secs_f64()
    );

    // Latency, one request at a time.
    let t = timings(5000, || assert_eq!(one.send(&profile), 200));
    println!(
        "latency     MOCK + Cognito, one at a time ({} requests): p50 {}, p99 {}",
        t.len(),
        ms(percentile(&t, 0.5)),
        ms(percentile(&t, 0.99))
    );

    // Lambda proxy: through serve, and straight to the endpoint with the event serve sent.
    let runs = 1000;
    let via = timings(runs, || {
        assert_eq!(one.send(&order), 200);
        let _ = lambda.next_event();
    });
    let (path, event) = lambda.next_event_or_last();
    let payload = event.to_string();
    let backend: SocketAddr = lambda.url.trim_start_matches("http://").parse().unwrap();
    let direct_request = format!(
        "POST {path} HTTP/1.1\r\nHost: {backend}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{payload}",
        payload.len()
    )
    .into_bytes();
    let direct = timings(runs, || {
        let mut c = Connection::open(backend);
        assert_eq!(c.send(&direct_request), 200);
        let _ = lambda.next_event();
    });
    println!(
        "latency     Lambda proxy via serve ({runs}): p50 {}, p99 {}; straight to the endpoint: p50 {}, p99 {}; added: p50 {}, p99 {}",
        ms(percentile(&via, 0.5)),
        ms(percentile(&via, 0.99)),
        ms(percentile(&direct, 0.5)),
        ms(percentile(&direct, 0.99)),
        ms(percentile(&via, 0.5).saturating_sub(percentile(&direct, 0.5))),
        ms(percentile(&via, 0.99).saturating_sub(percentile(&direct, 0.99))),
    );

    // A runtime process per request: the least a container-per-request emulator adds. The
    // interpreter itself, not a launcher in front of it (pyenv's `python3` is a shell script
    // that adds about 100 ms here).
    let python = std::process::Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("start python3");
    let python = String::from_utf8(python.stdout)
        .expect("a path")
        .trim()
        .to_owned();
    let handler = r#"import json; print(json.dumps({"statusCode": 200, "body": "ok"}))"#;
    let spawned = timings(200, || {
        let out = std::process::Command::new(&python)
            .args(["-c", handler])
            .output()
            .expect("start python3");
        assert!(out.status.success());
    });
    println!(
        "latency     a python3 process per request (the least a container per request costs; no container measured): p50 {}, p99 {}",
        ms(percentile(&spawned, 0.5)),
        ms(percentile(&spawned, 0.99)),
    );
}
