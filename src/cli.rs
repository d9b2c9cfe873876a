//! Command-line parsing and dispatch; the only place that uses `anyhow`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use apigw_synth::budget::{
    MAX_INLINE_BYTES, MAX_OUTPUTS, MAX_PARAMETERS, MAX_POLICY_BYTES, MAX_RESOURCES,
};
use apigw_synth::out::{self, OutFile};
use apigw_synth::{Format, Stack, SynthError, Synthesized, synthesize_stacks};
use clap::{Parser, Subcommand, ValueEnum};

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
    List,
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

/// Prints the warnings of `synthesized` to stderr, with paths inside `dir`.
fn warn(synthesized: &[Synthesized], dir: &Path) {
    for s in synthesized {
        for w in &s.warnings {
            eprintln!("warning: {}", w.message(dir));
        }
    }
}

fn synth(all: &[Stack], args: &SynthArgs) -> Result<Outcome> {
    let stacks = select(all, &args.stacks)?;
    let format = Format::from(args.format);
    let synthesized = match synthesize_stacks(&stacks, format) {
        Ok(s) => s,
        Err(e) => return Ok(report(&e)),
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

fn list(stacks: &[Stack]) -> Result<Outcome> {
    let synthesized = match synthesize_stacks(stacks, Format::Json) {
        Ok(s) => s,
        Err(e) => return Ok(report(&e)),
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
            let methods = f
                .template
                .resources
                .values()
                .filter(|r| r.properties.type_name() == "AWS::ApiGateway::Method")
                .count();
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
