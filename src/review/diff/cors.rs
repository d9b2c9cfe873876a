//! CORS preflights, by path: added or removed (with their origin), or changed header by
//! header; the headers that decide who may call from a browser are access control.

use std::collections::BTreeMap;

use super::policy::Concern;
use super::{Change, ChangeKind, Differ, Subject};

impl Differ {
    /// The CORS preflight of one path on both sides.
    pub(super) fn cors(
        &mut self,
        path: &str,
        old: Option<&BTreeMap<String, String>>,
        new: Option<&BTreeMap<String, String>>,
    ) {
        let subject = || Subject::Cors {
            paths: vec![path.to_owned()],
        };
        let origin = |c: &BTreeMap<String, String>| c.get("Access-Control-Allow-Origin").cloned();
        match (old, new) {
            (Some(o), None) => {
                let change = Change::of(subject(), ChangeKind::Removed)
                    .aspect("origin")
                    .values(origin(o).as_deref(), None);
                self.push(Concern::CorsPreflight, change);
            }
            (None, Some(n)) => {
                let change = Change::of(subject(), ChangeKind::Added)
                    .aspect("origin")
                    .values(None, origin(n).as_deref());
                self.push(Concern::CorsPreflight, change);
            }
            (Some(o), Some(n)) => self.flat(Concern::CorsHeader, subject, o, n),
            (None, None) => {}
        }
    }
}
