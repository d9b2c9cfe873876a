//! The deployment contract: a digest of everything that reaches the stage.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::cfn::{LogicalId, Properties, Resource, hex_upper};

/// True for the resource types whose content a stage serves: the API, its resources,
/// methods (with integrations), authorizers and gateway responses.
pub(crate) fn reaches_stage(properties: &Properties) -> bool {
    matches!(
        properties,
        Properties::RestApi(_)
            | Properties::ApiResource(_)
            | Properties::Method(_)
            | Properties::Authorizer(_)
            | Properties::GatewayResponse(_)
    )
}

/// 16 hex digits of the SHA-256 of the canonical JSON of the resources that reach the stage.
/// The map is ordered by logical id, so the digest is the same on every machine.
pub(crate) fn digest(resources: &BTreeMap<LogicalId, Resource>) -> String {
    let mut hasher = Sha256::new();
    // One resource's JSON at a time: the hasher gets it in one piece instead of token by
    // token, and the whole canonical JSON is never held in memory.
    let mut json = Vec::new();
    for (id, resource) in resources {
        if reaches_stage(&resource.properties) {
            json.clear();
            // Serializing a value built only from strings, bools, ints and ordered maps
            // into a `Vec` can't fail.
            let _ = serde_json::to_writer(&mut json, &resource.properties);
            hasher.update(id.as_str().as_bytes());
            hasher.update([0]);
            hasher.update(resource.properties.type_name().as_bytes());
            hasher.update([0]);
            hasher.update(&json);
            hasher.update([0]);
        }
    }
    hex_upper(&hasher.finalize()[..8])
}
