//! Stages and deployments: each stage by name with its settings and the deployment it
//! serves, a deployment's own properties shown with its stage.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{Extractor, Kind, properties, without};
use crate::review::expr::ref_target;
use crate::review::view::{ApiView, StageView};

impl<'t> Extractor<'t> {
    /// Fills in every API's stages; returns the deployments they account for.
    pub(super) fn stages(&self, apis: &mut BTreeMap<String, ApiView>) -> BTreeSet<&'t str> {
        let mut staged = BTreeSet::new();
        let deployment_details = |id: &str| -> Map<String, Value> {
            self.resource_of_kind(id, Kind::Deployment)
                .map(|r| without(properties(r), &["RestApiId", "StageName"]))
                .unwrap_or_default()
        };
        for (id, resource) in self.of_kind(Kind::Stage) {
            let props = properties(resource);
            let name = props
                .get("StageName")
                .map_or_else(|| id.to_owned(), |v| self.text(v));
            let deployment = props.get("DeploymentId").and_then(ref_target);
            let mut details = without(props.clone(), &["RestApiId", "DeploymentId", "StageName"]);
            if let Some(Value::Array(settings)) = details.remove("MethodSettings") {
                details.insert(
                    "MethodSettings".to_owned(),
                    Value::Object(self.method_settings_by_method(settings)),
                );
            }
            if let Some(d) = deployment {
                if let Some((key, _)) = self.resources.get_key_value(d) {
                    staged.insert(*key);
                }
                let d = deployment_details(d);
                if !d.is_empty() {
                    details.insert("Deployment".to_owned(), Value::Object(d));
                }
            }
            let view = StageView {
                deployment: deployment.map(str::to_owned),
                details: self.flat(&Value::Object(details)),
            };
            self.api(apis, self.api_of(&props))
                .stages
                .insert(name, view);
        }
        // A deployment that creates its stage itself (`StageName`).
        for (id, resource) in self.of_kind(Kind::Deployment) {
            let props = properties(resource);
            let Some(name) = props.get("StageName").map(|v| self.text(v)) else {
                continue;
            };
            staged.insert(id);
            let d = deployment_details(id);
            let view = StageView {
                deployment: Some(id.to_owned()),
                details: self.flat(&Value::Object(d)),
            };
            let api = self.api(apis, self.api_of(&props));
            api.stages.entry(name).or_insert(view);
        }
        staged
    }

    /// A stage's `MethodSettings` keyed by the method they are for (`GET /orders/{id}`,
    /// `* /*` for the whole stage) rather than by position, so that an entry inserted before
    /// others does not read as every later one changed.
    fn method_settings_by_method(&self, settings: Vec<Value>) -> Map<String, Value> {
        let mut out = Map::new();
        for (i, setting) in settings.into_iter().enumerate() {
            let Value::Object(mut fields) = setting else {
                out.insert(format!("[{i}]"), setting);
                continue;
            };
            let verb = fields.remove("HttpMethod").map(|v| self.text(&v));
            let path = fields.remove("ResourcePath").map(|v| self.text(&v));
            let key = match (verb, path) {
                (Some(verb), Some(path)) => format!("{verb} {}", decode_resource_path(&path)),
                _ => format!("[{i}]"),
            };
            out.insert(key, Value::Object(fields));
        }
        out
    }
}

/// A method setting's resource path as a route: `/~1orders~1{id}` → `/orders/{id}`.
fn decode_resource_path(path: &str) -> String {
    match path.strip_prefix('/') {
        Some(rest) if rest.starts_with("~1") => rest.replace("~1", "/"),
        _ => path.to_owned(),
    }
}
