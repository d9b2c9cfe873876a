//! Everything the tool reads is a regular file read with a cap: stack files (`validate`,
//! `--stack-file`, `stacks/`), committed templates (`synth --check`, `diff`, `tree`) and
//! nested templates. A FIFO, a device, a directory or a broken symlink is an error naming
//! the file, never a hang or an endless read; a template past the size or nesting limit
//! fails at once. Each command runs with a deadline, so a hang fails the test instead of
//! blocking the suite.

use crate::support;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::text;

/// Long enough for any command on a loaded machine; a hang runs into it.
const DEADLINE: Duration = Duration::from_secs(20);

/// Runs `cmd` to completion, killing it (and failing the test) past [`DEADLINE`].
fn finish(mut cmd: Command) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > DEADLINE {
            child.kill().unwrap();
            let o = child.wait_with_output().unwrap();
            panic!("hung; killed after {DEADLINE:?}:\n{}", text(&o));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = support::bin();
    cmd.current_dir(dir).args(args);
    finish(cmd)
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A directory holding `stacks/` with one good stack file.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("stacks")).unwrap();
    fs::copy(
        support::root().join("stacks/orders-preview.yaml"),
        dir.path().join("stacks/orders-preview.yaml"),
    )
    .unwrap();
    dir
}

/// The command failed, wrote nothing to `out/`, and its message has every one of `parts`.
fn assert_refused(dir: &Path, o: &Output, parts: &[&str]) {
    assert!(!o.status.success(), "succeeded:\n{}", text(o));
    let t = text(o);
    for part in parts {
        assert!(t.contains(part), "no `{part}` in:\n{t}");
    }
    assert!(!dir.join("out").exists(), "out/ was written");
}

// Stack files.

#[test]
fn validate_refuses_a_fifo_naming_it() {
    let dir = project();
    mkfifo(&dir.path().join("pipe.yaml"));
    let o = run(dir.path(), &["validate", "pipe.yaml"]);
    assert_refused(
        dir.path(),
        &o,
        &["pipe.yaml: error[not-a-file]: is a FIFO (named pipe), not a regular file"],
    );
}

#[test]
fn a_stack_file_option_naming_a_fifo_is_refused() {
    let dir = project();
    mkfifo(&dir.path().join("pipe.yaml"));
    let o = run(dir.path(), &["synth", "--stack-file", "pipe.yaml"]);
    assert_refused(
        dir.path(),
        &o,
        &["pipe.yaml: error[not-a-file]", "nothing was written"],
    );
}

#[test]
fn a_fifo_in_the_stacks_directory_is_refused() {
    let dir = project();
    mkfifo(&dir.path().join("stacks/pipe.yaml"));
    let o = run(dir.path(), &["synth"]);
    assert_refused(
        dir.path(),
        &o,
        &["stacks/pipe.yaml: error[not-a-file]: is a FIFO"],
    );
}

#[test]
fn a_symlink_to_a_device_is_refused_without_reading_it() {
    let dir = project();
    symlink("/dev/zero", dir.path().join("stacks/zero.yaml")).unwrap();
    let o = run(dir.path(), &["synth"]);
    assert_refused(
        dir.path(),
        &o,
        &["stacks/zero.yaml: error[not-a-file]: is a character device, not a regular file"],
    );
}

#[test]
fn a_dangling_symlink_in_the_stacks_directory_is_an_error_not_skipped() {
    let dir = project();
    symlink("gone.yaml", dir.path().join("stacks/shop.yaml")).unwrap();
    let o = run(dir.path(), &["synth"]);
    assert_refused(
        dir.path(),
        &o,
        &["stacks/shop.yaml: error[unreadable]: is a symlink to `gone.yaml`, which does not exist"],
    );
}

#[test]
fn a_symlink_loop_in_the_stacks_directory_is_an_error_not_skipped() {
    let dir = project();
    symlink("b.yaml", dir.path().join("stacks/a.yaml")).unwrap();
    symlink("a.yaml", dir.path().join("stacks/b.yaml")).unwrap();
    let o = run(dir.path(), &["synth"]);
    assert_refused(
        dir.path(),
        &o,
        &[
            "stacks/a.yaml: error[unreadable]: is a symlink loop",
            "stacks/b.yaml: error[unreadable]: is a symlink loop",
        ],
    );
}

#[test]
fn a_directory_named_like_a_stack_file_in_the_stacks_directory_is_an_error() {
    let dir = project();
    fs::create_dir(dir.path().join("stacks/old.yaml")).unwrap();
    let o = run(dir.path(), &["synth"]);
    assert_refused(
        dir.path(),
        &o,
        &["stacks/old.yaml: error[not-a-file]: is a directory"],
    );
}

#[test]
fn a_stack_file_named_two_ways_is_read_once() {
    let dir = project();
    let o = run(
        dir.path(),
        &["synth", "--stack-file", "./stacks/orders-preview.yaml"],
    );
    assert!(o.status.success(), "{}", text(&o));
}

// Templates read by `diff` and `tree`, and their nested templates.

const PETS: &str = "tests/fixtures/review/pets.json";

fn pets() -> String {
    support::root().join(PETS).display().to_string()
}

#[test]
fn diff_refuses_a_fifo_as_a_template() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("old.json"));
    let o = run(dir.path(), &["diff", "--old", "old.json", "--new", &pets()]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("old.json: is a FIFO (named pipe), not a regular file"),
        "{}",
        text(&o)
    );
}

#[test]
fn tree_refuses_a_symlink_to_a_device_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    symlink("/dev/zero", dir.path().join("t.yaml")).unwrap();
    let o = run(dir.path(), &["tree", "--template", "t.yaml"]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("t.yaml: is a character device, not a regular file"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_template_over_the_size_limit_is_an_error_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let padding = "x".repeat(1024 * 1024);
    let big = format!("{{\"Description\": \"{padding}\", \"Resources\": {{}}}}\n");
    fs::write(dir.path().join("big.json"), big).unwrap();
    let o = run(dir.path(), &["tree", "--template", "big.json"]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("big.json: has more than 1048576 bytes (1 MiB)"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_yaml_template_nested_past_the_limit_fails_before_parsing() {
    // 100,000 `[` took serde_yaml 29 s to refuse; the event stream stops at the limit.
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("Resources: {}\n", "[".repeat(100_000));
    fs::write(dir.path().join("deep.yaml"), deep).unwrap();
    let o = run(
        dir.path(),
        &["diff", "--old", "deep.yaml", "--new", &pets()],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("deep.yaml:1:"),
        "names the file and place: {}",
        text(&o)
    );
    assert!(
        text(&o).contains("nested deeper than 128 levels"),
        "{}",
        text(&o)
    );
}

/// A split template's parent naming `N1.template.json` beside it.
const PARENT: &str = r#"{
  "Resources": {
    "N1": {
      "Type": "AWS::CloudFormation::Stack",
      "Properties": { "TemplateURL": "./N1.template.json" }
    }
  }
}
"#;

#[test]
fn a_nested_template_that_is_a_fifo_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p.template.json"), PARENT).unwrap();
    mkfifo(&dir.path().join("N1.template.json"));
    let o = run(dir.path(), &["tree", "--template", "p.template.json"]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("N1.template.json: is a FIFO (named pipe), not a regular file"),
        "{}",
        text(&o)
    );
}

// Committed templates in `out/`.

/// A directory where `synth` of the compiled-in stack has written `out/`.
fn synthesized() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["synth"]);
    assert!(o.status.success(), "{}", text(&o));
    dir
}

const TEMPLATE: &str = "out/eshop-fcj.template.json";

#[test]
fn synth_check_reports_a_fifo_in_out_instead_of_hanging() {
    let dir = synthesized();
    fs::remove_file(dir.path().join(TEMPLATE)).unwrap();
    mkfifo(&dir.path().join(TEMPLATE));
    let o = run(dir.path(), &["synth", "--check"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains(&format!(
            "{TEMPLATE}: is a FIFO (named pipe), not a regular file"
        )),
        "{}",
        text(&o)
    );
}

#[test]
fn synth_refuses_to_replace_a_fifo_in_out() {
    let dir = synthesized();
    fs::remove_file(dir.path().join(TEMPLATE)).unwrap();
    mkfifo(&dir.path().join(TEMPLATE));
    let o = run(dir.path(), &["synth"]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains(&format!("replace {TEMPLATE}: it is a FIFO (named pipe)")),
        "{}",
        text(&o)
    );
    let kind = fs::symlink_metadata(dir.path().join(TEMPLATE))
        .unwrap()
        .file_type();
    assert!(
        std::os::unix::fs::FileTypeExt::is_fifo(&kind),
        "the FIFO is left alone"
    );
}

#[test]
fn diff_refuses_a_fifo_in_out() {
    let dir = synthesized();
    fs::remove_file(dir.path().join(TEMPLATE)).unwrap();
    mkfifo(&dir.path().join(TEMPLATE));
    let o = run(dir.path(), &["diff"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("is a FIFO"), "{}", text(&o));
}

#[test]
fn synth_check_reports_a_symlink_in_out_without_printing_what_it_points_to() {
    let dir = synthesized();
    let secret = dir.path().join("secret.txt");
    fs::write(&secret, "password=hunter2\n").unwrap();
    fs::remove_file(dir.path().join(TEMPLATE)).unwrap();
    symlink(&secret, dir.path().join(TEMPLATE)).unwrap();
    let o = run(dir.path(), &["synth", "--check"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(!text(&o).contains("hunter2"), "{}", text(&o));
    assert!(
        text(&o).contains(&format!("{TEMPLATE}: is a symlink")),
        "{}",
        text(&o)
    );
}
