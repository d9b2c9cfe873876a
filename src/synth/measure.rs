//! Each resource measured once, as it is emitted and while its memory is still in the
//! cache: the bytes it takes in the rendered template (what the nested-stack split packs
//! by) and, for what a stage serves, the hash of its JSON (what the deployment digest is
//! built from). Two later walks over a large template's cold memory are saved.

use sha2::{Digest, Sha256};

use crate::cfn::{LogicalId, Resource};

use super::deployment;

/// What one resource weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Measure {
    /// The bytes `"id": resource` takes in a pretty-printed JSON template, where resources
    /// sit two levels deep.
    pub(crate) bytes: usize,
    /// SHA-256 of the resource's pretty JSON, for the resources that reach the stage.
    pub(crate) hash: Option<[u8; 32]>,
}

/// Measures resources through one reused buffer.
#[derive(Debug, Default)]
pub(crate) struct Measurer {
    json: Vec<u8>,
}

impl Measurer {
    /// Measures `resource`, to be emitted as `id`.
    pub(crate) fn measure(&mut self, id: &LogicalId, resource: &Resource) -> Measure {
        self.json.clear();
        // Writing the model (strings, bools, integers, string-keyed maps) into a `Vec`
        // can't fail.
        let _ = serde_json::to_writer_pretty(&mut self.json, resource);
        let newlines = self.json.iter().filter(|b| **b == b'\n').count();
        // Each line is indented four more spaces; then the key, quotes, colon, comma and
        // newline.
        let bytes = self.json.len() + newlines * 4 + id.as_str().len() + 10;
        let hash = deployment::reaches_stage(&resource.properties)
            .then(|| Sha256::digest(&self.json).into());
        Measure { bytes, hash }
    }
}
