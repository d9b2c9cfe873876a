//! Why reading a part stops, and what becomes of a type's own error: a mistake, learned so
//! that the next pass leaves the value out.

use std::cell::RefCell;
use std::fmt;

use serde::de;
use serde_yaml::Value;

use super::super::LoadProblemKind;
use super::path::Path;
use super::{Learned, Mistake, Pass, hints};

/// Why reading stopped.
#[derive(Debug)]
pub(super) enum Error {
    /// The pass ends here; what was found is recorded or learned already.
    Abort,
    /// The derived code's `missing field`, caught where the struct is read.
    Missing(&'static str),
    /// An error a type raised on its own (an untagged enum's, a custom one).
    Other(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Abort => f.write_str("reading stopped"),
            Error::Missing(field) => write!(f, "missing field `{field}`"),
            Error::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error::Other(message.to_string())
    }

    fn missing_field(field: &'static str) -> Self {
        Error::Missing(field)
    }
}

/// A mistake for a value its type rejected on its own, with `message` (serde's) made plain.
pub(super) fn rejected(value: &Value, path: Vec<String>, message: &str) -> Mistake {
    let kind = if message.starts_with("unknown field") {
        LoadProblemKind::UnknownField
    } else if message.starts_with("unknown variant") {
        LoadProblemKind::UnknownVariant
    } else if message.starts_with("missing field") {
        LoadProblemKind::MissingField
    } else {
        LoadProblemKind::InvalidValue
    };
    Mistake {
        path,
        at_key: false,
        kind,
        message: hints::rejected(value, message),
    }
}

/// `result` of reading a child at `path`; a type's own error becomes a mistake there,
/// learned so that the next pass leaves the value out.
pub(super) fn guarded<T>(
    result: Result<T, Error>,
    value: &Value,
    path: &Path<'_>,
    pass: &RefCell<Pass>,
) -> Result<T, Error> {
    match result {
        Err(Error::Abort) => Err(Error::Abort),
        Err(e) => {
            let mistake = rejected(value, path.segments(), &e.to_string());
            pass.borrow_mut().learned.push(Learned::Rejected(mistake));
            Err(Error::Abort)
        }
        ok => ok,
    }
}
