//! Resources outside the route tree, by logical id (a function by its name): added,
//! removed, or changed property by property; the policy decides by resource type (whether
//! an authorizer calls it, and for a log group whether it has a resource policy) whether that
//! is access control.

use super::policy::{Concern, lacks_its_grant};
use super::{Change, ChangeKind, Differ, Subject, union};
use crate::review::view::TemplateModel;

impl Differ {
    /// The other resources of both templates.
    pub(super) fn resources(&mut self, old: &TemplateModel, new: &TemplateModel) {
        for id in union(&old.others, &new.others) {
            let (o, n) = (old.others.get(id), new.others.get(id));
            // Called by an authorizer on either side.
            let feeds_access = [o, n]
                .into_iter()
                .flatten()
                .any(|r| self.inputs.resources.contains(&r.logical_id));
            let grant_free = [o, n]
                .into_iter()
                .flatten()
                .all(|r| lacks_its_grant(&r.resource_type, &r.details));
            let concern = |resource_type| Concern::Resource {
                resource_type,
                feeds_access,
                grant_free,
            };
            let logical_id = n.or(o).map_or(id.as_str(), |r| r.logical_id.as_str());
            let subject = |t: &str| Subject::Resource {
                logical_id: logical_id.to_owned(),
                resource_type: t.to_owned(),
            };
            match (o, n) {
                (Some(o), Some(n)) if o.resource_type == n.resource_type => {
                    let t = n.resource_type.as_str();
                    self.flat(|_| concern(t), || subject(t), &o.details, &n.details);
                }
                // Gone, new, or a new type under the same logical id: one removed, one added.
                _ => {
                    if let Some(o) = o {
                        let t = o.resource_type.as_str();
                        self.push(concern(t), Change::of(subject(t), ChangeKind::Removed));
                    }
                    if let Some(n) = n {
                        let t = n.resource_type.as_str();
                        self.push(concern(t), Change::of(subject(t), ChangeKind::Added));
                    }
                }
            }
        }
    }
}
