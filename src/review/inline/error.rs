//! Why a parent and its nested templates can't be inlined into one template.

use super::super::template_reader::ReadError;

/// A parent and nested templates that can't be inlined into one template.
#[derive(Debug, thiserror::Error)]
pub enum NestedError {
    /// A nested template that could not be read or is no template.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// A nested stack whose template was not found.
    #[error("{parent}: the template of nested stack `{stack}` is missing: {file}")]
    Missing {
        /// Where the parent template came from.
        parent: String,
        /// The nested stack's logical id.
        stack: String,
        /// Where its template was looked for.
        file: String,
    },
    /// A nested stack whose template is no file beside the parent (an `https://` or `s3://`
    /// URL as `aws cloudformation package` writes, an absolute path, `..`): what it deploys
    /// can't be checked.
    #[error(
        "{parent}: nested stack `{stack}`: its template {url} can't be read (only a file beside \
         the parent, as `synth` writes it, is), so nothing it deploys could be checked"
    )]
    Unreadable {
        /// Where the parent template came from.
        parent: String,
        /// The nested stack's logical id.
        stack: String,
        /// Its `TemplateURL` as written.
        url: String,
    },
    /// A nested stack, or its template, that can't be followed.
    #[error("{parent}: nested stack `{stack}`: {reason}")]
    Malformed {
        /// Where the parent template came from.
        parent: String,
        /// The nested stack's logical id.
        stack: String,
        /// What is wrong.
        reason: String,
    },
    /// The same logical id in two of the templates.
    #[error("{parent}: logical id `{id}` is in both {first} and {second}")]
    DuplicateId {
        /// Where the parent template came from.
        parent: String,
        /// The logical id (of a resource, condition or mapping).
        id: String,
        /// The template that has it first (the parent, or a nested stack's id).
        first: String,
        /// The other template.
        second: String,
    },
}
