//! The document's models (`components.schemas`, Swagger's `definitions`) and the models
//! made of inline request and response schemas.

use std::collections::BTreeMap;

use serde_json::Value;

use super::ImportError;
use super::api::Reader;
use super::document;
use crate::stack_file::format::ModelSpec;

/// How many values a model may hold once its `$ref`s are copied in.
const MODEL_BUDGET: usize = 100_000;

/// The document's models (`components.schemas`, Swagger's `definitions`) and those made of
/// inline request schemas.
#[derive(Debug, Default)]
pub(super) struct Models {
    /// By name.
    pub(super) models: BTreeMap<String, ModelSpec>,
}

impl Models {
    /// The named schemas of the document, each a model when its name is one (letters and
    /// digits), with its `$ref`s copied in.
    pub(super) fn read(reader: &mut Reader<'_>) -> Result<Self, ImportError> {
        let mut out = Models::default();
        let (container, base): (Option<&Value>, Vec<String>) = if reader.swagger {
            (reader.doc.get("definitions"), vec!["definitions".into()])
        } else {
            (
                reader.doc.pointer("/components/schemas"),
                vec!["components".into(), "schemas".into()],
            )
        };
        for (name, schema) in container.and_then(Value::as_object).into_iter().flatten() {
            let mut at = base.clone();
            at.push(name.clone());
            // API Gateway's own models, which every REST API has: not declared again.
            if matches!(name.as_str(), "Empty" | "Error") {
                continue;
            }
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                reader.lose(
                    &at,
                    format!("schema `{name}`: a model's name is letters and digits; not imported"),
                );
                continue;
            }
            let schema = inline(reader, schema, &at)?;
            out.models.insert(name.clone(), ModelSpec { schema });
        }
        Ok(out)
    }

    /// The model a body's `schema` (at `at`) names: a named schema's, else a new model
    /// named after the operation and `suffix` (`Body`, `200Response`); none for API
    /// Gateway's own `Empty` and `Error`.
    pub(super) fn model_for(
        &mut self,
        reader: &mut Reader<'_>,
        schema: &Value,
        at: &[String],
        operation: &Value,
        suffix: &str,
    ) -> Result<Option<String>, ImportError> {
        let prefix = if reader.swagger {
            "#/definitions/"
        } else {
            "#/components/schemas/"
        };
        if let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix(prefix))
        {
            if matches!(name, "Empty" | "Error") {
                return Ok(None);
            }
            if self.models.contains_key(name) {
                return Ok(Some(name.to_owned()));
            }
        }
        let base: String = operation
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or("Request")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let mut name = format!("{}{suffix}", capitalized(&base));
        let mut n = 2;
        while self.models.contains_key(&name) {
            name = format!("{}{suffix}{n}", capitalized(&base));
            n += 1;
        }
        let schema = inline(reader, schema, at)?;
        self.models.insert(name.clone(), ModelSpec { schema });
        Ok(Some(name))
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_ascii_uppercase().to_string() + chars.as_str(),
        None => "Request".to_owned(),
    }
}

/// `schema` with its `$ref`s copied in.
fn inline(reader: &Reader<'_>, schema: &Value, at: &[String]) -> Result<Value, ImportError> {
    let mut budget = MODEL_BUDGET;
    document::inline(reader.doc, schema, &mut budget).ok_or_else(|| ImportError::RefExpansion {
        file: reader.file.to_owned(),
        pointer: reader.at(at),
        limit: MODEL_BUDGET,
    })
}
