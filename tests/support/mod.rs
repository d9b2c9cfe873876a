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
/// made by `.ci/setup`), else `cfn-lint` on `PATH`. Panics with the fix when none is there,
/// so a missing linter fails the suite instead of skipping it. A file found is taken as it
/// is (a broken one fails the lint that runs it): starting Python just to ask its version
/// costs as much CPU as a lint.
pub(crate) fn cfn_lint() -> PathBuf {
    tool_at(
        "CFN_LINT",
        ".venv/bin/cfn-lint",
        Some("cfn-lint"),
        "cfn-lint not found: run `bash .ci/setup` (creates .venv with the pinned cfn-lint)",
    )
}

/// A Python tool of the tests: the path in `$variable` or the project's `venv` path when
/// that file exists, else `on_path` when it runs, else a panic with `missing`.
fn tool_at(variable: &str, venv: &str, on_path: Option<&str>, missing: &str) -> PathBuf {
    static FOUND: std::sync::Mutex<Vec<(String, PathBuf)>> = std::sync::Mutex::new(Vec::new());
    let mut found = FOUND.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, path)) = found.iter().find(|(v, _)| v == variable) {
        return path.clone();
    }
    let path = [
        std::env::var_os(variable).map(PathBuf::from),
        Some(root().join(venv)),
    ]
    .into_iter()
    .flatten()
    .find(|p| p.is_file())
    .or_else(|| {
        on_path.map(PathBuf::from).filter(|p| {
            Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    })
    .unwrap_or_else(|| panic!("{missing}"));
    found.push((variable.to_owned(), path.clone()));
    path
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

/// Runs the pinned OpenAPI validator on `file`: `$OPENAPI_SPEC_VALIDATOR`, else
/// `openapi-spec-validator` from `.venv` (made by `.ci/setup`), else on `PATH`; `Err` with its
/// output when it refuses the document. Panics with the fix when the validator is not
/// installed, so it is never skipped.
#[allow(dead_code)]
pub(crate) fn validate_openapi(file: &Path) -> Result<(), String> {
    let program = tool_at(
        "OPENAPI_SPEC_VALIDATOR",
        ".venv/bin/openapi-spec-validator",
        Some("openapi-spec-validator"),
        "openapi-spec-validator not found: run `bash .ci/setup` (creates .venv with the pinned validator)",
    );
    let output = Command::new(&program)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{} did not run ({e})", program.display()));
    if output.status.success() {
        Ok(())
    } else {
        Err(text(&output))
    }
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

/// The checkov executable: `$CHECKOV`, else the project's venv (`.venv-checkov/bin/checkov`,
/// made by `.ci/setup`). Panics with the fix when neither is there, so a missing checkov
/// fails the suite instead of skipping it.
pub(crate) fn checkov_bin() -> PathBuf {
    tool_at(
        "CHECKOV",
        ".venv-checkov/bin/checkov",
        None,
        "checkov not found: run `bash .ci/setup` (creates .venv-checkov with the pinned checkov)",
    )
}

/// What checkov said about some templates.
#[derive(Debug, Default)]
pub(crate) struct CheckovReport {
    /// Checks run.
    pub(crate) passed: usize,
    /// Each failed check: `CKV_… on Type.LogicalId in file`.
    pub(crate) failed: Vec<String>,
    /// Each skipped check: (check id, `Type.LogicalId`, the comment written in the template).
    pub(crate) skipped: Vec<(String, String, String)>,
}

/// Runs checkov's CloudFormation checks on `files` (offline: no download, no update check).
pub(crate) fn checkov(files: &[PathBuf]) -> CheckovReport {
    assert!(!files.is_empty(), "no template to check");
    let mut command = Command::new(checkov_bin());
    command
        .args([
            "--framework",
            "cloudformation",
            "--skip-download",
            "-o",
            "json",
        ])
        .env("CKV_SKIP_PACKAGE_UPDATE_CHECK", "true");
    for f in files {
        command.arg("-f").arg(f);
    }
    let output = command.output().expect("run checkov");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "checkov printed no JSON report ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    // One report per framework; a list when there are several.
    let reports = match json {
        serde_json::Value::Array(list) => list,
        one => vec![one],
    };
    let mut report = CheckovReport::default();
    for r in &reports {
        let results = &r["results"];
        assert_eq!(
            r["summary"]["parsing_errors"], 0,
            "checkov could not parse a template: {results}"
        );
        report.passed += results["passed_checks"].as_array().map_or(0, Vec::len);
        for c in results["failed_checks"].as_array().into_iter().flatten() {
            report.failed.push(format!(
                "{} ({}) on {} in {}",
                c["check_id"], c["check_name"], c["resource"], c["file_path"]
            ));
        }
        for c in results["skipped_checks"].as_array().into_iter().flatten() {
            report.skipped.push((
                c["check_id"].as_str().unwrap_or_default().to_owned(),
                c["resource"].as_str().unwrap_or_default().to_owned(),
                c["check_result"]["suppress_comment"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            ));
        }
    }
    report
}

/// Asserts that checkov finds no failing check in `files`, and that each check skipped
/// carries a reason written in the template.
pub(crate) fn assert_checkov_clean(files: &[PathBuf]) -> CheckovReport {
    let report = checkov(files);
    assert!(
        report.failed.is_empty(),
        "checkov found failing checks:\n{}",
        report.failed.join("\n")
    );
    for (id, resource, comment) in &report.skipped {
        assert!(
            !comment.trim().is_empty() && comment != "No comment provided",
            "{id} is skipped on {resource} without a reason"
        );
    }
    assert!(report.passed > 0, "checkov ran no check");
    report
}
