//! `out/` holds exactly what synth produces now, and every committed template passes
//! cfn-lint with no error and no warning, and checkov with no failing check (each check a
//! resource fails by design skipped with its reason in the template).

use crate::support;

use std::path::PathBuf;

use apigw_synth::{Format, render, synthesize_all};

fn committed_templates() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(support::root().join("out"))
        .expect("out/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".template.json") || n.ends_with(".template.yaml"))
        })
        .collect();
    // Nested templates live one level down, in out/<stack>/.
    for dir in std::fs::read_dir(support::root().join("out"))
        .unwrap()
        .flatten()
    {
        if dir.path().is_dir() {
            for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
                if f.path().to_string_lossy().ends_with(".template.json") {
                    files.push(f.path());
                }
            }
        }
    }
    files.sort();
    files
}

#[test]
fn out_is_not_stale() {
    let stacks = support::stacks::all();
    let templates = synthesize_all(&stacks).expect("every stack synthesizes");
    for (name, template) in templates {
        let path = support::root()
            .join("out")
            .join(format!("{name}.template.json"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        let fresh = render(&template, Format::Json);
        if committed != fresh {
            let diff = similar::TextDiff::from_lines(&committed, &fresh)
                .unified_diff()
                .header("committed", "synthesized")
                .to_string();
            panic!(
                "{} is stale; run `cargo run -- synth` and commit out/\n{diff}",
                path.display()
            );
        }
    }
}

#[test]
fn synth_check_passes_on_the_committed_tree() {
    let out = support::bin()
        .current_dir(support::root())
        .args(["synth", "--check"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "synth --check failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_committed_template_passes_cfn_lint() {
    let files = committed_templates();
    assert!(files.iter().any(|f| f.ends_with("eshop-fcj.template.json")));
    let report = support::lint(&files);
    assert!(
        report.trim().is_empty(),
        "cfn-lint found problems:\n{report}"
    );
}

#[test]
fn every_committed_template_passes_checkov_and_each_skip_says_why() {
    let files = committed_templates();
    let report = support::assert_checkov_clean(&files);
    // The stage's skips are there: caching off on every stage, the public health check.
    assert!(
        report
            .skipped
            .iter()
            .any(|(id, r, _)| id == "CKV_AWS_120" && r.ends_with("StageEshop")),
        "{:?}",
        report.skipped
    );
    assert!(
        report.skipped.iter().any(|(id, r, c)| id == "CKV_AWS_59"
            && r.contains("MethodHealthGET")
            && c.contains("uptime checks")),
        "{:?}",
        report.skipped
    );
}
