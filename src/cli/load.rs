//! The stacks a command works on: the Rust stacks of the [`App`](super::App) plus the stack
//! files of a directory and those named, selected by name; every problem reported at once.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::Outcome;
use crate::stack_file::{self, LoadedStack, StacksError};
use crate::{Format, Stack, Synthesized};

/// Where stack files come from, besides the stacks written in Rust.
#[derive(Debug, clap::Args)]
pub(super) struct StackSources {
    /// The directory whose `*.yaml`, `*.yml` and `*.json` stack files are loaded.
    #[arg(long = "stacks", value_name = "DIR", default_value = "stacks")]
    pub(super) stacks_dir: PathBuf,
    /// Also load this stack file (repeatable).
    #[arg(long = "stack-file", value_name = "PATH")]
    pub(super) stack_files: Vec<PathBuf>,
}

/// The Rust stacks plus those of the stack files in `stacks/`; `None` (after reporting)
/// when a stack file is broken.
pub(super) fn with_stack_files(mut stacks: Vec<Stack>) -> Option<Vec<Stack>> {
    let sources = StackSources {
        stacks_dir: PathBuf::from("stacks"),
        stack_files: Vec::new(),
    };
    match load_files(&sources) {
        Ok(Ok(files)) => {
            stacks.extend(files.iter().map(|f| f.stack().clone()));
            Some(stacks)
        }
        Ok(Err(e)) => {
            report_stacks(&e);
            None
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            None
        }
    }
}

pub(super) fn select(
    stacks: &[Stack],
    files: Vec<LoadedStack>,
    names: &[String],
) -> Result<(Vec<Stack>, Vec<LoadedStack>)> {
    if names.is_empty() {
        return Ok((stacks.to_vec(), files));
    }
    let file_names = files.iter().map(|f| f.stack().name());
    let known: Vec<&str> = stacks.iter().map(Stack::name).chain(file_names).collect();
    if let Some(name) = names.iter().find(|n| !known.contains(&n.as_str())) {
        bail!("no stack named `{name}` (stacks: {})", known.join(", "));
    }
    let wanted = |name: &str| names.iter().any(|n| n == name);
    let chosen = stacks
        .iter()
        .filter(|s| wanted(s.name()))
        .cloned()
        .collect();
    let chosen_files = files
        .into_iter()
        .filter(|f| wanted(f.stack().name()))
        .collect();
    Ok((chosen, chosen_files))
}

/// Loads the stack files of `sources`: those in the directory, then those named, each once.
/// `Err` holds every file's problems.
pub(super) fn load_files(sources: &StackSources) -> Result<Result<Vec<LoadedStack>, StacksError>> {
    let mut paths = stack_file::find(&sources.stacks_dir)
        .with_context(|| format!("reading {}", sources.stacks_dir.display()))?;
    for p in &sources.stack_files {
        // `./stacks/b.yaml` is `stacks/b.yaml`: the same file, loaded once.
        if !paths.iter().any(|q| crate::input::same_file(q, p)) {
            paths.push(p.clone());
        }
    }
    Ok(load_paths(&paths))
}

pub(super) fn load_paths(paths: &[PathBuf]) -> Result<Vec<LoadedStack>, StacksError> {
    let mut loaded = Vec::new();
    let mut error = StacksError::default();
    for path in paths {
        match stack_file::load(path) {
            Ok(l) => loaded.push(l),
            Err(e) => error.files.push(e),
        }
    }
    if error.files.is_empty() {
        Ok(loaded)
    } else {
        Err(error)
    }
}

/// Prints every problem: the Rust stacks' as before, then each file's, one line each.
pub(super) fn report_stacks(e: &StacksError) -> Outcome {
    if let Some(rust) = &e.rust {
        eprint!("error: {rust}");
    }
    for file in &e.files {
        eprint!("{file}");
    }
    if !e.files.is_empty() {
        let n: usize = e.files.iter().map(|f| f.problems.len()).sum();
        let files = e.files.len();
        eprintln!(
            "error: {n} problem{} in {files} stack file{}",
            if n == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" }
        );
    }
    eprintln!("nothing was written");
    Outcome::Failed
}

/// Synthesizes the Rust stacks and those of `sources`, selected by `names`, into `format`.
pub(super) fn synthesize_sources(
    all: &[Stack],
    sources: &StackSources,
    names: &[String],
    format: Format,
) -> Result<Result<Vec<Synthesized>, Outcome>> {
    let files = match load_files(sources)? {
        Ok(f) => f,
        Err(e) => return Ok(Err(report_stacks(&e))),
    };
    let (stacks, files) = select(all, files, names)?;
    Ok(stack_file::synthesize_all(&stacks, &files, format).map_err(|e| report_stacks(&e)))
}

/// Prints the warnings of `synthesized` to stderr, with paths inside `dir`.
pub(super) fn warn(synthesized: &[Synthesized], dir: &Path) {
    for s in synthesized {
        for w in &s.warnings {
            eprintln!("warning: {}", w.message(dir));
        }
        for n in &s.notes {
            eprintln!("note: {n}");
        }
    }
}
