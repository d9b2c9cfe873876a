//! The escape hatch: raw resources into [`RawResource`]s, overrides into their targets.

use std::collections::BTreeMap;

use crate::{Generated, HttpMethod, RawResource, Stack};

use super::super::LoadProblemKind;
use super::super::format::{Deferred, OverridesSpec, RawResourceSpec};
use super::super::load::{Loader, path_of};

impl Loader {
    /// The raw resources that can be read, in id order.
    pub(super) fn raw_resources(
        &mut self,
        specs: BTreeMap<String, Deferred<RawResourceSpec>>,
    ) -> Vec<RawResource> {
        let mut resources = Vec::new();
        for (id, deferred) in specs {
            let at = path_of(&["resources", &id]);
            let Some(spec) = self.read_deferred::<RawResourceSpec>(&deferred, at) else {
                continue;
            };
            let RawResourceSpec {
                type_name,
                properties,
                depends_on,
                condition,
                metadata,
            } = spec;
            let mut resource = RawResource::new(id, type_name, properties);
            for d in depends_on.map(|d| d.ids()).unwrap_or_default() {
                resource = resource.depends_on(d);
            }
            if let Some(c) = condition {
                resource = resource.condition(c);
            }
            if let Some(m) = metadata {
                resource = resource.metadata(m);
            }
            resources.push(resource);
        }
        resources
    }

    /// `stack` with the overrides `spec` gives; a method key that is not `METHOD /path` is
    /// a problem.
    pub(super) fn overrides(&mut self, mut stack: Stack, spec: OverridesSpec) -> Stack {
        let OverridesSpec {
            rest_api,
            stage,
            stages,
            methods,
            authorizers,
            user_pools,
            resources,
            permissions,
        } = spec;
        if let Some(patch) = rest_api {
            stack = stack.override_properties(Generated::RestApi, patch);
        }
        if let Some(patch) = stage {
            stack = stack.override_properties(Generated::Stage, patch);
        }
        for (label, patch) in stages {
            stack = stack.override_properties(Generated::stage(label), patch);
        }
        for (key, patch) in methods {
            let parsed = key
                .split_once(' ')
                .and_then(|(verb, path)| Some((verb.parse::<HttpMethod>().ok()?, path)));
            match parsed {
                Some((verb, path)) => {
                    stack = stack.override_properties(Generated::method(path, verb), patch);
                }
                None => {
                    let at = path_of(&["overrides", "methods", &key]);
                    let message = format!(
                        "`{key}` names no method: write `METHOD /path`, e.g. `POST /orders`"
                    );
                    self.problem(&at, true, LoadProblemKind::InvalidValue, message);
                }
            }
        }
        for (name, patch) in authorizers {
            stack = stack.override_properties(Generated::authorizer(name), patch);
        }
        for (name, patch) in user_pools {
            stack = stack.override_properties(Generated::user_pool(name), patch);
        }
        for (path, patch) in resources {
            stack = stack.override_properties(Generated::resource(path), patch);
        }
        for (key, patch) in permissions {
            // `GET /orders` names a method; anything else names the function.
            let method = key
                .split_once(' ')
                .filter(|(_, path)| path.starts_with('/'))
                .and_then(|(verb, path)| Some((verb.parse::<HttpMethod>().ok()?, path)));
            let target = match method {
                Some((verb, path)) => Generated::permission_of(path, verb),
                None => Generated::permission(key),
            };
            stack = stack.override_properties(target, patch);
        }
        stack
    }
}
