//! The output directory: writing the generated templates into it as one change, owning
//! what it generated (a manifest), and checking that it is up to date.
//!
//! What "atomic" means here: each file is replaced by `rename(2)`, so a reader sees its
//! old bytes or its new bytes, never a mix. A run is all-or-nothing while the process
//! lives: every new file is written and fsynced before the first rename, each replaced file
//! keeps its previous version until every rename has succeeded, and a failure puts them all
//! back (or says which could not be). A run killed midway may leave some files new and
//! some old; the manifest always lists every file generated (a stack directory a run empties
//! is removed before the manifest stops naming its files), so the next run replaces and
//! removes what it must and deletes what the killed run left (`.apigw-synth-*`).

mod check;
mod journal;
mod manifest;
mod tree;
mod write;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

pub use check::{Finding, FindingKind, check};
pub use manifest::MANIFEST_NAME;
pub use write::{RealSteps, Steps, write_all, write_all_with};

/// A file to write: its name inside the output directory and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    /// Relative path inside the output directory, e.g. `eshop-fcj.template.json` or
    /// `shop/shop.template.json`: a name synth generates.
    pub name: String,
    /// The file's bytes.
    pub contents: String,
}

/// Which generated files a run speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every stack: a generated file that none of the files given replaces is removed.
    AllStacks,
    /// The stacks of the files given: only their generated files are replaced or removed.
    TheseStacks,
}

/// What a successful write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// The files written (new or changed), in the order given, then the manifest when it
    /// changed.
    pub written: Vec<PathBuf>,
    /// Generated files removed because no stack (in scope) produces them any more.
    pub removed: Vec<PathBuf>,
    /// What an interrupted run had left (`.apigw-synth-*`), removed.
    pub cleaned: Vec<PathBuf>,
}

/// A write that failed, and what the output directory holds after it.
#[derive(Debug, thiserror::Error)]
#[error("{action} {}: {cause}; {aftermath}", path.display())]
pub struct OutError {
    /// What was being done: `write`, `rename into`, `replace`, …
    pub action: &'static str,
    /// The file or directory.
    pub path: PathBuf,
    /// The underlying error.
    pub cause: io::Error,
    /// What changed in the output directory despite the failure.
    pub aftermath: Aftermath,
}

/// What the output directory holds after a failed write.
#[derive(Debug)]
pub enum Aftermath {
    /// Nothing changed.
    NothingWritten,
    /// These files had been replaced, created or removed before the failure; each was put
    /// back as it was.
    RolledBack(Vec<PathBuf>),
    /// Some files could not be put back: the directory holds a mix of old and new files.
    Partial {
        /// The files put back as they were.
        restored: Vec<PathBuf>,
        /// The files left changed, with why each could not be put back.
        changed: Vec<Unrestored>,
    },
}

/// A file a failed write could not put back.
#[derive(Debug)]
pub struct Unrestored {
    /// The file.
    pub path: PathBuf,
    /// Its previous version, kept until the next run, when it had one.
    pub previous: Option<PathBuf>,
    /// Why it could not be put back.
    pub cause: io::Error,
}

impl fmt::Display for Aftermath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Aftermath::NothingWritten => write!(f, "nothing was written"),
            Aftermath::RolledBack(files) => write!(
                f,
                "{} had already been changed and {} put back as {} {}: nothing was written",
                list(files),
                if files.len() == 1 { "was" } else { "were" },
                if files.len() == 1 { "it" } else { "they" },
                if files.len() == 1 { "was" } else { "were" },
            ),
            Aftermath::Partial { restored, changed } => {
                write!(f, "these files were changed and could not be put back: ")?;
                for (i, u) in changed.iter().enumerate() {
                    if i > 0 {
                        write!(f, "; ")?;
                    }
                    write!(f, "{} ({})", u.path.display(), u.cause)?;
                    if let Some(previous) = &u.previous {
                        write!(
                            f,
                            ", its previous version is {} until the next synth",
                            previous.display()
                        )?;
                    }
                }
                if !restored.is_empty() {
                    write!(f, "; {} put back", list(restored))?;
                }
                write!(f, "; run synth again once the cause is fixed")
            }
        }
    }
}

fn list(files: &[PathBuf]) -> String {
    let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    names.join(", ")
}

/// An error before anything changed.
fn unwritten(action: &'static str, path: &Path, cause: io::Error) -> OutError {
    OutError {
        action,
        path: path.to_owned(),
        cause,
        aftermath: Aftermath::NothingWritten,
    }
}
