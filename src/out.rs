//! Writing templates to `out/` atomically, and checking that `out/` is up to date.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::budget::MAX_TEMPLATE_BYTES;
use crate::input::{self, FileKind, InputProblem};

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
#[error("{action} {}", path.display())]
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
    write_all_with(dir, files, |file, bytes| file.write_all(bytes))
}

/// [`write_all`], with each staged file's bytes written by `write` (the file, the bytes):
/// tests pass one that fails like a full disk. Whatever `write` fails with, the temporary
/// files are removed and `dir` is left as it was.
pub fn write_all_with(
    dir: &Path,
    files: &[OutFile],
    mut write: impl FnMut(&mut fs::File, &[u8]) -> io::Result<()>,
) -> Result<Vec<PathBuf>, OutError> {
    if dir.exists() && !dir.is_dir() {
        return Err(OutError {
            action: "write into",
            path: dir.to_owned(),
            source: io::Error::new(
                io::ErrorKind::NotADirectory,
                "it is a file, not a directory",
            ),
        });
    }
    let mut created = Vec::new();
    let result = stage_and_rename(dir, files, &mut write, &mut created);
    if result.is_err() {
        // The temporary files are gone by now; remove the directories made for them.
        for d in created.iter().rev() {
            let _ = fs::remove_dir(d);
        }
    }
    result
}

/// The directories from `dir` up that do not exist, outermost first.
fn missing_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
        .map(Path::to_path_buf)
        .collect();
    missing.reverse();
    missing
}

fn stage_and_rename(
    dir: &Path,
    files: &[OutFile],
    write: &mut impl FnMut(&mut fs::File, &[u8]) -> io::Result<()>,
    created: &mut Vec<PathBuf>,
) -> Result<Vec<PathBuf>, OutError> {
    let mut staged = Vec::new();
    for file in files {
        let target = dir.join(&file.name);
        // Only a regular file is read or replaced: a FIFO would hang the read, a symlink
        // would be replaced though the tool never made one.
        match fs::symlink_metadata(&target).map(|m| FileKind::of(m.file_type())) {
            Ok(Some(FileKind::Directory)) | Err(_) => {}
            Ok(Some(kind)) => {
                return Err(OutError {
                    action: "replace",
                    path: target,
                    source: io::Error::other(format!(
                        "is {}, not a regular file; synth writes only regular files: remove it",
                        kind.described()
                    )),
                });
            }
            Ok(None) => {
                let limit = file.contents.len() as u64;
                if input::read_no_follow(&target, limit)
                    .is_ok_and(|old| old == file.contents.as_bytes())
                {
                    continue;
                }
            }
        }
        // A directory in the way would fail the rename after others were renamed.
        if target.is_dir() {
            return Err(OutError {
                action: "replace",
                path: target,
                source: io::Error::new(io::ErrorKind::IsADirectory, "a directory is in the way"),
            });
        }
        let parent = target.parent().unwrap_or(dir).to_owned();
        created.extend(missing_dirs(&parent));
        fs::create_dir_all(&parent).map_err(err("create directory", &parent))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".apigw-synth-")
            .tempfile_in(&parent)
            .map_err(err("create a temporary file in", &parent))?;
        write(tmp.as_file_mut(), file.contents.as_bytes())
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
            // Never past a symlink, never more than a template synth could write.
            let old = match input::read_no_follow(&path, MAX_TEMPLATE_BYTES as u64) {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(e) if matches!(e.problem, InputProblem::Missing) => String::new(),
                Err(e) if matches!(e.problem, InputProblem::TooLarge(_)) => {
                    return Some(Stale {
                        name: file.name.clone(),
                        diff: format!("{e}, more than any template synth writes"),
                    });
                }
                Err(e) => {
                    return Some(Stale {
                        name: file.name.clone(),
                        diff: format!("{e}; synth writes only regular files here: remove it"),
                    });
                }
            };
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
