//! Stack files: a stack declared in YAML or JSON, loaded into the same builders the Rust
//! stacks use, then synthesized by the same [`synthesize`](crate::synthesize).
//!
//! ```
//! use std::path::Path;
//! let text = "
//! api:
//!   name: shop
//!   routes:
//!     /health:
//!       GET: { mock: true, public: true }
//! ";
//! let loaded = apigw_synth::stack_file::load_str(Path::new("shop.yaml"), text).unwrap();
//! assert_eq!(loaded.stack().name(), "shop");
//! let template = loaded.synthesize().unwrap();
//! assert!(template.resources.len() > 3);
//! ```

mod convert;

/// `integration.request.<place>.<name>` read as its place and name (import reads them too).
pub(crate) use convert::request_target;
mod error;
pub mod format;
mod fuzz;
mod load;
mod locate;
mod messages;
mod name;
mod spans;
mod structure;

use std::fs;
use std::path::{Path, PathBuf};

use crate::Stack;
use crate::cfn::Template;

pub use error::{FileError, FileProblem, FileProblemCode, LoadProblemKind};
#[doc(hidden)]
pub use fuzz::fuzz_entry;
pub use spans::Position;
pub(crate) use spans::{Unindexed, stream};

use locate::Locator;

/// The file name of the committed schema, beside the stack files.
pub const SCHEMA_FILE_NAME: &str = "stack.schema.json";

/// The constraint description a user pool ARN parameter gets along with
/// [`USER_POOL_ARN_PATTERN`](crate::USER_POOL_ARN_PATTERN).
pub const USER_POOL_ARN_CONSTRAINT: &str = "must be a Cognito user pool ARN";

/// A stack file, loaded: its [`Stack`] and what is needed to place synth's problems in it.
#[derive(Debug, Clone)]
pub struct LoadedStack {
    file: PathBuf,
    stack: Stack,
    locator: Locator,
}

impl LoadedStack {
    /// The file the stack came from.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The stack, built with the same builders as a Rust stack.
    pub fn stack(&self) -> &Stack {
        &self.stack
    }

    /// Synthesizes the stack; its problems come back placed in the file.
    pub fn synthesize(&self) -> Result<Template, FileError> {
        crate::synthesize(&self.stack).map_err(|e| self.locate(&e.problems))
    }

    /// Places synth's `problems` (of this stack) in the file.
    pub fn locate(&self, problems: &[crate::Problem]) -> FileError {
        let mut located: Vec<FileProblem> =
            problems.iter().map(|p| self.locator.place(p)).collect();
        located.sort_by_key(|p| p.position);
        FileError {
            file: self.file.clone(),
            problems: located,
        }
    }
}

/// The largest stack file the loader reads: 1 MiB. The format needs a few dozen bytes a
/// route, and CloudFormation takes templates of at most 1 MB, so no deployable stack comes
/// near it; the limit bounds the time and memory hostile input can take.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// How deep mappings and sequences may nest in a stack file.
pub const MAX_NESTING: usize = spans::MAX_NESTING;

fn file_problem(path: &Path, kind: LoadProblemKind, message: String) -> FileError {
    FileError::one(
        path.to_owned(),
        FileProblem {
            position: None,
            code: kind.into(),
            context: None,
            message,
        },
    )
}

/// Reads and loads the stack file at `path`: JSON when it ends in `.json`, else YAML.
/// Anything but a regular file (symlinks followed), a file over [`MAX_FILE_BYTES`] or one that
/// is not UTF-8 is an error.
pub fn load(path: &Path) -> Result<LoadedStack, FileError> {
    let bytes = read_limited(path)?;
    load_bytes(path, &bytes)
}

/// A stack file read for some stacks only: see [`load_for`].
#[derive(Debug)]
pub enum Selected {
    /// The file was loaded: it declares one of the stacks asked for, or its name could not
    /// be read without loading it.
    Loaded(Box<LoadedStack>),
    /// The file plainly declares this other stack, and was not loaded.
    Other(String),
}

/// Loads the stack file at `path` unless its events plainly declare a stack other than
/// `names` (its top-level `stack:`, else its stem): a command naming some stacks then reads
/// only their files. A file whose name is not plain is loaded, so its problems are reported.
pub fn load_for(path: &Path, names: &[String]) -> Result<Selected, FileError> {
    let bytes = read_limited(path)?;
    if let Ok(text) = std::str::from_utf8(&bytes)
        && let Some(name) = name::declared_name(path, text)
        && !names.contains(&name)
    {
        return Ok(Selected::Other(name));
    }
    load_bytes(path, &bytes).map(|l| Selected::Loaded(Box::new(l)))
}

/// The file's bytes: a regular file of at most [`MAX_FILE_BYTES`].
fn read_limited(path: &Path) -> Result<Vec<u8>, FileError> {
    crate::input::read(path, MAX_FILE_BYTES as u64).map_err(|e| {
        let message = match e.problem {
            crate::input::InputProblem::NotRegular(crate::input::FileKind::Directory) => {
                "is a directory, not a stack file; give a `.yaml`, `.yml` or `.json` file, or \
                 load a directory's stack files with `--stacks DIR`"
                    .to_owned()
            }
            crate::input::InputProblem::TooLarge(_) => messages::too_large(),
            ref other => other.to_string(),
        };
        let kind = match e.problem {
            crate::input::InputProblem::NotRegular(_) => LoadProblemKind::NotAFile,
            crate::input::InputProblem::TooLarge(_) => LoadProblemKind::TooLarge,
            crate::input::InputProblem::Missing
            | crate::input::InputProblem::Dangling(_)
            | crate::input::InputProblem::Loop
            | crate::input::InputProblem::Io(_) => LoadProblemKind::Unreadable,
        };
        file_problem(path, kind, message)
    })
}

/// Loads a stack file from its raw `bytes`, which must be UTF-8 and at most
/// [`MAX_FILE_BYTES`]; otherwise as [`load_str`].
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<LoadedStack, FileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(file_problem(
            path,
            LoadProblemKind::TooLarge,
            messages::too_large(),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        // Columns count characters, as the other positions do.
        let column = String::from_utf8_lossy(&valid[line_start..])
            .chars()
            .count()
            + 1;
        FileError::one(
            path.to_owned(),
            FileProblem {
                position: Some(Position { line, column }),
                code: LoadProblemKind::NotUtf8.into(),
                context: None,
                message: format!(
                    "byte 0x{:02X} is not UTF-8; stack files are UTF-8 text",
                    bytes[e.valid_up_to()]
                ),
            },
        )
    })?;
    load_str(path, text)
}

/// Loads a stack file's `text`; `path` names it in messages, gives the default stack name
/// (its stem) and the format (JSON when it ends in `.json`, else YAML).
pub fn load_str(path: &Path, text: &str) -> Result<LoadedStack, FileError> {
    let json = path.extension().is_some_and(|e| e == "json");
    load::load(path, text, json)
}

/// The stack files in `dir`: `*.yaml`, `*.yml` and `*.json` (but not `*.schema.json` nor
/// hidden names), sorted by name, whatever they are: [`load`] reports one that is no
/// regular file. A missing directory holds none.
pub fn find(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stack_like = [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e));
        // Not only regular files: a FIFO, a directory or a broken symlink is reported by
        // `load`, not skipped. Hidden names are skipped as a shell's `*.yaml` does (Emacs
        // keeps a dangling `.#shop.yaml` symlink while `shop.yaml` is edited).
        if stack_like && !name.ends_with(".schema.json") && !name.starts_with('.') {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The JSON Schema of the stack file format, pretty-printed with a trailing newline.
pub fn schema() -> String {
    crate::to_json(&schemars::schema_for!(format::StackSpec))
}

/// Why a set of stacks could not be synthesized: the problems of the Rust stacks, and of
/// each stack file, placed in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
pub struct StacksError {
    /// The problems of the stacks written in Rust.
    pub rust: Option<crate::SynthError>,
    /// The problems of each failing stack file.
    pub files: Vec<FileError>,
}

impl std::fmt::Display for StacksError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(e) = &self.rust {
            write!(f, "{e}")?;
        }
        for e in &self.files {
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// Synthesizes the Rust `stacks` and the stack `files` together, in that order, into the
/// files of `format` (split into nested stacks where needed). Two stacks of one name are an
/// error, reported in the file that repeats the name.
pub fn synthesize_all(
    stacks: &[Stack],
    files: &[LoadedStack],
    format: crate::Format,
) -> Result<Vec<crate::Synthesized>, StacksError> {
    let mut error = StacksError::default();
    let mut synthesized = match crate::synthesize_stacks(stacks, format) {
        Ok(s) => s,
        Err(e) => {
            error.rust = Some(e);
            Vec::new()
        }
    };
    let mut owners: Vec<(&str, String)> = stacks
        .iter()
        .map(|s| (s.name(), "a stack written in Rust".to_owned()))
        .collect();
    for file in files {
        let name = file.stack().name();
        let clash = owners
            .iter()
            .find_map(|(n, owner)| Some((crate::synth::stack_name_clash(n, name)?, owner)));
        if let Some((kind, owner)) = clash {
            let problem = crate::Problem {
                stack: name.to_owned(),
                path: None,
                method: None,
                kind,
            };
            let mut located = file.locate(&[problem]);
            for p in &mut located.problems {
                p.message = format!("{}: the other is {owner}", p.message);
            }
            error.files.push(located);
            continue;
        }
        owners.push((name, format!("in {}", file.file().display())));
        match crate::synthesize_stack(&file.stack, format) {
            Ok(s) => synthesized.push(s),
            Err(e) => error.files.push(file.locate(&e.problems)),
        }
    }
    if error.rust.is_none() && error.files.is_empty() {
        Ok(synthesized)
    } else {
        Err(error)
    }
}
