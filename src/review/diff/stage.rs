//! Stages, by name: added, removed, redeployed (a new deployment), or changed setting by
//! setting; a stage variable an access-control place reads is access control, and so is
//! a stage added or removed with one.

use super::policy::Concern;
use super::{Change, ChangeKind, Differ, Subject, union};
use crate::review::view::{ApiView, StageView};

impl Differ {
    /// The stages of one API pair.
    pub(super) fn stages<'a>(&mut self, old: &'a ApiView, new: &'a ApiView) {
        let read = self.inputs.stage_variables.clone();
        let feeds = |key: &str| stage_variable(key).is_some_and(|v| read.contains(v));
        for name in union(&old.stages, &new.stages) {
            let subject = || Subject::Stage { name: name.clone() };
            // Added or removed with a variable that picks what an access-control place reads.
            let whole = |kind, stage: &StageView| {
                let feeds_access = stage.details.keys().any(|k| feeds(k));
                (Concern::Stage { feeds_access }, Change::of(subject(), kind))
            };
            match (old.stages.get(name), new.stages.get(name)) {
                (Some(o), None) => {
                    let (concern, change) = whole(ChangeKind::Removed, o);
                    self.push(concern, change);
                }
                (None, Some(n)) => {
                    let (concern, change) = whole(ChangeKind::Added, n);
                    self.push(concern, change);
                }
                (Some(o), Some(n)) => {
                    if o.deployment != n.deployment {
                        let change = Change::of(subject(), ChangeKind::Redeployed)
                            .values(o.deployment.as_deref(), n.deployment.as_deref());
                        let concern = Concern::Stage {
                            feeds_access: false,
                        };
                        self.push(concern, change);
                    }
                    let concern = |key: &'a str| Concern::StageSetting {
                        key,
                        feeds_access: feeds(key),
                        old: o.details.get(key).map(String::as_str),
                        new: n.details.get(key).map(String::as_str),
                    };
                    self.flat(concern, subject, &o.details, &n.details);
                }
                (None, None) => {}
            }
        }
    }
}

/// The stage variable a flattened stage setting is: `Variables.NAME`, or the same in the
/// stage settings of a deployment (one the stage serves, or one that creates its stage).
fn stage_variable(key: &str) -> Option<&str> {
    let key = key.strip_prefix("Deployment.").unwrap_or(key);
    let key = key.strip_prefix("StageDescription.").unwrap_or(key);
    key.strip_prefix("Variables.")
}

#[cfg(test)]
mod tests {
    use super::stage_variable;

    #[test]
    fn stage_variables_are_found_on_the_stage_and_in_a_deployments_stage_settings() {
        for key in [
            "Variables.fn",
            "Deployment.StageDescription.Variables.fn",
            "StageDescription.Variables.fn",
        ] {
            assert_eq!(stage_variable(key), Some("fn"), "{key}");
        }
        assert_eq!(stage_variable("Description"), None);
    }
}
