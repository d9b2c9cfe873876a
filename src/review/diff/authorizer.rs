//! Authorizers, by name: added or removed (with their type and user pools), or changed
//! property by property. Every authorizer change is access control.

use std::collections::BTreeMap;

use super::policy::Concern;
use super::{Change, ChangeKind, Differ, Subject, union};
use crate::review::view::ApiView;

impl Differ {
    /// The authorizers of one API pair.
    pub(super) fn authorizers(&mut self, old: &ApiView, new: &ApiView) {
        for name in union(&old.authorizers, &new.authorizers) {
            let subject = || Subject::Authorizer { name: name.clone() };
            match (old.authorizers.get(name), new.authorizers.get(name)) {
                (Some(o), None) => {
                    let change =
                        Change::of(subject(), ChangeKind::Removed).before(summary(&o.properties));
                    self.push(Concern::Authorizer, change);
                }
                (None, Some(n)) => {
                    let change =
                        Change::of(subject(), ChangeKind::Added).after(summary(&n.properties));
                    self.push(Concern::Authorizer, change);
                }
                (Some(o), Some(n)) => self.flat(
                    |_| Concern::Authorizer,
                    subject,
                    &o.properties,
                    &n.properties,
                ),
                (None, None) => {}
            }
        }
    }
}

/// An authorizer in a few words: its type, and its user pools when it has any.
fn summary(props: &BTreeMap<String, String>) -> String {
    let get = |k: &str| props.get(k).map_or("", String::as_str).to_owned();
    match props.get("ProviderARNs") {
        Some(pools) => format!("{}, user pools {pools}", get("Type")),
        None => get("Type"),
    }
}
