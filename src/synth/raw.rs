//! The escape hatch in the template: raw resources, conditions and mappings as the stack
//! declared them, property overrides merged into generated resources, and the check that
//! every name they refer to is one the template declares.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use crate::api::{Generated, HttpMethod, Override};
use crate::cfn::{LogicalId, Properties, RawProperties, RawValue, Resource, Template, merge_patch};
use crate::error::ProblemKind;

use super::owner::Owner;
use super::problems::Problems;
use super::{Emitter, ids};

/// The overrides of a stack, by the logical id of the generated resource each targets.
#[derive(Debug, Default)]
pub(crate) struct Overrides<'s> {
    /// The patches of each target, in the order the stack gave them.
    by_id: BTreeMap<LogicalId, (&'s Generated, Vec<&'s Json>)>,
    /// The targets found among the generated resources.
    applied: BTreeSet<LogicalId>,
    /// Permissions, whose ids are known once the functions the methods call are: each
    /// target with its patch, and whether a permission took it.
    permissions: Vec<(&'s Generated, &'s Json, bool)>,
    /// Problems of the overrides themselves, found as they are read.
    problems: Vec<(&'s Generated, String)>,
}

/// The properties that place an API resource in the tree: the builders' own.
const RESOURCE_PLACE: [&str; 3] = ["PathPart", "ParentId", "RestApiId"];

impl<'s> Overrides<'s> {
    /// The overrides of a stack whose stage is named `stage`.
    pub(crate) fn new(overrides: &'s [Override], stage: &str) -> Self {
        let mut by_id: BTreeMap<LogicalId, (&Generated, Vec<&Json>)> = BTreeMap::new();
        let mut permissions = Vec::new();
        let mut problems = Vec::new();
        for o in overrides {
            if let Generated::Resource(_) = &o.target
                && let Some(key) = RESOURCE_PLACE.iter().find(|k| o.patch.get(**k).is_some())
            {
                let reason = format!(
                    "`{key}` places the resource in the API's tree, which the routes decide"
                );
                problems.push((&o.target, reason));
                continue;
            }
            let Some(id) = target_id(&o.target, stage) else {
                permissions.push((&o.target, &o.patch, false));
                continue;
            };
            by_id
                .entry(id)
                .or_insert((&o.target, Vec::new()))
                .1
                .push(&o.patch);
        }
        Self {
            by_id,
            applied: BTreeSet::new(),
            permissions,
            problems,
        }
    }

    /// Whether there are none (the common case: nothing to look up per resource).
    pub(crate) fn is_empty(&self) -> bool {
        self.by_id.is_empty() && self.permissions.is_empty()
    }

    /// Binds the permission overrides that target the permission `id` of `function` (as
    /// [`Generated::Permission`] names one, `None` for a computed ARN), which the methods
    /// `calls` (path, verb) call.
    pub(crate) fn bind_permission(
        &mut self,
        id: &LogicalId,
        function: Option<&str>,
        calls: &[(String, HttpMethod)],
    ) {
        for (target, patch, bound) in &mut self.permissions {
            let hit = match target {
                Generated::Permission(f) => function == Some(f.as_str()),
                Generated::PermissionOf(path, verb) => {
                    let trimmed = path.trim_end_matches('/');
                    let path = if trimmed.is_empty() { "/" } else { trimmed };
                    calls.iter().any(|(p, v)| p == path && v == verb)
                }
                _ => false,
            };
            if hit {
                *bound = true;
                self.by_id
                    .entry(id.clone())
                    .or_insert((*target, Vec::new()))
                    .1
                    .push(*patch);
            }
        }
    }

    /// What generated resource `id` is, when an override changed it.
    pub(crate) fn target(&self, id: &LogicalId) -> Option<&'s Generated> {
        self.applied
            .contains(id)
            .then(|| self.by_id.get(id).map(|(t, _)| *t))
            .flatten()
    }
}

/// The logical id synth gives `target`; `None` for a permission, known only once the
/// functions the methods call are ([`Overrides::bind_permission`]).
fn target_id(target: &Generated, stage: &str) -> Option<LogicalId> {
    let route = |path: &str| {
        let trimmed = path.trim_end_matches('/');
        if trimmed.is_empty() { "/" } else { trimmed }.to_owned()
    };
    Some(match target {
        Generated::RestApi => ids::rest_api(),
        Generated::Method(path, verb) => ids::method(&route(path), *verb),
        Generated::Authorizer(name) => ids::authorizer(name),
        Generated::Stage => ids::stage(stage),
        Generated::StageNamed(label) => ids::stage(label),
        Generated::UserPool(name) => ids::user_pool(name),
        Generated::Resource(path) => ids::resource(&route(path)),
        Generated::Permission(_) | Generated::PermissionOf(..) => return None,
    })
}

/// `resource` with `patches` merged into its properties: a raw resource of the same type,
/// as the template will hold it.
fn overridden(mut resource: Resource, patches: &[&Json]) -> Result<Resource, String> {
    let type_name = resource.properties.type_name().to_owned();
    let mut json = serde_json::to_value(&resource.properties).map_err(|e| e.to_string())?;
    let before = json.clone();
    for patch in patches {
        if !patch.is_object() {
            return Err("an override is a map of properties to merge".to_owned());
        }
        merge_patch(&mut json, patch);
    }
    // Nothing changed: the resource stays as synth made it (and placed, for the checks).
    if json == before {
        return Ok(resource);
    }
    let properties = match RawValue::from_json(&json).map_err(|e| e.to_string())? {
        RawValue::Map(map) => map,
        _ => return Err("the properties are no longer a map".to_owned()),
    };
    resource.properties = RawProperties {
        type_name,
        properties,
    }
    .into();
    Ok(resource)
}

/// Whether `type_name` has the form of a resource type: `Vendor::Service::Type` (letters,
/// digits) or `Custom::Name`.
fn is_resource_type(type_name: &str) -> bool {
    let parts: Vec<&str> = type_name.split("::").collect();
    let word = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric());
    match parts.as_slice() {
        ["Custom", name] => word(name),
        [_, _, _] | [_, _, _, _] => parts.iter().all(word),
        _ => false,
    }
}

impl<'s> Emitter<'s, '_, '_> {
    /// `resource`, to be emitted as `id`, with the overrides that target it merged in.
    pub(super) fn apply_overrides(&mut self, id: &LogicalId, resource: Resource) -> Resource {
        let Some((target, patches)) = self.overrides.by_id.get(id) else {
            return resource;
        };
        self.overrides.applied.insert(id.clone());
        match overridden(resource.clone(), patches) {
            Ok(r) => r,
            Err(reason) => {
                self.problems.stack(ProblemKind::InvalidRaw {
                    section: "overrides",
                    item: target.describe(),
                    reason,
                });
                resource
            }
        }
    }

    /// Each override whose target synth did not generate, or that can't apply, as a
    /// problem.
    pub(super) fn unapplied_overrides(&mut self) {
        for (id, (target, _)) in &self.overrides.by_id {
            if !self.overrides.applied.contains(id) {
                let kind = ProblemKind::UnknownOverrideTarget(target.describe());
                self.problems.stack(kind);
            }
        }
        for (target, _, bound) in &self.overrides.permissions {
            if !bound {
                let kind = ProblemKind::UnknownOverrideTarget(target.describe());
                self.problems.stack(kind);
            }
        }
        for (target, reason) in &self.overrides.problems {
            self.problems.stack(ProblemKind::InvalidRaw {
                section: "overrides",
                item: target.describe(),
                reason: reason.clone(),
            });
        }
    }

    /// The stack's conditions and mappings, read.
    pub(super) fn raw_sections(&mut self) {
        let stack = self.stack;
        for (section, items) in [
            ("conditions", &stack.conditions),
            ("mappings", &stack.mappings),
        ] {
            for (name, json) in items {
                let Some(id) = self.raw_id(section, name) else {
                    continue;
                };
                let value = match RawValue::from_json(json) {
                    Ok(v) => v,
                    Err(e) => {
                        self.raw_problem(section, name, e.to_string());
                        continue;
                    }
                };
                let map = match section {
                    "conditions" => &mut self.template.conditions,
                    _ => &mut self.template.mappings,
                };
                if map.insert(id, value).is_some() {
                    self.raw_problem(section, name, "declared twice".to_owned());
                }
            }
        }
    }

    /// The stack's raw resources. They are API-wide (a split leaves them in the parent), and
    /// one that takes a generated logical id is reported when they are flushed.
    pub(super) fn raw_resources(&mut self) {
        for raw in &self.stack.raw {
            let Some(id) = self.raw_id("resources", &raw.id) else {
                continue;
            };
            if !is_resource_type(&raw.type_name) {
                let reason = format!(
                    "`{}` is no resource type (`AWS::Service::Type` or `Custom::Name`)",
                    raw.type_name
                );
                self.raw_problem("resources", &raw.id, reason);
                continue;
            }
            let properties = match &raw.properties {
                Json::Null => BTreeMap::new(),
                json => match RawValue::from_json(json) {
                    Ok(RawValue::Map(map)) => map,
                    Ok(_) => {
                        let reason = "`Properties` must be a map".to_owned();
                        self.raw_problem("resources", &raw.id, reason);
                        continue;
                    }
                    Err(e) => {
                        self.raw_problem("resources", &raw.id, format!("Properties{e}"));
                        continue;
                    }
                },
            };
            let mut depends_on = Vec::new();
            for d in &raw.depends_on {
                match LogicalId::new(d.as_str()) {
                    Ok(d) => depends_on.push(d),
                    Err(e) => self.raw_problem("resources", &raw.id, format!("DependsOn: {e}")),
                }
            }
            let condition = match raw.condition.as_deref().map(LogicalId::new) {
                Some(Ok(c)) => Some(c),
                Some(Err(e)) => {
                    self.raw_problem("resources", &raw.id, format!("Condition: {e}"));
                    None
                }
                None => None,
            };
            let mut resource = Resource::new(RawProperties {
                type_name: raw.type_name.clone(),
                properties,
            })
            .depends_on(depends_on);
            resource.condition = condition;
            resource.metadata = raw.metadata.clone();
            self.insert(id, Owner::Raw(raw.id.clone()), resource);
        }
    }

    /// `name` as the logical id of an item of `section`, or `None` with the problem.
    fn raw_id(&mut self, section: &'static str, name: &str) -> Option<LogicalId> {
        match LogicalId::new(name) {
            Ok(id) => Some(id),
            Err(e) => {
                self.raw_problem(section, name, e.to_string());
                None
            }
        }
    }

    fn raw_problem(&mut self, section: &'static str, item: &str, reason: String) {
        self.problems.stack(ProblemKind::InvalidRaw {
            section,
            item: item.to_owned(),
            reason,
        });
    }
}

/// Every name the raw parts of `template` refer to that it does not declare: references
/// (`Ref`, `Fn::GetAtt`, `Fn::Sub` placeholders) and `DependsOn` of raw resources (and of
/// generated ones an override changed, described by `overrides`), references in outputs
/// and conditions, and the conditions resources, outputs and `Fn::If` name. Generated
/// resources refer only to what synth generated with them, so they are not walked again.
pub(crate) fn check_references(
    template: &Template,
    overrides: &Overrides<'_>,
    problems: &mut Problems<'_>,
) {
    let known = |id: &LogicalId| {
        template.resources.contains_key(id) || template.parameters.contains_key(id)
    };
    let mut report = |section: &'static str, item: &str, name: &LogicalId| {
        problems.stack(ProblemKind::UnknownReference {
            section,
            item: item.to_owned(),
            name: name.to_string(),
        });
    };
    let mut conditions_named: Vec<(&'static str, String, String)> = Vec::new();
    for (id, resource) in &template.resources {
        let Properties::Raw(raw) = &resource.properties else {
            continue;
        };
        let (section, item) = match overrides.target(id) {
            Some(target) => ("overrides", target.describe()),
            None => ("resources", id.to_string()),
        };
        let mut seen = BTreeSet::new();
        for expr in resource.properties.exprs() {
            for name in expr.references() {
                if !known(name) && seen.insert(name) {
                    report(section, &item, name);
                }
            }
        }
        for name in &resource.depends_on {
            if !template.resources.contains_key(name) && seen.insert(name) {
                report(section, &item, name);
            }
        }
        if let Some(c) = &resource.condition {
            conditions_named.push((section, item.clone(), c.to_string()));
        }
        for map in raw.properties.values() {
            if_conditions(map, &mut |c| {
                conditions_named.push((section, item.clone(), c.to_owned()));
            });
        }
    }
    for (name, output) in &template.outputs {
        for id in output.value.references() {
            if !known(id) {
                report("outputs", name.as_str(), id);
            }
        }
        if let Some(c) = &output.condition {
            conditions_named.push(("outputs", name.to_string(), c.to_string()));
        }
    }
    for (name, condition) in &template.conditions {
        let mut exprs = Vec::new();
        crate::cfn::References::exprs(condition, &mut exprs);
        for id in exprs.iter().flat_map(|e| e.references()) {
            if !known(id) {
                report("conditions", name.as_str(), id);
            }
        }
    }
    for (section, item, name) in conditions_named {
        let known =
            LogicalId::new(name.as_str()).is_ok_and(|c| template.conditions.contains_key(&c));
        if !known {
            problems.stack(ProblemKind::UnknownCondition {
                section,
                item,
                name,
            });
        }
    }
}

/// Calls `found` with the condition each `Fn::If` in `value` names.
fn if_conditions(value: &RawValue, found: &mut impl FnMut(&str)) {
    match value {
        RawValue::Map(map) => {
            if let Some(RawValue::List(args)) = map.get("Fn::If")
                && let Some(name) = args.first().and_then(RawValue::as_literal)
            {
                found(name);
            }
            for v in map.values() {
                if_conditions(v, found);
            }
        }
        RawValue::List(items) => items.iter().for_each(|v| if_conditions(v, found)),
        RawValue::Null | RawValue::Bool(_) | RawValue::Number(_) | RawValue::Value(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_types_have_three_parts_or_are_custom() {
        assert!(is_resource_type("AWS::Lambda::Function"));
        assert!(is_resource_type("Custom::Seed"));
        assert!(!is_resource_type("Lambda::Function"));
        assert!(!is_resource_type("AWS::Lambda::"));
    }
}
