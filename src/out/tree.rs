//! What the output directory holds, looked at without following any symlink in it: the kind
//! of each path, what interrupted runs left, the files named like templates.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::input::FileKind;

/// The name every temporary file or directory of a run starts with; whatever has it in the
/// output directory (or a stack's directory in it) was left by an interrupted run.
pub(super) const LEFTOVER_PREFIX: &str = ".apigw-synth-";

/// The directory a run stages its files and keeps the previous versions in.
pub(super) const STAGING: &str = ".apigw-synth-staging";

/// What is at a path, a symlink there not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Entry {
    /// Nothing.
    Absent,
    /// A regular file.
    File,
    /// A directory (not a symlink to one).
    Dir,
    /// Anything else: a symlink, a FIFO, a device, a socket.
    Other(FileKind),
}

/// What is at `path`, without following a symlink there.
pub(super) fn entry(path: &Path) -> io::Result<Entry> {
    match fs::symlink_metadata(path) {
        Ok(m) => Ok(match FileKind::of(m.file_type()) {
            None => Entry::File,
            Some(FileKind::Directory) => Entry::Dir,
            Some(kind) => Entry::Other(kind),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Entry::Absent),
        Err(e) => Err(e),
    }
}

/// The directory a generated file `name` goes in, below `dir`, when it is a stack's own
/// (`shop/` of `shop/shop.template.json`).
pub(super) fn stack_dir(name: &str) -> Option<&str> {
    name.split_once('/').map(|(d, _)| d)
}

/// `dir` and its subdirectories (not symlinks to directories), `dir` first.
fn dirs(dir: &Path) -> Vec<PathBuf> {
    let mut found = vec![dir.to_owned()];
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    let mut subdirs: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    subdirs.sort();
    found.extend(subdirs);
    found
}

/// What interrupted runs left in `dir` and its subdirectories: every entry named
/// `.apigw-synth-*`, sorted.
pub(super) fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for d in dirs(dir) {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(LEFTOVER_PREFIX) {
                found.push(e.path());
            }
        }
    }
    found.sort();
    found
}

/// Removes a leftover: a directory with what it holds, or anything else (a symlink itself,
/// never what it points to).
pub(super) fn remove(path: &Path) -> io::Result<()> {
    match entry(path)? {
        Entry::Absent => Ok(()),
        Entry::Dir => fs::remove_dir_all(path),
        Entry::File | Entry::Other(_) => fs::remove_file(path),
    }
}

/// The names of the files in `dir` and its subdirectories named like templates
/// (`*.template.json`, `*.template.yaml`), relative to `dir`, sorted.
pub(super) fn template_names(dir: &Path) -> Vec<String> {
    let is_template =
        |name: &str| name.ends_with(".template.json") || name.ends_with(".template.yaml");
    let mut found = Vec::new();
    for d in dirs(dir) {
        let prefix = match d.strip_prefix(dir) {
            Ok(p) if p.as_os_str().is_empty() => String::new(),
            Ok(p) => format!("{}/", p.display()),
            Err(_) => continue,
        };
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if is_template(&name) && !e.file_type().is_ok_and(|t| t.is_dir()) {
                found.push(format!("{prefix}{name}"));
            }
        }
    }
    found.sort();
    found
}

/// Flushes `dir`'s entries (created, renamed, removed files) to disk. File systems that
/// can't sync a directory (they answer `EINVAL`) are taken as having nothing to flush.
pub(super) fn sync_dir(dir: &Path) -> io::Result<()> {
    match fs::File::open(dir).and_then(|d| d.sync_all()) {
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => Ok(()),
        other => other,
    }
}
