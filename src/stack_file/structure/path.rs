//! Paths in the file, linked to their parents so that reading copies none.

use std::cell::RefCell;

use super::Pass;

/// A path in the file, linked to its parent so that reading copies no path: only a mistake
/// turns it into segments.
#[derive(Debug, Clone, Copy)]
pub(super) enum Path<'p> {
    /// Where the part starts.
    Base(&'p [String]),
    /// A key of a mapping.
    Key(&'p Path<'p>, &'p str),
    /// An item of a sequence.
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    /// The segments from the file's root.
    pub(super) fn segments(&self) -> Vec<String> {
        let mut tail = Vec::new();
        let mut at = self;
        loop {
            match at {
                Path::Base(base) => {
                    let mut path = base.to_vec();
                    path.extend(tail.into_iter().rev());
                    return path;
                }
                Path::Key(parent, key) => {
                    tail.push((*key).to_owned());
                    at = parent;
                }
                Path::Index(parent, index) => {
                    tail.push(index.to_string());
                    at = parent;
                }
            }
        }
    }
}

/// Whether the value at `path` is left out (its type rejected it on an earlier pass).
pub(super) fn left_out(pass: &RefCell<Pass>, path: &Path<'_>) -> bool {
    let pass = pass.borrow();
    !pass.left_out.is_empty() && pass.left_out.contains(&path.segments())
}
