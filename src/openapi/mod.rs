//! OpenAPI 3.0 export: the API of a synthesized template as an OpenAPI document for clients,
//! documentation portals and Postman, with API Gateway's extensions (`x-amazon-apigateway-*`)
//! unless [`ExportOptions::aws_extensions`] is off.
//!
//! The export reads the final template, not the builders, so that whatever produced a
//! method (a builder, a stack file, the escape hatch) is exported alike. Values CloudFormation
//! computes at deploy time are written as `Fn::Sub` writes them: `${Parameter}`,
//! `${Resource.Attribute}`.
//!
//! ```
//! use apigw_synth::openapi::{ExportOptions, export};
//! let template = serde_json::json!({"Resources": {
//!     "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "shop"}},
//!     "Health": {"Type": "AWS::ApiGateway::Method", "Properties": {
//!         "RestApiId": {"Ref": "Api"}, "HttpMethod": "GET", "AuthorizationType": "NONE",
//!         "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
//!         "Integration": {"Type": "MOCK"}}}}});
//! let document = export(&template, &ExportOptions::default()).unwrap();
//! assert_eq!(document.info.title, "shop");
//! assert!(document.paths.paths.contains_key("/"));
//! ```

mod api;
mod body;
mod operation;
mod paths;
mod schema;
mod security;
mod servers;
mod text;

pub use body::expand_bodies;
pub(crate) use body::{BODY_MARK, VERBS};

/// The document extension holding the template's `Parameters` as CloudFormation declares
/// them (type, description, default, pattern, `NoEcho`): what `${Parameter}` placeholders
/// can't say, and what `import` declares them with. Written with the AWS extensions.
pub const PARAMETERS_EXTENSION: &str = "x-apigw-synth-parameters";

/// A template's method `Integration` as the document's `x-amazon-apigateway-integration`
/// (what `import` compares an imported integration with).
pub(crate) fn integration_extension(integration: &Value) -> Value {
    operation::integration(integration)
}

/// `value` with each intrinsic function written as `Fn::Sub` text, as the export writes it.
pub(crate) fn as_texts(value: &Value) -> Value {
    api::texts(value)
}

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, PathItem, ReferenceOr};
use serde_json::Value;

/// What goes into an exported document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    /// API Gateway's `x-amazon-apigateway-*` extensions (integrations, authorizers, gateway
    /// responses, validators, CORS preflights): on by default; off for a document for
    /// clients only.
    pub aws_extensions: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            aws_extensions: true,
        }
    }
}

/// Why a template has no OpenAPI document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// The template has no `AWS::ApiGateway::RestApi`.
    #[error("the template has no AWS::ApiGateway::RestApi to export")]
    NoApi,
    /// The template has several REST APIs; an OpenAPI document describes one.
    #[error("the template has several REST APIs ({}); an OpenAPI document describes one", .0.join(", "))]
    SeveralApis(Vec<String>),
    /// A resource's parents loop back to it.
    #[error("resource {0}: its ParentId chain loops back to it")]
    ResourceCycle(String),
    /// A model's schema is not one OpenAPI 3.0 can hold.
    #[error("model {0}: its schema is not an OpenAPI 3.0 schema: {1}")]
    Model(String, String),
}

/// The OpenAPI 3.0 document of the one REST API in `template` (a synthesized template, a
/// split stack's parent with its nested templates inlined, or any CloudFormation template).
pub fn export(template: &Value, options: &ExportOptions) -> Result<OpenAPI, ExportError> {
    let resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .ok_or(ExportError::NoApi)?;
    let api = api::find(resources)?;
    let mut document = api::document(&api, template, options)?;
    let tree = paths::Tree::of(&api, resources)?;
    let schemes = security::Schemes::of(&api, resources, options);
    let validators = api::validators(&api, resources);
    let models = api::model_names(&api, resources);
    // Sorted as they are built: sorting the finished map would move every path item (a few
    // kilobytes each) many times.
    let mut items: BTreeMap<String, PathItem> = BTreeMap::new();
    for (id, method) in paths::methods(&api, resources) {
        let Some(path) = tree.path_of(method.get("ResourceId")) else {
            continue;
        };
        let context = operation::Context {
            path: &path,
            schemes: &schemes,
            validators: &validators,
            options,
            metadata: resources.get(id).and_then(|r| r.get("Metadata")),
            models: &models,
        };
        operation::add(&mut items, method, &context);
    }
    document.paths.paths = items
        .into_iter()
        .map(|(path, item)| (path, ReferenceOr::Item(item)))
        .collect();
    schemes.install(&mut document);
    Ok(document)
}

/// The logical id of each method of the template's one REST API, by path and upper-case
/// HTTP method as [`export`] writes them (`("/products/{id}", "GET")`): where `import` points
/// at a template's method.
pub(crate) fn method_ids(
    template: &Value,
) -> Result<BTreeMap<(String, String), String>, ExportError> {
    let resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .ok_or(ExportError::NoApi)?;
    let api = api::find(resources)?;
    let tree = paths::Tree::of(&api, resources)?;
    let mut ids = BTreeMap::new();
    for (id, method) in paths::methods(&api, resources) {
        let Some(path) = tree.path_of(method.get("ResourceId")) else {
            continue;
        };
        let verb = text::property(method, "HttpMethod")
            .unwrap_or_default()
            .to_uppercase();
        ids.insert((path, verb), id.to_owned());
    }
    Ok(ids)
}

/// `document` as YAML (block style, keys in the document's order).
pub fn to_yaml(document: &OpenAPI) -> String {
    // An OpenAPI model holds only strings, numbers, booleans, lists and maps.
    serde_yaml::to_string(document).unwrap_or_default()
}

/// `document` as pretty JSON, ending with a newline.
pub fn to_json(document: &OpenAPI) -> String {
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
}
