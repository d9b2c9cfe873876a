//! `synth`: write the template of every stack (or of the named ones), or with `--check`
//! compare them with the committed ones.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::ValueEnum;

use super::Outcome;
use super::load::{StackSources, synthesize_sources, warn};
use crate::openapi::{ExportOptions, export, to_yaml};
use crate::out::{self, OutFile};
use crate::{Format, Stack, Synthesized};

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
    /// Also write each API's OpenAPI 3.0 document (with the AWS extensions, as `openapi`
    /// exports it) beside its template: `<stack>.openapi.yaml`. Give it to `--check` too.
    #[arg(long)]
    openapi: bool,
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
    let mut files = Vec::new();
    for stack in synthesized {
        let document = if args.openapi {
            Some(openapi_document(&stack)?)
        } else {
            None
        };
        files.extend(stack.files.into_iter().map(|f| OutFile {
            name: f.path,
            contents: f.contents,
        }));
        files.extend(document);
    }

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

/// The OpenAPI document of a synthesized stack's API, named after its (parent) template:
/// `shop.openapi.yaml` beside `shop.template.json`, `shop/shop.openapi.yaml` for a split.
fn openapi_document(stack: &Synthesized) -> Result<OutFile> {
    let template = crate::review::synthesized_template(stack).map_err(super::source_error)?;
    let document = export(&template, &ExportOptions::default())
        .with_context(|| format!("exporting the API of stack {}", stack.stack))?;
    let parent = &stack.files[0].path;
    let stem = parent
        .strip_suffix(".template.json")
        .or_else(|| parent.strip_suffix(".template.yaml"))
        .unwrap_or(parent);
    Ok(OutFile {
        name: format!("{stem}.openapi.yaml"),
        contents: to_yaml(&document),
    })
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
