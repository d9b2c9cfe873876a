//! The loader proper: text → `serde_yaml::Value` → the format types (read by
//! [`structure`](super::structure), every structural mistake found), every problem placed in
//! the file; [`convert`](super::convert) then turns the format types into the builders.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::ProblemKind;

use super::format::{Deferred, StackSpec};
use super::locate::Locator;
use super::messages;
use super::spans::{MAX_NESTING, Position, Spans, Unindexed};
use super::structure::Structure;
use super::{FileError, FileProblem, LoadProblemKind, LoadedStack, MAX_FILE_BYTES};

/// `["api", "routes"]` from `&["api", "routes"]`: a path in the file, as spans index it.
pub(super) fn path_of(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| (*s).to_owned()).collect()
}

/// Reads a stack file's parts and keeps what is needed to place problems in it.
pub(super) struct Loader {
    spans: Spans,
    /// What reading has learned of the format (its required fields), kept across parts.
    structure: Structure,
    problems: Vec<FileProblem>,
    /// Each value (a literal, or the name of a referenced parameter) with where it was
    /// written, in the order the file was read.
    pub(super) values: Vec<(String, Vec<String>)>,
    /// Authorizers and parameters that could not be read, so synth's complaints about
    /// references to them are consequences, not news.
    pub(super) skipped: Vec<String>,
    /// Whether a route or method could not be read (then "no methods" is a consequence).
    pub(super) skipped_route: bool,
    /// Each stage's name and where it is written (`api.stage`, `api.stages.1`).
    pub(super) stages: Vec<(String, Vec<String>)>,
}

pub(super) fn load(file: &Path, text: &str, json: bool) -> Result<LoadedStack, FileError> {
    let whole = |kind: LoadProblemKind, position, message| {
        Err(FileError::one(
            file.to_owned(),
            FileProblem {
                position,
                code: kind.into(),
                context: None,
                message,
            },
        ))
    };
    if text.len() > MAX_FILE_BYTES {
        return whole(LoadProblemKind::TooLarge, None, messages::too_large());
    }
    // Keys given twice first: serde_yaml stops at the first, serde_json keeps the last.
    let spans = match Spans::index(text) {
        Ok(spans) => spans,
        Err(Unindexed::Syntax(at, message)) => {
            // serde's message where it rejects the text too (it words them better); the
            // event parser's where serde is more lenient than the YAML spec.
            return match parse(text, json, &Spans::default()) {
                Err(problem) => Err(FileError::one(file.to_owned(), problem)),
                Ok(_) => whole(LoadProblemKind::Syntax, Some(at), message),
            };
        }
        Err(Unindexed::TooDeep(at)) => {
            let message = format!(
                "mappings and sequences nest too deeply (the limit is {MAX_NESTING} levels; \
                 a stack file needs about eight)"
            );
            return whole(LoadProblemKind::TooDeep, Some(at), message);
        }
    };
    // A key given twice leaves no tree to read (serde_yaml refuses it): those are all.
    if !spans.duplicates.is_empty() {
        let duplicates = spans.duplicates.iter().map(|dup| FileProblem {
            position: Some(dup.at),
            code: LoadProblemKind::DuplicateKey.into(),
            context: (!dup.path.is_empty()).then(|| dup.path.join(".")),
            message: format!("`{}` is given twice in this mapping", dup.key),
        });
        let mut problems: Vec<FileProblem> = duplicates.chain(tag_problems(&spans)).collect();
        problems.sort_by_key(|p| p.position);
        return Err(FileError {
            file: file.to_owned(),
            problems,
        });
    }
    let value = match parse(text, json, &spans) {
        Ok(v) => v,
        Err(problem) => return Err(FileError::one(file.to_owned(), problem)),
    };
    if value.is_null() {
        let message = "the file holds no stack: it needs at least `api` with a `name` and `routes`";
        return whole(LoadProblemKind::EmptyFile, None, message.to_owned());
    }
    let mut loader = Loader {
        spans,
        structure: Structure::default(),
        problems: Vec::new(),
        values: Vec::new(),
        stages: Vec::new(),
        skipped: Vec::new(),
        skipped_route: false,
    };
    // A tagged value is read as if untagged, for the mistakes around it, but never built.
    loader.problems.extend(tag_problems(&loader.spans));
    let (spec, clean) = loader.read::<StackSpec>(&value, &[]);
    let clean = clean && loader.spans.tags.is_empty();
    // The parts below a top level with mistakes are read too, for their own mistakes; synth
    // runs only on a top level without any (its findings would be the mistakes' echoes).
    let built = spec.map(|spec| loader.build(file, spec));
    let Some((stack, routes)) = built.filter(|_| clean) else {
        let mut problems = loader.problems;
        problems.sort_by_key(|p| p.position);
        return Err(FileError {
            file: file.to_owned(),
            problems,
        });
    };
    let loaded = LoadedStack {
        file: file.to_owned(),
        stack,
        locator: Locator::new(loader.spans, routes, loader.values, loader.stages),
    };
    if loader.problems.is_empty() {
        return Ok(loaded);
    }
    // Report synth's findings in the rest of the file too, all but the consequences of
    // the parts that could not be read.
    let mut problems = loader.problems;
    if let Err(e) = crate::synthesize(&loaded.stack) {
        let skipped = &loader.skipped;
        let news: Vec<crate::Problem> = e
            .problems
            .into_iter()
            .filter(|p| match &p.kind {
                ProblemKind::NoMethods => !loader.skipped_route,
                ProblemKind::UnknownAuthorizer(name, _)
                | ProblemKind::UndeclaredParameter(name) => !skipped.contains(name),
                _ => true,
            })
            .collect();
        problems.extend(loaded.locate(&news).problems);
    }
    problems.sort_by_key(|p| p.position);
    Err(FileError {
        file: file.to_owned(),
        problems,
    })
}

/// A problem for each YAML tag (`!Ref`) written in the file.
fn tag_problems(spans: &Spans) -> impl Iterator<Item = FileProblem> + '_ {
    spans.tags.iter().map(|(at, tag)| FileProblem {
        position: Some(*at),
        code: LoadProblemKind::YamlTag.into(),
        context: None,
        message: format!(
            "YAML tags like `{tag}` are not part of the stack file format; \
             refer to a parameter with `{{ ref: Name }}`"
        ),
    })
}

/// Syntax: the whole text into a YAML value (JSON first through serde_json, for its messages).
fn parse(text: &str, json: bool, spans: &Spans) -> Result<serde_yaml::Value, FileProblem> {
    let syntax = |position, message: String| FileProblem {
        position,
        code: LoadProblemKind::Syntax.into(),
        context: None,
        message: messages::strip_location(&message),
    };
    if json {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            let at = Position {
                line: e.line(),
                column: e.column().max(1),
            };
            syntax(Some(at), e.to_string())
        })?;
        serde_yaml::to_value(value).map_err(|e| syntax(None, e.to_string()))
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let at = e.location().map(|l| Position {
                line: l.line(),
                column: l.column(),
            });
            let mut problem = syntax(at, e.to_string());
            if problem.message.contains("repetition limit exceeded") {
                problem.position = spans.first_alias;
                problem.code = LoadProblemKind::TooManyAliases.into();
                problem.message = "aliases (`*name`) from here on expand to too many values; \
                                   write the values out instead of nesting aliases"
                    .to_owned();
            } else if problem.message.contains("more than one document") {
                problem.position = spans.second_document;
                problem.message =
                    "a stack file holds one YAML document; this `---` starts a second".to_owned();
            } else if let Some(plain) = messages::number_too_large(&problem.message) {
                problem.code = LoadProblemKind::InvalidValue.into();
                problem.message = plain;
            } else if let Some(at) = at
                && messages::indented_with_tab(text, at.line)
            {
                problem.message.push_str(
                    "; this line is indented with a tab, and YAML indents with spaces only",
                );
            }
            problem
        })
    }
}

impl Loader {
    /// Reads `value` (found at `base` in the file) as a `T`, recording every structural
    /// mistake at its place. The value comes back even with mistakes (stand-ins in their
    /// places, to check the parts below it), with whether it had none.
    fn read<T: DeserializeOwned>(
        &mut self,
        value: &serde_yaml::Value,
        base: &[String],
    ) -> (Option<T>, bool) {
        let read = self.structure.read::<T>(value, base);
        let clean = read.mistakes.is_empty();
        for mistake in read.mistakes {
            let position = if mistake.path.is_empty() {
                // The whole file: where it starts (a block mapping's own mark is past its
                // first key).
                Some(Position { line: 1, column: 1 })
            } else if mistake.at_key {
                self.spans.key(&mistake.path)
            } else {
                self.spans.value(&mistake.path)
            };
            let shown = mistake.path.join(".");
            self.problems.push(FileProblem {
                position: position.or_else(|| self.spans.nearest(&mistake.path)),
                code: mistake.kind.into(),
                context: (!shown.is_empty()).then_some(shown),
                message: mistake.message,
            });
        }
        (read.value, clean)
    }

    /// Reads a part left for later (see [`Deferred`]), found at `base` in the file: `None`,
    /// with its mistakes recorded, unless it has none.
    pub(super) fn read_deferred<T: DeserializeOwned>(
        &mut self,
        deferred: &Deferred<T>,
        base: Vec<String>,
    ) -> Option<T> {
        match self.read(&deferred.value, &base) {
            (Some(t), true) => Some(t),
            _ => None,
        }
    }

    /// Reads a part left for later that holds parts of its own, to be read even when this
    /// one has mistakes: the part, and whether it has none.
    pub(super) fn read_container<T: DeserializeOwned>(
        &mut self,
        deferred: &Deferred<T>,
        base: Vec<String>,
    ) -> (Option<T>, bool) {
        self.read(&deferred.value, &base)
    }

    /// A problem at `path` in the file: at its key when `key`, else at its value.
    pub(super) fn problem(
        &mut self,
        path: &[String],
        key: bool,
        kind: LoadProblemKind,
        message: String,
    ) {
        let position = if key {
            self.spans.key(path)
        } else {
            self.spans.value(path)
        };
        self.problems.push(FileProblem {
            position: position.or_else(|| self.spans.nearest(path)),
            code: kind.into(),
            context: None,
            message,
        });
    }
}
