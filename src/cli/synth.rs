//! `synth`: write the template of every stack (or of the named ones), or with `--check`
//! compare them with the committed ones.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::ValueEnum;

use super::Outcome;
use super::load::{StackSources, synthesize_sources, warn};
use crate::out::{self, OutFile};
use crate::{Format, Stack};

#[derive(Debug, clap::Args)]
pub(super) struct SynthArgs {
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

/// Runs `synth`.
pub(super) fn run(all: &[Stack], args: &SynthArgs) -> Result<Outcome> {
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
