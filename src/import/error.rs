//! Why a document could not be imported: each error names the file and, where there is one,
//! the JSON pointer of the part at fault.

use std::path::PathBuf;

/// A document that could not be imported. Nothing is written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Not a regular file, not readable, or over [`MAX_DOCUMENT_BYTES`](super::MAX_DOCUMENT_BYTES).
    #[error(transparent)]
    Input(#[from] crate::input::InputError),
    /// A text over [`MAX_DOCUMENT_BYTES`](super::MAX_DOCUMENT_BYTES), refused before it is parsed.
    #[error("{}: has more than {limit} bytes, the limit for a document to import", file.display())]
    TooLarge {
        /// The file.
        file: PathBuf,
        /// The limit, in bytes.
        limit: u64,
    },
    /// Bytes that are not UTF-8.
    #[error("{}: byte {offset} is not UTF-8; OpenAPI documents and templates are UTF-8 text", file.display())]
    NotUtf8 {
        /// The file.
        file: PathBuf,
        /// The offset of the first byte that is not.
        offset: usize,
    },
    /// YAML whose aliases expand to too many values (an alias bomb).
    #[error("{}{at}: aliases (`*name`) expand to too many values; write the values out instead of nesting aliases", file.display())]
    Aliases {
        /// The file.
        file: PathBuf,
        /// `:line:column` where the parser stopped, when it says.
        at: String,
    },
    /// Text that is not JSON or YAML (or nests too deeply).
    #[error(transparent)]
    Parse(Box<crate::review::ReadError>),
    /// Well-formed, but neither OpenAPI 3, Swagger 2 nor a template.
    #[error("{}#{pointer}: not an OpenAPI document: {reason}", file.display())]
    NotOpenApi {
        /// The file.
        file: PathBuf,
        /// Where the document was looked for (empty: the whole file).
        pointer: String,
        /// What is missing.
        reason: String,
    },
    /// A `$ref` to another file or a URL: never fetched.
    #[error("{}#{pointer}: `$ref: {reference}` points outside the document; the import reads one file and fetches nothing (inline what it points to)", file.display())]
    RemoteRef {
        /// The file.
        file: PathBuf,
        /// Where the `$ref` is.
        pointer: String,
        /// The reference.
        reference: String,
    },
    /// A `$ref` to nothing.
    #[error("{}#{pointer}: `$ref: {reference}` points to nothing in the document", file.display())]
    MissingRef {
        /// The file.
        file: PathBuf,
        /// Where the `$ref` is.
        pointer: String,
        /// The reference.
        reference: String,
    },
    /// `$ref`s that lead back to where they start.
    #[error("{}#{pointer}: `$ref`s loop: {}", file.display(), cycle.join(" → "))]
    RefCycle {
        /// The file.
        file: PathBuf,
        /// Where the loop starts.
        pointer: String,
        /// Each target in turn, the first repeated at the end.
        cycle: Vec<String>,
    },
    /// `$ref`s that multiply into more values than a model may hold.
    #[error("{}#{pointer}: its `$ref`s expand to more than {limit} values", file.display())]
    RefExpansion {
        /// The file.
        file: PathBuf,
        /// The schema.
        pointer: String,
        /// The limit.
        limit: usize,
    },
    /// A path API Gateway would refuse.
    #[error("{}#{pointer}: path `{path}`: {problem}", file.display())]
    PathTemplate {
        /// The file.
        file: PathBuf,
        /// The path item.
        pointer: String,
        /// The path as written.
        path: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A security requirement naming a scheme the document does not declare.
    #[error("{}#{pointer}: security scheme `{name}` is not declared{}", file.display(), declared_list(declared))]
    UnknownScheme {
        /// The file.
        file: PathBuf,
        /// The requirement.
        pointer: String,
        /// The scheme's name.
        name: String,
        /// The schemes the document declares.
        declared: Vec<String>,
    },
    /// An integration URI that is neither an AWS `apigateway` ARN nor an HTTP URL.
    #[error("{}#{pointer}: integration URI `{uri}` can't be read: {problem}", file.display())]
    IntegrationUri {
        /// The file.
        file: PathBuf,
        /// The `uri`.
        pointer: String,
        /// The URI as written.
        uri: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A part of the document that is not what OpenAPI says it is (a path item that is no
    /// mapping, a scheme without a type).
    #[error("{}#{pointer}: {what}", file.display())]
    Invalid {
        /// The file.
        file: PathBuf,
        /// The part.
        pointer: String,
        /// What is wrong.
        what: String,
    },
    /// A template whose API can't be exported to read (none, several, a resource loop).
    #[error("{}: {source}", file.display())]
    Template {
        /// The file.
        file: PathBuf,
        /// Why.
        source: crate::openapi::ExportError,
    },
}

fn declared_list(declared: &[String]) -> String {
    if declared.is_empty() {
        " (the document declares none)".to_owned()
    } else {
        format!(" (declared: {})", declared.join(", "))
    }
}

impl ImportError {
    /// A stable code for the error, as the bad-input catalogue names it.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Input(e) => e.code(),
            ImportError::TooLarge { .. } => "too-large",
            ImportError::NotUtf8 { .. } => "not-utf8",
            ImportError::Aliases { .. } => "too-many-aliases",
            ImportError::Parse(_) => "syntax",
            ImportError::NotOpenApi { .. } => "not-openapi",
            ImportError::RemoteRef { .. } => "remote-ref",
            ImportError::MissingRef { .. } => "missing-ref",
            ImportError::RefCycle { .. } => "ref-cycle",
            ImportError::RefExpansion { .. } => "ref-expansion",
            ImportError::PathTemplate { .. } => "path-template",
            ImportError::UnknownScheme { .. } => "unknown-security-scheme",
            ImportError::IntegrationUri { .. } => "integration-uri",
            ImportError::Invalid { .. } => "invalid-document",
            ImportError::Template { .. } => "template",
        }
    }
}
