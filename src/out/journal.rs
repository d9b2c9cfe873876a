//! The changes a write makes to the output directory, each with what undoes it, so that a
//! failure midway puts every file back (or says which could not be).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::tree::{self, Entry};
use super::write::Steps;
use super::{Aftermath, Unrestored};

/// One change made to the output directory, with what undoes it.
pub(super) enum Done {
    /// `path` was replaced (its previous version kept at `previous`) or created (`None`).
    Replaced {
        path: PathBuf,
        previous: Option<PathBuf>,
    },
    /// `path` was moved to `away`.
    Removed { path: PathBuf, away: PathBuf },
    /// The directory was created.
    CreatedDir(PathBuf),
    /// The (empty) directory was removed.
    RemovedDir(PathBuf),
}

/// The changes made so far, to undo them on failure.
pub(super) struct Journal<'s> {
    pub(super) staging: &'s Path,
    pub(super) done: Vec<Done>,
}

impl<'s> Journal<'s> {
    /// An empty journal, keeping previous versions in `staging`.
    pub(super) fn new(staging: &'s Path) -> Self {
        Journal {
            staging,
            done: Vec::new(),
        }
    }

    /// Renames `from` over `to`, keeping `to`'s previous version (a hard link, else a copy)
    /// in the staging directory.
    pub(super) fn replace(
        &mut self,
        from: &Path,
        to: &Path,
        steps: &mut impl Steps,
    ) -> Result<(), (&'static str, PathBuf, io::Error)> {
        let previous = match tree::entry(to) {
            Ok(Entry::File) => {
                let keep = self.staging.join(format!("previous-{}", self.done.len()));
                fs::hard_link(to, &keep)
                    .or_else(|_| fs::copy(to, &keep).map(|_| ()))
                    .map_err(|e| ("keep the previous version of", to.to_owned(), e))?;
                Some(keep)
            }
            _ => None,
        };
        steps
            .rename(from, to)
            .map_err(|e| ("rename into", to.to_owned(), e))?;
        self.done.push(Done::Replaced {
            path: to.to_owned(),
            previous,
        });
        Ok(())
    }

    /// Undoes every change, last first; says what could not be undone.
    pub(super) fn roll_back(self, steps: &mut impl Steps) -> Aftermath {
        let mut restored = Vec::new();
        let mut changed = Vec::new();
        for done in self.done.into_iter().rev() {
            let (path, previous, result) = match done {
                Done::Replaced {
                    path,
                    previous: Some(previous),
                } => {
                    let result = steps.rename(&previous, &path);
                    (path, Some(previous), result)
                }
                Done::Replaced {
                    path,
                    previous: None,
                } => {
                    let result = fs::remove_file(&path);
                    (path, None, result)
                }
                Done::Removed { path, away } => {
                    let result = steps.rename(&away, &path);
                    (path, Some(away), result)
                }
                Done::CreatedDir(d) => {
                    let _ = fs::remove_dir(&d);
                    continue;
                }
                // Undone before the files moved out of it are moved back in.
                Done::RemovedDir(d) => {
                    let _ = fs::create_dir(&d);
                    continue;
                }
            };
            if let Some(parent) = path.parent() {
                let _ = tree::sync_dir(parent);
            }
            match result {
                Ok(()) => restored.push(path),
                Err(cause) => changed.push(Unrestored {
                    path,
                    previous,
                    cause,
                }),
            }
        }
        restored.reverse();
        changed.reverse();
        if changed.is_empty() && restored.is_empty() {
            Aftermath::NothingWritten
        } else if changed.is_empty() {
            Aftermath::RolledBack(restored)
        } else {
            Aftermath::Partial { restored, changed }
        }
    }
}
