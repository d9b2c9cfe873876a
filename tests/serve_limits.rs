//! `serve` throttles and counts as API Gateway does: a usage plan's `Throttle` is a token
//! bucket per API key, its per-method throttle one per key and method, its `Quota` a count
//! per key; the stage's method settings throttle a method for every caller. Refusals are
//! 429 through the gateway responses, and the log names the rule
//! (tests/fixtures/serve/limits.yaml). Every rate is 1/s and each test sends its few
//! requests at once, so no bucket refills in between.

use serde_json::json;

use crate::serve::serve_support::{Answer, Server, fixtures};

/// `serve serve-limits --stage test` with the keys' values given.
fn limits() -> Server {
    limits_on("test")
}

/// `serve serve-limits --stage STAGE` with the keys' values given.
fn limits_on(stage: &str) -> Server {
    let stack = fixtures().join("limits.yaml");
    let args: Vec<String> = [
        "serve",
        "serve-limits",
        "--stack-file",
        &stack.display().to_string(),
        "--port",
        "0",
        "--api-key",
        "bursty-a=secret-a",
        "--api-key",
        "bursty-b=secret-b",
        "--api-key",
        "counted=secret-c",
        "--api-key",
        "prod-key=secret-p",
        "--stage",
        stage,
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    Server::start(&args)
}

fn get(server: &Server, path: &str, key: Option<&str>) -> Answer {
    let headers: Vec<(&str, &str)> = key.map(|k| ("x-api-key", k)).into_iter().collect();
    server.call("GET", path, &headers)
}

fn assert_throttled(answer: &Answer) {
    assert_eq!(answer.status, 429, "{answer:?}");
    assert_eq!(answer.json(), json!({"message": "Too Many Requests"}));
}

#[test]
fn a_usage_plans_burst_lets_that_many_requests_of_a_key_through_then_429() {
    let server = limits();
    for _ in 0..2 {
        assert_eq!(get(&server, "/test/items", Some("secret-a")).status, 200);
    }
    let answer = get(&server, "/test/items", Some("secret-a"));
    assert_throttled(&answer);
    // DEFAULT_4XX's CORS headers, as on every other refusal.
    assert_eq!(
        answer.header("Access-Control-Allow-Origin"),
        Some("https://shop.example.com")
    );
    let line = server.logged(" 429 ");
    assert!(
        line.ends_with("refused: usage plan bursts: key bursty-a over rate 1/s, burst 2"),
        "{line}"
    );
}

#[test]
fn another_key_of_the_plan_has_its_own_bucket() {
    let server = limits();
    for _ in 0..2 {
        assert_eq!(get(&server, "/test/items", Some("secret-a")).status, 200);
    }
    assert_throttled(&get(&server, "/test/items", Some("secret-a")));
    assert_eq!(get(&server, "/test/items", Some("secret-b")).status, 200);
}

#[test]
fn a_plans_method_throttle_limits_the_key_on_that_method_only() {
    let server = limits();
    assert_eq!(get(&server, "/test/reports", Some("secret-a")).status, 200);
    assert_throttled(&get(&server, "/test/reports", Some("secret-a")));
    let line = server.logged(" 429 ");
    assert!(
        line.ends_with(
            "refused: usage plan bursts, GET /reports: key bursty-a over rate 1/s, burst 1"
        ),
        "{line}"
    );
    // The plan's own bucket (burst 2) has a token left for another method.
    assert_eq!(get(&server, "/test/items", Some("secret-a")).status, 200);
}

#[test]
fn a_quota_of_three_a_day_refuses_the_fourth_request_with_limit_exceeded() {
    // A UTC midnight between the requests would start a new period; the scenario then runs
    // again, which it can need at most once.
    let (server, first_three, fourth, other_plan) = loop {
        let day = utc_day();
        let server = limits();
        let first_three: Vec<u16> = (0..3)
            .map(|_| get(&server, "/test/items", Some("secret-c")).status)
            .collect();
        let fourth = get(&server, "/test/items", Some("secret-c"));
        let other_plan = get(&server, "/test/items", Some("secret-b")).status;
        if utc_day() == day {
            break (server, first_three, fourth, other_plan);
        }
    };
    assert_eq!(first_three, [200, 200, 200]);
    assert!(
        server.logged("2 of quota").ends_with(
            "allowed: public, API key counted (usage plan daily, 2 of quota 3 per DAY) → MOCK"
        ),
        "{:?}",
        server.log()
    );
    assert_eq!(fourth.status, 429, "{fourth:?}");
    assert_eq!(fourth.json(), json!({"message": "Limit Exceeded"}));
    // The template's QUOTA_EXCEEDED response.
    assert_eq!(fourth.header("X-Quota"), Some("used-up"));
    let line = server.logged(" 429 ");
    assert!(
        line.ends_with("refused: usage plan daily: key counted over quota 3 per DAY"),
        "{line}"
    );
    // Another plan's key is not counted against it.
    assert_eq!(other_plan, 200);
}

/// Days since 1970-01-01 in UTC: a quota's `DAY` period as serve counts it.
fn utc_day() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400)
}

#[test]
fn a_stage_method_setting_throttles_every_caller_of_that_method() {
    let server = limits();
    assert_eq!(get(&server, "/test/busy", None).status, 200);
    assert_throttled(&get(&server, "/test/busy", None));
    let line = server.logged(" 429 ");
    assert!(
        line.ends_with("refused: stage test method settings GET /busy over rate 1/s, burst 1"),
        "{line}"
    );
    for _ in 0..3 {
        assert_eq!(get(&server, "/test/calm", None).status, 200);
    }
}

#[test]
fn a_key_whose_plan_is_bound_to_another_stage_is_refused() {
    let server = limits();
    let answer = get(&server, "/test/items", Some("secret-p"));
    assert_eq!(answer.status, 403, "{answer:?}");
    assert_eq!(answer.json(), json!({"message": "Forbidden"}));
    // On its own stage it is accepted, and the other stage's keys are not.
    let prod = limits_on("prod");
    assert_eq!(get(&prod, "/prod/items", Some("secret-p")).status, 200);
    assert_eq!(get(&prod, "/prod/items", Some("secret-a")).status, 403);
}

#[test]
fn the_banner_lists_what_the_stage_throttles_and_what_each_plan_limits() {
    let server = limits();
    let banner = &server.banner;
    for line in [
        "  throttled: GET /busy, rate 1/s, burst 1 (stage test method settings GET /busy)",
        "  usage plan bursts (keys bursty-a, bursty-b): rate 1/s, burst 2; GET /reports: rate 1/s, burst 1",
        "  usage plan daily (keys counted): quota 3 per DAY",
    ] {
        assert!(
            banner.lines().any(|l| l == line),
            "{line:?} not in:\n{banner}"
        );
    }
    // The plan bound to another stage is not served here.
    assert!(!banner.contains("prod-only"), "{banner}");
}
