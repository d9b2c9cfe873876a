//! `import`: a stack file from an OpenAPI 3 (or Swagger 2) document, with or without API
//! Gateway's extensions, or from a CloudFormation or SAM template whose API is an OpenAPI
//! body (`Body`, `DefinitionBody`) or `AWS::ApiGateway::*` resources (read through their
//! OpenAPI export). What a stack file can't carry is listed, each part with its file and JSON
//! pointer ([`Lossy`]); nothing is dropped silently. Methods the source leaves without
//! authorization become `public: true`, with a comment saying so.
//!
//! ```
//! use apigw_synth::import::{ImportOptions, import_str};
//! let document = r#"{"openapi": "3.0.1", "info": {"title": "pets", "version": "1"},
//!   "paths": {"/pets": {"get": {"responses": {}, "x-amazon-apigateway-integration":
//!     {"type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
//!      "responses": {"default": {"statusCode": "200"}}}}}}}"#;
//! let imported = import_str(document, "pets.json".as_ref(), &ImportOptions::default()).unwrap();
//! assert!(imported.lossy.is_empty());
//! assert!(imported.to_yaml().contains("public: true"));
//! ```

mod api;
mod cors;
mod document;
mod endpoint;
mod error;
mod gateway_responses;
mod integration;
mod lossy;
mod models;
mod parameters;
mod paths;
mod policy;
mod security;
mod stages;
mod template;
mod user_pools;
mod values;
mod write;

use std::path::{Path, PathBuf};

pub use document::MAX_DOCUMENT_BYTES;
pub use error::ImportError;
pub use lossy::Lossy;

use crate::stack_file::format::StackSpec;

/// What to import, and as which stack.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The stack's name. Default: the API's title, made a stack name (letters, digits, `-`).
    pub stack: Option<String>,
}

/// A stack file made of a document, and what it could not carry.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The stack file.
    pub spec: StackSpec,
    /// What the stack file does not carry, in the order found.
    pub lossy: Vec<Lossy>,
    notes: write::Notes,
    source: PathBuf,
}

impl Imported {
    /// The stack's name.
    pub fn stack_name(&self) -> &str {
        self.spec.stack.as_deref().unwrap_or("imported")
    }

    /// The stack file's text: the schema line, where it came from, and the stack as YAML,
    /// each method made public by the import under a comment saying so.
    pub fn to_yaml(&self) -> String {
        let name = self.source.file_name().map_or_else(
            || self.source.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        write::render(&self.spec, &self.notes, &name)
    }
}

/// Imports the document or template at `path`, at most [`MAX_DOCUMENT_BYTES`].
pub fn import_file(path: &Path, options: &ImportOptions) -> Result<Imported, ImportError> {
    let text = document::read(path)?;
    import_str(&text, path, options)
}

/// Imports `text`, the contents of `file` (JSON when its name ends in `.json`, else YAML).
pub fn import_str(
    text: &str,
    file: &Path,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let (value, kind) = document::parse(text, file)?;
    let mut notes = write::Notes::default();
    let (spec, lossy) = match kind {
        document::Kind::OpenApi3 | document::Kind::Swagger2 => {
            document::check_refs(&value, file, "")?;
            let mut reader = api::Reader::new(
                file,
                &value,
                String::new(),
                kind == document::Kind::Swagger2,
            );
            let spec = api::read(&mut reader, options, None, &mut notes)?;
            (spec, reader.losses.items)
        }
        document::Kind::Template => template::read(&value, file, options, &mut notes)?,
    };
    Ok(Imported {
        spec,
        lossy,
        notes,
        source: file.to_owned(),
    })
}

impl Imported {
    /// Loads the stack file as `file` would be loaded (from [`to_yaml`](Self::to_yaml)) and
    /// synthesizes it: the problems, placed in the file, of an import that would not
    /// synthesize (a name API Gateway refuses, say).
    pub fn check(&self, file: &Path) -> Result<crate::cfn::Template, crate::stack_file::FileError> {
        crate::stack_file::load_str(file, &self.to_yaml())?.synthesize()
    }
}
