//! `schema`: print the JSON Schema of stack files.

use anyhow::Result;

use super::Outcome;
use crate::stack_file;

/// Runs `schema`.
pub(super) fn run() -> Result<Outcome> {
    print!("{}", stack_file::schema());
    Ok(Outcome::Ok)
}
