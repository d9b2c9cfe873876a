//! The REST API itself: which one, the document's `info`, and the API-wide extensions (binary
//! media types, API key source, endpoint configuration, resource policy, gateway responses,
//! request validators, models).

use std::collections::BTreeMap;

use openapiv3::{Components, Info, OpenAPI, ReferenceOr, Schema};
use serde_json::{Map, Value, json};

use super::{ExportError, ExportOptions, servers, text};

/// The REST API a document describes: its logical id and properties.
pub(super) struct Api<'t> {
    /// Its logical id.
    pub(super) id: &'t str,
    /// Its `Properties`.
    pub(super) properties: &'t Value,
}

impl Api<'_> {
    /// Whether `value` (a `RestApiId`) names this API.
    pub(super) fn is(&self, value: Option<&Value>) -> bool {
        value.and_then(text::ref_id) == Some(self.id)
    }
}

/// The resources of `resources` of CloudFormation type `kind` that belong to `api`, by
/// logical id (a template's order is by logical id already).
pub(super) fn of_type<'t>(
    api: &Api<'_>,
    resources: &'t Map<String, Value>,
    kind: &str,
) -> impl Iterator<Item = (&'t str, &'t Value)> {
    resources
        .iter()
        .filter(move |(_, r)| r.get("Type").and_then(Value::as_str) == Some(kind))
        .filter_map(|(id, r)| Some((id.as_str(), r.get("Properties")?)))
        .filter(move |(_, p)| api.is(p.get("RestApiId")))
}

/// The template's one `AWS::ApiGateway::RestApi`.
pub(super) fn find(resources: &Map<String, Value>) -> Result<Api<'_>, ExportError> {
    let apis: Vec<(&str, &Value)> = resources
        .iter()
        .filter(|(_, r)| r.get("Type").and_then(Value::as_str) == Some("AWS::ApiGateway::RestApi"))
        .map(|(id, r)| (id.as_str(), r))
        .collect();
    match apis.as_slice() {
        [] => Err(ExportError::NoApi),
        [(id, resource)] => Ok(Api {
            id,
            properties: resource.get("Properties").unwrap_or(&Value::Null),
        }),
        several => Err(ExportError::SeveralApis(
            several.iter().map(|(id, _)| (*id).to_owned()).collect(),
        )),
    }
}

/// The document without paths: `info`, servers, models, and with `options`' extensions the
/// API-wide ones.
pub(super) fn document(
    api: &Api<'_>,
    template: &Value,
    options: &ExportOptions,
) -> Result<OpenAPI, ExportError> {
    let empty = Map::new();
    let resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let parameters = template.get("Parameters").and_then(Value::as_object);
    let title = text::property(api.properties, "Name").unwrap_or_else(|| api.id.to_owned());
    let mut document = OpenAPI {
        openapi: "3.0.1".to_owned(),
        info: Info {
            title,
            description: text::property(api.properties, "Description"),
            // Templates carry no version; a fixed one keeps the export deterministic.
            version: "1.0.0".to_owned(),
            ..Info::default()
        },
        servers: servers::of(api, resources, parameters),
        ..OpenAPI::default()
    };
    let schemas = models(api, resources)?;
    if !schemas.is_empty() {
        document.components = Some(Components {
            schemas,
            ..Components::default()
        });
    }
    if options.aws_extensions {
        document.extensions = extensions(api, resources);
        if let Some(declared) = parameters.filter(|p| !p.is_empty()) {
            document.extensions.insert(
                super::PARAMETERS_EXTENSION.to_owned(),
                Value::Object(declared.clone()),
            );
        }
    }
    Ok(document)
}

/// The request validators by logical id: their names, as operations refer to them.
pub(super) fn validators<'t>(
    api: &Api<'_>,
    resources: &'t Map<String, Value>,
) -> BTreeMap<&'t str, String> {
    of_type(api, resources, "AWS::ApiGateway::RequestValidator")
        .map(|(id, p)| {
            (
                id,
                text::property(p, "Name").unwrap_or_else(|| id.to_owned()),
            )
        })
        .collect()
}

/// The API's models by logical id: their names, as methods refer to them by `Ref`.
pub(super) fn model_names<'t>(
    api: &Api<'_>,
    resources: &'t Map<String, Value>,
) -> BTreeMap<&'t str, String> {
    of_type(api, resources, "AWS::ApiGateway::Model")
        .map(|(id, p)| {
            (
                id,
                text::property(p, "Name").unwrap_or_else(|| id.to_owned()),
            )
        })
        .collect()
}

/// The API's models as OpenAPI 3.0 schemas, by name.
fn models(
    api: &Api<'_>,
    resources: &Map<String, Value>,
) -> Result<indexmap::IndexMap<String, ReferenceOr<Schema>>, ExportError> {
    let mut schemas = indexmap::IndexMap::new();
    for (id, p) in of_type(api, resources, "AWS::ApiGateway::Model") {
        let name = text::property(p, "Name").unwrap_or_else(|| id.to_owned());
        let schema = match p.get("Schema") {
            Some(Value::String(s)) => serde_json::from_str(s)
                .map_err(|e| ExportError::Model(name.clone(), e.to_string()))?,
            Some(value) => value.clone(),
            None => json!({}),
        };
        let schema: Schema = serde_json::from_value(super::schema::to_openapi(schema))
            .map_err(|e| ExportError::Model(name.clone(), e.to_string()))?;
        schemas.insert(name, ReferenceOr::Item(schema));
    }
    schemas.sort_keys();
    Ok(schemas)
}

/// API Gateway's API-wide extensions, as its own export writes them.
fn extensions(api: &Api<'_>, resources: &Map<String, Value>) -> indexmap::IndexMap<String, Value> {
    let mut out = indexmap::IndexMap::new();
    let p = api.properties;
    if let Some(Value::Array(types)) = p.get("BinaryMediaTypes") {
        let types: Vec<String> = types.iter().map(text::of).collect();
        out.insert(
            "x-amazon-apigateway-binary-media-types".into(),
            json!(types),
        );
    }
    if let Some(source) = text::property(p, "ApiKeySourceType") {
        out.insert("x-amazon-apigateway-api-key-source".into(), json!(source));
    }
    let mut endpoint = Map::new();
    if let Some(disabled) = p.get("DisableExecuteApiEndpoint") {
        endpoint.insert("disableExecuteApiEndpoint".into(), texts(disabled));
    }
    if let Some(ids) = p.pointer("/EndpointConfiguration/VpcEndpointIds") {
        endpoint.insert("vpcEndpointIds".into(), texts(ids));
    }
    if !endpoint.is_empty() {
        out.insert(
            "x-amazon-apigateway-endpoint-configuration".into(),
            Value::Object(endpoint),
        );
    }
    if let Some(policy) = p.get("Policy") {
        out.insert("x-amazon-apigateway-policy".into(), texts(policy));
    }
    let responses = gateway_responses(api, resources);
    if !responses.is_empty() {
        out.insert(
            "x-amazon-apigateway-gateway-responses".into(),
            Value::Object(responses),
        );
    }
    let validators: Map<String, Value> =
        of_type(api, resources, "AWS::ApiGateway::RequestValidator")
            .map(|(id, p)| {
                let name = text::property(p, "Name").unwrap_or_else(|| id.to_owned());
                let flag = |key: &str| p.get(key).and_then(Value::as_bool).unwrap_or(false);
                let validator = json!({
                    "validateRequestBody": flag("ValidateRequestBody"),
                    "validateRequestParameters": flag("ValidateRequestParameters"),
                });
                (name, validator)
            })
            .collect();
    if !validators.is_empty() {
        out.insert(
            "x-amazon-apigateway-request-validators".into(),
            Value::Object(validators),
        );
    }
    out
}

/// The gateway responses by response type.
fn gateway_responses(api: &Api<'_>, resources: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (id, p) in of_type(api, resources, "AWS::ApiGateway::GatewayResponse") {
        let kind = text::property(p, "ResponseType").unwrap_or_else(|| id.to_owned());
        let mut response = Map::new();
        if let Some(status) = p.get("StatusCode") {
            response.insert("statusCode".into(), json!(text::of(status)));
        }
        for (from, to) in [
            ("ResponseParameters", "responseParameters"),
            ("ResponseTemplates", "responseTemplates"),
        ] {
            if let Some(value) = p.get(from) {
                response.insert(to.into(), texts(value));
            }
        }
        out.insert(kind, Value::Object(response));
    }
    out
}

/// `value` with every intrinsic replaced by its text, lists and maps kept.
pub(super) fn texts(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(texts).collect()),
        Value::Object(map) if !is_intrinsic(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), texts(v))).collect())
        }
        Value::Object(_) => Value::String(text::of(value)),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => value.clone(),
    }
}

/// Whether `map` is an intrinsic function (`{"Ref": …}`, `{"Fn::…": …}`).
fn is_intrinsic(map: &Map<String, Value>) -> bool {
    map.len() == 1
        && map
            .keys()
            .next()
            .is_some_and(|k| k == "Ref" || k.starts_with("Fn::") || k == "Condition")
}
