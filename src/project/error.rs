//! Why `init` wrote no project.

use std::path::PathBuf;

/// Why a project could not be written; when it is returned, nothing was.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ProjectError {
    /// The name is not one a project can have.
    #[error("invalid project name `{name}`: {reason}")]
    InvalidName {
        /// The name given.
        name: String,
        /// Why it is refused.
        reason: String,
    },
    /// No name was given and the directory's name is not a valid one.
    #[error("{} gives no project name: {reason}; give one with --name", dir.display())]
    NoName {
        /// The directory.
        dir: PathBuf,
        /// Why its name is refused.
        reason: String,
    },
    /// The directory holds something already (anything but `.git`).
    #[error(
        "{} is not empty ({entry} is there): init writes a new project only into a new or \
         empty directory",
        dir.display()
    )]
    NotEmpty {
        /// The directory.
        dir: PathBuf,
        /// One entry found in it.
        entry: String,
    },
    /// The path exists and is no directory.
    #[error("{} is not a directory", .0.display())]
    NotADirectory(PathBuf),
    /// `--path` names no checkout of apigw-synth.
    #[error("--path {}: no apigw-synth checkout there ({reason})", path.display())]
    NoCheckout {
        /// The path given.
        path: PathBuf,
        /// What is missing.
        reason: String,
    },
    /// A value cannot be written into the project's files.
    #[error("{what} `{value}` has a control character")]
    Unwritable {
        /// What the value is: `--git`, `--rev`, `--path`.
        what: &'static str,
        /// The value.
        value: String,
    },
    /// The example stacks did not synthesize (a bug in apigw-synth).
    #[error("the example stacks did not synthesize: {0}")]
    Stacks(#[from] crate::stack_file::StacksError),
    /// Writing the templates failed.
    #[error(transparent)]
    Out(#[from] crate::out::OutError),
    /// A file system operation failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done: `create`, `write`, `move into place`, …
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl ProjectError {
    /// An [`Io`](Self::Io) error of `action` on `path`.
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| ProjectError::Io {
            action,
            path,
            source,
        }
    }
}
