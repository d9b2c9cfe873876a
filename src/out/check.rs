//! Checking that the output directory holds exactly what a run would write: every file up
//! to date, the manifest too, no generated file left over, nothing of an interrupted run.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use super::manifest::{MANIFEST_NAME, Manifest, stack_of};
use super::tree::{self, Entry};
use super::{OutFile, Scope};
use crate::budget::MAX_TEMPLATE_BYTES;
use crate::input::{self, InputProblem};

/// One way the output directory differs from what a run would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file or directory concerned.
    pub path: PathBuf,
    /// How it differs.
    pub kind: FindingKind,
}

/// How a path differs from what a run would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingKind {
    /// Its bytes differ, or it is missing: a unified diff from the committed file to the
    /// synthesized one.
    Differs(String),
    /// Not a regular file (a symlink, a FIFO, a device…), or a stack's directory that is
    /// not a directory; not read, not followed.
    NotRegular(String),
    /// Can't be read or used (the manifest names a file synth never generates).
    Unusable(String),
    /// A generated file no stack produces any more; `synth` removes it.
    Obsolete,
    /// A template no stack produces that synth did not write; only a person removes it.
    Foreign,
    /// Left by an interrupted run; `synth` removes it.
    Leftover,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.kind {
            FindingKind::Differs(diff) => write!(f, "{diff}"),
            FindingKind::NotRegular(what) => write!(
                f,
                "{path}: {what}; synth writes only regular files here: remove it"
            ),
            FindingKind::Unusable(what) => write!(f, "{path}: {what}"),
            FindingKind::Obsolete => write!(
                f,
                "{path}: no stack produces this file any more; `synth` removes it"
            ),
            FindingKind::Foreign => write!(
                f,
                "{path}: no stack produces this file, and synth did not write it (it is not in \
                 {MANIFEST_NAME}); delete it"
            ),
            FindingKind::Leftover => write!(
                f,
                "{path}: left by an interrupted synth; `synth` removes it"
            ),
        }
    }
}

/// Compares `dir` with what writing `files` in `scope` would leave there: files that differ
/// or are missing, the manifest, generated files to remove, templates synth did not write
/// (with [`Scope::AllStacks`]), what interrupted runs left. Follows no symlink in `dir`.
pub fn check(dir: &Path, files: &[OutFile], scope: Scope) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut bad_dirs = BTreeSet::new();
    for file in files {
        if let Some(sub) = tree::stack_dir(&file.name) {
            let path = dir.join(sub);
            match tree::entry(&path) {
                Ok(Entry::Absent | Entry::Dir) => {}
                Ok(Entry::File) => {
                    if bad_dirs.insert(path.clone()) {
                        findings.push(not_regular(path, "is a file, not a directory".into()));
                    }
                    continue;
                }
                Ok(Entry::Other(kind)) => {
                    if bad_dirs.insert(path.clone()) {
                        let what = format!("is {}, not a directory", kind.described());
                        findings.push(not_regular(path, what));
                    }
                    continue;
                }
                Err(e) => {
                    findings.push(Finding {
                        path,
                        kind: FindingKind::Unusable(format!("can't be read: {e}")),
                    });
                    continue;
                }
            }
        }
        findings.extend(compare(&dir.join(&file.name), &file.contents));
    }
    let old = match Manifest::read(dir) {
        Ok(m) => m,
        Err(e) => {
            findings.push(Finding {
                path: dir.join(MANIFEST_NAME),
                kind: FindingKind::Unusable(format!("can't be used: {e}")),
            });
            return findings;
        }
    };
    let produced: BTreeSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let stacks: BTreeSet<&str> = files.iter().filter_map(|f| stack_of(&f.name)).collect();
    let in_scope = |name: &str| match scope {
        Scope::AllStacks => true,
        Scope::TheseStacks => stack_of(name).is_some_and(|s| stacks.contains(s)),
    };
    let listed = old.as_ref().map(|m| m.files.clone()).unwrap_or_default();
    let mut last = Manifest::default();
    for name in &listed {
        if in_scope(name) && !produced.contains(name.as_str()) {
            let path = dir.join(name);
            if !matches!(tree::entry(&path), Ok(Entry::Absent)) {
                findings.push(Finding {
                    path,
                    kind: FindingKind::Obsolete,
                });
            }
        } else {
            last.files.insert(name.clone());
        }
    }
    last.files.extend(produced.iter().map(|n| (*n).to_owned()));
    findings.extend(compare(&dir.join(MANIFEST_NAME), &last.render()));
    if scope == Scope::AllStacks {
        for name in tree::template_names(dir) {
            if !produced.contains(name.as_str()) && !listed.contains(&name) {
                findings.push(Finding {
                    path: dir.join(name),
                    kind: FindingKind::Foreign,
                });
            }
        }
    }
    for path in tree::leftovers(dir) {
        findings.push(Finding {
            path,
            kind: FindingKind::Leftover,
        });
    }
    findings
}

/// The file at `path` against `contents`: nothing when equal, else how it differs. Never
/// past a symlink, never more than a template synth could write or twice `contents` (an
/// OpenAPI document of `synth --openapi` may be larger than a template).
fn compare(path: &Path, contents: &str) -> Option<Finding> {
    let limit = (MAX_TEMPLATE_BYTES as u64).max(2 * contents.len() as u64);
    let old = match input::read_no_follow(path, limit) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if matches!(e.problem, InputProblem::Missing) => String::new(),
        Err(e) if matches!(e.problem, InputProblem::TooLarge(_)) => {
            let what = format!("{}, far more than synth writes", e.problem);
            return Some(Finding {
                path: path.to_owned(),
                kind: FindingKind::Differs(format!("{}: {what}", path.display())),
            });
        }
        Err(e) => return Some(not_regular(path.to_owned(), e.problem.to_string())),
    };
    if old == contents {
        return None;
    }
    let diff = similar::TextDiff::from_lines(&old, contents)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{} (committed)", path.display()),
            &format!("{} (synthesized)", path.display()),
        )
        .to_string();
    Some(Finding {
        path: path.to_owned(),
        kind: FindingKind::Differs(diff),
    })
}

fn not_regular(path: PathBuf, what: String) -> Finding {
    Finding {
        path,
        kind: FindingKind::NotRegular(what),
    }
}
