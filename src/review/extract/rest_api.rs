//! REST APIs and their routes: each API's name and settings, and each resource's full path,
//! rebuilt from its chain of parents.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{Extractor, Kind, properties, without};
use crate::review::expr::{get_att, ref_target, ref_value};
use crate::review::view::ApiView;

impl<'t> Extractor<'t> {
    /// Each RestApi's name, by logical id: its `Name` (else its logical id), with the
    /// logical id added when two APIs share a name.
    pub(super) fn api_names(&self) -> BTreeMap<&'t str, String> {
        let mut api_names = BTreeMap::new();
        let mut taken = BTreeSet::new();
        for (id, resource) in self.of_kind(Kind::RestApi) {
            let name = properties(resource)
                .get("Name")
                .and_then(Value::as_str)
                .map_or_else(|| id.to_owned(), str::to_owned);
            let name = if taken.insert(name.clone()) {
                name
            } else {
                format!("{name} ({id})")
            };
            api_names.insert(id, name);
        }
        api_names
    }

    /// The name of the API `RestApiId` points at; an API outside the template is named by
    /// the expression.
    pub(super) fn api_of(&self, properties: &Map<String, Value>) -> String {
        let Some(rest_api_id) = properties.get("RestApiId") else {
            return "(no RestApiId)".to_owned();
        };
        ref_target(rest_api_id)
            .and_then(|id| self.api_names.get(id).cloned())
            .unwrap_or_else(|| self.text(rest_api_id))
    }

    /// Every RestApi with its settings: its properties other than `Name`.
    pub(super) fn rest_apis(&self, apis: &mut BTreeMap<String, ApiView>) {
        for (id, resource) in self.of_kind(Kind::RestApi) {
            let name = self.api_names.get(id).cloned().unwrap_or_default();
            let settings = self.flat(&Value::Object(without(properties(resource), &["Name"])));
            self.api(apis, name).settings = settings;
        }
    }

    /// Every resource path of every API, methods or not.
    pub(super) fn routes(&self, apis: &mut BTreeMap<String, ApiView>) {
        for (id, resource) in self.of_kind(Kind::Resource) {
            let props = properties(resource);
            let path = self.path_of(&ref_value(id), &mut BTreeSet::new());
            self.api(apis, self.api_of(&props))
                .routes
                .entry(path)
                .or_default();
        }
    }

    /// The path of the resource `id`, `/` being the root; unresolvable parents show as written.
    pub(super) fn path_of(&self, resource_id: &Value, seen: &mut BTreeSet<String>) -> String {
        if let Some((_, "RootResourceId")) = get_att(resource_id) {
            return "/".to_owned();
        }
        let Some(id) = ref_target(resource_id) else {
            return format!("/?{}", self.text(resource_id));
        };
        let Some(r) = self.resource_of_kind(id, Kind::Resource) else {
            return format!("/?{id}");
        };
        if !seen.insert(id.to_owned()) {
            return format!("/?cycle:{id}");
        }
        let props = properties(r);
        let part = props
            .get("PathPart")
            .map(|v| self.text(v))
            .unwrap_or_default();
        let parent = props
            .get("ParentId")
            .map_or_else(|| "/?".to_owned(), |p| self.path_of(p, seen));
        if parent == "/" {
            format!("/{part}")
        } else {
            format!("{parent}/{part}")
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::review::{model, parse_template};
    use serde_json::Value;

    fn template(text: &str) -> Value {
        parse_template(text, false, "test.yaml").unwrap()
    }

    #[test]
    fn routes_are_rebuilt_from_parent_chains() {
        let t = template(
            "Resources:\n  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: shop}}\n  A: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: a}}\n  B: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !Ref A, PathPart: '{id}'}}\n",
        );
        let paths: Vec<String> = model(&t).apis["shop"].routes.keys().cloned().collect();
        assert_eq!(paths, ["/a", "/a/{id}"]);
    }

    #[test]
    fn a_parent_cycle_is_shown_not_followed() {
        let t = template(
            "Resources:\n  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: shop}}\n  A: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !Ref B, PathPart: a}}\n  B: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !Ref A, PathPart: b}}\n",
        );
        let paths: Vec<String> = model(&t).apis["shop"].routes.keys().cloned().collect();
        assert_eq!(paths, ["/?cycle:A/b/a", "/?cycle:B/a/b"]);
    }
}
