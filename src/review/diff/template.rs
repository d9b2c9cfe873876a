//! The template's own sections: parameters and outputs by name (added, removed, or changed
//! field by field) and its description.

use std::collections::BTreeMap;

use super::policy::Concern;
use super::{Change, ChangeKind, Differ, Subject, union};
use crate::review::view::TemplateModel;

impl Differ {
    /// The parameters, then the outputs.
    pub(super) fn parameters_and_outputs(&mut self, old: &TemplateModel, new: &TemplateModel) {
        self.named(
            Concern::Parameter,
            &old.parameters,
            &new.parameters,
            |name| Subject::Parameter { name },
        );
        self.named(Concern::Output, &old.outputs, &new.outputs, |name| {
            Subject::Output { name }
        });
    }

    /// The template's description.
    pub(super) fn description(&mut self, old: &TemplateModel, new: &TemplateModel) {
        if old.description != new.description {
            let change = Change::of(Subject::Template, ChangeKind::Changed)
                .aspect("Description")
                .values(old.description.as_deref(), new.description.as_deref());
            self.push(Concern::Description, change);
        }
    }

    fn named(
        &mut self,
        concern: Concern<'static>,
        old: &BTreeMap<String, BTreeMap<String, String>>,
        new: &BTreeMap<String, BTreeMap<String, String>>,
        subject: impl Fn(String) -> Subject,
    ) {
        for name in union(old, new) {
            match (old.get(name), new.get(name)) {
                (Some(_), None) => {
                    self.push(
                        concern,
                        Change::of(subject(name.clone()), ChangeKind::Removed),
                    );
                }
                (None, Some(_)) => {
                    self.push(
                        concern,
                        Change::of(subject(name.clone()), ChangeKind::Added),
                    );
                }
                (Some(o), Some(n)) => self.flat(|_| concern, || subject(name.clone()), o, n),
                (None, None) => {}
            }
        }
    }
}
