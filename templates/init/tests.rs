//! The committed templates: `out/` holds what the stacks synthesize, cfn-lint accepts every
//! template, each one matches its snapshot in `snapshots/`, and no access-control change
//! against the base branch goes unseen.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The cfn-lint CI installs (`.github/workflows/ci.yml`).
const CFN_LINT: &str = "__CFN_LINT__";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs this project's program (the apigw-synth command line over its stacks) in its root.
fn program(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE___NAME__"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("run the program")
}

/// stdout then stderr of a finished command.
fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A note on the terminal even when the test passes (the test harness captures `eprintln!`).
fn note(message: &str) {
    let _ = writeln!(std::io::stderr(), "note: {message}");
}

/// Every template in `out/`: `<stack>.template.json`, and a split stack's in `out/<stack>/`.
fn templates() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read out/") {
            let path = entry.expect("read out/").path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if path.is_dir() {
                walk(&path, found);
            } else if name.ends_with(".template.json") || name.ends_with(".template.yaml") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&root().join("out"), &mut found);
    found.sort();
    assert!(!found.is_empty(), "no template in out/: run `cargo run -- synth`");
    found
}

#[test]
fn out_holds_what_the_stacks_synthesize() {
    let o = program(&["synth", "--check"]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn every_template_passes_cfn_lint() {
    // `$CFN_LINT`, else `cfn-lint` on PATH. Missing, it is a note here and a failure in CI.
    let cfn_lint = std::env::var_os("CFN_LINT").unwrap_or_else(|| "cfn-lint".into());
    if Command::new(&cfn_lint).arg("--version").output().is_err() {
        let install = format!("cfn-lint not found: `pip install {CFN_LINT}` (or set CFN_LINT)");
        assert!(std::env::var_os("CI").is_none(), "{install}");
        note(&format!("{install}; the templates were not linted"));
        return;
    }
    let o = Command::new(&cfn_lint)
        .args(templates())
        .output()
        .expect("run cfn-lint");
    assert!(o.status.success(), "cfn-lint:\n{}", text(&o));
}

#[test]
fn every_template_matches_its_snapshot() {
    // `cargo insta review` (or `INSTA_UPDATE=always cargo test`) after a change, then read
    // every changed snapshot.
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for path in templates() {
            let file = path.strip_prefix(root().join("out")).expect("inside out/");
            let name = file.to_string_lossy().replace(['/', '\\'], "__");
            let template = std::fs::read_to_string(&path).expect("read the template");
            insta::assert_snapshot!(name, template);
        }
    });
}

#[test]
fn no_access_control_change_against_the_base_branch() {
    // The security gate: with `APIGW_SYNTH_BASE=origin/main cargo test`, a route made
    // public, an authorizer removed or CORS or a Lambda permission widened since the base
    // fails. CI runs the same gate on pull requests.
    let Some(base) = std::env::var("APIGW_SYNTH_BASE").ok().filter(|b| !b.is_empty()) else {
        note("APIGW_SYNTH_BASE is not set (e.g. origin/main): access control not compared");
        return;
    };
    let o = program(&[
        "diff",
        "--against-rev",
        &base,
        "--fail-on",
        "security",
        "--color",
        "never",
    ]);
    assert!(
        o.status.success(),
        "access control changed since {base}:\n{}",
        text(&o)
    );
}
