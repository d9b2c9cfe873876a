//! `access`: who can call each method of a stack's APIs (or a template file's), as text or
//! JSON.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::ValueEnum;

use super::load::{StackSources, choose, report_stacks};
use super::{ColorChoice, Outcome, source_error};
use crate::review::{
    self, StackAccess, TemplateSource, access_view, read_model, render_access_json,
    render_access_text,
};
use crate::{Format, Stack};

/// `access`: who can call each method.
#[derive(Debug, clap::Args)]
pub(super) struct AccessArgs {
    /// The stack to show. Default: all.
    stack: Option<String>,
    /// Show the APIs of this template file instead (JSON or YAML; a parent's nested
    /// templates beside it are inlined).
    #[arg(long, conflicts_with_all = ["stack", "stacks_dir", "stack_files"])]
    template: Option<PathBuf>,
    /// `text` for people, `json` for scripts.
    #[arg(long, value_enum, default_value_t = AccessFormat::Text)]
    format: AccessFormat,
    /// Color of the text: `auto` when stdout is a terminal and NO_COLOR is unset.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(flatten)]
    sources: StackSources,
}

/// The output format of `access`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum AccessFormat {
    Text,
    Json,
}

/// Runs `access`.
pub(super) fn run(stacks: &[Stack], args: &AccessArgs) -> Result<Outcome> {
    let mut views = Vec::new();
    if let Some(path) = &args.template {
        let template = read_model(&TemplateSource::File(path)).map_err(source_error)?;
        views.push(StackAccess {
            name: path.display().to_string(),
            access: access_view(&template.model),
        });
    } else {
        let names: Vec<String> = args.stack.iter().cloned().collect();
        const NOTHING: &str = "nothing was shown";
        let chosen = match choose(stacks, &args.sources, &names, NOTHING)? {
            Ok(c) => c,
            Err(outcome) => return Ok(outcome),
        };
        let synthesized = match chosen.synthesize(Format::Json) {
            Ok(s) => s,
            Err(e) => return Ok(report_stacks(&e, NOTHING)),
        };
        for s in &synthesized {
            let template = read_model(&TemplateSource::Synthesized(s)).map_err(source_error)?;
            views.push(StackAccess {
                name: s.stack.clone(),
                access: access_view(&template.model),
            });
        }
    }
    let out = match args.format {
        AccessFormat::Json => render_access_json(&views),
        AccessFormat::Text => {
            let color = args.color.enabled();
            let mut out = String::new();
            for (i, v) in views.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                if args.template.is_none() {
                    out.push_str(&review::terminal::escape(&format!("stack {}", v.name)));
                    out.push('\n');
                }
                out.push_str(&render_access_text(&v.access, color));
            }
            out
        }
    };
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .context("writing the access view")?;
    Ok(Outcome::Ok)
}
