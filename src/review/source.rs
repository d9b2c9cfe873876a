//! Where the templates of a review come from: the files synth writes (in memory), the
//! committed files in a directory, those files as of a git revision, or any template file.
//! Each is read into one [`TemplateModel`], a split stack's nested templates inlined: a
//! nested template that can't be read is an error, never a nested stack shown unread.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use super::inline::{NestedError, inline_nested, nested_stacks, read_split_template};
use super::template_reader::{ReadError, parse_template};
use super::{TemplateModel, model};
use crate::{SynthFile, Synthesized};

/// Where a stack's template comes from.
#[derive(Debug, Clone, Copy)]
pub enum TemplateSource<'a> {
    /// The files synth gives for a stack ([`crate::synthesize_stack`]): its one template, or
    /// a split stack's parent and nested templates.
    Synthesized(&'a Synthesized),
    /// The committed template of `stack` in `dir`: `DIR/<stack>.template.json` (else
    /// `.yaml`), else a split stack's `DIR/<stack>/<stack>.template.json` (else `.yaml`),
    /// with the nested templates it names inlined. None there: an empty template (a new
    /// stack).
    Committed {
        /// The directory, e.g. `out`.
        dir: &'a Path,
        /// The stack's name.
        stack: &'a str,
    },
    /// [`Committed`](Self::Committed) as of git revision `rev`, each file read with
    /// `git show REV:./DIR/<file>` in the current directory.
    Revision {
        /// The revision, e.g. `HEAD` or `origin/main`.
        rev: &'a str,
        /// The directory, relative to the current directory.
        dir: &'a Path,
        /// The stack's name.
        stack: &'a str,
    },
    /// Any template file, JSON or YAML; a parent has its nested templates, beside it,
    /// inlined.
    File(&'a Path),
}

/// A template's API view and where it came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourcedModel {
    /// The API view.
    pub model: TemplateModel,
    /// Where it came from: a path, `REV:./DIR/<file>`, `synthesized`, or, for a stack with
    /// no template there, `nothing: DIR/<stack>.template.json does not exist` (or `is not
    /// in REV`).
    pub origin: String,
}

/// A source that can't be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// A template that could not be read or is no template.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// A split stack whose nested templates can't be inlined.
    #[error(transparent)]
    Inline(#[from] NestedError),
    /// The directory of committed templates does not exist.
    #[error("{}: no such directory of templates", dir.display())]
    NoDirectory {
        /// The directory.
        dir: PathBuf,
    },
    /// No such git revision in the current repository.
    #[error("`{rev}` is not a git revision here")]
    NotARevision {
        /// The revision as given.
        rev: String,
    },
    /// git could not be run.
    #[error("running git")]
    Git(#[source] std::io::Error),
    /// Synth gave no file for the stack.
    #[error("{stack}: synth wrote no template")]
    NothingSynthesized {
        /// The stack's name.
        stack: String,
    },
}

/// Reads the template `source` names into its API view.
pub fn read_model(source: &TemplateSource<'_>) -> Result<SourcedModel, SourceError> {
    match *source {
        TemplateSource::Synthesized(synthesized) => Ok(SourcedModel {
            model: synthesized_model(synthesized)?,
            origin: "synthesized".to_owned(),
        }),
        TemplateSource::Committed { dir, stack } => committed(dir, stack),
        TemplateSource::Revision { rev, dir, stack } => committed_at(rev, dir, stack),
        TemplateSource::File(path) => Ok(SourcedModel {
            model: model(&read_file(path)?),
            origin: path.display().to_string(),
        }),
    }
}

/// The template file at `path`, a parent with the nested templates beside it inlined: a
/// nested template that is not there (or not a file beside it) is an error, never a nested
/// stack shown unread.
fn read_file(path: &Path) -> Result<Value, SourceError> {
    Ok(read_split_template(path)?)
}

/// The model of a synthesized stack: its one template, or a split stack's parent with its
/// nested templates inlined.
fn synthesized_model(s: &Synthesized) -> Result<TemplateModel, SourceError> {
    Ok(model(&synthesized_template(s)?))
}

/// The template of a synthesized stack as one JSON value: its one template, or a split
/// stack's parent with its nested templates inlined.
pub fn synthesized_template(s: &Synthesized) -> Result<Value, SourceError> {
    let parse = |f: &SynthFile| parse_template(&f.contents, true, &f.path);
    let Some((parent, nested)) = s.files.split_first() else {
        return Err(SourceError::NothingSynthesized {
            stack: s.stack.clone(),
        });
    };
    let parent_value = parse(parent)?;
    if nested.is_empty() {
        return Ok(parent_value);
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
    for stack in nested_stacks(&parent_value, &parent.path)? {
        if let Some(f) = stack.file.as_deref().and_then(|file| by_file.get(file)) {
            templates.insert(stack.id, parse(f)?);
        }
    }
    Ok(inline_nested(&parent_value, &parent.path, &templates)?)
}

/// The committed template of `stack` in `dir` (JSON, else YAML; else a split stack's parent
/// in `dir/<stack>/` with its nested templates inlined), or an empty one when the stack is
/// new.
fn committed(dir: &Path, stack: &str) -> Result<SourcedModel, SourceError> {
    if !dir.is_dir() {
        return Err(SourceError::NoDirectory {
            dir: dir.to_owned(),
        });
    }
    for ext in ["json", "yaml"] {
        let path = dir.join(format!("{stack}.template.{ext}"));
        if path.exists() {
            let value = read_split_template(&path)?;
            return Ok(sourced(&value, path.display().to_string()));
        }
    }
    // A split stack: `<stack>/<stack>.template.json` and its nested templates beside it.
    for ext in ["json", "yaml"] {
        let path = dir.join(stack).join(format!("{stack}.template.{ext}"));
        if path.exists() {
            let value = read_split_template(&path)?;
            return Ok(sourced(&value, path.display().to_string()));
        }
    }
    let origin = format!(
        "nothing: {} does not exist",
        dir.join(format!("{stack}.template.json")).display()
    );
    Ok(SourcedModel {
        model: TemplateModel::default(),
        origin,
    })
}

/// The template of `stack` in `dir` as of git revision `rev` (a split stack's templates
/// inlined into one), or an empty one when the stack did not exist then.
fn committed_at(rev: &str, dir: &Path, stack: &str) -> Result<SourcedModel, SourceError> {
    let commit = format!("{rev}^{{commit}}");
    let verify = git(&["rev-parse", "--verify", "--quiet", &commit])?;
    if !verify.status.success() {
        return Err(SourceError::NotARevision {
            rev: rev.to_owned(),
        });
    }
    // The stack's template in `dir`, else a split stack's parent in `dir/<stack>/`.
    let folder = dir.join(stack);
    for place in [dir, folder.as_path()] {
        for ext in ["json", "yaml"] {
            // `./` makes the path relative to the current directory, not the repository root.
            let spec = format!(
                "{rev}:./{}",
                place.join(format!("{stack}.template.{ext}")).display()
            );
            let shown = git(&["show", &spec])?;
            if shown.status.success() {
                let text = String::from_utf8_lossy(&shown.stdout);
                let parent = parse_template(&text, ext == "json", &spec)?;
                let value = inline_at(rev, place, &parent, &spec)?;
                return Ok(sourced(&value, spec));
            }
        }
    }
    let origin = format!(
        "nothing: {} is not in {rev}",
        dir.join(format!("{stack}.template.json")).display()
    );
    Ok(SourcedModel {
        model: TemplateModel::default(),
        origin,
    })
}

/// `parent` (as of `rev`, in `place`, named `spec`) with the nested templates it names
/// beside it in `rev` inlined; one not in `rev` is reported missing by [`inline_nested`].
fn inline_at(rev: &str, place: &Path, parent: &Value, spec: &str) -> Result<Value, SourceError> {
    let mut nested = BTreeMap::new();
    for s in nested_stacks(parent, spec)? {
        let Some(file) = &s.file else { continue };
        let nested_spec = format!("{rev}:./{}", place.join(file).display());
        let shown = git(&["show", &nested_spec])?;
        if shown.status.success() {
            let text = String::from_utf8_lossy(&shown.stdout);
            let json = Path::new(file)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
            let value = parse_template(&text, json, &nested_spec)?;
            nested.insert(s.id, value);
        }
    }
    Ok(inline_nested(parent, spec, &nested)?)
}

/// Runs git with `args` in the current directory.
fn git(args: &[&str]) -> Result<Output, SourceError> {
    Command::new("git")
        .args(args)
        .output()
        .map_err(SourceError::Git)
}

fn sourced(template: &Value, origin: String) -> SourcedModel {
    SourcedModel {
        model: model(template),
        origin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, Integration, Method, RestApi, Stack, synthesize_stack};

    fn synthesized() -> Synthesized {
        let api = RestApi::new("pets").route("/pets", Method::get(Integration::mock()).public());
        synthesize_stack(&Stack::new("pets", api), Format::Json).unwrap()
    }

    #[test]
    fn a_committed_template_reads_as_the_synthesized_one() {
        let dir = tempfile::tempdir().unwrap();
        let s = synthesized();
        for f in &s.files {
            std::fs::write(dir.path().join(&f.path), &f.contents).unwrap();
        }
        let committed = read_model(&TemplateSource::Committed {
            dir: dir.path(),
            stack: "pets",
        })
        .unwrap();
        let new = read_model(&TemplateSource::Synthesized(&s)).unwrap();
        assert_eq!(committed.model, new.model);
        assert_eq!(
            committed.origin,
            dir.path().join("pets.template.json").display().to_string()
        );
        assert_eq!(new.origin, "synthesized");
    }

    #[test]
    fn a_stack_with_no_committed_template_reads_as_an_empty_one_saying_so() {
        let dir = tempfile::tempdir().unwrap();
        let read = read_model(&TemplateSource::Committed {
            dir: dir.path(),
            stack: "pets",
        })
        .unwrap();
        assert_eq!(read.model, TemplateModel::default());
        assert!(
            read.origin.starts_with("nothing: ") && read.origin.ends_with(" does not exist"),
            "{}",
            read.origin
        );
    }

    #[test]
    fn a_committed_parent_whose_nested_template_is_missing_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let parent = "Resources:\n  Routes:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: ./Routes.template.json}\n";
        std::fs::write(dir.path().join("pets.template.yaml"), parent).unwrap();
        let err = read_model(&TemplateSource::Committed {
            dir: dir.path(),
            stack: "pets",
        })
        .unwrap_err();
        assert!(
            matches!(err, SourceError::Inline(NestedError::Missing { .. })),
            "{err:?}"
        );
    }

    #[test]
    fn a_missing_directory_of_templates_is_an_error_naming_it() {
        let err = read_model(&TemplateSource::Committed {
            dir: Path::new("no/such/dir"),
            stack: "pets",
        })
        .unwrap_err();
        assert!(matches!(err, SourceError::NoDirectory { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            "no/such/dir: no such directory of templates"
        );
    }
}
