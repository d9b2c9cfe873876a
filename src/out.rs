//! Writing templates to `out/` atomically, and checking that `out/` is up to date.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A file to write: its name inside the output directory and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    /// Relative path inside the output directory, e.g. `eshop-fcj.template.json`.
    pub name: String,
    /// The file's bytes.
    pub contents: String,
}

/// An error while writing or reading `out/`.
#[derive(Debug, thiserror::Error)]
#[error("{action} {}: {source}", path.display())]
pub struct OutError {
    /// What was being done.
    pub action: &'static str,
    /// The file or directory.
    pub path: PathBuf,
    /// The underlying error.
    #[source]
    pub source: io::Error,
}

fn err<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(io::Error) -> OutError + 'p {
    move |source| OutError {
        action,
        path: path.to_owned(),
        source,
    }
}

/// Writes every file into `dir`, or none: each goes to a temporary file in its final
/// directory first, and only when all are written are they renamed into place.
/// Files whose bytes are unchanged are left alone.
pub fn write_all(dir: &Path, files: &[OutFile]) -> Result<Vec<PathBuf>, OutError> {
    let mut staged = Vec::new();
    for file in files {
        let target = dir.join(&file.name);
        if fs::read(&target).is_ok_and(|old| old == file.contents.as_bytes()) {
            continue;
        }
        let parent = target.parent().unwrap_or(dir).to_owned();
        fs::create_dir_all(&parent).map_err(err("create directory", &parent))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".apigw-synth-")
            .tempfile_in(&parent)
            .map_err(err("create a temporary file in", &parent))?;
        tmp.write_all(file.contents.as_bytes())
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(err("write", &target))?;
        staged.push((tmp, target));
    }
    let mut written = Vec::new();
    for (tmp, target) in staged {
        tmp.persist(&target).map_err(|e| OutError {
            action: "rename into",
            path: target.clone(),
            source: e.error,
        })?;
        written.push(target);
    }
    Ok(written)
}

/// A difference between the synthesized files and those in `dir`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The file's name inside `dir`.
    pub name: String,
    /// A unified diff from the committed file to the synthesized one.
    pub diff: String,
}

/// Compares `files` with what is in `dir`; returns the files that differ or are missing.
pub fn check(dir: &Path, files: &[OutFile]) -> Vec<Stale> {
    files
        .iter()
        .filter_map(|file| {
            let path = dir.join(&file.name);
            let old = fs::read_to_string(&path).unwrap_or_default();
            if old == file.contents {
                return None;
            }
            let diff = similar::TextDiff::from_lines(&old, &file.contents)
                .unified_diff()
                .context_radius(3)
                .header(
                    &format!("{} (committed)", path.display()),
                    &format!("{} (synthesized)", path.display()),
                )
                .to_string();
            Some(Stale {
                name: file.name.clone(),
                diff,
            })
        })
        .collect()
}
