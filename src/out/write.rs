//! Writing the generated files into the output directory as one change (see the module
//! docs of [`out`](super) for what "atomic" means), removing generated files no stack
//! produces any more, and what an interrupted run left.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::journal::{Done, Journal};
use super::manifest::{MANIFEST_NAME, Manifest, Unusable, stack_of};
use super::tree::{self, Entry, STAGING};
use super::{Aftermath, OutError, OutFile, Scope, Written, unwritten};
use crate::input;

/// The file-system steps a write takes that can fail midway; tests give ones that fail
/// like a full disk or a file that can't be replaced.
pub trait Steps {
    /// Writes `bytes` into a new staged file. Default: [`Write::write_all`].
    fn write(&mut self, file: &mut fs::File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }

    /// Renames `from` to `to`, replacing it. Default: [`fs::rename`].
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
}

/// The steps as the file system takes them.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealSteps;

impl Steps for RealSteps {}

/// Writes `files` into `dir` as one change: files whose bytes are unchanged are left alone;
/// generated files of the stacks in `scope` that no file replaces are removed; what an
/// interrupted run left is removed first. On failure, the error says what `dir` holds.
pub fn write_all(dir: &Path, files: &[OutFile], scope: Scope) -> Result<Written, OutError> {
    write_all_with(dir, files, scope, &mut RealSteps)
}

/// [`write_all`], taking its failable steps through `steps`.
pub fn write_all_with(
    dir: &Path,
    files: &[OutFile],
    scope: Scope,
    steps: &mut impl Steps,
) -> Result<Written, OutError> {
    let existed = match fs::metadata(dir) {
        Ok(m) if m.is_dir() => true,
        Ok(m) => {
            let kind = crate::input::FileKind::of(m.file_type());
            let what = kind.map_or("a file", |k| k.described());
            let cause = io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("it is {what}, not a directory"),
            );
            return Err(unwritten("write into", dir, cause));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(unwritten("write into", dir, e)),
    };
    let mut lock = None;
    if existed {
        lock = Some(lock_dir(dir)?);
    }
    let plan = Plan::new(dir, files, scope)?;
    if plan.is_empty() {
        return Ok(Written::default());
    }
    let created = missing_dirs(dir);
    if !existed {
        fs::create_dir_all(dir).map_err(|e| unwritten("create directory", dir, e))?;
        lock = Some(lock_dir(dir).inspect_err(|_| remove_dirs(&created))?);
    }
    let result = plan.carry_out(files, steps);
    if result.as_ref().is_err_and(|e| e.aftermath.is_nothing()) {
        remove_dirs(&created);
    }
    drop(lock);
    result
}

impl Aftermath {
    fn is_nothing(&self) -> bool {
        matches!(self, Aftermath::NothingWritten | Aftermath::RolledBack(_))
    }
}

/// Holds `dir`'s advisory lock (`flock`), so two runs never write one directory at once.
fn lock_dir(dir: &Path) -> Result<Option<fs::File>, OutError> {
    let Ok(handle) = fs::File::open(dir) else {
        return Ok(None);
    };
    match handle.try_lock() {
        Ok(()) => Ok(Some(handle)),
        Err(fs::TryLockError::WouldBlock) => Err(unwritten(
            "write into",
            dir,
            io::Error::new(
                io::ErrorKind::WouldBlock,
                "another apigw-synth is writing it; run again once it is done",
            ),
        )),
        // A file system without locks: go on unlocked.
        Err(fs::TryLockError::Error(_)) => Ok(None),
    }
}

/// The directories from `dir` up that do not exist, innermost first.
fn missing_dirs(dir: &Path) -> Vec<PathBuf> {
    dir.ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
        .map(Path::to_path_buf)
        .collect()
}

fn remove_dirs(dirs: &[PathBuf]) {
    for d in dirs {
        let _ = fs::remove_dir(d);
    }
}

/// What a run must do, found before anything changes.
struct Plan<'a> {
    dir: &'a Path,
    /// The index in `files` and the path of each file to write.
    changed: Vec<(usize, PathBuf)>,
    /// Generated files to remove.
    obsolete: Vec<PathBuf>,
    leftovers: Vec<PathBuf>,
    /// The manifest on disk, if any.
    old: Option<Manifest>,
    /// The manifest while files are replaced: every file generated, old or new.
    union: Manifest,
    /// The manifest after the run: the files generated now (and other stacks' files).
    last: Manifest,
    /// Stack directories that may be left empty.
    stack_dirs: BTreeSet<PathBuf>,
}

impl<'a> Plan<'a> {
    fn new(dir: &'a Path, files: &[OutFile], scope: Scope) -> Result<Plan<'a>, OutError> {
        let old = Manifest::read(dir).map_err(|e| {
            let cause = match e {
                Unusable::Input(e) => io::Error::other(e.problem.to_string()),
                other => io::Error::new(io::ErrorKind::InvalidData, other.to_string()),
            };
            unwritten("read", &dir.join(MANIFEST_NAME), cause)
        })?;
        let produced: BTreeSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
        let stacks: BTreeSet<&str> = files.iter().filter_map(|f| stack_of(&f.name)).collect();
        let mut changed = Vec::new();
        let mut checked_dirs = BTreeSet::new();
        for (i, file) in files.iter().enumerate() {
            if stack_of(&file.name).is_none() {
                let cause =
                    io::Error::new(io::ErrorKind::InvalidInput, "is not a name synth generates");
                return Err(unwritten("write", &dir.join(&file.name), cause));
            }
            if let Some(sub) = tree::stack_dir(&file.name)
                && checked_dirs.insert(sub)
            {
                real_dir_or_nothing(&dir.join(sub))?;
            }
            let target = dir.join(&file.name);
            match entry(&target)? {
                Entry::Absent => changed.push((i, target)),
                Entry::File => {
                    let limit = file.contents.len() as u64;
                    let same = input::read_no_follow(&target, limit)
                        .is_ok_and(|old| old == file.contents.as_bytes());
                    if !same {
                        changed.push((i, target));
                    }
                }
                Entry::Dir => {
                    let cause =
                        io::Error::new(io::ErrorKind::IsADirectory, "a directory is in the way");
                    return Err(unwritten("replace", &target, cause));
                }
                Entry::Other(kind) => return Err(not_regular(&target, kind)),
            }
        }
        let in_scope = |name: &str| match scope {
            Scope::AllStacks => true,
            Scope::TheseStacks => stack_of(name).is_some_and(|s| stacks.contains(s)),
        };
        let old_files = old.as_ref().map(|m| &m.files);
        let mut obsolete = Vec::new();
        let mut last = Manifest::default();
        let mut stack_dirs = BTreeSet::new();
        for name in old_files.into_iter().flatten() {
            if let Some(sub) = tree::stack_dir(name) {
                stack_dirs.insert(dir.join(sub));
            }
            if !in_scope(name) || produced.contains(name.as_str()) {
                last.files.insert(name.clone());
                continue;
            }
            if let Some(sub) = tree::stack_dir(name)
                && checked_dirs.insert(sub)
            {
                real_dir_or_nothing(&dir.join(sub))?;
            }
            let target = dir.join(name);
            match entry(&target)? {
                Entry::Absent => {}
                Entry::File => obsolete.push(target),
                Entry::Dir => {
                    let cause = io::Error::new(
                        io::ErrorKind::IsADirectory,
                        "a directory where synth generated a template; remove it by hand",
                    );
                    return Err(unwritten("remove", &target, cause));
                }
                Entry::Other(kind) => return Err(not_regular(&target, kind)),
            }
        }
        last.files.extend(produced.iter().map(|n| (*n).to_owned()));
        let mut union = last.clone();
        union.files.extend(old_files.into_iter().flatten().cloned());
        Ok(Plan {
            dir,
            changed,
            obsolete,
            leftovers: tree::leftovers(dir),
            old,
            union,
            last,
            stack_dirs,
        })
    }

    fn is_empty(&self) -> bool {
        self.changed.is_empty()
            && self.obsolete.is_empty()
            && self.leftovers.is_empty()
            && self.old.as_ref() == Some(&self.last)
    }

    /// Removes the leftovers, stages every new file, then commits.
    fn carry_out(self, files: &[OutFile], steps: &mut impl Steps) -> Result<Written, OutError> {
        for leftover in &self.leftovers {
            tree::remove(leftover).map_err(|e| unwritten("remove", leftover, e))?;
        }
        let staging = self.dir.join(STAGING);
        let staged = self.stage(&staging, files, steps).inspect_err(|_| {
            let _ = fs::remove_dir_all(&staging);
        })?;
        let mut journal = Journal::new(&staging);
        match self.commit(&staged, &mut journal, steps) {
            Ok(()) => {}
            Err((action, path, cause)) => {
                let aftermath = journal.roll_back(steps);
                if aftermath.is_nothing() {
                    let _ = fs::remove_dir_all(&staging);
                }
                let _ = tree::sync_dir(self.dir);
                return Err(OutError {
                    action,
                    path,
                    cause,
                    aftermath,
                });
            }
        }
        // Done: what is left to tidy can't undo the change.
        let _ = fs::remove_dir_all(&staging);
        let _ = tree::sync_dir(self.dir);
        let mut written: Vec<PathBuf> = self.changed.iter().map(|(_, p)| p.clone()).collect();
        if self.old.as_ref() != Some(&self.last) {
            written.push(self.dir.join(MANIFEST_NAME));
        }
        Ok(Written {
            written,
            removed: self.obsolete,
            cleaned: self.leftovers,
        })
    }

    /// Writes every changed file, and the manifests, into `staging`, each fsynced.
    fn stage(
        &self,
        staging: &Path,
        files: &[OutFile],
        steps: &mut impl Steps,
    ) -> Result<Staged, OutError> {
        fs::create_dir(staging).map_err(|e| unwritten("create directory", staging, e))?;
        let mut staged = Staged::default();
        for (n, (i, target)) in self.changed.iter().enumerate() {
            let path = staging.join(format!("new-{n}"));
            create(&path, files[*i].contents.as_bytes(), steps)
                .map_err(|e| unwritten("write", target, e))?;
            staged.files.push(path);
        }
        let manifest = self.dir.join(MANIFEST_NAME);
        if self.old.as_ref() != Some(&self.union) {
            let path = staging.join("manifest-during");
            create(&path, self.union.render().as_bytes(), steps)
                .map_err(|e| unwritten("write", &manifest, e))?;
            staged.union = Some(path);
        }
        if self.union != self.last {
            let path = staging.join("manifest-after");
            create(&path, self.last.render().as_bytes(), steps)
                .map_err(|e| unwritten("write", &manifest, e))?;
            staged.last = Some(path);
        }
        tree::sync_dir(staging).map_err(|e| unwritten("flush", staging, e))?;
        Ok(staged)
    }

    /// The manifest listing every file old and new, then each file replaced (its previous
    /// version kept), the obsolete files moved away, everything flushed, and the manifest
    /// of what is generated now. Fails with the step that failed.
    fn commit(
        &self,
        staged: &Staged,
        journal: &mut Journal<'_>,
        steps: &mut impl Steps,
    ) -> Result<(), (&'static str, PathBuf, io::Error)> {
        let manifest = self.dir.join(MANIFEST_NAME);
        if let Some(union) = &staged.union {
            journal.replace(union, &manifest, steps)?;
        }
        tree::sync_dir(self.dir).map_err(|e| ("flush", self.dir.to_owned(), e))?;
        let mut dirs = BTreeSet::from([self.dir.to_owned()]);
        for ((_, target), from) in self.changed.iter().zip(&staged.files) {
            let parent = target.parent().unwrap_or(self.dir).to_owned();
            if !parent.exists() {
                fs::create_dir(&parent).map_err(|e| ("create directory", parent.clone(), e))?;
                journal.done.push(Done::CreatedDir(parent.clone()));
                tree::sync_dir(self.dir).map_err(|e| ("flush", self.dir.to_owned(), e))?;
            }
            journal.replace(from, target, steps)?;
            dirs.insert(parent);
        }
        for (n, target) in self.obsolete.iter().enumerate() {
            let away = journal.staging.join(format!("removed-{n}"));
            steps
                .rename(target, &away)
                .map_err(|e| ("remove", target.clone(), e))?;
            journal.done.push(Done::Removed {
                path: target.clone(),
                away,
            });
            dirs.insert(target.parent().unwrap_or(self.dir).to_owned());
        }
        for d in &dirs {
            tree::sync_dir(d).map_err(|e| ("flush", d.clone(), e))?;
        }
        // The stack directories that are empty now go before the manifest stops listing
        // their files: a run killed in between leaves a manifest that still names them, so
        // the next run removes them.
        let mut removed_dirs = false;
        for d in &self.stack_dirs {
            if tree::entry(d).is_ok_and(|e| e == Entry::Dir) && fs::remove_dir(d).is_ok() {
                journal.done.push(Done::RemovedDir(d.clone()));
                removed_dirs = true;
            }
        }
        if removed_dirs {
            tree::sync_dir(self.dir).map_err(|e| ("flush", self.dir.to_owned(), e))?;
        }
        if let Some(last) = &staged.last {
            journal.replace(last, &manifest, steps)?;
            tree::sync_dir(self.dir).map_err(|e| ("flush", self.dir.to_owned(), e))?;
        }
        Ok(())
    }
}

/// The staged files: one per changed file, in order, and the manifests to put in place.
#[derive(Default)]
struct Staged {
    files: Vec<PathBuf>,
    union: Option<PathBuf>,
    last: Option<PathBuf>,
}

/// A new file at `path` (created with the permissions the umask gives, as any tool's
/// output), holding `bytes`, flushed to disk.
fn create(path: &Path, bytes: &[u8], steps: &mut impl Steps) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    steps.write(&mut file, bytes)?;
    file.sync_all()
}

/// What is at `path`, or an error naming it.
fn entry(path: &Path) -> Result<Entry, OutError> {
    tree::entry(path).map_err(|e| unwritten("read", path, e))
}

/// `path`, a stack's directory, must be a directory or nothing: never a symlink, which
/// would make the stack's files land outside the output directory.
fn real_dir_or_nothing(path: &Path) -> Result<(), OutError> {
    match entry(path)? {
        Entry::Absent | Entry::Dir => Ok(()),
        Entry::File => Err(unwritten(
            "write into",
            path,
            io::Error::new(
                io::ErrorKind::NotADirectory,
                "it is a file where synth puts a split stack's templates",
            ),
        )),
        Entry::Other(kind) => Err(not_regular(path, kind)),
    }
}

fn not_regular(path: &Path, kind: crate::input::FileKind) -> OutError {
    let advice = if kind == crate::input::FileKind::Symlink {
        "synth never writes through a symlink: remove it"
    } else {
        "synth writes only regular files and directories here: remove it"
    };
    unwritten(
        "replace",
        path,
        io::Error::other(format!("it is {}; {advice}", kind.described())),
    )
}
