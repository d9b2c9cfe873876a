//! Reading an input file: a regular file, opened without blocking, read with a cap.
//!
//! Every file the tool reads (stack files, committed and nested templates) comes through
//! [`read`] or [`read_no_follow`], so a FIFO, a device, a directory or a socket is an error
//! naming the file, never a hang or an endless read, and no file takes more memory than its
//! cap.
//!
//! How the type is checked: `stat` first (a device or FIFO is refused before it is opened,
//! since opening one can block or act, as a tape rewinds), then `open` with `O_NONBLOCK`
//! and `O_NOCTTY`, then `fstat` on the opened handle, which decides: the file read is the
//! file checked. The race accepted: a path swapped for a device between `stat` and `open`
//! gets opened (never read), and a file written while it is read gives whatever bytes it
//! held then, at most the cap.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// What a path is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A directory.
    Directory,
    /// A FIFO (named pipe): reading it waits for a writer.
    Fifo,
    /// A character device, such as `/dev/zero`: reading it may never end.
    CharDevice,
    /// A block device.
    BlockDevice,
    /// A Unix domain socket.
    Socket,
    /// A symbolic link, where none is followed.
    Symlink,
    /// Anything else the file system holds.
    Other,
}

impl FileKind {
    /// The kind of a file type, or `None` for a regular file.
    pub fn of(file_type: fs::FileType) -> Option<FileKind> {
        if file_type.is_file() {
            return None;
        }
        if file_type.is_dir() {
            return Some(FileKind::Directory);
        }
        if file_type.is_symlink() {
            return Some(FileKind::Symlink);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Some(FileKind::Fifo);
            }
            if file_type.is_char_device() {
                return Some(FileKind::CharDevice);
            }
            if file_type.is_block_device() {
                return Some(FileKind::BlockDevice);
            }
            if file_type.is_socket() {
                return Some(FileKind::Socket);
            }
        }
        Some(FileKind::Other)
    }

    /// The kind in words, with its article: `a FIFO (named pipe)`.
    pub fn described(self) -> &'static str {
        match self {
            FileKind::Directory => "a directory",
            FileKind::Fifo => "a FIFO (named pipe)",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Socket => "a socket",
            FileKind::Symlink => "a symlink",
            FileKind::Other => "a special file",
        }
    }
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputProblem {
    /// Nothing at the path.
    #[error("no such file")]
    Missing,
    /// A symlink whose target does not exist.
    #[error("is a symlink to `{}`, which does not exist", .0.display())]
    Dangling(PathBuf),
    /// A symlink that leads back to itself (or through too many others).
    #[error("is a symlink loop (too many levels of symbolic links)")]
    Loop,
    /// Not a regular file (after following symlinks, where they are followed).
    #[error("is {}, not a regular file", .0.described())]
    NotRegular(FileKind),
    /// More bytes than the cap.
    #[error("has more than {0} bytes")]
    TooLarge(u64),
    /// Any other failure to open or read.
    #[error("can't read the file: {0}")]
    Io(io::Error),
}

/// A file that could not be read, and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {problem}", path.display())]
pub struct InputError {
    /// The file, as it was named.
    pub path: PathBuf,
    /// What is wrong with it.
    pub problem: InputProblem,
}

impl InputError {
    /// A stable code for the problem: `unreadable`, `not-a-file` or `too-large`.
    pub fn code(&self) -> &'static str {
        match self.problem {
            InputProblem::NotRegular(_) => "not-a-file",
            InputProblem::TooLarge(_) => "too-large",
            InputProblem::Missing
            | InputProblem::Dangling(_)
            | InputProblem::Loop
            | InputProblem::Io(_) => "unreadable",
        }
    }
}

/// The bytes of the regular file at `path` (symlinks followed), at most `limit` of them:
/// anything else, or a larger file, is an error naming it.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    read_at(path, limit, true)
}

/// [`read`], without following a symlink at `path` itself: a symlink is
/// [`FileKind::Symlink`]. For files the tool itself writes, which are never symlinks.
pub fn read_no_follow(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    read_at(path, limit, false)
}

/// Whether `a` and `b` name the same file: equal paths, or equal once symlinks, `.` and
/// `..` are resolved (`./stacks/b.yaml` and `stacks/b.yaml`).
pub fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (fs::canonicalize(a), fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
}

fn read_at(path: &Path, limit: u64, follow: bool) -> Result<Vec<u8>, InputError> {
    let error = |problem| InputError {
        path: path.to_owned(),
        problem,
    };
    let stat = if follow {
        fs::metadata(path)
    } else {
        fs::symlink_metadata(path)
    };
    let stat = stat.map_err(|e| error(failure(path, e, follow)))?;
    if let Some(kind) = FileKind::of(stat.file_type()) {
        return Err(error(InputProblem::NotRegular(kind)));
    }
    let file = open(path, follow).map_err(|e| error(failure(path, e, follow)))?;
    let opened = file.metadata().map_err(|e| error(InputProblem::Io(e)))?;
    if let Some(kind) = FileKind::of(opened.file_type()) {
        return Err(error(InputProblem::NotRegular(kind)));
    }
    if opened.len() > limit {
        return Err(error(InputProblem::TooLarge(limit)));
    }
    // The length may grow while the file is read: `take` bounds what is read regardless.
    let mut bytes = Vec::with_capacity(opened.len() as usize + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| error(InputProblem::Io(e)))?;
    if bytes.len() as u64 > limit {
        return Err(error(InputProblem::TooLarge(limit)));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open(path: &Path, follow: bool) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: a FIFO swapped in after `stat` opens at once instead of waiting for a
    // writer (the `fstat` after it refuses it). O_NOCTTY: a terminal never becomes ours.
    let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY;
    if !follow {
        flags |= libc::O_NOFOLLOW;
    }
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path, _follow: bool) -> io::Result<fs::File> {
    fs::File::open(path)
}

/// The problem behind a failed `stat` or `open` of `path`.
fn failure(path: &Path, e: io::Error, follow: bool) -> InputProblem {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        // With O_NOFOLLOW, ELOOP means the path itself is a symlink.
        return if follow {
            InputProblem::Loop
        } else {
            InputProblem::NotRegular(FileKind::Symlink)
        };
    }
    if e.kind() != io::ErrorKind::NotFound {
        return InputProblem::Io(e);
    }
    match fs::read_link(path) {
        Ok(target) => InputProblem::Dangling(target),
        Err(_) => InputProblem::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        fs::write(&path, "abc").unwrap();
        assert_eq!(read(&path, 3).unwrap(), b"abc");
    }

    #[test]
    fn a_file_one_byte_over_the_limit_is_too_large() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        fs::write(&path, "abcd").unwrap();
        let e = read(&path, 3).unwrap_err();
        assert_eq!(e.code(), "too-large");
        assert_eq!(
            e.to_string(),
            format!("{}: has more than 3 bytes", path.display())
        );
    }

    #[test]
    fn a_directory_is_not_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path(), 10).unwrap_err();
        assert!(matches!(
            e.problem,
            InputProblem::NotRegular(FileKind::Directory)
        ));
    }

    #[test]
    fn a_missing_file_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(&dir.path().join("nope"), 10).unwrap_err();
        assert!(matches!(e.problem, InputProblem::Missing), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_by_read_and_refused_by_read_no_follow() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("target"), "x").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink("target", &link).unwrap();
        assert_eq!(read(&link, 10).unwrap(), b"x");
        let e = read_no_follow(&link, 10).unwrap_err();
        assert!(
            matches!(e.problem, InputProblem::NotRegular(FileKind::Symlink)),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_symlink_names_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink("gone", &link).unwrap();
        let e = read(&link, 10).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{}: is a symlink to `gone`, which does not exist",
                link.display()
            )
        );
    }

    #[test]
    fn same_file_resolves_dot_segments() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("stacks")).unwrap();
        fs::write(dir.path().join("stacks/b.yaml"), "").unwrap();
        let plain = dir.path().join("stacks/b.yaml");
        let dotted = dir.path().join("./stacks/../stacks/b.yaml");
        assert!(same_file(&plain, &dotted));
        assert!(!same_file(&plain, &dir.path().join("stacks")));
    }
}
