//! The stacks a command works on: the Rust stacks of the [`App`](super::App) plus the stack
//! files of a directory and those named, selected by name; every problem reported at once.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::Outcome;
use crate::stack_file::{self, LoadedStack, StacksError};
use crate::{Format, Stack, Synthesized};

/// The stack directory when `--stacks` is not given. Missing, it holds no stack files: an
/// App whose stacks are all written in Rust needs none.
const DEFAULT_STACKS_DIR: &str = "stacks";

/// Where stack files come from, besides the stacks written in Rust: the options every
/// command that reads stacks takes (`synth`, `list`, `diff`, `tree`).
#[derive(Debug, Default, clap::Args)]
pub(super) struct StackSources {
    /// The directory whose `*.yaml`, `*.yml` and `*.json` stack files are loaded; it must
    /// exist [default: stacks, when there is one]
    #[arg(long = "stacks", value_name = "DIR")]
    pub(super) stacks_dir: Option<PathBuf>,
    /// Also load this stack file (repeatable).
    #[arg(long = "stack-file", value_name = "PATH")]
    pub(super) stack_files: Vec<PathBuf>,
}

impl StackSources {
    /// The directory stack files are loaded from, and whether the user named it.
    fn dir(&self) -> (&Path, bool) {
        match &self.stacks_dir {
            Some(dir) => (dir, true),
            None => (Path::new(DEFAULT_STACKS_DIR), false),
        }
    }
}

/// The stacks a command works on, selected by name.
pub(super) struct Chosen {
    /// The Rust stacks.
    rust: Vec<Stack>,
    /// The stack files.
    files: Vec<LoadedStack>,
}

impl Chosen {
    /// Synthesizes every chosen stack into `format`; `Err` holds every problem.
    pub(super) fn synthesize(&self, format: Format) -> Result<Vec<Synthesized>, StacksError> {
        stack_file::synthesize_all(&self.rust, &self.files, format)
    }
}

/// Loads the stack files of `sources` beside the Rust `stacks` and picks those `names`
/// names (all when empty). `Ok(Err(_))` after reporting every stack file's problems with
/// `nothing` (what was not done: `nothing was written`) as the last line.
pub(super) fn choose(
    stacks: &[Stack],
    sources: &StackSources,
    names: &[String],
    nothing: &str,
) -> Result<Result<Chosen, Outcome>> {
    let Files { files, others } = match load_files(stacks, sources, names)? {
        Ok(f) => f,
        Err(e) => return Ok(Err(report_stacks(&e, nothing))),
    };
    if stacks.is_empty() && files.is_empty() && others.is_empty() {
        bail!("{}", no_stacks(sources));
    }
    let (rust, files) = select(stacks, files, &others, names)?;
    Ok(Ok(Chosen { rust, files }))
}

/// Why there is nothing to work on, and what to do.
fn no_stacks(sources: &StackSources) -> String {
    let (dir, _) = sources.dir();
    let place = if dir.exists() {
        format!(
            "{} has no stack files (*.yaml, *.yml, *.json)",
            dir.display()
        )
    } else {
        format!("there is no {} directory here", dir.display())
    };
    format!(
        "no stacks: {place}, and this program has no stacks written in Rust; write a stack \
         file (`apigw-synth schema` prints its format), pass --stacks DIR or --stack-file \
         PATH, or start a project with `apigw-synth init`"
    )
}

/// The stacks named `names` (all when empty) among the Rust `stacks` and the loaded `files`;
/// `others` names the stack files left unloaded, for the message on a name that is none.
fn select(
    stacks: &[Stack],
    files: Vec<LoadedStack>,
    others: &[String],
    names: &[String],
) -> Result<(Vec<Stack>, Vec<LoadedStack>)> {
    if names.is_empty() {
        return Ok((stacks.to_vec(), files));
    }
    let file_names = files.iter().map(|f| f.stack().name());
    let mut known: Vec<&str> = stacks.iter().map(Stack::name).chain(file_names).collect();
    known.extend(others.iter().map(String::as_str));
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
/// A directory given with `--stacks` must exist; the default one may be missing. A program
/// without Rust stacks refuses a directory holding Rust stacks (`*.rs`): it would ignore
/// them, and `synth` would remove their templates. `Err` holds every file's problems.
fn load_files(
    stacks: &[Stack],
    sources: &StackSources,
    names: &[String],
) -> Result<Result<Files, StacksError>> {
    let (dir, named) = sources.dir();
    if named && !dir.is_dir() {
        if dir.exists() {
            bail!("--stacks {}: not a directory", dir.display());
        }
        bail!("--stacks {}: no such directory", dir.display());
    }
    let mut paths = stack_file::find(dir).with_context(|| format!("reading {}", dir.display()))?;
    if stacks.is_empty()
        && let Some(rust) = first_rust_file(dir)?
    {
        bail!(
            "{} is a stack written in Rust, which this program does not have: Rust stacks \
             are compiled into their project's own program, so run `cargo run -- <command>` \
             in that project",
            rust.display()
        );
    }
    for p in &sources.stack_files {
        // `./stacks/b.yaml` is `stacks/b.yaml`: the same file, loaded once.
        if !paths.iter().any(|q| crate::input::same_file(q, p)) {
            paths.push(p.clone());
        }
    }
    if names.is_empty() {
        return Ok(load_paths(&paths).map(|files| Files {
            files,
            others: Vec::new(),
        }));
    }
    Ok(load_paths_for(&paths, names))
}

/// The stack files read for a command: those loaded, and the names of those left unread
/// because they declare stacks the command does not name.
struct Files {
    files: Vec<LoadedStack>,
    others: Vec<String>,
}

/// Loads the stack files of `paths` that may declare one of `names`; the names of those
/// that plainly declare others come second (see [`stack_file::load_for`]).
fn load_paths_for(paths: &[PathBuf], names: &[String]) -> Result<Files, StacksError> {
    let mut loaded = Vec::new();
    let mut others = Vec::new();
    let mut error = StacksError::default();
    for path in paths {
        match stack_file::load_for(path, names) {
            Ok(stack_file::Selected::Loaded(l)) => loaded.push(*l),
            Ok(stack_file::Selected::Other(name)) => others.push(name),
            Err(e) => error.files.push(e),
        }
    }
    if error.files.is_empty() {
        Ok(Files {
            files: loaded,
            others,
        })
    } else {
        Err(error)
    }
}

/// The first `*.rs` file of `dir` in name order, if any (none when `dir` is missing).
fn first_rust_file(dir: &Path) -> Result<Option<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    let mut rust = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("reading {}", dir.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "rs") {
            rust.push(path);
        }
    }
    rust.sort();
    Ok(rust.into_iter().next())
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

/// Prints every problem: the Rust stacks' as before, then each file's, one line each, then
/// `nothing` (what was not done: `nothing was written`).
pub(super) fn report_stacks(e: &StacksError, nothing: &str) -> Outcome {
    // A message may quote a stack file's text: shown escaped, as everything read from
    // elsewhere is (see review::terminal).
    let escape = |text: String| crate::review::terminal::escape_message(&text).into_owned();
    if let Some(rust) = &e.rust {
        eprint!("error: {}", escape(rust.to_string()));
    }
    for file in &e.files {
        eprint!("{}", escape(file.to_string()));
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
    eprintln!("{nothing}");
    Outcome::Failed
}

/// Synthesizes the Rust stacks and those of `sources`, selected by `names`, into `format`.
pub(super) fn synthesize_sources(
    all: &[Stack],
    sources: &StackSources,
    names: &[String],
    format: Format,
) -> Result<Result<Vec<Synthesized>, Outcome>> {
    const NOTHING: &str = "nothing was written";
    let chosen = match choose(all, sources, names, NOTHING)? {
        Ok(c) => c,
        Err(outcome) => return Ok(Err(outcome)),
    };
    Ok(chosen
        .synthesize(format)
        .map_err(|e| report_stacks(&e, NOTHING)))
}

/// Prints the warnings of `synthesized` to stderr, with paths inside `dir`, then their notes,
/// each once for all the stacks it concerns.
pub(super) fn warn(synthesized: &[Synthesized], dir: &Path) {
    for s in synthesized {
        for w in &s.warnings {
            eprintln!("warning: {}", w.message(dir));
        }
    }
    for line in crate::budget::note_lines(synthesized.iter().flat_map(|s| &s.notes)) {
        eprintln!("note: {line}");
    }
}

/// The final template (nested stacks inlined) of one stack: the split template at `template`
/// when given, else the one stack `stack` names among `stacks` and `sources`, synthesized;
/// `Err(outcome)` when the stacks have problems (reported, `nothing` said). `verb` and
/// `command` word the message asking for a stack when there are several.
pub(super) fn final_template(
    stacks: &[Stack],
    sources: &StackSources,
    stack: Option<&String>,
    template: Option<&std::path::Path>,
    nothing: &str,
    (verb, command): (&str, &str),
) -> anyhow::Result<Result<serde_json::Value, Outcome>> {
    if let Some(path) = template {
        return Ok(Ok(
            crate::review::read_split_template(path).map_err(|e| super::source_error(e.into()))?
        ));
    }
    let names: Vec<String> = stack.into_iter().cloned().collect();
    let chosen = match choose(stacks, sources, &names, nothing)? {
        Ok(c) => c,
        Err(outcome) => return Ok(Err(outcome)),
    };
    let synthesized = match chosen.synthesize(crate::Format::Json) {
        Ok(s) => s,
        Err(e) => return Ok(Err(report_stacks(&e, nothing))),
    };
    let one = match synthesized.as_slice() {
        [one] => one,
        several => {
            let names: Vec<&str> = several.iter().map(|s| s.stack.as_str()).collect();
            anyhow::bail!(
                "name the stack to {verb}: one of {} (`apigw-synth {command} STACK`)",
                names.join(", ")
            );
        }
    };
    Ok(Ok(
        crate::review::synthesized_template(one).map_err(super::source_error)?
    ))
}
