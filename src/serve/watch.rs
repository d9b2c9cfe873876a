//! `serve --watch`: the files a served API comes from (stack files, or a template and its
//! nested templates), watched with [notify](https://crates.io/crates/notify) (inotify on
//! Linux). Each file is watched through its directory, so that an editor saving by writing
//! a new file and renaming it over the old one is seen too; a change is reported once the
//! writes have settled.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// How long the files must be quiet after a change before it is reported: an editor's save
/// is often several writes.
pub const SETTLE: Duration = Duration::from_millis(100);

/// The longest a change waits for the writes to settle.
const SETTLE_AT_MOST: Duration = Duration::from_secs(2);

/// Why the files can't be watched.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// A directory to watch can't be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The system's watcher refused.
    #[error("watching {}: {source}", path.display())]
    Notify {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: notify::Error,
    },
}

/// The files one directory contributes: some by name, or all with some extensions.
#[derive(Debug, Default)]
struct DirFilter {
    names: BTreeSet<OsString>,
    extensions: BTreeSet<String>,
}

/// The files to watch, by their directory's canonical path.
#[derive(Debug, Default)]
pub struct WatchList {
    dirs: BTreeMap<PathBuf, DirFilter>,
}

impl WatchList {
    /// Nothing watched yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Watches the file `path` (through its directory).
    pub fn file(&mut self, path: &Path) -> Result<(), WatchError> {
        let dir = canonical_dir(path.parent().unwrap_or(Path::new(".")))?;
        if let Some(name) = path.file_name() {
            self.dirs
                .entry(dir)
                .or_default()
                .names
                .insert(name.to_owned());
        }
        Ok(())
    }

    /// Watches every file of `dir` ending in one of `extensions` (`yaml`), those created
    /// later included.
    pub fn dir(&mut self, dir: &Path, extensions: &[&str]) -> Result<(), WatchError> {
        let dir = canonical_dir(dir)?;
        self.dirs
            .entry(dir)
            .or_default()
            .extensions
            .extend(extensions.iter().map(|e| (*e).to_owned()));
        Ok(())
    }

    /// Whether `path` (as the watcher reports it: a watched directory joined with a name) is
    /// one of the files watched.
    fn wants(&self, path: &Path) -> bool {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return false;
        };
        self.dirs.get(dir).is_some_and(|filter| {
            filter.names.contains(name)
                || path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| filter.extensions.contains(e))
        })
    }

    /// Starts watching.
    pub fn start(self) -> Result<Watch, WatchError> {
        let (sender, events) = channel();
        let notify_error = |path: &Path| {
            let path = path.to_owned();
            move |source| WatchError::Notify { path, source }
        };
        let mut watcher =
            notify::recommended_watcher(sender).map_err(notify_error(Path::new(".")))?;
        for dir in self.dirs.keys() {
            watcher
                .watch(dir, RecursiveMode::NonRecursive)
                .map_err(notify_error(dir))?;
        }
        Ok(Watch {
            list: self,
            _watcher: watcher,
            events,
        })
    }
}

fn canonical_dir(dir: &Path) -> Result<PathBuf, WatchError> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    dir.canonicalize().map_err(|source| WatchError::Io {
        path: dir.to_owned(),
        source,
    })
}

/// Files being watched.
#[derive(Debug)]
pub struct Watch {
    list: WatchList,
    _watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
}

impl Watch {
    /// The watched files that changed, once quiet for [`SETTLE`], waiting at most `timeout`
    /// for a first change: empty when none came.
    pub fn changed(&self, timeout: Duration) -> Vec<PathBuf> {
        let mut changed = BTreeSet::new();
        let deadline = Instant::now() + timeout;
        while changed.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(event) => self.note(event, &mut changed),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    return Vec::new();
                }
            }
        }
        let started = Instant::now();
        while started.elapsed() < SETTLE_AT_MOST {
            match self.events.recv_timeout(SETTLE) {
                Ok(event) => self.note(event, &mut changed),
                Err(_) => break,
            }
        }
        changed.into_iter().collect()
    }

    fn note(&self, event: notify::Result<Event>, changed: &mut BTreeSet<PathBuf>) {
        let Ok(event) = event else {
            return;
        };
        // Reading a file changes nothing.
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        changed.extend(event.paths.into_iter().filter(|p| self.list.wants(p)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_wanted_by_name_and_a_directorys_files_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let named = base.join("api.template.json");
        std::fs::write(&named, "{}").unwrap();
        let stacks = base.join("stacks");
        std::fs::create_dir(&stacks).unwrap();
        let mut list = WatchList::new();
        list.file(&named).unwrap();
        list.dir(&stacks, &["yaml", "yml", "json"]).unwrap();
        assert!(list.wants(&named));
        assert!(!list.wants(&base.join("other.json")));
        assert!(list.wants(&stacks.join("shop.yaml")));
        assert!(!list.wants(&stacks.join(".shop.yaml.swp")));
        assert!(!list.wants(&stacks.join("shop.yaml~")));
        assert!(!list.wants(&stacks.join("nested").join("shop.yaml")));
    }

    #[test]
    fn a_write_is_reported_once_settled_and_quiet_files_report_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("shop.yaml");
        std::fs::write(&file, "a").unwrap();
        let mut list = WatchList::new();
        list.file(&file).unwrap();
        let watch = list.start().unwrap();
        assert!(watch.changed(Duration::from_millis(50)).is_empty());
        std::fs::write(&file, "b").unwrap();
        std::fs::write(dir.path().join("unrelated.txt"), "c").unwrap();
        let changed = watch.changed(Duration::from_secs(5));
        assert_eq!(changed, vec![file.canonicalize().unwrap()]);
    }
}
