//! `tree`: an API's resources and methods as the console shows them, with their
//! authorization and integration target.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::load::{StackSources, choose, report_stacks};
use super::{ColorChoice, Outcome, source_error};
use crate::review::{self, TemplateSource, read_model};
use crate::{Format, Stack};

/// `tree`: the API's resources and methods.
#[derive(Debug, clap::Args)]
pub(super) struct TreeArgs {
    /// The stack to show. Default: all.
    stack: Option<String>,
    /// Show the APIs of this template file instead (JSON or YAML; a parent's nested
    /// templates beside it are inlined).
    #[arg(long, conflicts_with_all = ["stack", "stacks_dir", "stack_files"])]
    template: Option<PathBuf>,
    /// Color: `auto` when stdout is a terminal and NO_COLOR is unset.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(flatten)]
    sources: StackSources,
}

/// Runs `tree`.
pub(super) fn run(stacks: &[Stack], args: &TreeArgs) -> Result<Outcome> {
    let color = args.color.enabled();
    let mut out = String::new();
    if let Some(path) = &args.template {
        let template = read_model(&TemplateSource::File(path)).map_err(source_error)?;
        out.push_str(&review::render_tree(&template.model, color));
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
        for (i, s) in synthesized.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&review::terminal::escape(&format!("stack {}", s.stack)));
            out.push('\n');
            let template = read_model(&TemplateSource::Synthesized(s)).map_err(source_error)?;
            out.push_str(&review::render_tree(&template.model, color));
        }
    }
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .context("writing the tree")?;
    Ok(Outcome::Ok)
}
