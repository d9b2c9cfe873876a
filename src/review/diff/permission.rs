//! Lambda permissions, by function: with one statement on each side, changed field by field
//! (principal, source, action, source account); else statements added and removed. Every
//! permission change is access control.

use std::collections::{BTreeMap, BTreeSet};

use super::policy::Concern;
use super::{Change, ChangeKind, Differ, Subject, union};
use crate::review::view::PermissionStatement;

impl Differ {
    /// The resource policy statements of every function.
    pub(super) fn permissions(
        &mut self,
        old: &BTreeMap<String, BTreeSet<PermissionStatement>>,
        new: &BTreeMap<String, BTreeSet<PermissionStatement>>,
    ) {
        let empty = BTreeSet::new();
        for function in union(old, new) {
            let subject = || Subject::LambdaPermission {
                function: function.clone(),
            };
            let (o, n) = (
                old.get(function).unwrap_or(&empty),
                new.get(function).unwrap_or(&empty),
            );
            if o == n {
                continue;
            }
            if let ([a], [b]) = (
                o.iter().collect::<Vec<_>>().as_slice(),
                n.iter().collect::<Vec<_>>().as_slice(),
            ) {
                let fields = [
                    ("principal", Some(&a.principal), Some(&b.principal)),
                    ("source", a.source_arn.as_ref(), b.source_arn.as_ref()),
                    ("action", Some(&a.action), Some(&b.action)),
                    (
                        "source account",
                        a.source_account.as_ref(),
                        b.source_account.as_ref(),
                    ),
                ];
                for (aspect, x, y) in fields {
                    if x == y {
                        continue;
                    }
                    let kind = match (x, y) {
                        (None, _) => ChangeKind::Added,
                        (_, None) => ChangeKind::Removed,
                        _ => ChangeKind::Changed,
                    };
                    let change = Change::of(subject(), kind)
                        .aspect(aspect)
                        .values(x.map(String::as_str), y.map(String::as_str));
                    self.push(Concern::Permission, change);
                }
                continue;
            }
            for s in o.difference(n) {
                let change = Change::of(subject(), ChangeKind::Removed)
                    .aspect("statement")
                    .before(s.describe());
                self.push(Concern::Permission, change);
            }
            for s in n.difference(o) {
                let change = Change::of(subject(), ChangeKind::Added)
                    .aspect("statement")
                    .after(s.describe());
                self.push(Concern::Permission, change);
            }
        }
    }
}
