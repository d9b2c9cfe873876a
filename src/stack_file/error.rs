//! Problems found in a stack file, each with the file and, where it has one, the line and column.

use std::fmt;
use std::path::PathBuf;

use super::spans::Position;

/// One problem in a stack file: `stacks/shop.yaml:9:7: error[no-authorizer]: shop: GET /health: …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// Where in the file, when the problem has a place.
    pub position: Option<Position>,
    /// A stable, kebab-case code: `syntax`, `invalid-type`, `unknown-field`, … or the
    /// [`ProblemKind::code`](crate::ProblemKind::code) of a synth problem.
    pub code: &'static str,
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
    /// One line per problem, each starting `file:line:column:` as compilers print them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            write!(f, "{}", self.file.display())?;
            if let Some(at) = p.position {
                write!(f, ":{}:{}", at.line, at.column)?;
            }
            write!(f, ": error[{}]: ", p.code)?;
            if let Some(context) = &p.context {
                write!(f, "{context}: ")?;
            }
            writeln!(f, "{}", p.message)?;
        }
        Ok(())
    }
}
