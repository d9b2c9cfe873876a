//! Request validation: the API's models (JSON Schema draft 4, a derived schema converted to
//! it), the request validators its methods use, and each method's models and required
//! parameters, checked and emitted.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value as Json};

use crate::api::{MethodRequest, Model, ParameterIn, RequestValidation};
use crate::cfn::{Expr, Resource, Text, apigateway};
use crate::error::ProblemKind;

use super::problems::Problems;
use super::resolve::ResolvedApi;
use super::{Emitter, ids, names};

/// The `$schema` of draft 4, the only draft API Gateway takes.
const DRAFT_4: &str = "http://json-schema.org/draft-04/schema#";

/// Keywords of later drafts that draft 4 has no form for.
const LATER_KEYWORDS: [&str; 14] = [
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "prefixItems",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "dependentSchemas",
    "minContains",
    "maxContains",
    "$anchor",
    "$dynamicRef",
];

/// Every problem of the API's models.
pub(crate) fn check_models(models: &[Model], problems: &mut Problems<'_>) {
    let mut seen = BTreeSet::new();
    for model in models {
        let mut report = |message: String| {
            problems.stack(ProblemKind::InvalidModel {
                model: model.name.clone(),
                message,
            });
        };
        if model.name.is_empty() || !model.name.chars().all(|c| c.is_ascii_alphanumeric()) {
            report("a model's name is letters and digits".to_owned());
        }
        if !seen.insert(model.name.as_str()) {
            report("declared twice".to_owned());
        }
        if let Err(message) = draft4(&model.schema, model.derived) {
            report(message);
        }
    }
}

/// Every problem of one method's request (`path` is its route, with `{params}`).
pub(crate) fn check_method(
    request: &MethodRequest,
    models: &[Model],
    path: &str,
    method: &str,
    problems: &mut Problems<'_>,
) {
    for (content_type, model) in &request.models {
        if !models.iter().any(|m| &m.name == model) {
            problems.at(
                Some(path),
                Some(method),
                ProblemKind::UnknownModel {
                    model: model.clone(),
                    status: None,
                },
            );
        }
        if !content_type.contains('/') {
            let kind = ProblemKind::InvalidRequiredParameter {
                name: content_type.clone(),
                message: "a request model's content type is `type/subtype`",
            };
            problems.at(Some(path), Some(method), kind);
        }
    }
    let mut seen = BTreeSet::new();
    for (place, name) in &request.required {
        let message = if !names::is_header_name(name) {
            Some("is not a parameter name")
        } else if !seen.insert((*place, name.to_ascii_lowercase())) {
            Some("is required twice")
        } else if *place == ParameterIn::Path
            && !path.split('/').any(|part| {
                part.strip_prefix('{')
                    .and_then(|p| p.strip_suffix('}'))
                    .is_some_and(|p| p.trim_end_matches('+') == name)
            })
        {
            Some("is not a path parameter of the route, which can't carry it")
        } else {
            None
        };
        if let Some(message) = message {
            let kind = ProblemKind::InvalidRequiredParameter {
                name: name.clone(),
                message,
            };
            problems.at(Some(path), Some(method), kind);
        }
    }
}

/// `schema` as draft 4: a derived schema's later keywords converted where draft 4 has a
/// form for them; an error names the first keyword it has none for.
pub(crate) fn draft4(schema: &Json, convert: bool) -> Result<Json, String> {
    let Json::Object(map) = schema else {
        return Err("a schema is a JSON object".to_owned());
    };
    if let Some(declared) = map.get("$schema")
        && !convert
        && declared.as_str().map(|s| s.trim_end_matches('#')) != Some(DRAFT_4.trim_end_matches('#'))
    {
        return Err(format!(
            "`$schema` is {declared}: API Gateway takes draft 4 only (`{DRAFT_4}`)"
        ));
    }
    let mut out = subschema(map, convert, "")?;
    out.remove("$schema");
    let mut root = Map::new();
    root.insert("$schema".to_owned(), Json::String(DRAFT_4.to_owned()));
    root.extend(out);
    Ok(Json::Object(root))
}

/// One subschema at `at` (a JSON pointer), converted.
fn subschema(
    map: &Map<String, Json>,
    convert: bool,
    at: &str,
) -> Result<Map<String, Json>, String> {
    let mut out = Map::new();
    for (key, value) in map {
        let here = format!("{at}/{key}");
        if LATER_KEYWORDS.contains(&key.as_str()) {
            return Err(format!(
                "`{key}` (at `{here}`) is not draft 4, and draft 4 has no form for it"
            ));
        }
        match (key.as_str(), value) {
            ("$ref", Json::String(r)) if !r.starts_with("#/definitions/") => {
                return Err(format!(
                    "`$ref` (at `{here}`) points outside the model: only `#/definitions/…` is \
                     taken"
                ));
            }
            ("const", v) if convert => {
                out.insert("enum".to_owned(), Json::Array(vec![v.clone()]));
            }
            ("examples", _) if convert => {}
            ("exclusiveMinimum" | "exclusiveMaximum", Json::Number(n)) if convert => {
                let bound = if key == "exclusiveMinimum" {
                    "minimum"
                } else {
                    "maximum"
                };
                out.insert(bound.to_owned(), Json::Number(n.clone()));
                out.insert(key.clone(), Json::Bool(true));
            }
            ("const" | "examples" | "$defs", _)
            | ("exclusiveMinimum" | "exclusiveMaximum", Json::Number(_)) => {
                return Err(format!(
                    "`{key}` (at `{here}`) is not draft 4: API Gateway would ignore or refuse it"
                ));
            }
            ("properties" | "patternProperties" | "definitions", Json::Object(children)) => {
                let mut converted = Map::new();
                for (name, child) in children {
                    converted.insert(
                        name.clone(),
                        child_schema(child, convert, &format!("{here}/{name}"))?,
                    );
                }
                out.insert(key.clone(), Json::Object(converted));
            }
            ("items" | "additionalProperties" | "additionalItems" | "not", Json::Object(_))
            | ("items" | "not", Json::Bool(_)) => {
                out.insert(key.clone(), child_schema(value, convert, &here)?);
            }
            ("items" | "allOf" | "anyOf" | "oneOf", Json::Array(children)) => {
                let converted = children
                    .iter()
                    .enumerate()
                    .map(|(i, c)| child_schema(c, convert, &format!("{here}/{i}")))
                    .collect::<Result<Vec<_>, _>>()?;
                out.insert(key.clone(), Json::Array(converted));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(out)
}

fn child_schema(value: &Json, convert: bool, at: &str) -> Result<Json, String> {
    match value {
        Json::Object(map) => Ok(Json::Object(subschema(map, convert, at)?)),
        // `true`/`false` schemas are draft 6; a derived one is converted.
        Json::Bool(true) if convert => Ok(Json::Object(Map::new())),
        Json::Bool(false) if convert => {
            let mut not = Map::new();
            not.insert("not".to_owned(), Json::Object(Map::new()));
            Ok(Json::Object(not))
        }
        _ => Err(format!("`{at}` is not a schema (a JSON object)")),
    }
}

/// A method's `RequestModels`: each content type's model, by reference.
pub(crate) fn request_models(request: &MethodRequest) -> BTreeMap<Text, Expr> {
    request
        .models
        .iter()
        .map(|(content_type, model)| {
            (
                Text::from(content_type.clone()),
                Expr::Ref(ids::model(model)),
            )
        })
        .collect()
}

/// A method's `RequestParameters`: each required parameter, `true`.
pub(crate) fn request_parameters(request: &MethodRequest) -> BTreeMap<Text, bool> {
    request
        .required
        .iter()
        .map(|(place, name)| {
            (
                Text::from(format!("method.request.{}.{name}", place.as_str())),
                true,
            )
        })
        .collect()
}

impl Emitter<'_, '_, '_> {
    /// The API's models, and one request validator per kind of validation its methods use.
    pub(super) fn validation(&mut self, api: &ResolvedApi<'_>) {
        for model in &self.stack.api.models {
            // A schema that is not draft 4 is a problem already.
            let Ok(schema) = draft4(&model.schema, model.derived) else {
                continue;
            };
            let resource = apigateway::Model {
                rest_api_id: self.api_ref(),
                name: model.name.clone().into(),
                content_type: "application/json".into(),
                schema,
            };
            self.insert(
                ids::model(&model.name),
                format!("model {}", model.name),
                Resource::new(resource),
            );
        }
        let used: BTreeSet<RequestValidation> = api
            .resources
            .iter()
            .flat_map(|r| r.methods.iter())
            .filter_map(|m| m.request.effective_validation())
            .collect();
        for validation in used {
            let resource = apigateway::RequestValidator {
                rest_api_id: self.api_ref(),
                name: validation.as_str().into(),
                validate_request_body: validation != RequestValidation::Parameters,
                validate_request_parameters: validation != RequestValidation::Body,
            };
            self.insert(
                ids::request_validator(validation),
                format!("request validator {}", validation.as_str()),
                Resource::new(resource),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_derived_schemas_later_keywords_become_draft_4() {
        let derived = json!({
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "properties": {
                "kind": { "const": "book", "examples": ["book"] },
                "price": { "type": "number", "exclusiveMinimum": 0 },
                "tags": { "type": "array", "items": true }
            }
        });
        let converted = draft4(&derived, true).unwrap();
        assert_eq!(converted["$schema"], DRAFT_4);
        let p = &converted["properties"];
        assert_eq!(p["kind"], json!({ "enum": ["book"] }));
        assert_eq!(p["price"]["minimum"], 0);
        assert_eq!(p["price"]["exclusiveMinimum"], true);
        assert_eq!(p["tags"]["items"], json!({}));
    }

    #[test]
    fn a_keyword_draft_4_has_no_form_for_is_refused_with_its_place() {
        let schema = json!({ "type": "array", "items": { "contains": { "type": "string" } } });
        let error = draft4(&schema, true).unwrap_err();
        assert!(
            error.contains("`contains` (at `/items/contains`)"),
            "{error}"
        );
    }

    #[test]
    fn an_inline_schema_must_be_draft_4_already() {
        assert!(draft4(&json!({ "const": 1 }), false).is_err());
        let declared = json!({ "$schema": "https://json-schema.org/draft/2020-12/schema" });
        assert!(
            draft4(&declared, false)
                .unwrap_err()
                .contains("draft 4 only")
        );
        assert!(draft4(&json!({ "$ref": "https://example.com/s.json" }), false).is_err());
        assert!(draft4(&json!(["not", "an", "object"]), false).is_err());
        assert!(draft4(&json!({ "type": "string", "maxLength": 3 }), false).is_ok());
    }
}
