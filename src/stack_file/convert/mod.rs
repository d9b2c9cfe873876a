//! Conversion: a stack file's format types into the builders a Rust stack is written with,
//! one module per family (authorizers, methods and their integrations, routes, parameters,
//! CORS, the stage, outputs). Each spec is taken apart field by field, so a field added to
//! the format is a compile error here until it is converted.

mod authorizer;
mod cors;
mod domain;
mod integration;
mod method;
mod outputs;
mod parameter;
mod route;
mod stage;

use std::path::Path;

use crate::{EndpointType, RestApi, Stack, Value};

use super::format::{ApiSpec, EndpointSpec, StackSpec, ValueSpec};
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
            routes,
            stage,
            stages,
            cloud_watch_role,
            tags,
            domains,
            execute_api_endpoint,
        } = api;
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
        if let Some(d) = api_description {
            rest = rest.description(d);
        }
        for t in binary_media_types {
            rest = rest.binary_media_type(t);
        }
        if let Some(c) = cors {
            rest = rest.default_cors(cors::cors(c));
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
        for (name, value) in self.outputs(outputs) {
            stack = stack.output(name, value);
        }
        (stack, routes)
    }

    /// `spec` as a value, remembering that it was written at `path` (for the problems synth
    /// finds in it).
    pub(super) fn value(&mut self, spec: ValueSpec, path: Vec<String>) -> Value {
        match spec {
            ValueSpec::Literal(s) => {
                self.values.push((s.clone(), path));
                Value::literal(s)
            }
            ValueSpec::Ref(r) => {
                self.values.push((r.name.clone(), path));
                Value::parameter(r.name)
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
