//! Command-line parsing and dispatch; the only place that uses `anyhow`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use apigw_synth::budget::{
    MAX_INLINE_BYTES, MAX_OUTPUTS, MAX_PARAMETERS, MAX_POLICY_BYTES, MAX_RESOURCES,
};
use apigw_synth::out::{self, OutFile};
use apigw_synth::stack_file::{self, LoadedStack, StacksError};
use apigw_synth::{Format, Stack, Synthesized};
use clap::{Parser, Subcommand, ValueEnum};

#[path = "cli_review.rs"]
mod review;

/// Synthesize CloudFormation templates for API Gateway REST APIs protected by Cognito.
#[derive(Debug, Parser)]
#[command(name = "apigw-synth", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the template of every stack (or of the named ones) to the output directory.
    Synth(SynthArgs),
    /// List the stacks with each template's budget: resources, parameters, outputs and bytes
    /// against CloudFormation's limits, and the largest Lambda policy estimate.
    List(StackSources),
    /// Check stack files (or the stack files in directories) without writing anything.
    Validate(ValidateArgs),
    /// Print the JSON Schema of stack files (committed as `stacks/stack.schema.json`).
    Schema,
    /// Compare the synthesized templates with the committed ones (or two template files)
    /// by meaning, access-control changes first. Exit 0: no change, 1: changes, 2: error.
    Diff(review::DiffArgs),
    /// Show an API's resources and methods with their authorization and integration.
    Tree(review::TreeArgs),
}

/// Where stack files come from, besides the stacks written in Rust.
#[derive(Debug, clap::Args)]
struct StackSources {
    /// The directory whose `*.yaml`, `*.yml` and `*.json` stack files are loaded.
    #[arg(long = "stacks", value_name = "DIR", default_value = "stacks")]
    stacks_dir: PathBuf,
    /// Also load this stack file (repeatable).
    #[arg(long = "stack-file", value_name = "PATH")]
    stack_files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct ValidateArgs {
    /// Stack files, or directories of stack files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct SynthArgs {
    /// Stacks to synthesize. Default: all.
    stacks: Vec<String>,
    /// The output directory.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// The template format.
    #[arg(long, value_enum, default_value_t = FormatArg::Json)]
    format: FormatArg,
    /// Write nothing; exit 1 with a diff when a committed template differs.
    #[arg(long)]
    check: bool,
    #[command(flatten)]
    sources: StackSources,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Json,
    Yaml,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Json => Format::Json,
            FormatArg::Yaml => Format::Yaml,
        }
    }
}

/// What a command found: success, or a failure already reported to the user.
enum Outcome {
    Ok,
    Failed,
}

/// Parses the arguments and runs the command over `stacks`.
pub fn main(stacks: Vec<Stack>) -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Synth(args) => synth(&stacks, &args),
        Command::List(sources) => list(&stacks, &sources),
        Command::Validate(args) => validate(&args),
        Command::Schema => {
            print!("{}", stack_file::schema());
            Ok(Outcome::Ok)
        }
        Command::Diff(args) => match with_stack_files(stacks) {
            Some(all) => return review::diff(&all, &args),
            None => return ExitCode::from(2),
        },
        Command::Tree(args) => match with_stack_files(stacks) {
            Some(all) => review::tree(&all, &args),
            None => return ExitCode::from(2),
        },
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The Rust stacks plus those of the stack files in `stacks/`; `None` (after reporting)
/// when a stack file is broken.
fn with_stack_files(mut stacks: Vec<Stack>) -> Option<Vec<Stack>> {
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

fn select(
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
fn load_files(sources: &StackSources) -> Result<Result<Vec<LoadedStack>, StacksError>> {
    let mut paths = stack_file::find(&sources.stacks_dir)
        .with_context(|| format!("reading {}", sources.stacks_dir.display()))?;
    for p in &sources.stack_files {
        if !paths.contains(p) {
            paths.push(p.clone());
        }
    }
    Ok(load_paths(&paths))
}

fn load_paths(paths: &[PathBuf]) -> Result<Vec<LoadedStack>, StacksError> {
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
fn report_stacks(e: &StacksError) -> Outcome {
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
fn synthesize_sources(
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
fn warn(synthesized: &[Synthesized], dir: &Path) {
    for s in synthesized {
        for w in &s.warnings {
            eprintln!("warning: {}", w.message(dir));
        }
    }
}

fn synth(all: &[Stack], args: &SynthArgs) -> Result<Outcome> {
    let format = Format::from(args.format);
    let synthesized = match synthesize_sources(all, &args.sources, &args.stacks, format)? {
        Ok(s) => s,
        Err(outcome) => return Ok(outcome),
    };
    warn(&synthesized, &args.out);
    let files: Vec<OutFile> = synthesized
        .into_iter()
        .flat_map(|s| s.files)
        .map(|f| OutFile {
            name: f.path,
            contents: f.contents,
        })
        .collect();

    if args.check {
        return Ok(check(&args.out, &files, args.stacks.is_empty()));
    }
    let written =
        out::write_all(&args.out, &files).context("writing templates; nothing was written")?;
    let mut stdout = std::io::stdout().lock();
    for file in &files {
        let path = args.out.join(&file.name);
        let verb = if written.contains(&path) {
            "wrote"
        } else {
            "unchanged"
        };
        writeln!(stdout, "{verb} {}", path.display())?;
    }
    Ok(Outcome::Ok)
}

fn check(dir: &Path, files: &[OutFile], all_stacks: bool) -> Outcome {
    let stale = out::check(dir, files);
    let mut orphans = Vec::new();
    if all_stacks {
        for name in templates_in(dir) {
            if !files.iter().any(|f| f.name == name) {
                orphans.push(name);
            }
        }
        orphans.sort();
    }
    if stale.is_empty() && orphans.is_empty() {
        println!(
            "{} template(s) in {} are up to date",
            files.len(),
            dir.display()
        );
        return Outcome::Ok;
    }
    for s in &stale {
        println!("{}", s.diff);
    }
    for o in &orphans {
        println!(
            "{}: no stack produces this file any more; delete it",
            dir.join(o).display()
        );
    }
    eprintln!(
        "error: {} file(s) in {} are stale; run `cargo run -- synth` to regenerate",
        stale.len() + orphans.len(),
        dir.display()
    );
    Outcome::Failed
}

fn validate(args: &ValidateArgs) -> Result<Outcome> {
    let mut paths = Vec::new();
    for p in &args.paths {
        if p.is_dir() {
            paths.extend(stack_file::find(p).with_context(|| format!("reading {}", p.display()))?);
        } else {
            paths.push(p.clone());
        }
    }
    let loaded = match load_paths(&paths) {
        Ok(l) => l,
        Err(e) => return Ok(report_stacks(&e)),
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
        Err(e) => Ok(report_stacks(&e)),
    }
}

/// The template files in `dir` and in its subdirectories (split stacks), relative to `dir`.
fn templates_in(dir: &Path) -> Vec<String> {
    let is_template =
        |name: &str| name.ends_with(".template.json") || name.ends_with(".template.yaml");
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            for inner in std::fs::read_dir(entry.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let inner = inner.file_name().to_string_lossy().into_owned();
                if is_template(&inner) {
                    found.push(format!("{name}/{inner}"));
                }
            }
        } else if is_template(&name) {
            found.push(name);
        }
    }
    found
}

fn list(stacks: &[Stack], sources: &StackSources) -> Result<Outcome> {
    let synthesized = match synthesize_sources(stacks, sources, &[], Format::Json)? {
        Ok(s) => s,
        Err(outcome) => return Ok(outcome),
    };
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "{:<40} {:>9} {:>7} {:>10} {:>8} {:>8} {:>13}",
        "TEMPLATE", "RESOURCES", "METHODS", "PARAMETERS", "OUTPUTS", "BYTES", "LAMBDA POLICY"
    )?;
    for s in &synthesized {
        let policy = s.policies.iter().map(|p| p.bytes).max().unwrap_or(0);
        for (i, f) in s.files.iter().enumerate() {
            let methods = f.budget.methods;
            let b = &f.budget;
            let policy = if i == 0 {
                policy.to_string()
            } else {
                String::new()
            };
            writeln!(
                stdout,
                "{:<40} {:>9} {methods:>7} {:>10} {:>8} {:>8} {policy:>13}",
                f.path, b.resources, b.parameters, b.outputs, b.bytes
            )?;
        }
    }
    writeln!(
        stdout,
        "limits: {MAX_RESOURCES} resources, {MAX_PARAMETERS} parameters, {MAX_OUTPUTS} outputs \
         and 1 MB per template ({MAX_INLINE_BYTES} bytes inline); \
         {MAX_POLICY_BYTES} bytes per Lambda policy"
    )?;
    warn(&synthesized, Path::new("out"));
    Ok(Outcome::Ok)
}
