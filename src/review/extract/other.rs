//! Everything outside the APIs' route trees: other resources at property level (a function
//! by its name), and the template's parameters, conditions, mappings, rules, outputs and
//! transform.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Extractor, Kind, without};
use crate::review::expr::flatten_body;
use crate::review::view::{OtherResource, TemplateModel};

impl Extractor<'_> {
    /// Every resource no other family shows: not an API's resource, method, authorizer,
    /// gateway response, stage or permission, nor a deployment a stage accounts for.
    pub(super) fn others(
        &self,
        others: &mut BTreeMap<String, OtherResource>,
        staged: &BTreeSet<&str>,
    ) {
        for (id, entry) in &self.resources {
            let handled = match entry.kind {
                Kind::RestApi
                | Kind::Resource
                | Kind::Method
                | Kind::Authorizer
                | Kind::GatewayResponse
                | Kind::Stage
                | Kind::Permission => true,
                Kind::Deployment => staged.contains(id),
                Kind::Function | Kind::Other => false,
            };
            if handled {
                continue;
            }
            let rest = entry
                .resource
                .as_object()
                .map(|m| without(m.clone(), &["Type"]))
                .unwrap_or_default();
            // A function is known by its name, whatever its logical id.
            let key = match self.aliases.get(*id) {
                Some(alias) if entry.kind == Kind::Function => alias.clone(),
                _ => (*id).to_owned(),
            };
            others.insert(
                key,
                OtherResource {
                    logical_id: (*id).to_owned(),
                    resource_type: entry.resource_type.to_owned(),
                    details: self.flat(&Value::Object(rest)),
                },
            );
        }
    }

    /// The template's parameters, conditions, mappings, rules and outputs, each flattened,
    /// by name, and its transform.
    pub(super) fn template_sections(&self, model: &mut TemplateModel) {
        for (section, target) in [
            ("Parameters", &mut model.parameters),
            ("Conditions", &mut model.conditions),
            ("Mappings", &mut model.mappings),
            ("Rules", &mut model.rules),
            ("Outputs", &mut model.outputs),
        ] {
            if let Some(map) = self.template.get(section).and_then(Value::as_object) {
                for (name, v) in map {
                    // A condition is one intrinsic: compared part by part, not as one text.
                    target.insert(name.clone(), flatten_body(v, &self.aliases));
                }
            }
        }
        model.transform = self.template.get("Transform").map(|v| self.text(v));
    }
}
