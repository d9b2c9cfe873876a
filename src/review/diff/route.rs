//! Routes and their methods, matched by path and HTTP method: a method added or removed
//! (with its authorization and target), its authorization, scopes and API key, its
//! integration and other settings (those of a method public on either side with what it
//! reaches in mind); a bare resource path added or removed.

use super::policy::Concern;
use super::{Change, ChangeKind, Differ, Subject, union};
use crate::review::view::{ApiView, MethodView, RouteView};

impl Differ {
    /// The routes of one API pair, path by path: methods, then the path itself, then CORS.
    pub(super) fn routes(&mut self, old: &ApiView, new: &ApiView) {
        let empty = RouteView::default();
        for path in union(&old.routes, &new.routes) {
            let (o, n) = (old.routes.get(path), new.routes.get(path));
            self.route(
                path,
                o.unwrap_or(&empty),
                n.unwrap_or(&empty),
                o.is_some(),
                n.is_some(),
            );
        }
    }

    fn route(&mut self, path: &str, old: &RouteView, new: &RouteView, in_old: bool, in_new: bool) {
        for verb in union(&old.methods, &new.methods) {
            let subject = || Subject::Method {
                method: verb.clone(),
                path: path.to_owned(),
            };
            match (old.methods.get(verb), new.methods.get(verb)) {
                (Some(o), None) => self.method_whole(subject(), ChangeKind::Removed, o),
                (None, Some(n)) => self.method_whole(subject(), ChangeKind::Added, n),
                (Some(o), Some(n)) => self.method(subject, o, n),
                (None, None) => {}
            }
        }
        let bare = |r: &RouteView| r.methods.is_empty() && r.cors.is_none();
        if in_old != in_new {
            let (kind, side) = if in_new {
                (ChangeKind::Added, new)
            } else {
                (ChangeKind::Removed, old)
            };
            if bare(side) {
                let subject = Subject::Route {
                    path: path.to_owned(),
                };
                self.push(Concern::Route, Change::of(subject, kind));
            }
        }
        self.cors(path, old.cors.as_ref(), new.cors.as_ref());
    }

    /// A method added or removed, with its authorization and integration target.
    fn method_whole(&mut self, subject: Subject, kind: ChangeKind, m: &MethodView) {
        let auth = m.describe_access();
        let change = Change::of(subject, kind).integration(m.integration.describe());
        let change = match kind {
            ChangeKind::Removed => change.before(auth),
            ChangeKind::Added | ChangeKind::Changed | ChangeKind::Redeployed => change.after(auth),
        };
        self.push(Concern::MethodPresence, change);
    }

    /// A method on both sides: authorization, scopes, API key, integration, the rest.
    fn method(&mut self, subject: impl Fn() -> Subject, old: &MethodView, new: &MethodView) {
        let (o, n) = (&old.authorization, &new.authorization);
        let with_reason = |m: &MethodView| match (&m.public_reason, m.authorization.is_public()) {
            (Some(reason), true) => format!("{} ({reason})", m.authorization.describe()),
            _ => m.authorization.describe(),
        };
        if o.kind != n.kind || o.authorizer != n.authorizer {
            let change = Change::of(subject(), ChangeKind::Changed)
                .aspect("authorization")
                .before(with_reason(old))
                .after(with_reason(new));
            self.push(Concern::MethodAuthorization, change);
        } else if o.is_public() && old.public_reason != new.public_reason {
            let change = Change::of(subject(), ChangeKind::Changed)
                .aspect("why it is public")
                .values(old.public_reason.as_deref(), new.public_reason.as_deref());
            self.push(Concern::MethodAuthorization, change);
        }
        for scope in o.scopes.difference(&n.scopes) {
            let change = Change::of(subject(), ChangeKind::Removed)
                .aspect("scope")
                .before(scope);
            self.push(Concern::MethodAuthorization, change);
        }
        for scope in n.scopes.difference(&o.scopes) {
            let change = Change::of(subject(), ChangeKind::Added)
                .aspect("scope")
                .after(scope);
            self.push(Concern::MethodAuthorization, change);
        }
        if old.api_key_required != new.api_key_required {
            let change = Change::of(subject(), ChangeKind::Changed)
                .aspect("API key required")
                .before(old.api_key_required.to_string())
                .after(new.api_key_required.to_string());
            self.push(Concern::MethodAuthorization, change);
        }
        // Whatever a public method newly reaches is access control: anyone may call it.
        let public = o.kind.may_be_public() || n.kind.may_be_public();
        let (old_target, new_target) = (old.integration.describe(), new.integration.describe());
        // Compared as shown: two targets that read the same are no change.
        if old_target != new_target {
            let change = Change::of(subject(), ChangeKind::Changed)
                .aspect("integration")
                .before(old_target)
                .after(new_target);
            self.push(Concern::MethodIntegration { public }, change);
        }
        let validation = |key: &str| {
            ["RequestValidatorId", "RequestModels", "RequestParameters"]
                .iter()
                .any(|p| key == *p || key.strip_prefix(p).is_some_and(|r| r.starts_with('.')))
        };
        self.flat(
            |key| {
                if validation(key) {
                    Concern::MethodValidation {
                        loosened: old.details.contains_key(key),
                    }
                } else {
                    Concern::MethodSetting { key, public }
                }
            },
            subject,
            &old.details,
            &new.details,
        );
    }
}
