//! Paths and their operations as routes and methods: each path checked as API Gateway
//! checks it, each operation's protection, integration, required parameters, request models
//! and validator.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::ImportError;
use super::api::Reader;
use super::cors::Preflight;
use super::integration::{self, Backend, Target};
use super::models::Models;
use super::security::{Protection, Schemes};
use crate::openapi::VERBS;
use crate::stack_file::format::{MethodSpec, RequiredSpec, ResponseStatusSpec, ValidationSpec};

/// One imported method before the API's defaults are taken out of it.
#[derive(Debug, Clone)]
pub(super) struct Draft {
    /// The method as the stack file writes it (its authorizer always named).
    pub(super) spec: MethodSpec,
    /// Who may call it.
    pub(super) protection: Protection,
    /// Whether a mock stands in for an integration the document does not give.
    pub(super) stand_in: bool,
}

/// The document's routes: methods by path and method, and the CORS preflights by path.
#[derive(Debug, Default)]
pub(super) struct Routes {
    /// Methods by path, then upper-case method.
    pub(super) methods: BTreeMap<String, BTreeMap<&'static str, Draft>>,
    /// CORS preflights by path.
    pub(super) preflights: BTreeMap<String, Preflight>,
}

/// Request validators by name: (body, parameters).
pub(super) type Validators = BTreeMap<String, (bool, bool)>;

/// Reads every path of the document.
pub(super) fn read(
    reader: &mut Reader<'_>,
    schemes: &Schemes,
    validators: &Validators,
    models: &mut Models,
) -> Result<Routes, ImportError> {
    let mut routes = Routes::default();
    let doc = reader.doc;
    let Some(paths) = doc.get("paths") else {
        return Ok(routes);
    };
    let Some(paths) = paths.as_object() else {
        return Err(reader.invalid(&["paths".to_owned()], "`paths` is not a mapping"));
    };
    for (path, item) in paths {
        let parts = vec!["paths".to_owned(), path.clone()];
        check_path(reader, path, &parts)?;
        let item = reader.resolve(item);
        let Some(item) = item.as_object() else {
            return Err(reader.invalid(&parts, "a path item is a mapping"));
        };
        let shared = item.get("parameters");
        for (key, value) in item {
            let mut at = parts.clone();
            at.push(key.clone());
            let Some((_, verb)) = VERBS.iter().find(|(k, _)| k == key) else {
                match key.as_str() {
                    "parameters" | "summary" | "description" | "servers" => {}
                    k if k.starts_with("x-") && !k.starts_with("x-amazon-apigateway") => {}
                    _ => reader.lose(
                        &at,
                        format!(
                            "`{key}`: API Gateway has no such method, or stack files don't set it"
                        ),
                    ),
                }
                continue;
            };
            let operation = reader.resolve(value);
            if !operation.is_object() {
                return Err(reader.invalid(&at, "an operation is a mapping"));
            }
            let route = format!("{verb} {path}");
            let protection = schemes.protection(reader, operation, &at)?;
            let target = integration::read(
                reader,
                operation.get("x-amazon-apigateway-integration"),
                &at,
                &route,
            )?;
            let target = match target {
                Target::Preflight(p) if *verb == "OPTIONS" && protection.is_public() => {
                    routes.preflights.insert(path.clone(), p);
                    continue;
                }
                Target::Preflight(p) => {
                    reader.lose_at(p.pointer.clone(), "a CORS answer on a method other than a public OPTIONS: `mock: true` stands in");
                    Target::Mock
                }
                other => other,
            };
            let draft = method(
                reader, operation, shared, &at, target, protection, validators, models,
            )?;
            routes
                .methods
                .entry(path.clone())
                .or_default()
                .insert(verb, draft);
        }
    }
    Ok(routes)
}

/// Checks `path` as API Gateway does: `/`, or `/`-separated parts, each letters, digits,
/// `.`, `_`, `-`, `:` or one `{name}`, a greedy `{name+}` last, no name twice.
fn check_path(reader: &Reader<'_>, path: &str, parts: &[String]) -> Result<(), ImportError> {
    let error = |problem: String| ImportError::PathTemplate {
        file: reader.file.to_owned(),
        pointer: reader.at(parts),
        path: path.to_owned(),
        problem,
    };
    if path == "/" {
        return Ok(());
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(error("a path starts with `/`".to_owned()));
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let mut names = BTreeSet::new();
    for (i, segment) in segments.iter().enumerate() {
        if let Some(problem) = crate::synth::path_part_problem(segment) {
            return Err(error(format!("part `{segment}`: {problem}")));
        }
        if crate::synth::is_greedy(segment) && i + 1 != segments.len() {
            return Err(error(format!(
                "`{segment}` takes the rest of the path, so it comes last"
            )));
        }
        if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            let name = name.trim_end_matches('+');
            if !names.insert(name) {
                return Err(error(format!("the path parameter `{name}` is given twice")));
            }
        }
    }
    Ok(())
}

/// One operation as a method.
#[allow(clippy::too_many_arguments)]
fn method(
    reader: &mut Reader<'_>,
    operation: &Value,
    shared: Option<&Value>,
    at: &[String],
    target: Target,
    protection: Protection,
    validators: &Validators,
    models: &mut Models,
) -> Result<Draft, ImportError> {
    // The optional parameters the integration maps, which synth declares for it.
    let implied = match &target {
        Target::Backend(_, implied) => implied.clone(),
        _ => BTreeSet::new(),
    };
    let mut required = RequiredSpec::default();
    let mut request_models = BTreeMap::new();
    // The path item's parameters, then the operation's (which win, by name and place).
    let mut parameters: BTreeMap<(String, String), (Vec<String>, &Value)> = BTreeMap::new();
    for (list, base) in [(shared, None), (operation.get("parameters"), Some(at))] {
        let mut list_at = match base {
            Some(b) => b.to_vec(),
            None => at[..2].to_vec(),
        };
        list_at.push("parameters".into());
        for (i, p) in list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let p = reader.resolve(p);
            let name = p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let place = p
                .get("in")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let mut here = list_at.clone();
            here.push(i.to_string());
            parameters.insert((place, name), (here, p));
        }
    }
    for ((place, name), (here, p)) in &parameters {
        let is_required = p.get("required").and_then(Value::as_bool) == Some(true);
        match place.as_str() {
            "path" => {}
            "query" | "header" if is_required => {
                let list = if place == "query" { &mut required.query } else { &mut required.headers };
                list.push(name.clone());
            }
            "query" | "header"
                if implied.contains(&format!(
                    "method.request.{}.{name}",
                    if place == "query" { "querystring" } else { "header" }
                )) => {}
            "query" | "header" => reader.lose(here, format!("optional {place} parameter `{name}`: stack files declare required parameters only")),
            "body" if reader.swagger => {
                if let Some(schema) = p.get("schema") {
                    let mut schema_at = here.clone();
                    schema_at.push("schema".into());
                    let consumes = operation
                        .get("consumes")
                        .or_else(|| reader.doc.get("consumes"))
                        .and_then(Value::as_array)
                        .and_then(|c| c.first())
                        .and_then(Value::as_str)
                        .unwrap_or("application/json");
                    if let Some(name) = models.model_for(reader, schema, &schema_at, operation, "Body")? {
                        request_models.insert(consumes.to_owned(), name);
                    }
                }
            }
            _ => reader.lose(here, format!("{place} parameter `{name}`: stack files declare query string, header and path parameters")),
        }
    }
    if let Some(body) = operation.get("requestBody") {
        let body = reader.resolve(body);
        let content = body.get("content").and_then(Value::as_object);
        for (content_type, media) in content.into_iter().flatten() {
            let Some(schema) = media.get("schema") else {
                continue;
            };
            let mut schema_at = at.to_vec();
            schema_at.extend([
                "requestBody".into(),
                "content".into(),
                content_type.clone(),
                "schema".into(),
            ]);
            if let Some(name) = models.model_for(reader, schema, &schema_at, operation, "Body")? {
                request_models.insert(content_type.clone(), name);
            }
        }
    }
    let response_models = response_models(reader, operation, at, models)?;
    // The validator, and what synth would validate by default.
    let validator = operation
        .get("x-amazon-apigateway-request-validator")
        .or_else(|| reader.doc.get("x-amazon-apigateway-request-validator"))
        .and_then(Value::as_str)
        .and_then(|name| validators.get(name))
        .copied();
    let has_required = !(required.query.is_empty() && required.headers.is_empty());
    let wanted = validation(!request_models.is_empty(), has_required);
    let validate = match validator.and_then(|(b, p)| validation(b, p)) {
        Some(actual) if wanted.is_some() && Some(actual) != wanted => Some(actual),
        Some(_) => None,
        None => {
            if !request_models.is_empty() {
                let mut here = at.to_vec();
                here.push("requestBody".into());
                reader.lose(&here, "a request body schema no validator checks: a stack file validates the models it names, so they are not imported");
                request_models.clear();
            }
            if has_required {
                let mut here = at.to_vec();
                here.push("parameters".into());
                reader.lose(&here, "required parameters no validator checks: a stack file validates the parameters it requires, so they are not imported");
                required = RequiredSpec::default();
            }
            None
        }
    };
    for key in operation.as_object().into_iter().flatten().map(|(k, _)| k) {
        if key.starts_with("x-amazon-apigateway")
            && !matches!(
                key.as_str(),
                "x-amazon-apigateway-integration"
                    | "x-amazon-apigateway-request-validator"
                    | "x-amazon-apigateway-auth"
            )
        {
            let mut here = at.to_vec();
            here.push(key.clone());
            reader.lose(&here, format!("`{key}`: stack files don't set it"));
        }
    }
    let public = protection.is_public();
    let public_reason = operation
        .get("description")
        .and_then(Value::as_str)
        .filter(|_| public)
        .map(str::to_owned);
    let (mut http, mut http_proxy, mut aws) = (None, None, None);
    let (lambda, lambda_arn, mock, stand_in) = match target {
        Target::Lambda(l) => (Some(l), None, false, false),
        Target::LambdaArn(a) => (None, Some(a), false, false),
        Target::Mock | Target::Preflight(_) => (None, None, true, false),
        Target::Missing => (None, None, true, true),
        Target::Backend(backend, _) => {
            match *backend {
                Backend::Http { spec, proxy: false } => http = Some(spec),
                Backend::Http { spec, proxy: true } => http_proxy = Some(spec),
                Backend::Aws(spec) => aws = Some(*spec),
            }
            (None, None, false, false)
        }
    };
    let (authorizer, scopes) = match &protection.authorizer {
        Some((name, scopes)) => (
            Some(name.clone()),
            (!scopes.is_empty()).then(|| scopes.clone()),
        ),
        None => (None, None),
    };
    let has_required = !(required.query.is_empty() && required.headers.is_empty());
    let spec = MethodSpec {
        lambda,
        lambda_arn,
        mock,
        mock_response: None,
        http,
        http_proxy,
        aws,
        authorizer,
        public,
        public_reason,
        iam: protection.iam,
        api_key_required: protection.api_key.then_some(true),
        scopes,
        settings: None,
        validate,
        request_models,
        required: has_required.then_some(required),
        response_models,
    };
    Ok(Draft {
        spec,
        protection,
        stand_in,
    })
}

/// The models of the operation's responses, by status and content type. A response
/// without a schema is documentation (the file's header says so); API Gateway's own
/// `Empty` and `Error` are no models of the stack's.
fn response_models(
    reader: &mut Reader<'_>,
    operation: &Value,
    at: &[String],
    models: &mut Models,
) -> Result<BTreeMap<ResponseStatusSpec, BTreeMap<String, String>>, ImportError> {
    let mut out: BTreeMap<ResponseStatusSpec, BTreeMap<String, String>> = BTreeMap::new();
    let responses = operation.get("responses").and_then(Value::as_object);
    for (status, response) in responses.into_iter().flatten() {
        let response = reader.resolve(response);
        let mut here = at.to_vec();
        here.extend(["responses".to_owned(), status.clone()]);
        // Swagger 2 gives one schema, OpenAPI 3 one per content type.
        let schemas: Vec<(String, &Value, Vec<String>)> = if reader.swagger {
            let produces = operation
                .get("produces")
                .or_else(|| reader.doc.get("produces"))
                .and_then(Value::as_array)
                .and_then(|c| c.first())
                .and_then(Value::as_str)
                .unwrap_or("application/json");
            let mut schema_at = here.clone();
            schema_at.push("schema".into());
            response
                .get("schema")
                .map(|s| (produces.to_owned(), s, schema_at))
                .into_iter()
                .collect()
        } else {
            let content = response.get("content").and_then(Value::as_object);
            content
                .into_iter()
                .flatten()
                .filter_map(|(content_type, media)| {
                    let mut schema_at = here.clone();
                    schema_at.extend(["content".into(), content_type.clone(), "schema".into()]);
                    Some((content_type.clone(), media.get("schema")?, schema_at))
                })
                .collect()
        };
        if schemas.is_empty() {
            continue;
        }
        let code = status
            .parse::<u16>()
            .ok()
            .filter(|c| (100..=599).contains(c));
        let Some(code) = code else {
            reader.lose(&here, format!("the model of the `{status}` response: stack files key response models by status code"));
            continue;
        };
        for (content_type, schema, schema_at) in schemas {
            let suffix = format!("{code}Response");
            if let Some(name) = models.model_for(reader, schema, &schema_at, operation, &suffix)? {
                out.entry(ResponseStatusSpec(code))
                    .or_default()
                    .insert(content_type, name);
            }
        }
    }
    Ok(out)
}

/// What a validator checks, as a stack file says it; `None` for nothing.
fn validation(body: bool, parameters: bool) -> Option<ValidationSpec> {
    match (body, parameters) {
        (true, true) => Some(ValidationSpec::All),
        (true, false) => Some(ValidationSpec::Body),
        (false, true) => Some(ValidationSpec::Parameters),
        (false, false) => None,
    }
}
