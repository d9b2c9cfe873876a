//! `import`: a stack file from an OpenAPI document (OpenAPI 3 or Swagger 2, with or without
//! API Gateway's extensions) or from a CloudFormation or SAM template.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::Outcome;
use crate::import::{ImportOptions, import_file};

/// `import FILE`.
#[derive(Debug, clap::Args)]
pub(super) struct ImportArgs {
    /// The OpenAPI document (JSON or YAML, OpenAPI 3 or Swagger 2), or the CloudFormation or
    /// SAM template, to import.
    file: PathBuf,
    /// The stack's name. Default: the API's title, made a stack name.
    #[arg(long)]
    stack: Option<String>,
    /// Where to write the stack file; `-` prints it. Default: `stacks/<stack>.yaml`. An
    /// existing file is never replaced.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write the stack file although the source has parts it can't carry (each is still
    /// listed).
    #[arg(long)]
    allow_lossy: bool,
}

/// Runs `import`: nothing is written when the source can't be read, when it has parts the
/// stack file can't carry (unless `--allow-lossy`), or when the stack file would not
/// synthesize.
pub(super) fn run(args: &ImportArgs) -> Result<Outcome> {
    const NOTHING: &str = "nothing was written";
    let options = ImportOptions {
        stack: args.stack.clone(),
    };
    let imported = import_file(&args.file, &options)?;
    let escape = |text: String| crate::review::terminal::escape_message(&text).into_owned();
    for lossy in &imported.lossy {
        eprintln!("lossy: {}", escape(lossy.to_string()));
    }
    if !imported.lossy.is_empty() && !args.allow_lossy {
        let n = imported.lossy.len();
        eprintln!(
            "error: {n} part{} of {} can't be carried by a stack file (listed above); {NOTHING} \
             (--allow-lossy writes the stack file without them)",
            if n == 1 { "" } else { "s" },
            args.file.display()
        );
        return Ok(Outcome::Failed);
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("stacks").join(format!("{}.yaml", imported.stack_name())));
    let stdout = out == Path::new("-");
    let shown = if stdout {
        Path::new("imported.yaml")
    } else {
        out.as_path()
    };
    if let Err(e) = imported.check(shown) {
        eprint!("{}", escape(e.to_string()));
        eprintln!("error: the imported stack would not synthesize; {NOTHING}");
        return Ok(Outcome::Failed);
    }
    let text = imported.to_yaml();
    if stdout {
        std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .context("writing the stack file")?;
        return Ok(Outcome::Ok);
    }
    write_new(&out, &text)?;
    let methods: usize = imported
        .spec
        .api
        .routes
        .values()
        .map(|r| r.value.as_mapping().map_or(0, |m| m.len()))
        .sum();
    eprintln!(
        "wrote {}: stack `{}`, {} routes, {methods} methods",
        out.display(),
        imported.stack_name(),
        imported.spec.api.routes.len()
    );
    Ok(Outcome::Ok)
}

/// Writes `text` to `path`, a file that must not exist yet, all at once (a temporary file
/// beside it, linked into place without replacing anything).
fn write_new(path: &Path, text: &str) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    if path.exists() {
        anyhow::bail!(
            "{} exists already; remove it or give --out (nothing was written)",
            path.display()
        );
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut file = tempfile::NamedTempFile::new_in(&dir)
        .with_context(|| format!("writing into {}", dir.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    file.persist_noclobber(path)
        .map_err(|e| e.error)
        .with_context(|| format!("writing {} (nothing was written)", path.display()))?;
    Ok(())
}
