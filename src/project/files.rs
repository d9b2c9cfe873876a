//! The text files of a new project: the templates of `templates/init/` with the project's
//! names and its dependency on apigw-synth filled in, and a snapshot of each template.

use super::name::ProjectName;
use crate::out::OutFile;

const CARGO_TOML: &str = include_str!("../../templates/init/Cargo.toml.in");
const README: &str = include_str!("../../templates/init/README.md");
const GITIGNORE: &str = include_str!("../../templates/init/gitignore");
const CI: &str = include_str!("../../templates/init/ci.yml");
const MAIN: &str = include_str!("../../templates/init/main.rs");
const STACKS_MOD: &str = include_str!("../../templates/init/stacks_mod.rs");
const RUST_STACK: &str = include_str!("../../templates/init/stack.rs");
const STACK_FILE: &str = include_str!("../../templates/init/stack.yaml");
const TESTS: &str = include_str!("../../templates/init/tests.rs");

/// The Python requirements this repository's CI installs; the project's CI pins the same
/// cfn-lint.
const CI_REQUIREMENTS: &str = include_str!("../../.ci/requirements.txt");

/// The project's test file, named in each snapshot's header as insta names it.
pub(super) const TESTS_PATH: &str = "tests/stacks.rs";

/// A project's files but `out/`, and its stack file apart (it is synthesized too).
#[derive(Debug)]
pub(super) struct Rendered {
    /// Each file's path inside the project and its contents.
    pub(super) files: Vec<(String, String)>,
    /// Where the stack file goes (`stacks/<admin>.yaml`).
    pub(super) stack_file_path: String,
    /// The stack file's text.
    pub(super) stack_file: String,
}

/// What stands for where apigw-synth comes from, in Cargo.toml and in words.
#[derive(Debug)]
pub(super) struct Source {
    /// A TOML inline table: `{ path = "../apigw-synth" }`.
    pub(super) dependency: String,
    /// The same in words, for comments: `the checkout at ../apigw-synth`.
    pub(super) words: String,
}

/// The cfn-lint requirement `.ci/requirements.txt` pins (`cfn-lint==1.51.0`), or plain
/// `cfn-lint` if it pins none.
pub(super) fn cfn_lint_requirement() -> &'static str {
    CI_REQUIREMENTS
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("cfn-lint=="))
        .unwrap_or("cfn-lint")
}

/// Fills in the templates for `name`, depending on apigw-synth as `source` says.
pub(super) fn render(name: &ProjectName, source: &Source) -> Rendered {
    let fill = |template: &str| {
        template
            .replace("__DEPENDENCY__", &source.dependency)
            .replace("__SOURCE__", &source.words)
            .replace("__CFN_LINT__", cfn_lint_requirement())
            .replace("__MODULE__", &name.module)
            .replace("__ADMIN__", &name.admin)
            .replace("__NAME__", &name.name)
    };
    let stack_file_path = format!("stacks/{}.yaml", name.admin);
    let files = vec![
        ("Cargo.toml".to_owned(), fill(CARGO_TOML)),
        ("README.md".to_owned(), fill(README)),
        (".gitignore".to_owned(), fill(GITIGNORE)),
        (".github/workflows/ci.yml".to_owned(), fill(CI)),
        ("src/main.rs".to_owned(), fill(MAIN)),
        ("stacks/mod.rs".to_owned(), fill(STACKS_MOD)),
        (format!("stacks/{}.rs", name.module), fill(RUST_STACK)),
        (stack_file_path.clone(), fill(STACK_FILE)),
        (
            format!("stacks/{}", crate::stack_file::SCHEMA_FILE_NAME),
            crate::stack_file::schema(),
        ),
        (TESTS_PATH.to_owned(), fill(TESTS)),
    ];
    Rendered {
        stack_file: fill(STACK_FILE),
        stack_file_path,
        files,
    }
}

/// The snapshot `tests/stacks.rs` takes of `template`, as insta writes it: a header naming
/// the test file, then the text without trailing whitespace. Named after the template's
/// path in `out/` (`shop.template.json.snap`, `shop__NestedA.template.json.snap`).
pub(super) fn snapshot(template: &OutFile) -> (String, String) {
    let name = template.name.replace(['/', '\\'], "__");
    let text = format!(
        "---\nsource: {TESTS_PATH}\n---\n{}\n",
        template.contents.trim_end()
    );
    (format!("snapshots/{name}.snap"), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_pins_the_cfn_lint_this_repository_tests_with() {
        assert!(cfn_lint_requirement().starts_with("cfn-lint=="));
    }

    #[test]
    fn every_placeholder_is_filled() {
        let name = ProjectName::new("shop").unwrap();
        let source = Source {
            dependency: "{ path = \"../apigw-synth\" }".into(),
            words: "the checkout at ../apigw-synth".into(),
        };
        let rendered = render(&name, &source);
        for (path, text) in &rendered.files {
            // A placeholder is `__` then capitals: `__NAME__`.
            let kept = text
                .match_indices("__")
                .any(|(i, _)| text[i + 2..].starts_with(|c: char| c.is_ascii_uppercase()));
            assert!(!kept, "{path} keeps a placeholder");
        }
    }
}
