//! Shared test helpers: the one insta settings helper, the project's stacks, and tools.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "../../stacks/mod.rs"]
pub(crate) mod stacks;

pub(crate) mod engine;
pub(crate) mod random_api;

/// The repository root.
pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// insta settings shared by every test: snapshots live in the top-level `snapshots/`,
/// named without a module prefix.
pub(crate) fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// Runs `f` with [`snapshot_settings`] bound.
pub(crate) fn with_snapshots<R>(f: impl FnOnce() -> R) -> R {
    snapshot_settings().bind(f)
}

/// This repository's program (`apigw-synth-stacks`, what `cargo run` runs: the command line
/// over `stacks/`, eshop-fcj compiled in), built for this test run.
pub(crate) fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_apigw-synth-stacks"))
}

/// The `apigw-synth` tool built for this test run: the command line with no stacks compiled
/// in.
pub(crate) fn tool() -> Command {
    Command::new(env!("CARGO_BIN_EXE_apigw-synth"))
}

/// The cfn-lint executable: `$CFN_LINT`, else the project's venv (`.venv/bin/cfn-lint`,
/// made by `.ci/setup`), else `cfn-lint` on `PATH`. Panics with the fix when none runs,
/// so a missing linter fails the suite instead of skipping it.
pub(crate) fn cfn_lint() -> PathBuf {
    let candidates = [
        std::env::var_os("CFN_LINT").map(PathBuf::from),
        Some(root().join(".venv/bin/cfn-lint")),
        Some(PathBuf::from("cfn-lint")),
    ];
    for c in candidates.into_iter().flatten() {
        if Command::new(&c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return c;
        }
    }
    panic!("cfn-lint not found: run `bash .ci/setup` (creates .venv with the pinned cfn-lint)");
}

/// Runs cfn-lint on `files`; returns its combined output, empty when clean.
pub(crate) fn lint(files: &[PathBuf]) -> String {
    assert!(!files.is_empty(), "no template to lint");
    let output = Command::new(cfn_lint())
        .args(files)
        .output()
        .expect("run cfn-lint");
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    if !output.status.success() && text.trim().is_empty() {
        text = format!("cfn-lint exited with {}", output.status);
    }
    text
}

/// stdout then stderr of a finished command.
pub(crate) fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// stdout of a finished command.
pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// stderr of a finished command.
pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The exit code of a finished command (it was not killed by a signal).
pub(crate) fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}
