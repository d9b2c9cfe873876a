//! `openapi`: the OpenAPI 3.0 document of a stack's API (or of a template file's), on stdout.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::ValueEnum;

use super::Outcome;
use super::load::{StackSources, final_template};
use crate::Stack;
use crate::openapi::{ExportOptions, export, to_json, to_yaml};

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
    let template = match final_template(
        stacks,
        &args.sources,
        args.stack.as_ref(),
        args.template.as_deref(),
        NOTHING,
        ("export", "openapi"),
    )? {
        Ok(template) => template,
        Err(outcome) => return Ok(outcome),
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
