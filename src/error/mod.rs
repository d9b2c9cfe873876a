//! Typed errors: every problem synth finds, with the stack, path and method it concerns.
//!
//! [`ProblemKind`] is the catalogue of what can be wrong (`kind`; each kind's code in `code`,
//! the wording several messages share in `message`); a [`Problem`] places one kind in a
//! stack, path and method; a [`SynthError`] carries all of a run's problems.

mod code;
mod kind;
mod message;
mod text;

use std::fmt;

pub use kind::ProblemKind;
pub(crate) use text::{escape_controls, shown_path};

/// One problem, located: `eshop-fcj: PUT /products/{id}: method has no authorizer; …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The stack's name.
    pub stack: String,
    /// The resource path, e.g. `/products/{id}`, when the problem has one.
    pub path: Option<String>,
    /// The HTTP method as written, when the problem has one.
    pub method: Option<String>,
    /// What is wrong.
    pub kind: ProblemKind,
}

impl Problem {
    /// `stack: METHOD /path`, as messages name the place (a long path shortened).
    pub fn context(&self) -> String {
        let mut context = self.stack.clone();
        match (&self.method, &self.path) {
            (Some(m), Some(p)) => context.push_str(&format!(": {m} {}", shown_path(p))),
            (None, Some(p)) => context.push_str(&format!(": {}", shown_path(p))),
            (Some(m), None) => context.push_str(&format!(": {m}")),
            (None, None) => {}
        }
        context
    }
}

impl fmt::Display for Problem {
    /// The place and the message; any control character a name or value brought in is
    /// printed escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("{}: {}", self.context(), self.kind);
        f.write_str(&escape_controls(&text))
    }
}

/// Synth failed: every problem found, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SynthError {
    /// The problems, at least one.
    pub problems: Vec<Problem>,
}

impl fmt::Display for SynthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(f, "{n} problem{} found:", if n == 1 { "" } else { "s" })?;
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        Ok(())
    }
}
