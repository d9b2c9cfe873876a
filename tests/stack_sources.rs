//! Where a command's stacks come from: the Rust stacks compiled into a program, the stack
//! files of `stacks/` (or `--stacks DIR`, which must exist) and `--stack-file PATH`, the
//! same for `synth`, `list`, `diff` and `tree`. The `apigw-synth` tool has no Rust stacks:
//! run where there are only stack files, it writes only those.

use crate::support;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use support::text;

const STATUS: &str = "\
api:
  name: status
  routes:
    /status:
      GET: { mock: true, public: true }
";

fn run(mut command: Command, dir: &Path, args: &[&str]) -> Output {
    command.current_dir(dir).args(args).output().unwrap()
}

/// The file names in `dir`, sorted; empty when it does not exist.
fn names(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A directory holding `stacks/status.yaml` and nothing else.
fn only_a_stack_file() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("stacks")).unwrap();
    fs::write(dir.path().join("stacks/status.yaml"), STATUS).unwrap();
    dir
}

#[test]
fn the_tool_where_there_are_only_stack_files_writes_only_those() {
    let dir = only_a_stack_file();
    let o = run(support::tool(), dir.path(), &["synth"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        names(&dir.path().join("out")),
        ["apigw-synth.manifest", "status.template.json"]
    );
    let o = run(support::tool(), dir.path(), &["tree", "--color", "never"]);
    assert!(o.status.success(), "{}", text(&o));
    let tree = String::from_utf8_lossy(&o.stdout);
    assert!(tree.starts_with("stack status\n"), "{tree}");
    assert!(!tree.contains("eshop-fcj"), "{tree}");
}

#[test]
fn the_tool_with_no_stacks_anywhere_says_what_to_do_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(support::tool(), dir.path(), &["synth"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("no stacks: there is no stacks directory here"),
        "{t}"
    );
    assert!(t.contains("apigw-synth init"), "{t}");
    assert!(names(dir.path()).is_empty());
}

#[test]
fn the_tool_refuses_a_stack_directory_holding_rust_stacks() {
    // Run in a project with stacks written in Rust, the tool would see only its stack files
    // and remove the Rust stacks' templates from out/.
    let dir = only_a_stack_file();
    fs::write(dir.path().join("stacks/shop.rs"), "// a Rust stack\n").unwrap();
    let o = run(support::tool(), dir.path(), &["synth"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("stacks/shop.rs is a stack written in Rust"),
        "{t}"
    );
    assert!(t.contains("cargo run -- <command>"), "{t}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_stacks_directory_that_does_not_exist_is_an_error_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["synth", "list", "diff", "tree"] {
        let o = run(support::bin(), dir.path(), &[command, "--stacks", "stackz"]);
        assert!(!o.status.success(), "{command}: {}", text(&o));
        let t = text(&o);
        assert!(
            t.contains("error: --stacks stackz: no such directory"),
            "{command}: {t}"
        );
        assert!(names(dir.path()).is_empty(), "{command} wrote something");
    }
}

#[test]
fn a_stacks_path_that_is_a_file_is_an_error() {
    let dir = only_a_stack_file();
    let o = run(
        support::bin(),
        dir.path(),
        &["synth", "--stacks", "stacks/status.yaml"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("--stacks stacks/status.yaml: not a directory"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_missing_default_stacks_directory_leaves_the_rust_stacks() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(support::bin(), dir.path(), &["list"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("eshop-fcj.template.json"), "{}", text(&o));
}

#[test]
fn diff_and_tree_read_the_stacks_directory_given() {
    let dir = only_a_stack_file();
    fs::rename(dir.path().join("stacks"), dir.path().join("apis")).unwrap();
    fs::create_dir(dir.path().join("out")).unwrap();
    let o = run(
        support::bin(),
        dir.path(),
        &["diff", "status", "--stacks", "apis", "--color", "never"],
    );
    // No committed template: the whole stack is new, a change (exit 1).
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("GET /status"), "{}", text(&o));
    let o = run(
        support::bin(),
        dir.path(),
        &["tree", "status", "--stacks", "apis", "--color", "never"],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("GET"), "{}", text(&o));
}

#[test]
fn diff_and_tree_read_the_stack_files_given() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("status.yaml"), STATUS).unwrap();
    fs::create_dir(dir.path().join("out")).unwrap();
    for command in ["diff", "tree"] {
        let o = run(
            support::tool(),
            dir.path(),
            &[command, "--stack-file", "status.yaml", "--color", "never"],
        );
        assert!(o.status.code() != Some(2), "{command}: {}", text(&o));
        assert!(text(&o).contains("/status"), "{command}: {}", text(&o));
    }
}

#[test]
fn diff_of_a_broken_stack_file_names_file_line_and_column_and_exits_2() {
    let dir = only_a_stack_file();
    let broken = STATUS.replace("mock: true, public: true", "mock: true");
    fs::write(dir.path().join("stacks/status.yaml"), broken).unwrap();
    let o = run(support::tool(), dir.path(), &["diff"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let t = String::from_utf8_lossy(&o.stderr);
    assert!(
        t.contains("stacks/status.yaml:5:") && t.contains("error[no-authorizer]"),
        "{t}"
    );
    assert!(t.ends_with("nothing was compared\n"), "{t}");
    assert!(o.stdout.is_empty());
}

#[test]
fn diff_of_two_files_takes_no_stack_sources() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        support::tool(),
        dir.path(),
        &[
            "diff", "--old", "a.json", "--new", "b.json", "--stacks", "x",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("cannot be used with"), "{}", text(&o));
}
