//! Reading the API view out of a template, one module per family of resources: the API and
//! its routes, methods and their authorization, integrations, authorizers, CORS
//! preflights, gateway responses, stages and deployments, Lambda functions and permissions,
//! and everything else.

mod access_inputs;
mod authorizer;
mod cors;
mod function;
mod gateway_response;
mod integration;
mod method;
mod other;
mod permission;
mod resource_policy;
mod rest_api;
mod stage;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::expr::{Aliases, flatten_with, ref_value, text_with};
use super::view::{ApiView, TemplateModel};

/// Reads the API view of `template`, a template as [`read_template`](super::read_template)
/// returns it. Never fails: what can't be resolved is shown as written. An API defined by
/// an inline OpenAPI body (`Body`, SAM's `DefinitionBody`) is read as the resources it
/// stands for.
pub fn model(template: &Value) -> TemplateModel {
    match crate::openapi::expand_bodies(template) {
        Some(expanded) => Extractor::new(&expanded).run(),
        None => Extractor::new(template).run(),
    }
}

/// The resource types the view reads by meaning; every other type is [`Kind::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    RestApi,
    Resource,
    Method,
    Authorizer,
    GatewayResponse,
    Deployment,
    Stage,
    Permission,
    Function,
    Other,
}

impl Kind {
    fn of(resource_type: &str) -> Self {
        match resource_type {
            "AWS::ApiGateway::RestApi" => Kind::RestApi,
            "AWS::ApiGateway::Resource" => Kind::Resource,
            "AWS::ApiGateway::Method" => Kind::Method,
            "AWS::ApiGateway::Authorizer" => Kind::Authorizer,
            "AWS::ApiGateway::GatewayResponse" => Kind::GatewayResponse,
            "AWS::ApiGateway::Deployment" => Kind::Deployment,
            "AWS::ApiGateway::Stage" => Kind::Stage,
            "AWS::Lambda::Permission" => Kind::Permission,
            "AWS::Lambda::Function" => Kind::Function,
            _ => Kind::Other,
        }
    }
}

/// One resource of the template.
#[derive(Debug, Clone, Copy)]
struct Entry<'t> {
    kind: Kind,
    /// Its `Type` as written.
    resource_type: &'t str,
    resource: &'t Value,
}

/// The template's resources by logical id, and how references to them are shown.
struct Extractor<'t> {
    template: &'t Value,
    resources: BTreeMap<&'t str, Entry<'t>>,
    /// RestApi logical id → API name.
    api_names: BTreeMap<&'t str, String>,
    aliases: Aliases,
}

impl<'t> Extractor<'t> {
    fn new(template: &'t Value) -> Self {
        let mut resources = BTreeMap::new();
        if let Some(map) = template.get("Resources").and_then(Value::as_object) {
            for (id, resource) in map {
                let resource_type = resource.get("Type").and_then(Value::as_str).unwrap_or("");
                let entry = Entry {
                    kind: Kind::of(resource_type),
                    resource_type,
                    resource,
                };
                resources.insert(id.as_str(), entry);
            }
        }
        let mut this = Self {
            template,
            resources,
            api_names: BTreeMap::new(),
            aliases: Aliases::new(),
        };
        this.api_names = this.api_names();
        this.aliases = this.aliases();
        this
    }

    /// How references to API Gateway resources and functions are shown: by what they are
    /// (`RestApi:eshop-fcj`, `Stage:eshop`, `Resource:/products`), never by logical id.
    fn aliases(&self) -> Aliases {
        let mut aliases = Aliases::new();
        for (id, entry) in &self.resources {
            let props = properties(entry.resource);
            let name = |key: &str| props.get(key).and_then(Value::as_str);
            let alias = match entry.kind {
                Kind::RestApi => self.api_names.get(id).map(|n| format!("RestApi:{n}")),
                Kind::Stage => name("StageName").map(|n| format!("Stage:{n}")),
                Kind::Authorizer => name("Name").map(|n| format!("Authorizer:{n}")),
                Kind::Function => name("FunctionName").map(|n| format!("Function:{n}")),
                Kind::Deployment => Some("Deployment".to_owned()),
                Kind::Resource => {
                    let path = self.path_of(&ref_value(id), &mut BTreeSet::new());
                    Some(format!("Resource:{path}"))
                }
                Kind::Other if entry.resource_type == "AWS::ApiGateway::DomainName" => {
                    name("DomainName").map(|n| format!("Domain:{n}"))
                }
                Kind::Other if entry.resource_type == "AWS::ApiGateway::RequestValidator" => {
                    name("Name").map(|n| format!("Validator:{n}"))
                }
                Kind::Other if entry.resource_type == "AWS::ApiGateway::Model" => {
                    name("Name").map(|n| format!("Model:{n}"))
                }
                Kind::Method | Kind::GatewayResponse | Kind::Permission | Kind::Other => None,
            };
            if let Some(alias) = alias {
                aliases.insert((*id).to_owned(), alias);
            }
        }
        aliases
    }

    /// [`expr_text`](super::expr_text) with references shown by their aliases.
    fn text(&self, value: &Value) -> String {
        text_with(value, &self.aliases)
    }

    /// [`flatten`](super::flatten) with references shown by their aliases.
    fn flat(&self, value: &Value) -> BTreeMap<String, String> {
        flatten_with(value, &self.aliases)
    }

    /// The resources of one kind, by logical id.
    fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (&'t str, &'t Value)> + '_ {
        self.resources
            .iter()
            .filter(move |(_, e)| e.kind == kind)
            .map(|(id, e)| (*id, e.resource))
    }

    /// The resource `id` when it is of `kind`.
    fn resource_of_kind(&self, id: &str, kind: Kind) -> Option<&'t Value> {
        self.resources
            .get(id)
            .filter(|e| e.kind == kind)
            .map(|e| e.resource)
    }

    fn api<'a>(&self, apis: &'a mut BTreeMap<String, ApiView>, name: String) -> &'a mut ApiView {
        apis.entry(name.clone()).or_insert_with(|| ApiView {
            name,
            ..ApiView::default()
        })
    }

    fn run(&self) -> TemplateModel {
        let mut model = TemplateModel {
            description: self.template.get("Description").map(|v| self.text(v)),
            ..TemplateModel::default()
        };
        let apis = &mut model.apis;
        self.rest_apis(apis);
        self.resource_policies(apis);
        self.routes(apis);
        self.methods(apis);
        self.authorizers(apis);
        self.gateway_responses(apis);
        let staged = self.stages(apis);
        self.permissions(&mut model.permissions);
        self.others(&mut model.others, &staged);
        self.template_sections(&mut model);
        model.access_inputs = self.access_inputs();
        model
    }
}

/// A resource's `Properties` (empty when it has none).
fn properties(resource: &Value) -> Map<String, Value> {
    resource
        .get("Properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn without(mut map: Map<String, Value>, keys: &[&str]) -> Map<String, Value> {
    for k in keys {
        map.remove(*k);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(text: &str) -> Value {
        super::super::parse_template(text, false, "test.yaml").unwrap()
    }

    #[test]
    fn references_are_shown_by_what_they_name_not_by_logical_id() {
        let t = template(
            "Resources:\n  MyApi: {Type: AWS::ApiGateway::RestApi, Properties: {Name: shop}}\n",
        );
        let e = Extractor::new(&t);
        let sub = serde_json::json!({"Fn::Sub": "${MyApi}/*/GET/${!Literal}${AWS::Region}"});
        assert_eq!(
            e.text(&sub),
            "${RestApi:shop}/*/GET/${!Literal}${AWS::Region}"
        );
    }
}
