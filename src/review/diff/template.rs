//! The template's own sections: parameters, conditions, mappings, rules and outputs by name
//! (added, removed, or changed field by field), its description and its transform. A
//! parameter, condition or mapping an access-control place reads, and a rule on such a
//! parameter, is access control; a
//! transform always is (a macro rewrites the template in ways the gate cannot see).

use std::collections::{BTreeMap, BTreeSet};

use super::policy::Concern;

/// SAM's own transform, whose resources the review reads or lists apart.
const SAM_TRANSFORM: &str = "AWS::Serverless-2016-10-31";
use super::{Change, ChangeKind, Differ, Subject, union};
use crate::review::view::TemplateModel;

impl Differ {
    /// The parameters, conditions, mappings, rules and outputs, then the description and
    /// the transform.
    pub(super) fn template_sections(&mut self, old: &TemplateModel, new: &TemplateModel) {
        let input = |read: &BTreeSet<String>| {
            let read = read.clone();
            move |name: &str| Concern::Input {
                feeds_access: read.contains(name),
            }
        };
        let parameters = input(&self.inputs.parameters);
        self.named(parameters, &old.parameters, &new.parameters, |name| {
            Subject::Parameter { name }
        });
        let conditions = input(&self.inputs.conditions);
        self.named(conditions, &old.conditions, &new.conditions, |name| {
            Subject::Condition { name }
        });
        let mappings = input(&self.inputs.mappings);
        self.named(mappings, &old.mappings, &new.mappings, |name| {
            Subject::Mapping { name }
        });
        let rules = input(&self.inputs.rules);
        self.named(rules, &old.rules, &new.rules, |name| Subject::Rule { name });
        self.named(
            |_| Concern::Output,
            &old.outputs,
            &new.outputs,
            |name| Subject::Output { name },
        );
        self.template_value(
            Concern::Description,
            "Description",
            old.description.as_deref(),
            new.description.as_deref(),
        );
        let sam_removed_only = new.transform.is_none()
            && old
                .transform
                .as_deref()
                .is_some_and(|t| t.trim_matches(|c| "[]\" ".contains(c)) == SAM_TRANSFORM);
        self.template_value(
            Concern::Transform { sam_removed_only },
            "Transform",
            old.transform.as_deref(),
            new.transform.as_deref(),
        );
    }

    /// One top-level value of the template, e.g. its description.
    fn template_value(
        &mut self,
        concern: Concern<'_>,
        aspect: &str,
        old: Option<&str>,
        new: Option<&str>,
    ) {
        let kind = match (old, new) {
            (o, n) if o == n => return,
            (None, _) => ChangeKind::Added,
            (_, None) => ChangeKind::Removed,
            _ => ChangeKind::Changed,
        };
        let change = Change::of(Subject::Template, kind)
            .aspect(aspect)
            .values(old, new);
        self.push(concern, change);
    }

    /// Entries of a section by name; `concern` of each name.
    fn named(
        &mut self,
        concern: impl Fn(&str) -> Concern<'static>,
        old: &BTreeMap<String, BTreeMap<String, String>>,
        new: &BTreeMap<String, BTreeMap<String, String>>,
        subject: impl Fn(String) -> Subject,
    ) {
        for name in union(old, new) {
            let c = concern(name);
            match (old.get(name), new.get(name)) {
                (Some(_), None) => {
                    self.push(c, Change::of(subject(name.clone()), ChangeKind::Removed));
                }
                (None, Some(_)) => {
                    self.push(c, Change::of(subject(name.clone()), ChangeKind::Added));
                }
                (Some(o), Some(n)) => self.flat(|_| c, || subject(name.clone()), o, n),
                (None, None) => {}
            }
        }
    }
}
