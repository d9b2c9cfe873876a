//! `access`: who can call each method, as text and JSON, read from the review model: the
//! stacks of this repository (eshop-fcj behind one Cognito pool; partners behind Lambda
//! authorizers with API keys and a usage plan), a split stack read through its nested
//! templates, and an API defined by an OpenAPI body, which reads as the same callers as the
//! template it was exported from.

use crate::support;

use std::path::Path;
use std::process::Output;

use apigw_synth::testing::{generated_stack_spec, stack_file_yaml};
use serde_json::{Value, json};
use support::{code, stderr, stdout};

fn run_in(dir: &Path, args: &[&str]) -> Output {
    support::bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run apigw-synth")
}

fn run(args: &[&str]) -> Output {
    run_in(support::root(), args)
}

fn json_of(o: &Output) -> Value {
    assert_eq!(code(o), 0, "{}{}", stdout(o), stderr(o));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

/// The `methods` of the first API of the first stack of an `access --format json` output.
fn methods(view: &Value) -> &Vec<Value> {
    view[0]["apis"][0]["methods"].as_array().expect("methods")
}

#[test]
fn access_of_eshop_fcj_names_its_cognito_pool_for_every_method() {
    let o = run(&["access", "eshop-fcj", "--color", "never"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    support::with_snapshots(|| insta::assert_snapshot!("access_eshop_fcj", stdout(&o)));
}

#[test]
fn access_of_eshop_fcj_as_json() {
    let o = run(&["access", "eshop-fcj", "--format", "json"]);
    let view = json_of(&o);
    support::with_snapshots(|| insta::assert_snapshot!("access_eshop_fcj_json", stdout(&o)));
    assert!(
        methods(&view)
            .iter()
            .all(|m| m["caller"]["kind"] == "cognito"
                && m["caller"]["userPools"] == json!(["${UserPoolArn}"]))
    );
}

#[test]
fn access_of_partners_names_each_lambda_function_key_and_usage_plan() {
    let o = run(&["access", "partners", "--color", "never"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    support::with_snapshots(|| insta::assert_snapshot!("access_partners", stdout(&o)));
}

#[test]
fn access_of_partners_as_json() {
    let o = run(&["access", "partners", "--format", "json"]);
    let view = json_of(&o);
    support::with_snapshots(|| insta::assert_snapshot!("access_partners_json", stdout(&o)));
    let orders = methods(&view)
        .iter()
        .find(|m| m["method"] == "POST" && m["path"] == "/orders")
        .expect("POST /orders");
    assert_eq!(orders["caller"]["function"], "check-partner-token");
    assert_eq!(orders["apiKey"]["usagePlans"], json!(["standard"]));
    assert_eq!(orders["apiKey"]["keys"], json!(["partner-a", "partner-b"]));
    assert_eq!(
        orders["apiKey"]["methodThrottles"],
        json!(["standard: rate 5/s, burst 10"])
    );
}

#[test]
fn a_created_pool_says_whether_anyone_may_sign_up() {
    let o = run(&["access", "orders-preview", "--format", "json"]);
    let view = json_of(&o);
    let pools = &view[0]["apis"][0]["authorizers"][0]["userPools"];
    assert_eq!(
        pools,
        &json!([{"pool": "orders-preview-customers", "created": true, "selfSignUp": false}])
    );
}

#[test]
fn a_public_method_is_shown_in_red_with_its_reason() {
    let o = run(&["access", "partners", "--color", "always"]);
    assert!(
        stdout(&o).contains("\u{1b}[1m\u{1b}[31mPUBLIC: anyone (public on purpose: partners"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_split_stack_reads_the_same_from_synth_and_from_its_parent_template() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("stacks")).expect("stacks/");
    let spec = generated_stack_spec("big-api", 300, 5);
    std::fs::write(
        dir.path().join("stacks/big-api.yaml"),
        stack_file_yaml(&spec),
    )
    .expect("write");
    let o = run_in(dir.path(), &["synth", "big-api", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        dir.path().join("out/big-api").is_dir(),
        "the stack is split"
    );

    let synthesized = json_of(&run_in(
        dir.path(),
        &["access", "big-api", "--format", "json"],
    ));
    let parent = json_of(&run_in(
        dir.path(),
        &[
            "access",
            "--template",
            "out/big-api/big-api.template.json",
            "--format",
            "json",
        ],
    ));
    assert_eq!(synthesized[0]["apis"], parent[0]["apis"]);
    let methods = methods(&synthesized);
    assert_eq!(methods.len(), 1500);
    assert!(
        methods.iter().all(|m| m["caller"]["kind"] == "cognito"
            && m["caller"]["userPools"] == json!(["${UserPoolArn}"])),
        "every method of every nested template reads as its Cognito authorizer"
    );
}

#[test]
fn an_openapi_body_reads_as_the_callers_of_the_template_it_was_exported_from() {
    let o = run(&[
        "openapi",
        "--template",
        "out/partners.template.json",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let body: Value = serde_json::from_slice(&o.stdout).expect("OpenAPI JSON");
    let dir = tempfile::tempdir().expect("temp dir");
    let template = json!({"Resources": {"Api": {
        "Type": "AWS::ApiGateway::RestApi", "Properties": {"Body": body}}}});
    let path = dir.path().join("partners-body.json");
    std::fs::write(&path, template.to_string()).expect("write");

    let from_body = json_of(&run(&[
        "access",
        "--template",
        path.to_str().expect("UTF-8"),
        "--format",
        "json",
    ]));
    let from_template = json_of(&run(&["access", "partners", "--format", "json"]));
    // The body keeps no reason for a public method (the template's checkov metadata).
    let callers = |view: &Value| -> Vec<Value> {
        methods(view)
            .iter()
            .map(|m| {
                let mut caller = m["caller"].clone();
                caller.as_object_mut().expect("caller").remove("reason");
                json!([m["method"], m["path"], caller, m["apiKey"].is_object()])
            })
            .collect()
    };
    assert_eq!(callers(&from_body), callers(&from_template));
}

#[test]
fn an_unknown_stack_is_an_error() {
    let o = run(&["access", "no-such-stack"]);
    assert_ne!(code(&o), 0);
    assert!(stderr(&o).contains("no-such-stack"), "{}", stderr(&o));
}
