//! `diff`: what a change does to who can call what, access control first; the synthesized
//! templates against the committed ones (or two template files).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;

use super::load::{StackSources, choose, report_stacks};
use super::{ColorChoice, Outcome, print_error, source_error};
use crate::review::{self, StackDiff, TemplateSource, read_model};
use crate::{Format, Stack};

/// `diff`: what a change does to who can call what.
#[derive(Debug, clap::Args)]
pub(super) struct DiffArgs {
    /// Stacks to compare. Default: all.
    stacks: Vec<String>,
    /// The directory of committed templates to compare with, e.g. the base branch's `out/`:
    /// `DIR/<stack>.template.json`, or a split stack's `DIR/<stack>/<stack>.template.json`
    /// with the nested templates it names.
    #[arg(long, default_value = "out")]
    against: PathBuf,
    /// Compare with the templates of that directory as committed at this git revision
    /// (`HEAD`, `origin/main`), read with `git show REV:DIR/<stack>.template.json` (a split
    /// stack's files likewise).
    #[arg(long, value_name = "REV")]
    against_rev: Option<String>,
    /// Compare two template files instead (any CloudFormation template, JSON or YAML; a
    /// parent's nested templates beside it are inlined).
    #[arg(
        long,
        requires = "new",
        conflicts_with_all = ["stacks", "against", "against_rev", "stacks_dir", "stack_files"]
    )]
    old: Option<PathBuf>,
    /// The new template file, with --old.
    #[arg(long, requires = "old")]
    new: Option<PathBuf>,
    /// Which changes make the exit code 1: `any`, or only access-control changes (for CI).
    #[arg(long, value_enum, default_value_t = FailOn::Any)]
    fail_on: FailOn,
    /// Color the text output: `auto` when stdout is a terminal and NO_COLOR is unset.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// `text` for people, `json` for machines.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    #[command(flatten)]
    sources: StackSources,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Any,
    Security,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
}

/// Runs `diff`: exit 0 without changes, 1 with changes (access-control ones only with
/// `--fail-on security`), 2 on any error.
pub(super) fn run(stacks: &[Stack], args: &DiffArgs) -> ExitCode {
    match compare(stacks, args) {
        // The stacks' problems are reported already.
        Ok(Err(Outcome::Failed)) => ExitCode::from(2),
        Ok(Err(Outcome::Ok)) => ExitCode::SUCCESS,
        Ok(Ok(diffs)) => {
            let text = match args.format {
                DiffFormat::Text => review::render_text(&diffs, args.color.enabled()),
                DiffFormat::Json => review::render_json(&diffs),
            };
            if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes()) {
                eprintln!("error: writing the diff: {e}");
                return ExitCode::from(2);
            }
            let failing = diffs.iter().any(|d| match args.fail_on {
                FailOn::Any => !d.diff.is_empty(),
                FailOn::Security => !d.diff.access_control.is_empty(),
            });
            if failing {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            print_error(&format!("{e:#}"));
            ExitCode::from(2)
        }
    }
}

/// The diff of each stack, or `Err` when the stacks' problems were reported.
fn compare(stacks: &[Stack], args: &DiffArgs) -> Result<Result<Vec<StackDiff>, Outcome>> {
    if let (Some(old), Some(new)) = (&args.old, &args.new) {
        let old_model = read_model(&TemplateSource::File(old)).map_err(source_error)?;
        let new_model = read_model(&TemplateSource::File(new)).map_err(source_error)?;
        let name = new.file_name().map_or_else(
            || new.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        return Ok(Ok(vec![StackDiff {
            name,
            old: old_model.origin,
            new: new_model.origin,
            diff: review::diff(&old_model.model, &new_model.model),
        }]));
    }
    const NOTHING: &str = "nothing was compared";
    let chosen = match choose(stacks, &args.sources, &args.stacks, NOTHING)? {
        Ok(c) => c,
        Err(outcome) => return Ok(Err(outcome)),
    };
    let synthesized = match chosen.synthesize(Format::Json) {
        Ok(s) => s,
        Err(e) => return Ok(Err(report_stacks(&e, NOTHING))),
    };
    let mut diffs = Vec::new();
    for s in &synthesized {
        let name = &s.stack;
        let new = read_model(&TemplateSource::Synthesized(s)).map_err(source_error)?;
        let committed = match &args.against_rev {
            Some(rev) => TemplateSource::Revision {
                rev,
                dir: &args.against,
                stack: name,
            },
            None => TemplateSource::Committed {
                dir: &args.against,
                stack: name,
            },
        };
        let old = read_model(&committed).map_err(source_error)?;
        diffs.push(StackDiff {
            name: name.clone(),
            old: old.origin,
            new: new.origin,
            diff: review::diff(&old.model, &new.model),
        });
    }
    Ok(Ok(diffs))
}
