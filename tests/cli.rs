//! The command line: `synth` writes, checks and formats templates; `list` counts; bad use
//! exits non-zero with a readable message and writes nothing.

use crate::support;

use support::text;

use std::fs;
use std::path::Path;
use std::process::Output;

fn run(dir: &Path, args: &[&str]) -> Output {
    support::bin().current_dir(dir).args(args).output().unwrap()
}

fn committed(name: &str) -> String {
    fs::read_to_string(support::root().join("out").join(name)).unwrap()
}

#[test]
fn synth_without_arguments_writes_every_stack_to_out() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["synth"]);
    assert!(o.status.success(), "{}", text(&o));
    let written = fs::read_to_string(dir.path().join("out/eshop-fcj.template.json")).unwrap();
    assert_eq!(written, committed("eshop-fcj.template.json"));
}

#[test]
fn synth_leaves_unchanged_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["synth"]).status.success());
    let o = run(dir.path(), &["synth"]);
    assert!(
        text(&o).contains("unchanged out/eshop-fcj.template.json"),
        "{}",
        text(&o)
    );
}

#[test]
fn synth_check_fails_with_a_diff_and_the_regenerate_command_when_out_is_stale() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("out")).unwrap();
    let stale = committed("eshop-fcj.template.json").replace("Dev environment", "Old text");
    fs::write(dir.path().join("out/eshop-fcj.template.json"), &stale).unwrap();
    let o = run(dir.path(), &["synth", "--check"]);
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert!(
        t.contains("-        \"Description\": \"Old text\",\n"),
        "{t}"
    );
    assert!(
        t.contains("+        \"Description\": \"Dev environment\",\n"),
        "{t}"
    );
    assert!(t.contains("run `cargo run -- synth` to regenerate"), "{t}");
    assert_eq!(
        fs::read_to_string(dir.path().join("out/eshop-fcj.template.json")).unwrap(),
        stale
    );
}

#[test]
fn synth_check_fails_when_a_template_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["synth", "--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        !dir.path().join("out").exists(),
        "--check must write nothing"
    );
}

#[test]
fn synth_check_fails_on_a_template_no_stack_produces() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["synth"]).status.success());
    fs::write(dir.path().join("out/old-api.template.json"), "{}\n").unwrap();
    let o = run(dir.path(), &["synth", "--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("old-api.template.json: no stack produces this file"),
        "{}",
        text(&o)
    );
}

#[test]
fn synth_writes_to_the_directory_given_with_out() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        dir.path(),
        &["synth", "eshop-fcj", "--out", "build/templates"],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        dir.path()
            .join("build/templates/eshop-fcj.template.json")
            .exists()
    );
}

#[test]
fn synth_yaml_holds_the_same_template_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["synth", "--format", "yaml"]);
    assert!(o.status.success(), "{}", text(&o));
    let yaml = fs::read_to_string(dir.path().join("out/eshop-fcj.template.yaml")).unwrap();
    assert!(
        !yaml.contains('!'),
        "long-form intrinsics only, no YAML tags"
    );
    let from_yaml: serde_json::Value = serde_yaml::from_str(&yaml).unwrap();
    let from_json: serde_json::Value =
        serde_json::from_str(&committed("eshop-fcj.template.json")).unwrap();
    assert_eq!(from_yaml, from_json);
}

#[test]
fn synth_yaml_passes_cfn_lint() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        run(dir.path(), &["synth", "--format", "yaml"])
            .status
            .success()
    );
    let report = support::lint(&[dir.path().join("out/eshop-fcj.template.yaml")]);
    assert!(report.trim().is_empty(), "{report}");
}

#[test]
fn unknown_stack_name_is_an_error_listing_the_stacks() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["synth", "eshop"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("no stack named `eshop` (stacks: eshop-fcj)"),
        "{}",
        text(&o)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn help_describes_synth_options() {
    let o = run(support::root(), &["synth", "--help"]);
    let t = text(&o);
    for flag in ["--out", "--format", "--check"] {
        assert!(t.contains(flag), "{t}");
    }
}

#[test]
fn cfn_lint_gate_reports_a_broken_template() {
    // The lint gate is only worth something if it can fail: a Method without RestApiId.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.template.json");
    fs::write(
        &path,
        r#"{"Resources":{"M":{"Type":"AWS::ApiGateway::Method","Properties":{"HttpMethod":"GET","ResourceId":"x","AuthorizationType":"NONE"}}}}"#,
    )
    .unwrap();
    assert!(support::lint(&[path]).contains("RestApiId"));
}
