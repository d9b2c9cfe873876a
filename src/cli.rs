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
        // `./stacks/b.yaml` is `stacks/b.yaml`: the same file, loaded once.
        if !paths.iter().any(|q| apigw_synth::input::same_file(q, p)) {
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

    let scope = if args.stacks.is_empty() {
        out::Scope::AllStacks
    } else {
        out::Scope::TheseStacks
    };
    if args.check {
        return Ok(check(&args.out, &files, scope));
    }
    let done = out::write_all(&args.out, &files, scope).context("writing templates")?;
    let mut stdout = std::io::stdout().lock();
    for file in &files {
        let path = args.out.join(&file.name);
        let verb = if done.written.contains(&path) {
            "wrote"
        } else {
            "unchanged"
        };
        writeln!(stdout, "{verb} {}", path.display())?;
    }
    let manifest = args.out.join(out::MANIFEST_NAME);
    if done.written.contains(&manifest) {
        writeln!(stdout, "wrote {}", manifest.display())?;
    }
    for path in &done.removed {
        writeln!(stdout, "removed {} (no stack produces it)", path.display())?;
    }
    for path in &done.cleaned {
        writeln!(
            stdout,
            "removed {} (left by an interrupted run)",
            path.display()
        )?;
    }
    Ok(Outcome::Ok)
}

fn check(dir: &Path, files: &[OutFile], scope: out::Scope) -> Outcome {
    let findings = out::check(dir, files, scope);
    if findings.is_empty() {
        println!(
            "{} template(s) in {} are up to date",
            files.len(),
            dir.display()
        );
        return Outcome::Ok;
    }
    for finding in &findings {
        println!("{finding}");
    }
    eprintln!(
        "error: {} file(s) in {} are stale; run `cargo run -- synth` to regenerate",
        findings.len(),
        dir.display()
    );
    Outcome::Failed
}

fn validate(args: &ValidateArgs) -> Result<Outcome> {
    let mut paths = Vec::new();
    for p in &args.paths {
        if p.is_dir() {
            paths.extend(stack_file::find(p).with_context(|| format!("reading {}", p.display()))?);
        } else if !paths.iter().any(|q| apigw_synth::input::same_file(q, p)) {
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
