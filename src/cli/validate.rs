//! `validate`: check stack files (or the stack files in directories), write nothing.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::Outcome;
use super::load::{load_paths, report_stacks};
use crate::Format;
use crate::stack_file;

#[derive(Debug, clap::Args)]
pub(super) struct ValidateArgs {
    /// Stack files, or directories of stack files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// Runs `validate`.
pub(super) fn run(args: &ValidateArgs) -> Result<Outcome> {
    let mut paths = Vec::new();
    for p in &args.paths {
        if p.is_dir() {
            paths.extend(stack_file::find(p).with_context(|| format!("reading {}", p.display()))?);
        } else if !paths.iter().any(|q| crate::input::same_file(q, p)) {
            paths.push(p.clone());
        }
    }
    let loaded = match load_paths(&paths) {
        Ok(l) => l,
        Err(e) => return Ok(report_stacks(&e, "nothing was written")),
    };
    match stack_file::synthesize_all(&[], &loaded, Format::Json) {
        Ok(synthesized) => {
            let mut stdout = std::io::stdout().lock();
            for (file, s) in loaded.iter().zip(&synthesized) {
                let resources: usize = s.files.iter().map(|f| f.budget.resources).sum();
                writeln!(
                    stdout,
                    "ok {}: stack `{}`, {resources} resources",
                    file.file().display(),
                    s.stack
                )?;
            }
            Ok(Outcome::Ok)
        }
        Err(e) => Ok(report_stacks(&e, "nothing was written")),
    }
}
