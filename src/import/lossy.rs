//! What a stack file cannot say: each part of the source the import could not carry over,
//! with its file and JSON pointer. The import fails on any unless `--allow-lossy`.

use std::fmt;
use std::path::PathBuf;

/// A part of the source that the stack file does not carry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Lossy {
    /// The source file.
    pub file: PathBuf,
    /// The JSON pointer of the part in the file (`/paths/~1orders/get/x-amazon-apigateway-integration/timeoutInMillis`).
    pub pointer: String,
    /// What is lost, and what the stack file has instead.
    pub what: String,
}

impl fmt::Display for Lossy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}: {}", self.file.display(), self.pointer, self.what)
    }
}

/// The lossy parts found so far, and where the source's parts are in its file.
#[derive(Debug, Clone, Default)]
pub(super) struct Losses {
    pub(super) items: Vec<Lossy>,
}

impl Losses {
    /// Records that the part at `pointer` of `file` is lost: `what`.
    pub(super) fn add(&mut self, file: &std::path::Path, pointer: String, what: impl Into<String>) {
        self.items.push(Lossy {
            file: file.to_owned(),
            pointer,
            what: what.into(),
        });
    }
}
