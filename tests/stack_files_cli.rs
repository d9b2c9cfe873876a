//! The CLI over stack files: `validate` reports every problem of a broken file with
//! file:line:column, `synth` picks up `stacks/` files (no compilation between an edit and
//! a new template), and a failing file means nothing is written.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Output;

fn run(args: &[&str]) -> Output {
    support::bin()
        .current_dir(support::root())
        .args(args)
        .output()
        .expect("run apigw-synth")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn broken_fixtures() -> Vec<PathBuf> {
    let dir = support::root().join("tests/fixtures/broken");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read broken fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}

#[test]
fn each_broken_stack_file_is_reported_with_file_line_and_column() {
    let fixtures = broken_fixtures();
    assert!(
        fixtures.len() >= 15,
        "only {} broken fixtures",
        fixtures.len()
    );
    for path in fixtures {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let shown = format!("tests/fixtures/broken/{name}");
        let output = run(&["validate", &shown]);
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{name} validated");
        assert!(output.stdout.is_empty(), "{name}: {}", text(&output.stdout));
        let problems: Vec<&str> = stderr.lines().filter(|l| l.contains(": error[")).collect();
        assert!(!problems.is_empty(), "{name}: {stderr}");
        for line in problems {
            let rest = line.strip_prefix(&format!("{shown}:")).unwrap_or_default();
            let mut numbers = rest.splitn(3, ':');
            let line_no = numbers.next().and_then(|n| n.parse::<usize>().ok());
            let column = numbers.next().and_then(|n| n.parse::<usize>().ok());
            assert!(
                line_no.is_some() && column.is_some(),
                "no file:line:column in {line}"
            );
        }
        support::with_snapshots(|| {
            insta::assert_snapshot!(format!("stack_file_error__{name}"), stderr);
        });
    }
}

#[test]
fn validate_accepts_the_issue_fixture_and_writes_nothing() {
    let output = run(&["validate", "tests/fixtures/eshop-fcj.yaml"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "ok tests/fixtures/eshop-fcj.yaml: stack `eshop-fcj`, 37 resources\n"
    );
}

#[test]
fn a_stack_file_named_like_a_rust_stack_is_an_error_at_its_stack_key() {
    let out = tempfile::tempdir().expect("tempdir");
    let output = run(&[
        "synth",
        "--stack-file",
        "tests/fixtures/eshop-fcj.yaml",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).starts_with(
            "tests/fixtures/eshop-fcj.yaml:2:1: error[duplicate-stack]: eshop-fcj: two stacks are named `eshop-fcj`"
        ),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

fn write_stack(dir: &Path, function: &str) {
    let stack = format!(
        "api:\n  name: status\n  routes:\n    /status:\n      GET: {{ lambda: {function}, public: true }}\n"
    );
    std::fs::write(dir.join("status.yaml"), stack).expect("write stack file");
}

#[test]
fn synth_picks_up_an_edited_stack_file_without_compiling() {
    let stacks = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    let args = [
        "synth",
        "--stacks",
        stacks.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ];
    write_stack(stacks.path(), "status-v1");
    assert!(run(&args).status.success());
    let first = std::fs::read_to_string(out.path().join("status.template.json")).unwrap();
    assert!(first.contains("function:status-v1/invocations"));

    write_stack(stacks.path(), "status-v2");
    assert!(run(&args).status.success());
    let second = std::fs::read_to_string(out.path().join("status.template.json")).unwrap();
    assert!(second.contains("function:status-v2/invocations"));
    assert!(out.path().join("eshop-fcj.template.json").exists());
}

#[test]
fn a_broken_stack_file_means_nothing_is_written() {
    let stacks = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    write_stack(stacks.path(), "bad name");
    let output = run(&[
        "synth",
        "--stacks",
        stacks.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("error[invalid-function-name]"));
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn the_committed_templates_include_the_stack_files_and_are_fresh() {
    let output = run(&["synth", "--check"]);
    assert!(output.status.success(), "{}", text(&output.stdout));
    assert!(
        support::root()
            .join("out/orders-preview.template.json")
            .exists()
    );
}

#[test]
fn the_template_of_the_example_stack_file_passes_cfn_lint() {
    let template = support::root().join("out/orders-preview.template.json");
    assert_eq!(support::lint(&[template]), "");
}

/// A stack file of stack `name` calling function `function` on `GET /status`.
fn write_named_stack(dir: &Path, name: &str, function: &str) {
    let stack = format!(
        "stack: {name}\napi:\n  name: {name}\n  routes:\n    /status:\n      GET: {{ lambda: {function}, public: true }}\n"
    );
    std::fs::write(dir.join(format!("{name}.yaml")), stack).expect("write stack file");
}

#[test]
fn synth_of_one_stack_does_not_read_the_stack_files_of_others() {
    let stacks = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    write_named_stack(stacks.path(), "status", "status-v1");
    write_named_stack(stacks.path(), "broken", "bad name");
    let synth = |names: &[&str]| {
        let mut args = vec!["synth", "--stacks", stacks.path().to_str().unwrap()];
        args.extend(["--out", out.path().to_str().unwrap()]);
        args.extend(names);
        run(&args)
    };
    let one = synth(&["status"]);
    assert!(one.status.success(), "{}", text(&one.stderr));
    assert!(out.path().join("status.template.json").exists());
    let every = synth(&[]);
    assert!(!every.status.success());
    assert!(text(&every.stderr).contains("error[invalid-function-name]"));
    let named = synth(&["broken"]);
    assert!(text(&named.stderr).contains("error[invalid-function-name]"));
}

#[test]
fn an_unknown_stack_name_lists_the_stack_files_left_unread() {
    let stacks = tempfile::tempdir().expect("tempdir");
    write_named_stack(stacks.path(), "status", "status-v1");
    let out = tempfile::tempdir().expect("tempdir");
    let dirs = [
        stacks.path().to_str().unwrap(),
        out.path().to_str().unwrap(),
    ];
    let output = run(&["synth", "nope", "--stacks", dirs[0], "--out", dirs[1]]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("stacks: eshop-fcj, status"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn the_cloudwatch_role_note_is_printed_once_for_every_stack_that_logs() {
    let stacks = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("tempdir");
    write_named_stack(stacks.path(), "status", "status-v1");
    write_named_stack(stacks.path(), "health", "health-v1");
    let output = run(&[
        "synth",
        "--stacks",
        stacks.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    let notes: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("CloudWatch role"))
        .collect();
    assert_eq!(notes.len(), 1, "{stderr}");
    assert!(
        notes[0].starts_with("note: eshop-fcj, health, status: access logs need"),
        "{stderr}"
    );
}
