//! The semantic comparison of two templates: access-control changes apart from the rest,
//! methods matched by path and HTTP method, a new deployment shown as a redeployed stage.
//! One comparer per subject records what changed; the policy decides each change's section.

mod authorizer;
mod change;
mod cors;
mod gateway_response;
mod permission;
mod policy;
mod resource;
mod rest_api;
mod route;
mod stage;
mod template;

use std::collections::{BTreeMap, BTreeSet};

pub use change::{Change, ChangeKind, Diff, Section, Subject};
pub(super) use policy::{Concern, GRANTING_THROUGH, lacks_its_grant};

use super::view::{AccessInputs, ApiView, TemplateModel};

/// Compares `old` with `new`.
pub fn diff(old: &TemplateModel, new: &TemplateModel) -> Diff {
    let mut d = Differ {
        inputs: old.access_inputs.union(&new.access_inputs),
        ..Differ::default()
    };
    d.apis(old, new);
    d.permissions(&old.permissions, &new.permissions);
    d.resources(old, new);
    d.template_sections(old, new);
    d.finish()
}

/// The changes found so far, by section, in the order found.
#[derive(Default)]
struct Differ {
    /// What flows into access-control places on either side.
    inputs: AccessInputs,
    /// The API the changes being recorded belong to, when the templates hold several.
    api: Option<String>,
    access_control: Vec<Change>,
    other: Vec<Change>,
}

impl Differ {
    /// The changes of one API pair, subject by subject.
    fn api_pair(&mut self, old: &ApiView, new: &ApiView) {
        self.authorizers(old, new);
        self.routes(old, new);
        self.gateway_responses(old, new);
        self.api_settings(old, new);
        self.stages(old, new);
    }

    /// Records `change`, in the section the policy gives `concern`. CORS and gateway
    /// responses that change alike are one change.
    fn push(&mut self, concern: Concern<'_>, mut change: Change) {
        change.api = self.api.clone();
        let list = match concern.section() {
            Section::AccessControl => &mut self.access_control,
            Section::Other => &mut self.other,
        };
        if let Some(existing) = list.iter_mut().find(|e| same_but_targets(e, &change)) {
            if let (Some(targets), Some(more)) =
                (existing.subject.targets_mut(), change.subject.targets_mut())
            {
                targets.append(more);
            }
            return;
        }
        list.push(change);
    }

    /// Property-level changes between two flattened maps, each key's concern given by
    /// `concern`.
    fn flat<'k>(
        &mut self,
        concern: impl Fn(&'k str) -> Concern<'k>,
        subject: impl Fn() -> Subject,
        old: &'k BTreeMap<String, String>,
        new: &'k BTreeMap<String, String>,
    ) {
        for key in union(old, new) {
            let (o, n) = (old.get(key), new.get(key));
            if o == n {
                continue;
            }
            let kind = match (o, n) {
                (None, _) => ChangeKind::Added,
                (_, None) => ChangeKind::Removed,
                _ => ChangeKind::Changed,
            };
            let change = Change::of(subject(), kind)
                .aspect(&pretty_aspect(key))
                .values(o.map(String::as_str), n.map(String::as_str));
            self.push(concern(key.as_str()), change);
        }
    }

    fn finish(mut self) -> Diff {
        // Stable sort: groups in their order, changes within a group as found.
        self.access_control.sort_by_key(|c| Group::of(&c.subject));
        self.other.sort_by_key(|c| Group::of(&c.subject));
        Diff {
            access_control: self.access_control,
            other: self.other,
        }
    }
}

/// The order of groups within a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Authorizer,
    Method,
    Cors,
    GatewayResponse,
    Api,
    Stage,
    Permission,
    Resource,
    Parameter,
    Condition,
    Mapping,
    Rule,
    Output,
    Template,
}

impl Group {
    fn of(subject: &Subject) -> Self {
        match subject {
            Subject::Authorizer { .. } => Group::Authorizer,
            Subject::Method { .. } | Subject::Route { .. } => Group::Method,
            Subject::Cors { .. } => Group::Cors,
            Subject::GatewayResponse { .. } => Group::GatewayResponse,
            Subject::Api { .. } => Group::Api,
            Subject::Stage { .. } => Group::Stage,
            Subject::LambdaPermission { .. } => Group::Permission,
            Subject::Resource { .. } => Group::Resource,
            Subject::Parameter { .. } => Group::Parameter,
            Subject::Condition { .. } => Group::Condition,
            Subject::Mapping { .. } => Group::Mapping,
            Subject::Rule { .. } => Group::Rule,
            Subject::Output { .. } => Group::Output,
            Subject::Template => Group::Template,
        }
    }
}

/// The keys of `a` and `b`, sorted, each once.
fn union<'a, V, W>(a: &'a BTreeMap<String, V>, b: &'a BTreeMap<String, W>) -> BTreeSet<&'a String> {
    a.keys().chain(b.keys()).collect()
}

/// True when `a` and `b` are CORS or gateway-response changes equal but for their targets.
fn same_but_targets(a: &Change, b: &Change) -> bool {
    let mergeable = a.subject.targets().is_some()
        && std::mem::discriminant(&a.subject) == std::mem::discriminant(&b.subject);
    mergeable
        && a.api == b.api
        && a.kind == b.kind
        && a.aspect == b.aspect
        && a.old == b.old
        && a.new == b.new
}

/// `Properties.X.Y` → `X.Y`; `ResponseParameters.gatewayresponse.header.H` → `header H`.
fn pretty_aspect(key: &str) -> String {
    let key = key.strip_prefix("Properties.").unwrap_or(key);
    if let Some(h) = key.strip_prefix("ResponseParameters.gatewayresponse.header.") {
        return format!("header {h}");
    }
    key.to_owned()
}
