//! One method as an operation: its parameters, body, responses, security and, with the
//! extensions, its integration and request validator.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{
    Header, MediaType, Operation, Parameter, ParameterData, ParameterSchemaOrContent, PathItem,
    ReferenceOr, RequestBody, Response, Responses, Schema, SchemaKind, StatusCode, Type,
};
use serde_json::{Map, Value, json};

use super::api::texts;
use super::security::Schemes;
use super::{ExportOptions, paths, text};

/// What an operation is built with besides its method.
pub(super) struct Context<'a> {
    /// The method's resource path.
    pub(super) path: &'a str,
    /// The API's security schemes.
    pub(super) schemes: &'a Schemes<'a>,
    /// Request validators by logical id → name.
    pub(super) validators: &'a BTreeMap<&'a str, String>,
    /// What goes into the document.
    pub(super) options: &'a ExportOptions,
    /// The method resource's `Metadata`, where synth writes why a public method is public.
    pub(super) metadata: Option<&'a Value>,
    /// The API's models: logical id → name, for the models a method names by `Ref`.
    pub(super) models: &'a BTreeMap<&'a str, String>,
}

/// The HTTP methods `ANY` stands for, for a document without API Gateway's extensions.
const ANY: [&str; 7] = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/// Adds `method` to `paths` under its path. A CORS preflight is left out
/// of a document without the extensions: clients never call it.
pub(super) fn add(paths: &mut BTreeMap<String, PathItem>, method: &Value, context: &Context<'_>) {
    let verb = text::property(method, "HttpMethod")
        .unwrap_or_default()
        .to_uppercase();
    if !context.options.aws_extensions && verb == "OPTIONS" && is_preflight(method) {
        return;
    }
    let operation = operation(&verb, method, context);
    let item = paths.entry(context.path.to_owned()).or_default();
    if verb == "ANY" {
        if context.options.aws_extensions {
            let value = serde_json::to_value(&operation).unwrap_or_default();
            item.extensions
                .insert("x-amazon-apigateway-any-method".into(), value);
        } else {
            for verb in ANY {
                let mut each = operation.clone();
                each.operation_id = each.operation_id.map(|o| format!("{o}{}", camel(verb)));
                set(item, verb, each);
            }
        }
        return;
    }
    set(item, &verb, operation);
}

/// Puts `operation` into `item` under `verb`.
fn set(item: &mut PathItem, verb: &str, operation: Operation) {
    let slot = match verb {
        "GET" => &mut item.get,
        "PUT" => &mut item.put,
        "POST" => &mut item.post,
        "DELETE" => &mut item.delete,
        "OPTIONS" => &mut item.options,
        "HEAD" => &mut item.head,
        "PATCH" => &mut item.patch,
        "TRACE" => &mut item.trace,
        _ => return,
    };
    *slot = Some(operation);
}

/// Whether `method` is a CORS preflight: a `MOCK` whose responses set
/// `Access-Control-Allow-Origin`.
fn is_preflight(method: &Value) -> bool {
    let mock = method
        .pointer("/Integration/Type")
        .is_some_and(|t| text::of(t).eq_ignore_ascii_case("MOCK"));
    let sets_origin = method
        .pointer("/Integration/IntegrationResponses")
        .and_then(Value::as_array)
        .is_some_and(|responses| {
            responses.iter().any(|r| {
                r.pointer("/ResponseParameters/method.response.header.Access-Control-Allow-Origin")
                    .is_some()
            })
        });
    mock && sets_origin
}

/// The operation of `method` (HTTP method `verb`) at `context`'s path.
fn operation(verb: &str, method: &Value, context: &Context<'_>) -> Operation {
    let mut operation = Operation {
        operation_id: Some(operation_id(verb, context.path)),
        parameters: parameters(method, context.path),
        request_body: request_body(method, context.models),
        responses: responses(method, context.models),
        security: context.schemes.requirement(method),
        ..Operation::default()
    };
    if let Some(reason) = context.metadata.and_then(public_reason) {
        operation.description = Some(reason);
    }
    if context.options.aws_extensions {
        if let Some(integration) = method.get("Integration") {
            operation.extensions.insert(
                "x-amazon-apigateway-integration".into(),
                self::integration(integration),
            );
        }
        let validator = method
            .get("RequestValidatorId")
            .and_then(text::ref_id)
            .and_then(|v| context.validators.get(v));
        if let Some(name) = validator {
            operation
                .extensions
                .insert("x-amazon-apigateway-request-validator".into(), json!(name));
        }
    }
    operation
}

/// Why a public method is public, as synth writes it in its `metadata` (the comment of
/// checkov's skip of `CKV_AWS_59`), unless the stack gave no reason.
fn public_reason(metadata: &Value) -> Option<String> {
    let comment = metadata
        .pointer("/checkov/skip")?
        .as_array()?
        .iter()
        .find(|s| s.get("id").and_then(Value::as_str) == Some("CKV_AWS_59"))?
        .get("comment")?;
    let comment = text::of(comment);
    if comment == crate::synth::PUBLIC_WITHOUT_REASON {
        return None;
    }
    Some(
        comment
            .strip_prefix("public on purpose: ")
            .unwrap_or(&comment)
            .to_owned(),
    )
}

/// `getProductsId` for `GET /products/{id}`: the verb and the path's words, camel-cased.
fn operation_id(verb: &str, path: &str) -> String {
    let mut id = verb.to_lowercase();
    for word in path.split(|c: char| !c.is_ascii_alphanumeric()) {
        id.push_str(&camel(word));
    }
    if path == "/" {
        id.push_str("Root");
    }
    id
}

/// `word` with its first letter upper-cased and the rest lower-cased.
fn camel(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + &chars.as_str().to_lowercase(),
        None => String::new(),
    }
}

/// A string-typed schema.
fn string_schema() -> ParameterSchemaOrContent {
    ParameterSchemaOrContent::Schema(ReferenceOr::Item(Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Type(Type::String(Default::default())),
    }))
}

/// A string parameter `name`, required or not.
fn data(name: &str, required: bool) -> ParameterData {
    ParameterData {
        name: name.to_owned(),
        description: None,
        required,
        deprecated: None,
        format: string_schema(),
        example: None,
        examples: IndexMap::new(),
        explode: None,
        extensions: IndexMap::new(),
    }
}

/// The path's parameters, then the query strings and headers the method declares.
fn parameters(method: &Value, path: &str) -> Vec<ReferenceOr<Parameter>> {
    let mut out: Vec<ReferenceOr<Parameter>> = paths::parameters(path)
        .map(|name| {
            ReferenceOr::Item(Parameter::Path {
                parameter_data: data(name, true),
                style: Default::default(),
            })
        })
        .collect();
    let declared = method
        .get("RequestParameters")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    for (key, required) in declared {
        let required = required.as_bool().unwrap_or(false);
        let parameter = if let Some(name) = key.strip_prefix("method.request.querystring.") {
            Parameter::Query {
                parameter_data: data(name, required),
                allow_reserved: false,
                style: Default::default(),
                allow_empty_value: None,
            }
        } else if let Some(name) = key.strip_prefix("method.request.header.") {
            Parameter::Header {
                parameter_data: data(name, required),
                style: Default::default(),
            }
        } else {
            continue;
        };
        out.push(ReferenceOr::Item(parameter));
    }
    out
}

/// A `$ref` to the model `name`.
fn model_ref(name: &str) -> ReferenceOr<Schema> {
    ReferenceOr::Reference {
        reference: format!("#/components/schemas/{name}"),
    }
}

/// API Gateway's own models, which a template names without defining.
fn is_builtin_model(name: &str) -> bool {
    matches!(name, "Empty" | "Error")
}

/// A body's media types: each content type with its model's schema (none for API Gateway's
/// own `Empty` and `Error`).
fn content(
    models: &Map<String, Value>,
    names: &BTreeMap<&str, String>,
) -> IndexMap<String, MediaType> {
    models
        .iter()
        .map(|(content_type, model)| {
            // A model of the template is named by `Ref` to its resource.
            let name = text::ref_id(model)
                .and_then(|id| names.get(id).cloned())
                .unwrap_or_else(|| text::of(model));
            let schema = (!is_builtin_model(&name)).then(|| model_ref(&name));
            (
                content_type.clone(),
                MediaType {
                    schema,
                    ..MediaType::default()
                },
            )
        })
        .collect()
}

/// The body, by content type, when the method names models for it.
fn request_body(
    method: &Value,
    names: &BTreeMap<&str, String>,
) -> Option<ReferenceOr<RequestBody>> {
    let models = method.get("RequestModels")?.as_object()?;
    Some(ReferenceOr::Item(RequestBody {
        content: content(models, names),
        required: true,
        ..RequestBody::default()
    }))
}

/// The method's responses; `default` when it declares none (a proxy integration answers
/// with whatever its function returns).
fn responses(method: &Value, names: &BTreeMap<&str, String>) -> Responses {
    let mut responses = Responses::default();
    let declared = method
        .get("MethodResponses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    for r in declared {
        let Some(status) = r.get("StatusCode").map(text::of) else {
            continue;
        };
        let headers = r
            .get("ResponseParameters")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(key, _)| key.strip_prefix("method.response.header."))
            .map(|name| {
                let header = Header {
                    description: None,
                    style: Default::default(),
                    required: false,
                    deprecated: None,
                    format: string_schema(),
                    example: None,
                    examples: IndexMap::new(),
                    extensions: IndexMap::new(),
                };
                (name.to_owned(), ReferenceOr::Item(header))
            })
            .collect();
        let content = r
            .get("ResponseModels")
            .and_then(Value::as_object)
            .map(|m| content(m, names))
            .unwrap_or_default();
        let response = Response {
            description: format!("{status} response"),
            headers,
            content,
            ..Response::default()
        };
        let code = match status.parse::<u16>() {
            Ok(n) => StatusCode::Code(n),
            Err(_) => StatusCode::Range(
                status
                    .chars()
                    .next()
                    .and_then(|c| c.to_digit(10))
                    .unwrap_or(5) as u16,
            ),
        };
        responses
            .responses
            .insert(code, ReferenceOr::Item(response));
    }
    if responses.responses.is_empty() {
        responses.default = Some(ReferenceOr::Item(Response {
            description: "What the integration answers".into(),
            ..Response::default()
        }));
    }
    responses
}

/// A template's `Integration` as API Gateway's `x-amazon-apigateway-integration`.
pub(super) fn integration(integration: &Value) -> Value {
    let mut out = Map::new();
    let lower = |v: &Value| json!(text::of(v).to_lowercase());
    let keys: [(&str, &str, bool); 12] = [
        ("Type", "type", true),
        ("IntegrationHttpMethod", "httpMethod", false),
        ("Uri", "uri", false),
        ("Credentials", "credentials", false),
        ("ConnectionType", "connectionType", false),
        ("ConnectionId", "connectionId", false),
        ("PassthroughBehavior", "passthroughBehavior", true),
        ("ContentHandling", "contentHandling", false),
        ("TimeoutInMillis", "timeoutInMillis", false),
        ("RequestParameters", "requestParameters", false),
        ("RequestTemplates", "requestTemplates", false),
        ("CacheKeyParameters", "cacheKeyParameters", false),
    ];
    for (from, to, lowercase) in keys {
        if let Some(value) = integration.get(from) {
            let value = if lowercase {
                lower(value)
            } else {
                texts(value)
            };
            out.insert(to.into(), value);
        }
    }
    let responses: Map<String, Value> = integration
        .get("IntegrationResponses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|r| {
            let pattern = r
                .get("SelectionPattern")
                .map_or_else(|| "default".to_owned(), text::of);
            let mut response = Map::new();
            for (from, to) in [
                ("StatusCode", "statusCode"),
                ("ResponseParameters", "responseParameters"),
                ("ResponseTemplates", "responseTemplates"),
                ("ContentHandling", "contentHandling"),
            ] {
                if let Some(value) = r.get(from) {
                    response.insert(to.into(), texts(value));
                }
            }
            (pattern, Value::Object(response))
        })
        .collect();
    if !responses.is_empty() {
        out.insert("responses".into(), Value::Object(responses));
    }
    Value::Object(out)
}
