//! A split stack deploys the documented way: the generated 300-resource stack file is
//! synthesized by the CLI into a parent and nested templates, `aws cloudformation package`
//! uploads the nested templates into the local engine's S3, `aws cloudformation deploy`
//! applies the packaged parent, and every method the stack file declares is found on the
//! deployed API with its authorizer, every CORS preflight answering on the stage.
//! tests/engine/nested_check.py does the AWS side and prints what the engine could not check.

mod support;

use support::engine::{Engine, POOL, text, venv_python};

use std::path::{Path, PathBuf};
use std::process::Command;

use apigw_synth::testing::generated_stack_file;

/// Every method the stack file declares, as nested_check.py expects them: the declared
/// verbs with the default authorizer, and a CORS preflight (no authorization) per route.
fn expected_methods(stack_file: &str, dir: &Path) -> PathBuf {
    let file: serde_yaml::Value = serde_yaml::from_str(stack_file).unwrap();
    let routes = file["api"]["routes"].as_mapping().unwrap();
    let authorizer = file["api"]["defaultAuthorizer"].as_str().unwrap();
    let mut methods = Vec::new();
    for (path, route) in routes {
        let path = path.as_str().unwrap();
        for verb in route.as_mapping().unwrap().keys() {
            methods.push(serde_json::json!({
                "path": path, "method": verb.as_str().unwrap(), "authorizer": authorizer,
            }));
        }
        methods.push(serde_json::json!({ "path": path, "method": "OPTIONS", "authorizer": null }));
    }
    assert_eq!(methods.len(), 1800);
    let path = dir.join("methods.json");
    std::fs::write(&path, serde_json::to_string(&methods).unwrap()).unwrap();
    path
}

#[test]
fn a_split_stack_packaged_into_the_engines_s3_deploys_with_every_method_and_authorizer() {
    let dir = tempfile::tempdir().unwrap();
    let stack_file = generated_stack_file("big-api", 300, 5);
    std::fs::write(dir.path().join("big-api.yaml"), &stack_file).unwrap();
    let o = support::bin()
        .current_dir(dir.path())
        .args(["synth", "--stack-file", "big-api.yaml", "--out", "out"])
        .output()
        .unwrap();
    assert!(o.status.success(), "synth failed:\n{}", text(&o));
    let expected = expected_methods(&stack_file, dir.path());

    let engine = Engine::start();
    let o = Command::new(venv_python())
        .arg(support::root().join("tests/engine/nested_check.py"))
        .arg("--state-dir")
        .arg(engine.state_dir())
        .arg("--parent")
        .arg(dir.path().join("out/big-api/big-api.template.json"))
        .args([
            "--stack-name",
            "big-api",
            "--param",
            &format!("UserPoolArn={POOL}"),
        ])
        .arg("--expected")
        .arg(&expected)
        .output()
        .unwrap();
    println!("{}", text(&o));
    assert!(
        o.status.success(),
        "the packaged split stack failed on the engine:\n{}",
        text(&o)
    );
}
