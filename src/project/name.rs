//! A project's name: a stack name that is also a Cargo package, and the names derived from it.

use super::ProjectError;
use crate::synth::{is_reserved_file_name, is_stack_name};

/// The longest project name: crates.io's limit for a package name, which keeps the names
/// derived from it (`<name>-admin`, `<name>-admins`) within CloudFormation's and Cognito's.
pub(crate) const MAX_NAME_LEN: usize = 64;

/// Names Cargo refuses for a package or its program, besides Rust's keywords: Rust's own
/// crates and Cargo's build directories.
const CARGO_RESERVED: &[&str] = &[
    "alloc",
    "core",
    "proc_macro",
    "std",
    "test",
    "build",
    "deps",
    "examples",
    "incremental",
];

/// The crates a project depends on by name: a package named like one would depend on itself.
const DEPENDENCIES: &[&str] = &["apigw_synth", "insta"];

/// Rust's keywords, strict and reserved (edition 2024): no module may be named so.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A valid project name and what is named after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProjectName {
    /// The package, its program, and the Rust stack and its API: `shop-api`.
    pub(crate) name: String,
    /// The Rust stack's module: `shop_api`.
    pub(crate) module: String,
    /// The stack file's stack and its API: `shop-api-admin`.
    pub(crate) admin: String,
}

impl ProjectName {
    /// Checks `name`: a CloudFormation stack name (a letter, then letters, digits and `-`)
    /// of at most [`MAX_NAME_LEN`] characters, not reserved by Windows, Rust or Cargo.
    pub(crate) fn new(name: &str) -> Result<Self, ProjectError> {
        let invalid = |reason: String| ProjectError::InvalidName {
            name: name.to_owned(),
            reason,
        };
        if !is_stack_name(name) {
            return Err(invalid(
                "a project is named like a stack: a letter, then letters, digits and `-`".into(),
            ));
        }
        if name.len() > MAX_NAME_LEN {
            return Err(invalid(format!(
                "{} characters; a project name has at most {MAX_NAME_LEN}",
                name.len()
            )));
        }
        if is_reserved_file_name(name) {
            return Err(invalid(
                "Windows reserves it for a device, so its template would have no file".into(),
            ));
        }
        let module = module_name(name);
        if KEYWORDS.contains(&module.as_str()) {
            return Err(invalid(format!("`{module}` is a Rust keyword")));
        }
        if CARGO_RESERVED.contains(&module.as_str()) {
            return Err(invalid(format!(
                "Cargo reserves `{module}` (a Rust crate or a build directory)"
            )));
        }
        if DEPENDENCIES.contains(&module.as_str()) {
            return Err(invalid(format!(
                "the project depends on the crate `{module}` and cannot share its name"
            )));
        }
        Ok(Self {
            name: name.to_owned(),
            admin: format!("{name}-admin"),
            module,
        })
    }
}

/// The snake-case module of `name`: lower case, each run of `-` one `_` (`Shop--API` →
/// `shop_api`), so that rustc's `non_snake_case` has nothing to say.
fn module_name(name: &str) -> String {
    let mut module = String::with_capacity(name.len());
    for c in name.chars() {
        if c == '-' {
            if !module.ends_with('_') {
                module.push('_');
            }
        } else {
            module.push(c.to_ascii_lowercase());
        }
    }
    module
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(name: &str) -> String {
        match ProjectName::new(name) {
            Err(ProjectError::InvalidName { reason, .. }) => reason,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn a_project_name_gives_the_module_and_the_stack_files_stack() {
        let n = ProjectName::new("Shop--API-2").unwrap();
        assert_eq!(n.module, "shop_api_2");
        assert_eq!(n.admin, "Shop--API-2-admin");
    }

    #[test]
    fn a_project_name_is_a_stack_name() {
        assert!(reason("my_api").contains("named like a stack"));
        assert!(reason("2shop").contains("named like a stack"));
        assert!(reason("").contains("named like a stack"));
    }

    #[test]
    fn a_project_name_is_no_longer_than_a_package_name_on_crates_io() {
        assert!(ProjectName::new(&"a".repeat(64)).is_ok());
        assert!(reason(&"a".repeat(65)).contains("at most 64"));
    }

    #[test]
    fn names_rust_cargo_or_windows_reserve_are_refused() {
        assert!(reason("Type").contains("Rust keyword"));
        assert!(reason("test").contains("Cargo reserves"));
        assert!(reason("nul").contains("Windows"));
        assert!(reason("insta").contains("depends on the crate `insta`"));
        assert!(reason("apigw-synth").contains("depends on the crate `apigw_synth`"));
    }
}
