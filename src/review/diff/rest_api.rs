//! REST APIs: matched by name (one on each side is the same API, renamed or not), added or
//! removed, and their settings.

use std::collections::BTreeMap;

use super::policy::Concern;
use super::{Change, ChangeKind, Differ, Subject, union};
use crate::review::view::{ApiView, TemplateModel};

impl Differ {
    /// Every API of `old` against its match in `new`, subject by subject.
    pub(super) fn apis(&mut self, old: &TemplateModel, new: &TemplateModel) {
        let old_apis: Vec<&ApiView> = old.apis.values().collect();
        let new_apis: Vec<&ApiView> = new.apis.values().collect();
        if let ([o], [n]) = (old_apis.as_slice(), new_apis.as_slice()) {
            // One API on each side: the same API, whatever its name.
            if o.name != n.name {
                let subject = Subject::Api {
                    name: n.name.clone(),
                };
                let change = Change::of(subject, ChangeKind::Changed)
                    .aspect("name")
                    .before(&o.name)
                    .after(&n.name);
                self.push(Concern::Api, change);
            }
            self.api_pair(o, n);
        } else {
            let names = union(&old.apis, &new.apis);
            let several = names.len() > 1;
            let empty = ApiView::default();
            for name in names {
                self.api = several.then(|| name.clone());
                let (o, n) = (old.apis.get(name), new.apis.get(name));
                if o.is_none() || n.is_none() {
                    let kind = if o.is_none() {
                        ChangeKind::Added
                    } else {
                        ChangeKind::Removed
                    };
                    let subject = Subject::Api { name: name.clone() };
                    self.push(Concern::Api, Change::of(subject, kind));
                }
                self.api_pair(o.unwrap_or(&empty), n.unwrap_or(&empty));
            }
        }
        self.api = None;
    }

    /// The API's own settings, property by property.
    pub(super) fn api_settings(&mut self, old: &ApiView, new: &ApiView) {
        let api_name = new.name.clone();
        // An OpenAPI body read as its routes left its mark: on each side it is there, it is
        // that mark.
        let read_body = |key: &str| {
            matches!(key, "Body" | "DefinitionBody")
                && [old, new].iter().all(|side| {
                    side.settings
                        .get(key)
                        .is_none_or(|v| v == crate::openapi::BODY_MARK)
                })
        };
        // An API on one side only is compared with an empty stand-in, which has no name.
        let both = !old.name.is_empty() && !new.name.is_empty();
        let (old_settings, new_settings) = (with_endpoint(old, both), with_endpoint(new, both));
        self.flat(
            |key| {
                if read_body(key) {
                    Concern::ReadBody
                } else {
                    Concern::ApiSetting(key)
                }
            },
            || Subject::Api {
                name: api_name.clone(),
            },
            &old_settings,
            &new_settings,
        );
    }
}

/// An API's settings with the endpoint type it has without one, `EDGE` (as API Gateway
/// creates it), so that no type and `EDGE` read alike, when it is on `both` sides (an API
/// added or removed shows its settings as written).
fn with_endpoint(api: &ApiView, both: bool) -> std::borrow::Cow<'_, BTreeMap<String, String>> {
    let typed = api
        .settings
        .keys()
        .any(|k| k == "EndpointConfiguration" || k.starts_with("EndpointConfiguration.Types"));
    if typed || !both {
        return std::borrow::Cow::Borrowed(&api.settings);
    }
    let mut settings = api.settings.clone();
    settings.insert(
        "EndpointConfiguration.Types[0]".to_owned(),
        "EDGE".to_owned(),
    );
    std::borrow::Cow::Owned(settings)
}
