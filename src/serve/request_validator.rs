//! Request validation as API Gateway applies it after authorization and before the
//! integration ("Request validation for REST APIs in API Gateway", developer guide): a
//! method's `RequestValidatorId` names a validator that checks the required request
//! parameters (headers, query strings, path), the body against the method's request model
//! (JSON Schema draft 4, verified with [jsonschema](https://crates.io/crates/jsonschema)), or
//! both. A missing parameter answers 400 `Missing required request parameters: [a, b]`
//! (`BAD_REQUEST_PARAMETERS`), a body the model refuses 400 `Invalid request body`
//! (`BAD_REQUEST_BODY`).

use std::collections::BTreeMap;
use std::sync::Arc;

use jsonschema::Validator;
use serde_json::Value;

use crate::review::{MethodView, TemplateModel};

/// The model schemas of a template, by model name: each `AWS::ApiGateway::Model`'s `Schema`
/// (an object, or JSON text).
pub fn model_schemas(template: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let resources = template.get("Resources").and_then(Value::as_object);
    for resource in resources.into_iter().flat_map(|r| r.values()) {
        if resource.get("Type").and_then(Value::as_str) != Some("AWS::ApiGateway::Model") {
            continue;
        }
        let props = resource.get("Properties");
        let name = props.and_then(|p| p.get("Name")).and_then(Value::as_str);
        let schema = match props.and_then(|p| p.get("Schema")) {
            Some(Value::String(text)) => serde_json::from_str(text).ok(),
            Some(object @ Value::Object(_)) => Some(object.clone()),
            _ => None,
        };
        if let (Some(name), Some(schema)) = (name, schema) {
            out.insert(name.to_owned(), schema);
        }
    }
    out
}

/// Where a required request parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// `method.request.header.NAME` (any case, as HTTP headers).
    Header,
    /// `method.request.querystring.NAME`.
    Query,
    /// `method.request.path.NAME`.
    Path,
}

/// One method's validation: the parameters it requires and the body models it checks.
#[derive(Debug, Clone, Default)]
pub struct RequestValidation {
    /// Required parameters in the order API Gateway lists them (by their full name).
    required: Vec<(Place, String)>,
    /// Body models by content type (`$default` included), compiled.
    models: BTreeMap<String, Arc<Validator>>,
    validate_body: bool,
}

/// Why a request fails validation: the status, message and gateway response type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// Required parameters missing, named in API Gateway's order.
    Parameters(Vec<String>),
    /// The body is not JSON, or the model refuses it.
    Body(String),
}

impl RequestValidation {
    /// The validation of `method`, or `None` when it names no validator (or one that checks
    /// nothing). A model that is not in `schemas` or does not compile adds a line to `notes`
    /// and is not checked.
    pub fn of(
        method: &MethodView,
        model: &TemplateModel,
        schemas: &BTreeMap<String, Value>,
        notes: &mut Vec<String>,
        at: &str,
    ) -> Option<Self> {
        let validator = method.details.get("RequestValidatorId")?;
        let name = validator
            .strip_prefix("${Validator:")
            .and_then(|v| v.strip_suffix('}'))
            .unwrap_or(validator);
        let flags = model.others.values().find(|o| {
            o.resource_type == "AWS::ApiGateway::RequestValidator"
                && o.details.get("Properties.Name").map(String::as_str) == Some(name)
        });
        let flag = |key: &str| {
            flags
                .and_then(|o| o.details.get(&format!("Properties.{key}")))
                .is_some_and(|v| v == "true")
        };
        let (parameters, body) = (
            flag("ValidateRequestParameters"),
            flag("ValidateRequestBody"),
        );
        if !parameters && !body {
            return None;
        }
        let mut required = Vec::new();
        if parameters {
            for (key, value) in &method.details {
                let Some(parameter) = key.strip_prefix("RequestParameters.method.request.") else {
                    continue;
                };
                if value != "true" {
                    continue;
                }
                let place = match parameter.split_once('.') {
                    Some(("header", n)) => (Place::Header, n),
                    Some(("querystring", n)) => (Place::Query, n),
                    Some(("path", n)) => (Place::Path, n),
                    _ => continue,
                };
                required.push((place.0, place.1.to_owned()));
            }
        }
        let mut models = BTreeMap::new();
        if body {
            for (key, value) in &method.details {
                let Some(content_type) = key.strip_prefix("RequestModels.") else {
                    continue;
                };
                let model_name = value
                    .strip_prefix("${Model:")
                    .and_then(|v| v.strip_suffix('}'))
                    .unwrap_or(value);
                if model_name == "Empty" {
                    continue;
                }
                let compiled = schemas
                    .get(model_name)
                    .ok_or_else(|| "not in the template".to_owned())
                    .and_then(|s| jsonschema::draft4::new(s).map_err(|e| e.to_string()));
                match compiled {
                    Ok(v) => {
                        models.insert(content_type.to_ascii_lowercase(), Arc::new(v));
                    }
                    Err(why) => {
                        notes.push(format!("{at}: model {model_name} is not checked ({why})"))
                    }
                }
            }
        }
        Some(Self {
            required,
            models,
            validate_body: body,
        })
    }

    /// Checks a request: parameters first, then the body, as API Gateway does.
    /// `content_type` is the request's, `body` its bytes.
    pub fn check(
        &self,
        header: impl Fn(&str) -> bool,
        query: impl Fn(&str) -> bool,
        path: impl Fn(&str) -> bool,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(), Invalid> {
        let missing: Vec<String> = self
            .required
            .iter()
            .filter(|(place, name)| match place {
                Place::Header => !header(name),
                Place::Query => !query(name),
                Place::Path => !path(name),
            })
            .map(|(_, name)| name.clone())
            .collect();
        if !missing.is_empty() {
            return Err(Invalid::Parameters(missing));
        }
        if !self.validate_body {
            return Ok(());
        }
        let media = content_type
            .map(|c| c.split(';').next().unwrap_or(c).trim().to_ascii_lowercase())
            .unwrap_or_else(|| "application/json".to_owned());
        let Some(validator) = self
            .models
            .get(&media)
            .or_else(|| self.models.get("$default"))
        else {
            return Ok(());
        };
        // An empty body is validated as `{}`.
        let instance: Value = if body.iter().all(u8::is_ascii_whitespace) {
            Value::Object(serde_json::Map::new())
        } else {
            serde_json::from_slice(body).map_err(|e| Invalid::Body(format!("not JSON: {e}")))?
        };
        match validator.validate(&instance) {
            Ok(()) => Ok(()),
            Err(e) => {
                let at = e.instance_path().to_string();
                let at = if at.is_empty() { "/".to_owned() } else { at };
                Err(Invalid::Body(format!("{e} at {at}")))
            }
        }
    }
}

impl Invalid {
    /// The message API Gateway sends.
    pub fn message(&self) -> String {
        match self {
            Self::Parameters(names) => {
                format!(
                    "Missing required request parameters: [{}]",
                    names.join(", ")
                )
            }
            Self::Body(_) => "Invalid request body".to_owned(),
        }
    }
}

impl std::fmt::Display for Invalid {
    /// Why, for the log line: `missing view, X-Tenant`, or `body: ` and what the model refuses.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Parameters(names) => write!(f, "missing {}", names.join(", ")),
            Self::Body(why) => write!(f, "body: {why}"),
        }
    }
}
