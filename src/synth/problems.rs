//! Collecting the problems of one stack, each with the path and method it concerns.

use crate::error::{Problem, ProblemKind};

/// Collects problems for one stack.
pub(crate) struct Problems<'s> {
    stack: &'s str,
    pub(crate) list: Vec<Problem>,
}

impl<'s> Problems<'s> {
    pub(crate) fn new(stack: &'s str) -> Self {
        Self {
            stack,
            list: Vec::new(),
        }
    }

    /// A problem at `path` (and `method`), where it has them.
    pub(crate) fn at(&mut self, path: Option<&str>, method: Option<&str>, kind: ProblemKind) {
        self.list.push(Problem {
            stack: self.stack.to_owned(),
            path: path.map(str::to_owned),
            method: method.map(str::to_owned),
            kind,
        });
    }

    /// A problem of the whole stack.
    pub(crate) fn stack(&mut self, kind: ProblemKind) {
        self.at(None, None, kind);
    }
}
