//! Command-line parsing and dispatch; the only place that uses `anyhow`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use apigw_synth::out::{self, OutFile};
use apigw_synth::{Format, Stack, SynthError, render, synthesize_all};
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
    /// List the stacks with their resource and method counts.
    List,
    /// Compare the synthesized templates with the committed ones (or two template files)
    /// by meaning, access-control changes first. Exit 0: no change, 1: changes, 2: error.
    Diff(review::DiffArgs),
    /// Show an API's resources and methods with their authorization and integration.
    Tree(review::TreeArgs),
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
        Command::List => list(&stacks),
        Command::Diff(args) => return review::diff(&stacks, &args),
        Command::Tree(args) => review::tree(&stacks, &args),
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

fn select<'a>(stacks: &'a [Stack], names: &[String]) -> Result<Vec<Stack>> {
    if names.is_empty() {
        return Ok(stacks.to_vec());
    }
    let mut chosen = Vec::new();
    for name in names {
        match stacks.iter().find(|s| s.name() == name) {
            Some(s) => chosen.push(s.clone()),
            None => {
                let known: Vec<&str> = stacks.iter().map(Stack::name).collect();
                bail!("no stack named `{name}` (stacks: {})", known.join(", "));
            }
        }
    }
    Ok(chosen)
}

fn report(e: &SynthError) -> Outcome {
    eprint!("error: {e}");
    eprintln!("nothing was written");
    Outcome::Failed
}

fn template_name(stack: &str, format: Format) -> String {
    format!("{stack}.template.{}", format.extension())
}

fn synth(all: &[Stack], args: &SynthArgs) -> Result<Outcome> {
    let stacks = select(all, &args.stacks)?;
    let format = Format::from(args.format);
    let templates = match synthesize_all(&stacks) {
        Ok(t) => t,
        Err(e) => return Ok(report(&e)),
    };
    let files: Vec<OutFile> = templates
        .iter()
        .map(|(name, t)| OutFile {
            name: template_name(name, format),
            contents: render(t, format),
        })
        .collect();

    if args.check {
        return Ok(check(&args.out, &files, args.stacks.is_empty()));
    }
    let written = out::write_all(&args.out, &files).context("writing templates")?;
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
    if all_stacks && let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_template = name.ends_with(".template.json") || name.ends_with(".template.yaml");
            if is_template && !files.iter().any(|f| f.name == name) {
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

fn list(stacks: &[Stack]) -> Result<Outcome> {
    let templates = match synthesize_all(stacks) {
        Ok(t) => t,
        Err(e) => return Ok(report(&e)),
    };
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "{:<24} {:>9} {:>7} {:>9}",
        "STACK", "RESOURCES", "METHODS", "BYTES"
    )?;
    for (name, t) in &templates {
        let methods = t
            .resources
            .values()
            .filter(|r| r.properties.type_name() == "AWS::ApiGateway::Method")
            .count();
        let bytes = render(t, Format::Json).len();
        writeln!(
            stdout,
            "{name:<24} {:>9} {methods:>7} {bytes:>9}",
            t.resources.len()
        )?;
    }
    Ok(Outcome::Ok)
}
