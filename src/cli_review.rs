//! The review commands, `diff` and `tree`: parsing their options and printing.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use apigw_synth::review::{self, StackDiff, TemplateModel};
use apigw_synth::{Format, Stack, SynthFile, Synthesized, synthesize_stacks};
use clap::ValueEnum;
use serde_json::Value;

use super::{Outcome, select};

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
    /// Show the APIs of this template file instead (JSON or YAML; a parent's nested
    /// templates beside it are inlined).
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
        let old_model = review::model(&read_file(old)?);
        let new_model = review::model(&read_file(new)?);
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
    let synthesized = synthesize_stacks(&chosen, Format::Json)
        .map_err(|e| anyhow::anyhow!("{e}nothing was compared"))?;
    let mut diffs = Vec::new();
    for s in &synthesized {
        let name = &s.stack;
        let new = synthesized_model(s)?;
        let (old, label) = match &args.against_rev {
            Some(rev) => committed_at(rev, &args.against, name)?,
            None => committed(&args.against, name)?,
        };
        diffs.push(StackDiff {
            name: name.clone(),
            old: label,
            new: "synthesized".to_owned(),
            diff: review::diff(&old, &new),
        });
    }
    Ok(diffs)
}

/// The template file at `path`; a parent whose nested templates are beside it (a split
/// stack as `synth` writes it) with them inlined.
fn read_file(path: &Path) -> Result<Value> {
    let value = review::read_template(path)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    // A template whose nested stacks can't be followed is shown as it is.
    let stacks = review::nested_stacks(&value, &path.display().to_string()).unwrap_or_default();
    let beside = stacks.iter().any(|s| {
        s.file
            .as_ref()
            .is_some_and(|f| dir.join(f).symlink_metadata().is_ok())
    });
    if beside {
        Ok(review::inline_files(&value, path)?)
    } else {
        Ok(value)
    }
}

/// The model of a synthesized stack: its one template, or a split stack's parent with its
/// nested templates inlined.
fn synthesized_model(s: &Synthesized) -> Result<TemplateModel> {
    let parse = |f: &SynthFile| review::parse_template(&f.contents, true, &f.path);
    let Some((parent, nested)) = s.files.split_first() else {
        bail!("{}: synth wrote no template", s.stack);
    };
    let parent_value = parse(parent)?;
    if nested.is_empty() {
        return Ok(review::model(&parent_value));
    }
    // Nested files are named by their path relative to the parent's directory.
    let dir = parent.path.rsplit_once('/').map_or("", |(d, _)| d);
    let by_file: BTreeMap<&str, &SynthFile> = nested
        .iter()
        .map(|f| {
            let relative = f.path.strip_prefix(dir).and_then(|p| p.strip_prefix('/'));
            (relative.unwrap_or(&f.path), f)
        })
        .collect();
    let mut templates = BTreeMap::new();
    for stack in review::nested_stacks(&parent_value, &parent.path)? {
        if let Some(f) = stack.file.as_deref().and_then(|file| by_file.get(file)) {
            templates.insert(stack.id, parse(f)?);
        }
    }
    let merged = review::inline_nested(&parent_value, &parent.path, &templates)?;
    Ok(review::model(&merged))
}

/// The committed template of `stack` in `dir` (JSON, else YAML; else a split stack's parent
/// in `dir/<stack>/` with its nested templates inlined), or an empty one when the stack is
/// new.
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
    // A split stack: `<stack>/<stack>.template.json` and its nested templates beside it.
    for ext in ["json", "yaml"] {
        let path = dir.join(stack).join(format!("{stack}.template.{ext}"));
        if path.exists() {
            let value = review::read_split_template(&path)?;
            return Ok((review::model(&value), path.display().to_string()));
        }
    }
    let label = format!(
        "nothing: {} does not exist",
        dir.join(format!("{stack}.template.json")).display()
    );
    Ok((TemplateModel::default(), label))
}

/// The template of `stack` in `dir` as of git revision `rev` (a split stack's templates
/// inlined into one), or an empty one when the stack did not exist then.
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
    // A split stack: `<stack>/<stack>.template.json` and the nested templates it names.
    let folder = dir.join(stack);
    for ext in ["json", "yaml"] {
        let spec = format!(
            "{rev}:./{}",
            folder.join(format!("{stack}.template.{ext}")).display()
        );
        let shown = git(&["show", &spec])?;
        if !shown.status.success() {
            continue;
        }
        let text = String::from_utf8_lossy(&shown.stdout);
        let parent = review::parse_template(&text, ext == "json", &spec)?;
        let mut nested = BTreeMap::new();
        for s in review::nested_stacks(&parent, &spec)? {
            let Some(file) = &s.file else { continue };
            let nested_spec = format!("{rev}:./{}", folder.join(file).display());
            let shown = git(&["show", &nested_spec])?;
            // A file not in `rev` is reported missing by `inline_nested`.
            if shown.status.success() {
                let text = String::from_utf8_lossy(&shown.stdout);
                let json = Path::new(file)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"));
                let value = review::parse_template(&text, json, &nested_spec)?;
                nested.insert(s.id, value);
            }
        }
        let value = review::inline_nested(&parent, &spec, &nested)?;
        return Ok((review::model(&value), spec));
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
        let value = read_file(path)?;
        out.push_str(&review::render_tree(&review::model(&value), color));
    } else {
        let names: Vec<String> = args.stack.iter().cloned().collect();
        let (chosen, _) = select(stacks, Vec::new(), &names)?;
        let synthesized = match synthesize_stacks(&chosen, Format::Json) {
            Ok(s) => s,
            Err(e) => {
                eprint!("error: {e}");
                return Ok(Outcome::Failed);
            }
        };
        for (i, s) in synthesized.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&format!("stack {}\n", s.stack));
            out.push_str(&review::render_tree(&synthesized_model(s)?, color));
        }
    }
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .context("writing the tree")?;
    Ok(Outcome::Ok)
}
