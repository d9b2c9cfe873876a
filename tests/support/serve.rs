//! The harness of `serve`'s tests and benchmark: the server as a child process on an
//! ephemeral port, a plain HTTP/1.1 client with timeouts, tokens minted with the test key
//! of tests/fixtures/serve/, and a test Lambda endpoint that records the events it gets.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};

/// The fixtures folder.
pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve")
}

/// The issuer of the fixture's created pool `shop-customers` in us-east-1.
pub(crate) const ISSUER: &str =
    "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_shopcustomers";
/// The local client id of the fixture's client `shop-web`.
pub(crate) const CLIENT: &str = "shop-web";

/// A running `serve`, killed when dropped.
pub(crate) struct Server {
    child: Child,
    /// The address it listens on.
    pub(crate) addr: SocketAddr,
    /// What it printed at start.
    pub(crate) banner: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// `apigw-synth serve serve-shop --stack-file tests/fixtures/serve/shop.yaml --port 0
    /// --jwks tests/fixtures/serve/jwks.json` plus `extra`.
    pub(crate) fn shop(extra: &[&str]) -> Self {
        let jwks = fixtures().join("jwks.json").display().to_string();
        let mut args = vec!["--jwks", jwks.as_str()];
        args.extend_from_slice(extra);
        Self::fixture("serve-shop", "shop.yaml", &args)
    }

    /// `apigw-synth serve STACK --stack-file tests/fixtures/serve/FILE --port 0` plus `extra`.
    pub(crate) fn fixture(stack: &str, file: &str, extra: &[&str]) -> Self {
        let mut args: Vec<String> = vec![
            "serve".into(),
            stack.into(),
            "--stack-file".into(),
            fixtures().join(file).display().to_string(),
            "--port".into(),
            "0".into(),
        ];
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        Self::start(&args)
    }

    /// `apigw-synth` (no stacks compiled in) with `args`; waits for the address line.
    pub(crate) fn start(args: &[String]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_apigw-synth"))
            .args(args)
            // Away from the repository's stacks/ (Rust stacks this tool does not have).
            .current_dir(fixtures())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start apigw-synth serve");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(Vec::new()));
        collect(stderr, log.clone());
        let (tx, rx) = channel();
        thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let mut banner = String::new();
            while let Some(Ok(line)) = lines.next() {
                banner.push_str(&line);
                banner.push('\n');
                let _ = tx.send(banner.clone());
            }
        });
        let first = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| {
                let _ = child.kill();
                thread::sleep(Duration::from_millis(100));
                panic!(
                    "serve printed no address; stderr: {:?}",
                    log.lock().unwrap()
                )
            });
        // The rest of the banner follows at once.
        thread::sleep(Duration::from_millis(50));
        let banner = rx.try_iter().last().unwrap_or(first);
        let addr = banner
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|a| a.parse().ok())
            .expect("an address in the first line");
        Self {
            child,
            addr,
            banner,
            log,
        }
    }

    /// Sends `method path` with `headers` (and `body`), `Connection: close`.
    pub(crate) fn call(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
        self.call_with_body(method, path, headers, b"")
    }

    /// [`call`](Self::call) with a body.
    pub(crate) fn call_with_body(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        call_at(self.addr, method, path, headers, body)
    }

    /// The log lines so far.
    pub(crate) fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// Waits up to a second for a log line containing `needle`.
    pub(crate) fn logged(&self, needle: &str) -> String {
        for _ in 0..100 {
            if let Some(line) = self.log().into_iter().find(|l| l.contains(needle)) {
                return line;
            }
            thread::sleep(Duration::from_millis(10));
        }
        panic!("no log line with {needle:?}: {:?}", self.log())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn collect(stderr: ChildStderr, log: Arc<Mutex<Vec<String>>>) {
    thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            log.lock().unwrap().push(line);
        }
    });
}

/// Sends `method path` with `headers` and `body` to `addr` over a new connection
/// (`Connection: close`) and reads the whole answer.
pub(crate) fn call_at(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(request.as_bytes()).expect("send");
    stream.write_all(body).expect("send body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the answer");
    Answer::parse(&raw)
}

/// A backend on 127.0.0.1 that answers every request with `answer` (a whole HTTP/1.1
/// response) and sends each request it got, as text (head, blank line, body), on the channel;
/// its URL (`http://127.0.0.1:PORT`) and that channel.
pub(crate) fn recording_backend(answer: String) -> (String, Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = channel();
    thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let mut reader = BufReader::new(stream);
            let (head, body) = read_request(&mut reader);
            let _ = tx.send(format!("{head}\r\n{}", String::from_utf8_lossy(&body)));
            let _ = reader.get_mut().write_all(answer.as_bytes());
        }
    });
    (url, rx)
}

/// One HTTP/1.1 request read from `reader`: its request line and headers (empty when the
/// client sent nothing, or refused a TLS handshake), and its `Content-Length` body.
pub(crate) fn read_request(reader: &mut impl BufRead) -> (String, Vec<u8>) {
    let mut head = String::new();
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
        head.push_str(&line);
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    (head, body)
}

/// An HTTP answer.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    /// The status.
    pub(crate) status: u16,
    /// Headers, names lower-cased.
    pub(crate) headers: Vec<(String, String)>,
    /// The body as text (bytes that are not UTF-8 replaced).
    pub(crate) body: String,
    /// The body's bytes.
    pub(crate) bytes: Vec<u8>,
}

impl Answer {
    fn parse(raw: &[u8]) -> Self {
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n");
        let bytes = split.map_or_else(Vec::new, |at| raw[at + 4..].to_vec());
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {text:?}"));
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        Self {
            status,
            headers,
            body: body.to_owned(),
            bytes,
        }
    }

    /// A header's value.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {:?}", self.body))
    }
}

/// Seconds since the epoch.
pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The claims of a valid ID token of the fixture's pool and client.
pub(crate) fn id_claims() -> Value {
    json!({
        "sub": "user-1", "iss": ISSUER, "aud": CLIENT, "token_use": "id",
        "email": "a@example.com", "cognito:groups": ["buyers"],
        "iat": now(), "exp": now() + 600,
    })
}

/// The claims of a valid access token with `scope`.
pub(crate) fn access_claims(scope: &str) -> Value {
    json!({
        "sub": "user-1", "iss": ISSUER, "client_id": CLIENT, "token_use": "access",
        "scope": scope, "iat": now(), "exp": now() + 600,
    })
}

/// `claims` signed RS256 with the test key (kid `test-key-1`).
pub(crate) fn mint(claims: &Value) -> String {
    mint_with("test-key.pem", "test-key-1", claims)
}

/// `claims` signed RS256 with the key in fixture `pem`, header kid `kid`.
pub(crate) fn mint_with(pem: &str, kid: &str, claims: &Value) -> String {
    let key = std::fs::read(fixtures().join(pem)).expect("test key");
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.to_owned());
    encode(
        &header,
        claims,
        &EncodingKey::from_rsa_pem(&key).expect("RSA key"),
    )
    .expect("sign")
}

/// A test Lambda endpoint: answers every invocation with `answer` (after `delay`) and
/// sends the path and event it got.
pub(crate) struct LambdaEndpoint {
    /// Its base URL.
    pub(crate) url: String,
    /// (request path, event) of each invocation.
    pub(crate) events: Receiver<(String, Value)>,
    /// The last invocation's (request path, event).
    last: Arc<Mutex<Option<(String, Value)>>>,
}

impl LambdaEndpoint {
    /// An endpoint answering `answer` at once.
    pub(crate) fn answering(answer: &str) -> Self {
        Self::answering_after(answer, Duration::ZERO)
    }

    /// An endpoint answering `answer` after `delay`.
    pub(crate) fn answering_after(answer: &str, delay: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, events) = channel();
        let answer = answer.to_owned();
        let last = Arc::new(Mutex::new(None));
        let keep = last.clone();
        thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let tx: Sender<(String, Value)> = tx.clone();
                let answer = answer.clone();
                let keep = keep.clone();
                thread::spawn(move || serve_one(stream, &tx, &keep, &answer, delay));
            }
        });
        Self { url, events, last }
    }

    /// One event already received (or the next), for replaying it.
    pub(crate) fn next_event_or_last(&self) -> (String, Value) {
        self.last
            .lock()
            .unwrap()
            .clone()
            .unwrap_or_else(|| self.next_event())
    }

    /// The next event, within 5 s.
    pub(crate) fn next_event(&self) -> (String, Value) {
        self.events
            .recv_timeout(Duration::from_secs(5))
            .expect("an invocation")
    }
}

fn serve_one(
    stream: TcpStream,
    tx: &Sender<(String, Value)>,
    last: &Mutex<Option<(String, Value)>>,
    answer: &str,
    delay: Duration,
) {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split(' ').nth(1).unwrap_or("").to_owned();
    let mut length = 0;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let event: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    *last.lock().unwrap() = Some((path.clone(), event.clone()));
    let _ = tx.send((path, event));
    thread::sleep(delay);
    let mut stream = reader.into_inner();
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    );
}
