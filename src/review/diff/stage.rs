//! Stages, by name: added, removed, redeployed (a new deployment), or changed setting by
//! setting.

use super::policy::Concern;
use super::{Change, ChangeKind, Differ, Subject, union};
use crate::review::view::ApiView;

impl Differ {
    /// The stages of one API pair.
    pub(super) fn stages(&mut self, old: &ApiView, new: &ApiView) {
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
                    self.flat(
                        |key| Concern::StageSetting {
                            key,
                            old: o.details.get(key).map(String::as_str),
                            new: n.details.get(key).map(String::as_str),
                        },
                        subject,
                        &o.details,
                        &n.details,
                    );
                }
                (None, None) => {}
            }
        }
    }
}
