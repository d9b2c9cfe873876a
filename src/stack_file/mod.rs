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

mod error;
pub mod format;
mod load;
mod locate;
mod messages;
mod spans;

use std::fs;
use std::path::{Path, PathBuf};

use crate::Stack;
use crate::cfn::Template;

pub use error::{FileError, FileProblem};
pub use spans::Position;

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

/// Reads and loads the stack file at `path`: JSON when it ends in `.json`, else YAML.
pub fn load(path: &Path) -> Result<LoadedStack, FileError> {
    let text = fs::read_to_string(path).map_err(|e| {
        FileError::one(
            path.to_owned(),
            FileProblem {
                position: None,
                code: "unreadable",
                context: None,
                message: format!("can't read the file: {e}"),
            },
        )
    })?;
    load_str(path, &text)
}

/// Loads a stack file's `text`; `path` names it in messages, gives the default stack name
/// (its stem) and the format (JSON when it ends in `.json`, else YAML).
pub fn load_str(path: &Path, text: &str) -> Result<LoadedStack, FileError> {
    let json = path.extension().is_some_and(|e| e == "json");
    load::load(path, text, json)
}

/// The stack files in `dir`: `*.yaml`, `*.yml` and `*.json` (but not `*.schema.json`),
/// sorted by name. A missing directory holds none.
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
        if stack_like && !name.ends_with(".schema.json") && path.is_file() {
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
        if let Some((_, owner)) = owners.iter().find(|(n, _)| *n == name) {
            let problem = crate::Problem {
                stack: name.to_owned(),
                path: None,
                method: None,
                kind: crate::ProblemKind::DuplicateStack(name.to_owned()),
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
