//! Resource policies: each API's `Policy` (an object, or a JSON string) read as statements.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Extractor, Kind, properties};
use crate::review::view::{ApiView, PolicyStatementView};

impl Extractor<'_> {
    /// Every RestApi's resource policy statements.
    pub(super) fn resource_policies(&self, apis: &mut BTreeMap<String, ApiView>) {
        for (id, resource) in self.of_kind(Kind::RestApi) {
            let Some(policy) = properties(resource).get("Policy").cloned() else {
                continue;
            };
            let policy = match policy {
                Value::String(text) => serde_json::from_str(&text).unwrap_or(Value::Null),
                other => other,
            };
            let statements = match policy.get("Statement") {
                Some(Value::Array(items)) => items.iter().collect(),
                Some(one @ Value::Object(_)) => vec![one],
                _ => Vec::new(),
            };
            let name = self.api_names.get(id).cloned().unwrap_or_default();
            self.api(apis, name).policy =
                statements.into_iter().map(|s| self.statement(s)).collect();
        }
    }

    fn statement(&self, s: &Value) -> PolicyStatementView {
        let list = |v: Option<&Value>| -> Vec<String> {
            match v {
                Some(Value::Array(items)) => items.iter().map(|i| self.text(i)).collect(),
                Some(one) => vec![self.text(one)],
                None => Vec::new(),
            }
        };
        let principals = match s.get("Principal") {
            Some(Value::Object(p)) => p.values().flat_map(|v| list(Some(v))).collect(),
            other => list(other),
        };
        let (resources, not_resource) = match s.get("Resource") {
            Some(r) => (list(Some(r)), false),
            None => (list(s.get("NotResource")), true),
        };
        let mut conditions = Vec::new();
        if let Some(Value::Object(operators)) = s.get("Condition") {
            for (operator, keys) in operators {
                if let Value::Object(keys) = keys {
                    for (key, values) in keys {
                        conditions.push((operator.clone(), key.clone(), list(Some(values))));
                    }
                }
            }
        }
        PolicyStatementView {
            effect: s.get("Effect").map(|v| self.text(v)).unwrap_or_default(),
            principals,
            resources,
            not_resource,
            conditions,
        }
    }
}
