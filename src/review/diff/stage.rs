//! Stages, by name: added, removed, redeployed (a new deployment), or changed setting by
//! setting; a stage variable an access-control place reads is access control.

use super::policy::Concern;
use super::{Change, ChangeKind, Differ, Subject, union};
use crate::review::view::ApiView;

impl Differ {
    /// The stages of one API pair.
    pub(super) fn stages<'a>(&mut self, old: &'a ApiView, new: &'a ApiView) {
        for name in union(&old.stages, &new.stages) {
            let subject = || Subject::Stage { name: name.clone() };
            match (old.stages.get(name), new.stages.get(name)) {
                (Some(_), None) => {
                    self.push(Concern::Stage, Change::of(subject(), ChangeKind::Removed));
                }
                (None, Some(_)) => {
                    self.push(Concern::Stage, Change::of(subject(), ChangeKind::Added));
                }
                (Some(o), Some(n)) => {
                    if o.deployment != n.deployment {
                        let change = Change::of(subject(), ChangeKind::Redeployed)
                            .values(o.deployment.as_deref(), n.deployment.as_deref());
                        self.push(Concern::Stage, change);
                    }
                    let read = self.inputs.stage_variables.clone();
                    let concern = |key: &'a str| Concern::StageSetting {
                        key,
                        feeds_access: stage_variable(key).is_some_and(|v| read.contains(v)),
                    };
                    self.flat(concern, subject, &o.details, &n.details);
                }
                (None, None) => {}
            }
        }
    }
}

/// The stage variable a flattened stage setting is: `Variables.NAME`, or the same in the
/// stage settings of its deployment.
fn stage_variable(key: &str) -> Option<&str> {
    key.strip_prefix("Variables.")
        .or_else(|| key.strip_prefix("Deployment.StageDescription.Variables."))
}
