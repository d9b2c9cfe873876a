//! What flows into a template's access-control places from elsewhere in it. Each part of
//! each resource is put to the policy as a comparer would put a change to it; from the parts
//! that are access control, references are followed to parameters, conditions (and what they
//! read), mappings, stage variables and, from an authorizer, the resources it calls; a rule
//! that constrains such a parameter is one too.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{Entry, Extractor, Kind, properties};
use crate::review::diff::{Concern, GRANTING_THROUGH, Section, lacks_its_grant};
use crate::review::template_reader::replace_sub_placeholders;
use crate::review::view::AccessInputs;

/// Method properties that say who may call it.
const AUTHORIZATION: [&str; 4] = [
    "AuthorizationType",
    "AuthorizerId",
    "AuthorizationScopes",
    "ApiKeyRequired",
];

/// Method properties that say which method it is.
const IDENTITY: [&str; 3] = ["HttpMethod", "ResourceId", "RestApiId"];

/// Integration properties the integration target shows.
const TARGET: [&str; 3] = ["Type", "Uri", "IntegrationHttpMethod"];

impl<'t> Extractor<'t> {
    /// Every parameter, condition, mapping, stage variable and resource that flows into an
    /// access-control place of the template.
    pub(super) fn access_inputs(&self) -> AccessInputs {
        let mut walk = Walk::new(self);
        for entry in self.resources.values() {
            // An authorizer's function decides who gets in: what it calls is followed.
            let follow = entry.kind == Kind::Authorizer;
            for place in self.access_places(entry) {
                walk.value(place, follow);
            }
        }
        let mut inputs = walk.finish();
        inputs.rules = self.rules_on(&inputs.parameters);
        inputs
    }

    /// The rules that read one of `parameters`.
    fn rules_on(&self, parameters: &BTreeSet<String>) -> BTreeSet<String> {
        let rules = self.template.get("Rules").and_then(Value::as_object);
        let mut on = BTreeSet::new();
        for (name, rule) in rules.into_iter().flatten() {
            let mut walk = Walk::new(self);
            walk.value(rule, false);
            let read = walk.finish().parameters;
            // `Fn::ValueOf [Parameter, Attribute]` names its parameter as a string.
            if !read.is_disjoint(parameters) || value_of_reads(rule, parameters) {
                on.insert(name.clone());
            }
        }
        on
    }

    /// The parts of a resource a change to which is access control.
    fn access_places(&self, entry: &Entry<'t>) -> Vec<&'t Value> {
        let resource = entry.resource;
        let whole = |concern: Concern<'_>| {
            if concern.section() == Section::AccessControl {
                vec![resource]
            } else {
                Vec::new()
            }
        };
        match entry.kind {
            Kind::Authorizer => whole(Concern::Authorizer),
            Kind::GatewayResponse => whole(Concern::GatewayResponse),
            Kind::Permission => whole(Concern::Permission),
            Kind::Stage => whole(Concern::Stage {
                feeds_access: false,
            }),
            Kind::Resource => whole(Concern::Route),
            Kind::Deployment | Kind::Function | Kind::Other => {
                let property = |name: &str| {
                    resource
                        .get("Properties")
                        .and_then(|p| p.get(name))
                        .map(|_| (format!("Properties.{name}"), String::new()))
                };
                let granting = GRANTING_THROUGH
                    .iter()
                    .filter(|(t, _)| *t == entry.resource_type)
                    .filter_map(|(_, name)| property(name))
                    .collect();
                whole(Concern::Resource {
                    resource_type: entry.resource_type,
                    feeds_access: false,
                    grant_free: lacks_its_grant(entry.resource_type, &granting),
                })
            }
            Kind::RestApi => parts(resource, Concern::Api, |name| {
                if name == "Name" {
                    Concern::Api
                } else {
                    Concern::ApiSetting(name)
                }
            }),
            Kind::Method => {
                let public = self
                    .authorization_kind(&properties(resource))
                    .may_be_public();
                method_places(resource, public)
            }
        }
    }
}

/// The properties of `resource` whose concern (`of` their name) is access control, and its
/// `Condition` when `presence` is.
fn parts<'t>(
    resource: &'t Value,
    presence: Concern<'_>,
    of: impl Fn(&str) -> Concern<'_>,
) -> Vec<&'t Value> {
    let mut places = Vec::new();
    if presence.section() == Section::AccessControl
        && let Some(condition) = resource.get("Condition")
    {
        places.push(condition);
    }
    if let Some(props) = resource.get("Properties").and_then(Value::as_object) {
        for (name, value) in props {
            if of(name).section() == Section::AccessControl {
                places.push(value);
            }
        }
    }
    places
}

/// A method's parts that are access control: its condition, authorization and identity;
/// its integration's as the policy decides for a `public` method or not; any other
/// property the policy does not know.
fn method_places(resource: &Value, public: bool) -> Vec<&Value> {
    let mut places = parts(resource, Concern::MethodPresence, |name| {
        if AUTHORIZATION.contains(&name) {
            Concern::MethodAuthorization
        } else if IDENTITY.contains(&name) {
            Concern::MethodPresence
        } else {
            Concern::MethodSetting { key: name, public }
        }
    });
    let integration = resource
        .get("Properties")
        .and_then(|p| p.get("Integration"))
        .and_then(Value::as_object);
    for (name, value) in integration.into_iter().flatten() {
        let key = format!("Integration.{name}");
        let concern = if TARGET.contains(&name.as_str()) {
            Concern::MethodIntegration { public }
        } else {
            Concern::MethodSetting { key: &key, public }
        };
        if concern.section() == Section::AccessControl {
            places.push(value);
        }
    }
    places
}

/// True when `value` holds a `Fn::ValueOf` of one of `parameters`.
fn value_of_reads(value: &Value, parameters: &BTreeSet<String>) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, inner)| {
            let named = key == "Fn::ValueOf"
                && inner
                    .get(0)
                    .and_then(Value::as_str)
                    .is_some_and(|p| parameters.contains(p));
            named || value_of_reads(inner, parameters)
        }),
        Value::Array(items) => items.iter().any(|v| value_of_reads(v, parameters)),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => false,
    }
}

/// Follows references out of access-control places, each condition and resource once.
struct Walk<'e, 't> {
    extractor: &'e Extractor<'t>,
    inputs: AccessInputs,
    /// Conditions found whose definitions are still to read.
    conditions: Vec<String>,
    /// Resources an authorizer calls whose properties are still to read.
    resources: Vec<String>,
}

impl<'e, 't> Walk<'e, 't> {
    fn new(extractor: &'e Extractor<'t>) -> Self {
        Self {
            extractor,
            inputs: AccessInputs::default(),
            conditions: Vec::new(),
            resources: Vec::new(),
        }
    }

    /// Reads `value` for references; `follow` also follows references to resources.
    fn value(&mut self, value: &'t Value, follow: bool) {
        match value {
            Value::String(text) => self.stage_variables(text),
            Value::Array(items) => {
                for item in items {
                    self.value(item, follow);
                }
            }
            Value::Object(map) => {
                if map.len() == 1 && self.intrinsic(map, follow) {
                    return;
                }
                for (key, inner) in map {
                    match inner {
                        // A resource's or a condition's `Condition`.
                        Value::String(name) if key == "Condition" => self.condition(name),
                        _ => self.value(inner, follow),
                    }
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    /// Reads a one-key mapping that is an intrinsic; false when it is none.
    fn intrinsic(&mut self, map: &'t Map<String, Value>, follow: bool) -> bool {
        let Some((key, argument)) = map.iter().next() else {
            return false;
        };
        match (key.as_str(), argument) {
            ("Ref", Value::String(name)) => self.reference(name, follow),
            ("Fn::GetAtt", Value::Array(parts)) => {
                if let Some(Value::String(id)) = parts.first() {
                    self.resource(id, follow);
                }
            }
            ("Fn::Sub", Value::String(text)) => self.sub(text, &Map::new(), follow),
            ("Fn::Sub", Value::Array(parts)) => {
                if let [Value::String(text), Value::Object(variables)] = parts.as_slice() {
                    self.sub(text, variables, follow);
                }
                for part in parts.iter().skip(1) {
                    self.value(part, follow);
                }
            }
            ("Fn::If", Value::Array(parts)) => {
                if let Some(Value::String(name)) = parts.first() {
                    self.condition(name);
                }
                for part in parts.iter().skip(1) {
                    self.value(part, follow);
                }
            }
            ("Fn::FindInMap", Value::Array(parts)) => {
                if let Some(Value::String(name)) = parts.first() {
                    self.inputs.mappings.insert(name.clone());
                }
                for part in parts.iter().skip(1) {
                    self.value(part, follow);
                }
            }
            ("Condition", Value::String(name)) => self.condition(name),
            _ => return false,
        }
        true
    }

    /// A `Ref` to `name`: a parameter, else (when following) a resource.
    fn reference(&mut self, name: &str, follow: bool) {
        let parameter = self
            .extractor
            .template
            .get("Parameters")
            .and_then(|p| p.get(name))
            .is_some();
        if parameter {
            self.inputs.parameters.insert(name.to_owned());
        } else {
            self.resource(name, follow);
        }
    }

    /// A resource an authorizer calls: a function or a resource outside the API.
    fn resource(&mut self, id: &str, follow: bool) {
        let called = self
            .extractor
            .resources
            .get(id)
            .is_some_and(|e| matches!(e.kind, Kind::Function | Kind::Other));
        if follow && called && self.inputs.resources.insert(id.to_owned()) {
            self.resources.push(id.to_owned());
        }
    }

    fn condition(&mut self, name: &str) {
        if self.inputs.conditions.insert(name.to_owned()) {
            self.conditions.push(name.to_owned());
        }
    }

    /// The `${Name}` and `${Name.Attr}` of a `Fn::Sub` string not given as `variables`.
    fn sub(&mut self, text: &str, variables: &Map<String, Value>, follow: bool) {
        self.stage_variables(text);
        let mut names = Vec::new();
        replace_sub_placeholders(text, |inner| {
            let head = inner.split('.').next().unwrap_or(inner);
            if !inner.starts_with('!') && !variables.contains_key(head) {
                names.push(head.to_owned());
            }
            None
        });
        for name in names {
            self.reference(&name, follow);
        }
    }

    /// `stageVariables.NAME` anywhere in `text`.
    fn stage_variables(&mut self, text: &str) {
        const PREFIX: &str = "stageVariables.";
        for (at, _) in text.match_indices(PREFIX) {
            let name: String = text[at + PREFIX.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                self.inputs.stage_variables.insert(name);
            }
        }
    }

    /// Reads every condition and called resource found, and what they lead to in turn.
    fn finish(mut self) -> AccessInputs {
        let template = self.extractor.template;
        loop {
            if let Some(name) = self.conditions.pop() {
                let definition = template.get("Conditions").and_then(|c| c.get(&name));
                if let Some(definition) = definition {
                    self.value(definition, false);
                }
            } else if let Some(id) = self.resources.pop() {
                if let Some(entry) = self.extractor.resources.get(id.as_str()) {
                    self.value(entry.resource, true);
                }
            } else {
                return self.inputs;
            }
        }
    }
}
