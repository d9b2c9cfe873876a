//! `init`: write a new project for one's own API, in this repository's layout.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use super::Outcome;
use crate::project::{Dependency, Project};

/// `init`: a new project.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("source").required(true).args(["path", "git"]))]
pub(super) struct InitArgs {
    /// The directory to create the project in: new, or empty but for `.git`.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The project's name: its package and program, and its first stack (a stack name: a
    /// letter, then letters, digits and `-`). Default: the directory's name.
    #[arg(long)]
    name: Option<String>,
    /// Depend on the apigw-synth checkout in this directory (written relative to the project
    /// when given relative). For trying it on one machine: CI needs the same path.
    #[arg(long, value_name = "DIR")]
    path: Option<PathBuf>,
    /// Depend on apigw-synth from this git repository (the project's CI can fetch it).
    #[arg(long, value_name = "URL")]
    git: Option<String>,
    /// With --git: the commit or tag. Default: the repository's default branch.
    #[arg(long, value_name = "REV", requires = "git")]
    rev: Option<String>,
}

/// Runs `init`.
pub(super) fn run(args: &InitArgs) -> Result<Outcome> {
    let dependency = match (&args.path, &args.git) {
        (Some(path), _) => Dependency::Path(path.clone()),
        (None, Some(url)) => Dependency::Git {
            url: url.clone(),
            rev: args.rev.clone(),
        },
        // clap's group requires one of them.
        (None, None) => anyhow::bail!("init needs --path DIR or --git URL"),
    };
    let project = match &args.name {
        Some(name) => Project::new(name, dependency)?,
        None => Project::named_after(&args.dir, dependency)?,
    };
    let written = project.write(&args.dir)?;
    let mut stdout = std::io::stdout().lock();
    let dir = written.dir.display();
    for file in &written.files {
        writeln!(stdout, "wrote {dir}/{file}")?;
    }
    writeln!(
        stdout,
        "created the project `{}` in {dir}; next:\n  cd {dir}\n  cargo run -- synth   # \
         stacks/ → out/\n  cargo test           # out/ is fresh, cfn-lint, snapshots",
        project.name()
    )?;
    Ok(Outcome::Ok)
}
