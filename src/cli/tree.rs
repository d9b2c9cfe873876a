//! `tree`: an API's resources and methods as the console shows them, with their
//! authorization and integration target.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::load::select;
use super::{ColorChoice, Outcome, print_error, source_error};
use crate::review::{self, TemplateSource, read_model};
use crate::{Format, Stack, synthesize_stacks};

/// `tree`: the API's resources and methods.
#[derive(Debug, clap::Args)]
pub(super) struct TreeArgs {
    /// The stack to show. Default: all.
    stack: Option<String>,
    /// Show the APIs of this template file instead (JSON or YAML; a parent's nested
    /// templates beside it are inlined).
    #[arg(long, conflicts_with = "stack")]
    template: Option<PathBuf>,
    /// Color: `auto` when stdout is a terminal and NO_COLOR is unset.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
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
        let (chosen, _) = select(stacks, Vec::new(), &names)?;
        let synthesized = match synthesize_stacks(&chosen, Format::Json) {
            Ok(s) => s,
            Err(e) => {
                print_error(&e.to_string());
                return Ok(Outcome::Failed);
            }
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
