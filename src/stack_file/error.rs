//! Problems found in a stack file, each with the file and, where it has one, the line and column.

use std::fmt;
use std::path::PathBuf;

use crate::ProblemKind;
use crate::error::escape_controls;

use super::spans::Position;

/// What the loader itself finds wrong in a stack file, before synth sees the stack. Each
/// kind has a stable [`code`](LoadProblemKind::code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum LoadProblemKind {
    /// The file can't be read (missing, no permission, …).
    Unreadable,
    /// The path is a directory.
    NotAFile,
    /// The file is over [`MAX_FILE_BYTES`](super::MAX_FILE_BYTES).
    TooLarge,
    /// The bytes are not UTF-8.
    NotUtf8,
    /// The text is not YAML (or JSON, for a `.json` file).
    Syntax,
    /// Mappings and sequences nest deeper than [`MAX_NESTING`](super::MAX_NESTING).
    TooDeep,
    /// Aliases expand to too many values.
    TooManyAliases,
    /// A mapping holds a key twice.
    DuplicateKey,
    /// A YAML tag such as `!Ref`.
    YamlTag,
    /// The file holds no stack.
    EmptyFile,
    /// A field the format does not have.
    UnknownField,
    /// A variant (a name from a fixed set) the format does not have.
    UnknownVariant,
    /// A required field not given.
    MissingField,
    /// A value of the wrong type or form.
    InvalidValue,
    /// Two routes that are the same once a trailing `/` is dropped.
    DuplicateRoute,
    /// A method without exactly one integration.
    Integration,
    /// A `publicReason` on a method that is not `public: true`.
    ReasonWithoutPublic,
    /// A stage's `accessLog` without exactly one destination.
    AccessLog,
    /// An authorizer without exactly one kind, or a Lambda authorizer with two functions.
    AuthorizerKind,
    /// A resource policy statement naming more than one kind of caller.
    PolicyStatement,
    /// A part with so many mistakes that checking it stopped (the rest is checked once
    /// those are fixed).
    CheckingStopped,
}

impl LoadProblemKind {
    /// A stable, kebab-case code for scripts and docs.
    pub fn code(self) -> &'static str {
        use LoadProblemKind::*;
        match self {
            Unreadable => "unreadable",
            NotAFile => "not-a-file",
            TooLarge => "too-large",
            NotUtf8 => "not-utf8",
            Syntax => "syntax",
            TooDeep => "too-deep",
            TooManyAliases => "too-many-aliases",
            DuplicateKey => "duplicate-key",
            YamlTag => "yaml-tag",
            EmptyFile => "empty-file",
            UnknownField => "unknown-field",
            UnknownVariant => "unknown-variant",
            MissingField => "missing-field",
            InvalidValue => "invalid-value",
            DuplicateRoute => "duplicate-route",
            Integration => "integration",
            ReasonWithoutPublic => "public-reason-without-public",
            AccessLog => "access-log",
            AuthorizerKind => "authorizer-kind",
            PolicyStatement => "policy-statement",
            CheckingStopped => "checking-stopped",
        }
    }
}

/// The kind of a problem in a stack file, which gives its printed code: found by the loader
/// in the file itself, or by synth in the stack the file describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblemCode {
    /// The loader's own finding.
    Load(LoadProblemKind),
    /// Synth's finding, placed in the file (boxed: most problems of a file are the
    /// loader's, and a problem stays small).
    Synth(Box<ProblemKind>),
}

impl FileProblemCode {
    /// The stable, kebab-case code: [`LoadProblemKind::code`] or [`ProblemKind::code`].
    pub fn code(&self) -> &'static str {
        match self {
            FileProblemCode::Load(kind) => kind.code(),
            FileProblemCode::Synth(kind) => kind.code(),
        }
    }
}

impl fmt::Display for FileProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl From<LoadProblemKind> for FileProblemCode {
    fn from(kind: LoadProblemKind) -> Self {
        FileProblemCode::Load(kind)
    }
}

impl From<ProblemKind> for FileProblemCode {
    fn from(kind: ProblemKind) -> Self {
        FileProblemCode::Synth(Box::new(kind))
    }
}

/// One problem in a stack file: `stacks/shop.yaml:9:7: error[no-authorizer]: shop: GET /health: …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// Where in the file, when the problem has a place.
    pub position: Option<Position>,
    /// What kind of problem it is, printed as its stable code: `syntax`, `unknown-field`, …
    /// (see [`LoadProblemKind`]) or the [`ProblemKind::code`] of a synth problem.
    pub code: FileProblemCode,
    /// The stack, and the method and path, the problem concerns (`shop: GET /health`).
    pub context: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// A stack file that can't be loaded or synthesized: every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FileError {
    /// The file, as it was named to the loader.
    pub file: PathBuf,
    /// The problems, at least one, in the order of the file where they have positions.
    pub problems: Vec<FileProblem>,
}

impl FileError {
    pub(crate) fn one(file: PathBuf, problem: FileProblem) -> Self {
        FileError {
            file,
            problems: vec![problem],
        }
    }
}

impl fmt::Display for FileError {
    /// One line per problem, each starting `file:line:column:` as compilers print them. A
    /// control character a file brought into a name, a key or a message is printed escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            let mut line = self.file.display().to_string();
            if let Some(at) = p.position {
                line.push_str(&format!(":{}:{}", at.line, at.column));
            }
            line.push_str(&format!(": error[{}]: ", p.code));
            if let Some(context) = &p.context {
                line.push_str(&format!("{context}: "));
            }
            line.push_str(&p.message);
            writeln!(f, "{}", escape_controls(&line))?;
        }
        Ok(())
    }
}
