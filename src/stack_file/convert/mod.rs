//! Conversion: a stack file's format types into the builders a Rust stack is written with,
//! one module per family (authorizers, methods and their integrations, routes, parameters,
//! CORS, the stage, outputs). Each spec is taken apart field by field, so a field added to
//! the format is a compile error here until it is converted.

mod app_client;
mod authorizer;
mod cors;
mod domain;
mod gateway_response;
mod integration;

pub(crate) use integration::request_target;
mod method;
mod outputs;
mod parameter;
mod raw;
mod resource_policy;
mod route;
mod stage;
mod usage_plan;
mod validation;

use std::path::Path;

use crate::{EndpointType, RestApi, Stack, Value};

use super::format::{ApiSpec, EndpointSpec, GetAttSpec, IntrinsicSpec, StackSpec, ValueSpec};
use super::load::{Loader, path_of};
use super::locate::RouteKey;

impl Loader {
    /// The stack `spec` describes, named after `file` unless it names itself, and its
    /// routes as written (to place synth's problems). Parts that can't be read are left
    /// out, each with its problem recorded.
    pub(super) fn build(&mut self, file: &Path, spec: StackSpec) -> (Stack, Vec<RouteKey>) {
        let StackSpec {
            schema: _,
            stack,
            description,
            parameters,
            api,
            outputs,
            exports,
            resources,
            conditions,
            mappings,
            overrides,
        } = spec;
        let ApiSpec {
            name,
            description: api_description,
            endpoint,
            binary_media_types,
            cors,
            authorizers,
            default_authorizer,
            default_scopes,
            api_key_required,
            api_key_source,
            api_keys,
            usage_plans,
            routes,
            stage,
            stages,
            cloud_watch_role,
            tags,
            domains,
            execute_api_endpoint,
            gateway_responses,
            models,
            vpc_endpoint_ids,
            resource_policy,
        } = api;
        let name = self.value(name, super::load::path_of(&["api", "name"]));
        let mut rest = RestApi::new(name)
            .endpoint_type(endpoint_type(endpoint))
            .cloudwatch_role(cloud_watch_role);
        let stage_given = stage.is_some();
        if let Some(s) = stage {
            rest = rest.stage(self.stage(s, path_of(&["api", "stage"])));
        }
        for (i, s) in stages.into_iter().enumerate() {
            rest = rest.stage(self.stage(s, path_of(&["api", "stages", &i.to_string()])));
        }
        if !stage_given && self.stages.is_empty() {
            self.stages
                .push(("prod".to_owned(), path_of(&["api", "stage"])));
        }
        for (k, v) in tags {
            rest = rest.tag(k, v);
        }
        for (i, d) in domains.into_iter().enumerate() {
            rest = rest.domain(self.domain(d, i));
        }
        if let Some(enabled) = execute_api_endpoint {
            rest = rest.execute_api_endpoint(enabled);
        }
        for (name, spec) in models {
            rest = rest.model(crate::Model::new(name, spec.schema));
        }
        for (response_type, spec) in gateway_responses {
            rest = rest.gateway_response(self.gateway_response(response_type, spec));
        }
        if let Some(d) = api_description {
            rest = rest.description(d);
        }
        for t in binary_media_types {
            rest = rest.binary_media_type(t);
        }
        if let Some(c) = cors {
            rest = rest.default_cors(self.cors(c));
        }
        let (authorizers, pool_parameters) = self.authorizers(authorizers);
        for authorizer in authorizers {
            rest = rest.authorizer(authorizer);
        }
        if let Some(d) = default_authorizer {
            rest = rest.default_authorizer_name(d);
        }
        if let Some(s) = default_scopes {
            rest = rest.default_scopes(s);
        }
        if api_key_required {
            rest = rest.api_key_required(true);
        }
        rest = self.usage_plans(rest, api_key_source, api_keys, usage_plans);
        rest = self.resource_policy(rest, vpc_endpoint_ids, resource_policy);
        let routes = self.routes(routes, &mut rest);

        let name = stack.unwrap_or_else(|| {
            file.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        let mut stack = Stack::new(name, rest);
        if let Some(d) = description {
            stack = stack.description(d);
        }
        for parameter in self.parameters(parameters, &pool_parameters) {
            stack = stack.parameter(parameter);
        }
        for output in self.outputs(outputs) {
            stack = stack.add_output(output);
        }
        for (name, value) in self.exports(exports) {
            stack = stack.export(name, value);
        }
        for resource in self.raw_resources(resources) {
            stack = stack.raw(resource);
        }
        for (name, condition) in conditions {
            stack = stack.condition(name, condition);
        }
        for (name, mapping) in mappings {
            stack = stack.mapping(name, mapping);
        }
        if let Some(o) = overrides {
            stack = self.overrides(stack, o);
        }
        (stack, routes)
    }

    /// `spec` as a value, remembering that it was written at `path` (for the problems synth
    /// finds in it).
    pub(super) fn value(&mut self, spec: ValueSpec, path: Vec<String>) -> Value {
        let spec = match spec {
            ValueSpec::Literal(s) => {
                self.values.push((s.clone(), path));
                return Value::literal(s);
            }
            ValueSpec::Intrinsic(spec) => *spec,
        };
        match spec {
            IntrinsicSpec::Ref(name) => {
                self.values.push((name.clone(), path));
                Value::Ref(name)
            }
            IntrinsicSpec::GetAtt(spec) => {
                let (resource, attribute) = match spec {
                    GetAttSpec::Pair(pair) => pair,
                    GetAttSpec::Dotted(dotted) => match dotted.split_once('.') {
                        Some((r, a)) => (r.to_owned(), a.to_owned()),
                        None => (dotted, String::new()),
                    },
                };
                self.values.push((resource.clone(), path));
                Value::GetAtt(resource, attribute)
            }
            IntrinsicSpec::Sub(text) => {
                // A problem names the placeholder: each is placed at the whole text.
                match crate::cfn::parse_sub(&text) {
                    Ok(parts) => {
                        for part in parts {
                            if let crate::cfn::SubPart::Ref(id)
                            | crate::cfn::SubPart::GetAtt(id, _) = part
                            {
                                self.values.push((id.to_string(), path.clone()));
                            }
                        }
                    }
                    Err(placeholder) => self.values.push((placeholder, path.clone())),
                }
                self.values.push((text.clone(), path));
                Value::Sub(text)
            }
            IntrinsicSpec::ImportValue(name) => Value::import(self.value(name, path)),
            IntrinsicSpec::Join((separator, items)) => {
                let items = items
                    .into_iter()
                    .map(|item| self.value(item, path.clone()))
                    .collect::<Vec<_>>();
                Value::join(separator, items)
            }
            IntrinsicSpec::Select((index, list)) => Value::select(index, self.value(list, path)),
            IntrinsicSpec::Split((separator, value)) => {
                Value::split(separator, self.value(value, path))
            }
            IntrinsicSpec::If((condition, a, b)) => {
                self.values.push((condition.clone(), path.clone()));
                let a = self.value(a, path.clone());
                Value::if_condition(condition, a, self.value(b, path))
            }
        }
    }
}

fn endpoint_type(endpoint: EndpointSpec) -> EndpointType {
    match endpoint {
        EndpointSpec::Regional => EndpointType::Regional,
        EndpointSpec::Edge => EndpointType::Edge,
        EndpointSpec::Private => EndpointType::Private,
    }
}
