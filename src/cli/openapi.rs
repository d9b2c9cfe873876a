//! `openapi`: the OpenAPI 3.0 document of a stack's API (or of a template file's), on stdout.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::ValueEnum;

use super::load::{StackSources, choose, report_stacks};
use super::{Outcome, source_error};
use crate::openapi::{ExportOptions, export, to_json, to_yaml};
use crate::review::{read_split_template, synthesized_template};
use crate::{Format, Stack};

/// `openapi`: the OpenAPI document of one API.
#[derive(Debug, clap::Args)]
pub(super) struct OpenApiArgs {
    /// The stack whose API to export (needed when there are several).
    stack: Option<String>,
    /// Export the API of this template file instead (JSON or YAML; a parent's nested
    /// templates beside it are inlined).
    #[arg(long, conflicts_with_all = ["stack", "stacks_dir", "stack_files"])]
    template: Option<PathBuf>,
    /// The document's format.
    #[arg(long, value_enum, default_value_t = DocumentFormat::Yaml)]
    format: DocumentFormat,
    /// Leave out API Gateway's `x-amazon-apigateway-*` extensions and the CORS preflights:
    /// a document for clients.
    #[arg(long)]
    no_aws_extensions: bool,
    #[command(flatten)]
    sources: StackSources,
}

/// The format of an OpenAPI document.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum DocumentFormat {
    Yaml,
    Json,
}

/// Runs `openapi`.
pub(super) fn run(stacks: &[Stack], args: &OpenApiArgs) -> Result<Outcome> {
    const NOTHING: &str = "nothing was exported";
    let template = if let Some(path) = &args.template {
        read_split_template(path).map_err(|e| source_error(e.into()))?
    } else {
        let names: Vec<String> = args.stack.iter().cloned().collect();
        let chosen = match choose(stacks, &args.sources, &names, NOTHING)? {
            Ok(c) => c,
            Err(outcome) => return Ok(outcome),
        };
        let synthesized = match chosen.synthesize(Format::Json) {
            Ok(s) => s,
            Err(e) => return Ok(report_stacks(&e, NOTHING)),
        };
        let one = match synthesized.as_slice() {
            [one] => one,
            several => {
                let names: Vec<&str> = several.iter().map(|s| s.stack.as_str()).collect();
                bail!(
                    "name the stack to export: one of {} (`apigw-synth openapi STACK`)",
                    names.join(", ")
                );
            }
        };
        synthesized_template(one).map_err(source_error)?
    };
    let options = ExportOptions {
        aws_extensions: !args.no_aws_extensions,
    };
    let document = export(&template, &options).context("exporting the API")?;
    let text = match args.format {
        DocumentFormat::Yaml => to_yaml(&document),
        DocumentFormat::Json => to_json(&document),
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .context("writing the document")?;
    Ok(Outcome::Ok)
}
