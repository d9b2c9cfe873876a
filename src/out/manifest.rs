//! The manifest, `out/apigw-synth.manifest`: the files `synth` generated in the output
//! directory, so that it removes those no stack produces any more and touches no other.

use std::collections::BTreeSet;
use std::path::Path;

use crate::input::{self, InputProblem};

/// The manifest's file name inside the output directory.
pub const MANIFEST_NAME: &str = "apigw-synth.manifest";

/// The largest manifest read: a million names is far more than any directory of templates.
const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;

const HEADER: &str = "\
# Written by apigw-synth: the files `synth` generated in this directory, one a line. It
# replaces them, removes those no stack produces any more, and touches no other file.
";

/// The generated files a manifest lists, by name inside the output directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Manifest {
    pub(super) files: BTreeSet<String>,
}

/// Why the manifest on disk can't be used.
#[derive(Debug)]
pub(super) enum Unusable {
    /// It could not be read (not a regular file, too large, unreadable).
    Input(input::InputError),
    /// A line that names no file synth generates: its number and text.
    Line(usize, String),
}

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unusable::Input(e) => write!(f, "{}", e.problem),
            Unusable::Line(n, text) => write!(
                f,
                "line {n} (`{}`) names no file synth generates; delete the manifest and \
                 remove by hand the templates no stack produces",
                text.escape_debug()
            ),
        }
    }
}

impl Manifest {
    /// The manifest in `dir`: `None` when there is none.
    pub(super) fn read(dir: &Path) -> Result<Option<Manifest>, Unusable> {
        let bytes = match input::read_no_follow(&dir.join(MANIFEST_NAME), MAX_MANIFEST_BYTES) {
            Ok(bytes) => bytes,
            Err(e) if matches!(e.problem, InputProblem::Missing) => return Ok(None),
            Err(e) => return Err(Unusable::Input(e)),
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut files = BTreeSet::new();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if stack_of(line).is_none() {
                return Err(Unusable::Line(i + 1, line.to_owned()));
            }
            files.insert(line.to_owned());
        }
        Ok(Some(Manifest { files }))
    }

    /// The manifest's text: the header, then the names in byte order, one a line.
    pub(super) fn render(&self) -> String {
        let mut text = String::from(HEADER);
        for name in &self.files {
            text.push_str(name);
            text.push('\n');
        }
        text
    }
}

/// The stack a generated file belongs to, or `None` for a name synth never generates:
/// `<stack>.template.json` and `<stack>/<name>.template.json` (or `.yaml`), and the
/// `<stack>.openapi.yaml` or `<stack>/<stack>.openapi.yaml` of `synth --openapi`, belong to
/// `<stack>`, a CloudFormation stack name; `<name>` is letters, digits and `-`.
pub(crate) fn stack_of(name: &str) -> Option<&str> {
    let (stack, file) = match name.split_once('/') {
        Some((stack, file)) => (stack, file),
        None => {
            let stem = template_stem(name)?;
            (stem, name)
        }
    };
    let stem = template_stem(file)?;
    let is_stack = stack.len() <= 128
        && stack.starts_with(|c: char| c.is_ascii_alphabetic())
        && stack.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let is_name = !stem.is_empty() && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    (is_stack && is_name).then_some(stack)
}

/// `x` of `x.template.json`, `x.template.yaml` or `x.openapi.yaml`.
fn template_stem(file: &str) -> Option<&str> {
    file.strip_suffix(".template.json")
        .or_else(|| file.strip_suffix(".template.yaml"))
        .or_else(|| file.strip_suffix(".openapi.yaml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_names_belong_to_their_stack() {
        assert_eq!(stack_of("shop.template.json"), Some("shop"));
        assert_eq!(stack_of("shop/shop.template.yaml"), Some("shop"));
        assert_eq!(stack_of("shop/Nested3.template.json"), Some("shop"));
        assert_eq!(stack_of("shop.openapi.yaml"), Some("shop"));
        assert_eq!(stack_of("shop/shop.openapi.yaml"), Some("shop"));
    }

    #[test]
    fn other_names_belong_to_no_stack() {
        for name in [
            "README.md",
            "shop.json",
            "../shop.template.json",
            "shop/../x.template.json",
            "a/b/c.template.json",
            "/etc/x.template.json",
            "1shop.template.json",
            ".template.json",
            "shop/.template.json",
            "apigw-synth.manifest",
        ] {
            assert_eq!(stack_of(name), None, "{name}");
        }
    }

    #[test]
    fn the_manifest_lists_names_sorted_after_its_header() {
        let manifest = Manifest {
            files: ["b.template.json", "a/a.template.json"]
                .map(str::to_owned)
                .into(),
        };
        let text = manifest.render();
        assert!(text.starts_with("# Written by apigw-synth"));
        assert!(
            text.ends_with("\na/a.template.json\nb.template.json\n"),
            "{text}"
        );
    }
}
