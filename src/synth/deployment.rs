//! The deployment contract: a digest of everything that reaches the stage.

use sha2::{Digest, Sha256};

use crate::cfn::{LogicalId, Properties, hex_upper};

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

/// 16 hex digits of the SHA-256 over each resource that reaches the stage, in logical-id
/// order: its id and the hash of its JSON (see [`super::fragments`]). The order is the
/// template's, so the digest is the same on every machine.
pub(crate) fn digest<'a>(
    resources: impl IntoIterator<Item = (&'a LogicalId, Option<&'a [u8; 32]>)>,
) -> String {
    let mut hasher = Sha256::new();
    for (id, hash) in resources {
        if let Some(hash) = hash {
            hasher.update(id.as_str().as_bytes());
            hasher.update([0]);
            hasher.update(hash);
        }
    }
    hex_upper(&hasher.finalize()[..8])
}
