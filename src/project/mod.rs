//! A new project, as `apigw-synth init` writes it: this repository's layout for the user's
//! own API. A Cargo package depending on apigw-synth whose program is the [`App`](crate::App)
//! over its `stacks/` (one stack in Rust, one stack file), `out/` synthesized, a snapshot of
//! each template, tests, a CI workflow, a `.gitignore` and a README.

mod error;
mod files;
mod name;
mod stacks;

use std::fs;
use std::path::{Component, Path, PathBuf};

pub(crate) use error::ProjectError;

use files::Source;
use name::ProjectName;

/// Where a project gets apigw-synth from (it is not on crates.io).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Dependency {
    /// A checkout on this machine. Relative, it is taken from the current directory and
    /// written relative to the project.
    Path(PathBuf),
    /// A git repository, at a revision (a commit or a tag; default: its default branch).
    Git {
        /// The repository's URL.
        url: String,
        /// The revision. Default: none, the default branch.
        rev: Option<String>,
    },
}

/// A project to write: its name and where it gets apigw-synth from.
#[derive(Debug, Clone)]
pub(crate) struct Project {
    name: ProjectName,
    dependency: Dependency,
}

/// A project written: where, and the files, relative to it.
#[derive(Debug)]
pub(crate) struct Written {
    /// The project's directory.
    pub(crate) dir: PathBuf,
    /// Every file written, in order.
    pub(crate) files: Vec<String>,
}

impl Project {
    /// A project named `name` (checked: see [`ProjectName::new`]).
    pub(crate) fn new(name: &str, dependency: Dependency) -> Result<Self, ProjectError> {
        Ok(Self {
            name: ProjectName::new(name)?,
            dependency,
        })
    }

    /// A project named after its directory `dir` (the current directory's name for `.`).
    pub(crate) fn named_after(dir: &Path, dependency: Dependency) -> Result<Self, ProjectError> {
        let absolute = std::path::absolute(dir).map_err(ProjectError::io("resolve", dir))?;
        let name = absolute
            .components()
            .rev()
            .find_map(|c| match c {
                Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
                _ => None,
            })
            .unwrap_or_default();
        Self::new(&name, dependency).map_err(|e| match e {
            ProjectError::InvalidName { reason, .. } => ProjectError::NoName {
                dir: dir.to_owned(),
                reason: format!("`{name}`: {reason}"),
            },
            other => other,
        })
    }

    /// The project's name.
    pub(crate) fn name(&self) -> &str {
        &self.name.name
    }

    /// Writes the project into `dir`, which must be new or empty (but for `.git`). All or
    /// nothing: every file is written in a staging directory inside `dir`, then moved into
    /// place; a failure removes what was moved, and `dir` if it was created.
    pub(crate) fn write(&self, dir: &Path) -> Result<Written, ProjectError> {
        let created = prepare(dir)?;
        let result = self.write_into(dir);
        if result.is_err() && created {
            let _ = fs::remove_dir(dir);
        }
        result
    }

    fn write_into(&self, dir: &Path) -> Result<Written, ProjectError> {
        let source = self.source(dir)?;
        let rendered = files::render(&self.name, &source);
        let templates = stacks::templates(&self.name, &rendered)?;

        let staging = tempfile::Builder::new()
            .prefix(".apigw-synth-init-")
            .tempdir_in(dir)
            .map_err(ProjectError::io("create a staging directory in", dir))?;
        let mut written = Vec::new();
        for (path, text) in rendered
            .files
            .iter()
            .cloned()
            .chain(templates.iter().map(files::snapshot))
        {
            write_file(staging.path(), &path, &text)?;
            written.push(path);
        }
        let out = staging.path().join("out");
        crate::out::write_all(&out, &templates, crate::out::Scope::AllStacks)?;
        written.extend(templates.iter().map(|t| format!("out/{}", t.name)));
        written.push(format!("out/{}", crate::out::MANIFEST_NAME));

        move_into(staging.path(), dir)?;
        Ok(Written {
            dir: dir.to_owned(),
            files: written,
        })
    }

    /// Where the project gets apigw-synth from, as Cargo.toml writes it.
    fn source(&self, dir: &Path) -> Result<Source, ProjectError> {
        let quoted = |what: &'static str, value: &str| {
            if value.chars().any(char::is_control) {
                return Err(ProjectError::Unwritable {
                    what,
                    value: value.to_owned(),
                });
            }
            // A JSON string without control characters is a TOML basic string: the same
            // escapes (`\"`, `\\`, `\uXXXX`).
            Ok(crate::to_json(&value).trim_end().to_owned())
        };
        match &self.dependency {
            Dependency::Path(path) => {
                let written = checkout_path(path, dir)?;
                let shown = written.to_str().ok_or_else(|| ProjectError::Unwritable {
                    what: "--path",
                    value: written.to_string_lossy().into_owned(),
                })?;
                Ok(Source {
                    dependency: format!("{{ path = {} }}", quoted("--path", shown)?),
                    words: format!("the checkout at {shown}"),
                })
            }
            Dependency::Git { url, rev } => {
                let mut dependency = format!("{{ git = {}", quoted("--git", url)?);
                let mut words = url.clone();
                if let Some(rev) = rev {
                    dependency.push_str(&format!(", rev = {}", quoted("--rev", rev)?));
                    words.push_str(&format!(" at {rev}"));
                }
                dependency.push_str(" }");
                Ok(Source { dependency, words })
            }
        }
    }
}

/// Makes sure `dir` is a new or empty directory (a `.git` in it is fine: a repository just
/// made); whether it was created.
fn prepare(dir: &Path) -> Result<bool, ProjectError> {
    match fs::metadata(dir) {
        Ok(m) if !m.is_dir() => Err(ProjectError::NotADirectory(dir.to_owned())),
        Ok(_) => {
            let entries = fs::read_dir(dir).map_err(ProjectError::io("read", dir))?;
            let mut names = Vec::new();
            for entry in entries {
                let entry = entry.map_err(ProjectError::io("read", dir))?;
                names.push(entry.file_name().to_string_lossy().into_owned());
            }
            names.sort();
            match names.into_iter().find(|n| n != ".git") {
                Some(entry) => Err(ProjectError::NotEmpty {
                    dir: dir.to_owned(),
                    entry,
                }),
                None => Ok(false),
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(ProjectError::io("create", dir))?;
            Ok(true)
        }
        Err(e) => Err(ProjectError::io("read", dir)(e)),
    }
}

/// Writes `text` to `root/path`, creating its directories.
fn write_file(root: &Path, path: &str, text: &str) -> Result<(), ProjectError> {
    let full = root.join(path);
    if let Some(parent) = full.parent() {
        fs::create_dir_all(parent).map_err(ProjectError::io("create", parent))?;
    }
    fs::write(&full, text).map_err(ProjectError::io("write", &full))
}

/// Moves every entry of `staging` into `dir`; on a failure, removes those already moved.
fn move_into(staging: &Path, dir: &Path) -> Result<(), ProjectError> {
    let mut names: Vec<_> = fs::read_dir(staging)
        .map_err(ProjectError::io("read", staging))?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<Result<_, _>>()
        .map_err(ProjectError::io("read", staging))?;
    names.sort();
    let mut moved: Vec<PathBuf> = Vec::new();
    for name in names {
        let to = dir.join(&name);
        if let Err(e) = fs::rename(staging.join(&name), &to) {
            for path in moved.iter().rev() {
                let _ = fs::remove_dir_all(path).or_else(|_| fs::remove_file(path));
            }
            return Err(ProjectError::io("move into place", to)(e));
        }
        moved.push(to);
    }
    Ok(())
}

/// The path a project in `dir` writes for the apigw-synth checkout at `path`: as given when
/// absolute, else relative to `dir` (both resolved from the current directory).
fn checkout_path(path: &Path, dir: &Path) -> Result<PathBuf, ProjectError> {
    let manifest = path.join("Cargo.toml");
    let no_checkout = |reason: &str| ProjectError::NoCheckout {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    let bytes = crate::input::read(&manifest, 1024 * 1024)
        .map_err(|e| no_checkout(&format!("reading its Cargo.toml: {e}")))?;
    let text = String::from_utf8_lossy(&bytes);
    if !text.lines().any(|l| l.trim() == r#"name = "apigw-synth""#) {
        return Err(no_checkout("its Cargo.toml is not apigw-synth's"));
    }
    if path.is_absolute() {
        return Ok(path.to_owned());
    }
    let from = fs::canonicalize(dir).map_err(ProjectError::io("resolve", dir))?;
    let to = fs::canonicalize(path).map_err(ProjectError::io("resolve", path))?;
    Ok(relative(&from, &to))
}

/// The path from the directory `from` to `to`, both absolute and canonical: `../apigw-synth`.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        // Nothing shared (another drive): the absolute path.
        return to.iter().collect();
    }
    let mut path: PathBuf = from[common..]
        .iter()
        .map(|_| Component::ParentDir)
        .collect();
    path.extend(&to[common..]);
    if path.as_os_str().is_empty() {
        path.push(".");
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_path_goes_up_to_what_both_share() {
        assert_eq!(
            relative(Path::new("/work/api"), Path::new("/work/tools/apigw-synth")),
            Path::new("../tools/apigw-synth")
        );
        assert_eq!(
            relative(
                Path::new("/work/apigw-synth/examples/shop"),
                Path::new("/work/apigw-synth")
            ),
            Path::new("../..")
        );
        assert_eq!(relative(Path::new("/a"), Path::new("/a")), Path::new("."));
    }
}
