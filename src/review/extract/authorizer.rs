//! Authorizers: each by name with its properties (type, identity source, user pools, TTL…).

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Extractor, Kind, properties, without};
use crate::review::view::{ApiView, AuthorizerView};

impl Extractor<'_> {
    /// Every authorizer of every API, by name (else logical id).
    pub(super) fn authorizers(&self, apis: &mut BTreeMap<String, ApiView>) {
        for (id, resource) in self.of_kind(Kind::Authorizer) {
            let props = properties(resource);
            let name = props
                .get("Name")
                .map_or_else(|| id.to_owned(), |v| self.text(v));
            let mut rest = without(props.clone(), &["Name", "RestApiId"]);
            // The pools are a set: one value, sorted, instead of one per index.
            if let Some(Value::Array(pools)) = rest.get("ProviderARNs") {
                let mut pools: Vec<String> = pools.iter().map(|v| self.text(v)).collect();
                pools.sort();
                rest.insert("ProviderARNs".to_owned(), Value::from(pools.join(", ")));
            }
            let view = AuthorizerView {
                properties: self.flat(&Value::Object(rest)),
            };
            self.api(apis, self.api_of(&props))
                .authorizers
                .insert(name, view);
        }
    }
}
