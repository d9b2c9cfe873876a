//! The review commands, `diff` and `tree`: parsing their options and printing.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use apigw_synth::review::{self, StackDiff, TemplateModel};
use apigw_synth::{Stack, synthesize_all};
use clap::ValueEnum;

use super::{Outcome, select};

/// `diff`: what a change does to who can call what.
#[derive(Debug, clap::Args)]
pub(super) struct DiffArgs {
    /// Stacks to compare. Default: all.
    stacks: Vec<String>,
    /// The directory of committed templates to compare with, e.g. the base branch's `out/`.
    #[arg(long, default_value = "out")]
    against: PathBuf,
    /// Compare with the templates of that directory as committed at this git revision
    /// (`HEAD`, `origin/main`), read with `git show REV:DIR/<stack>.template.json`.
    #[arg(long, value_name = "REV")]
    against_rev: Option<String>,
    /// Compare two template files instead (any CloudFormation template, JSON or YAML).
    #[arg(long, requires = "new", conflicts_with_all = ["stacks", "against", "against_rev"])]
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
}

/// `tree`: the API's resources and methods.
#[derive(Debug, clap::Args)]
pub(super) struct TreeArgs {
    /// The stack to show. Default: all.
    stack: Option<String>,
    /// Show the APIs of this template file instead (JSON or YAML).
    #[arg(long, conflicts_with = "stack")]
    template: Option<PathBuf>,
    /// Color: `auto` when stdout is a terminal and NO_COLOR is unset.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Any,
    Security,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
}

/// Runs `diff`: exit 0 without changes, 1 with changes (access-control ones only with
/// `--fail-on security`), 2 on any error.
pub(super) fn diff(stacks: &[Stack], args: &DiffArgs) -> ExitCode {
    match compare(stacks, args) {
        Ok(diffs) => {
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
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn compare(stacks: &[Stack], args: &DiffArgs) -> Result<Vec<StackDiff>> {
    if let (Some(old), Some(new)) = (&args.old, &args.new) {
        let old_model = review::model(&review::read_template(old)?);
        let new_model = review::model(&review::read_template(new)?);
        let name = new.file_name().map_or_else(
            || new.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        return Ok(vec![StackDiff {
            name,
            old: old.display().to_string(),
            new: new.display().to_string(),
            diff: review::diff(&old_model, &new_model),
        }]);
    }
    let (chosen, _) = select(stacks, Vec::new(), &args.stacks)?;
    let templates =
        synthesize_all(&chosen).map_err(|e| anyhow::anyhow!("{e}nothing was compared"))?;
    let mut diffs = Vec::new();
    for (name, template) in &templates {
        let (old, label) = match &args.against_rev {
            Some(rev) => committed_at(rev, &args.against, name)?,
            None => committed(&args.against, name)?,
        };
        diffs.push(StackDiff {
            name: name.clone(),
            old: label,
            new: "synthesized".to_owned(),
            diff: review::diff(&old, &review::model_of(template)),
        });
    }
    Ok(diffs)
}

/// The committed template of `stack` in `dir` (JSON, else YAML), or an empty one when the
/// stack is new.
fn committed(dir: &Path, stack: &str) -> Result<(TemplateModel, String)> {
    if !dir.is_dir() {
        bail!("{}: no such directory of templates", dir.display());
    }
    for ext in ["json", "yaml"] {
        let path = dir.join(format!("{stack}.template.{ext}"));
        if path.exists() {
            let value = review::read_template(&path)?;
            return Ok((review::model(&value), path.display().to_string()));
        }
    }
    let label = format!(
        "nothing: {} does not exist",
        dir.join(format!("{stack}.template.json")).display()
    );
    Ok((TemplateModel::default(), label))
}

/// The template of `stack` in `dir` as of git revision `rev`, or an empty one when the
/// stack did not exist then.
fn committed_at(rev: &str, dir: &Path, stack: &str) -> Result<(TemplateModel, String)> {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .output()
            .context("running git (needed for --against-rev)")
    };
    let commit = format!("{rev}^{{commit}}");
    let verify = git(&["rev-parse", "--verify", "--quiet", &commit])?;
    if !verify.status.success() {
        bail!("`{rev}` is not a git revision here");
    }
    for ext in ["json", "yaml"] {
        // `./` makes the path relative to the current directory, not the repository root.
        let spec = format!(
            "{rev}:./{}",
            dir.join(format!("{stack}.template.{ext}")).display()
        );
        let shown = git(&["show", &spec])?;
        if shown.status.success() {
            let text = String::from_utf8_lossy(&shown.stdout);
            let value = review::parse_template(&text, ext == "json", &spec)?;
            return Ok((review::model(&value), spec));
        }
    }
    let label = format!(
        "nothing: {} is not in {rev}",
        dir.join(format!("{stack}.template.json")).display()
    );
    Ok((TemplateModel::default(), label))
}

/// Runs `tree`.
pub(super) fn tree(stacks: &[Stack], args: &TreeArgs) -> Result<Outcome> {
    let color = args.color.enabled();
    let mut out = String::new();
    if let Some(path) = &args.template {
        let value = review::read_template(path)?;
        out.push_str(&review::render_tree(&review::model(&value), color));
    } else {
        let names: Vec<String> = args.stack.iter().cloned().collect();
        let (chosen, _) = select(stacks, Vec::new(), &names)?;
        let templates = match synthesize_all(&chosen) {
            Ok(t) => t,
            Err(e) => {
                eprint!("error: {e}");
                return Ok(Outcome::Failed);
            }
        };
        for (i, (name, template)) in templates.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&format!("stack {name}\n"));
            out.push_str(&review::render_tree(&review::model_of(template), color));
        }
    }
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .context("writing the tree")?;
    Ok(Outcome::Ok)
}
