//! Gateway responses: API Gateway's own answers (`DEFAULT_4XX`, `UNAUTHORIZED`, …) and the
//! headers they carry.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Extractor, Kind, properties, without};
use crate::review::view::ApiView;

impl Extractor<'_> {
    /// Every gateway response of every API, by response type, its properties flattened.
    pub(super) fn gateway_responses(&self, apis: &mut BTreeMap<String, ApiView>) {
        for (id, resource) in self.of_kind(Kind::GatewayResponse) {
            let props = properties(resource);
            let kind = props
                .get("ResponseType")
                .map_or_else(|| id.to_owned(), |v| self.text(v));
            let rest = without(props.clone(), &["ResponseType", "RestApiId"]);
            self.api(apis, self.api_of(&props))
                .gateway_responses
                .insert(kind, self.flat(&Value::Object(rest)));
        }
    }
}
