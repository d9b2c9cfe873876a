//! Each resource rendered once, as it is emitted and while its memory is still in the
//! cache: its JSON text, kept in one shared buffer for the template file to splice in; the
//! bytes it takes there, which the nested-stack split packs by; and, for what a stage
//! serves, the hash of its JSON, which the deployment digest is built from. The model of a
//! large API is then not walked again while it is cold, except for the few resources a
//! split rewrites.

use std::ops::Range;

use sha2::{Digest, Sha256};

use crate::cfn::{LogicalId, Resource};
use crate::render::indent_into;

use super::deployment;

/// How deep a template's resources sit: `{"Resources": {"Id": {...}}}`.
const RESOURCE_INDENT: &str = "    ";

/// One resource's rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fragment {
    /// Where its text is in [`Fragments`].
    text: Range<usize>,
    /// The bytes `"id": resource` takes in a pretty-printed JSON template, with the comma
    /// and line break after it.
    pub(crate) bytes: usize,
    /// SHA-256 of the resource's pretty JSON, for the resources that reach the stage.
    pub(crate) hash: Option<[u8; 32]>,
}

/// The texts of the rendered resources, in one buffer.
#[derive(Debug, Default)]
pub(crate) struct Fragments {
    text: String,
    json: Vec<u8>,
}

impl Fragments {
    /// Renders `resource`, to be emitted as `id`: pretty JSON, indented as a template's
    /// resources are.
    pub(crate) fn render(&mut self, id: &LogicalId, resource: &Resource) -> Fragment {
        self.json.clear();
        // Writing the model (strings, bools, integers, string-keyed maps) into a `Vec`
        // can't fail.
        let _ = serde_json::to_writer_pretty(&mut self.json, resource);
        let hash = deployment::reaches_stage(&resource.properties)
            .then(|| Sha256::digest(&self.json).into());
        let start = self.text.len();
        indent_into(&mut self.text, &self.json, RESOURCE_INDENT);
        let text = start..self.text.len();
        // The indent, the key and its quotes, `": "`, the comma and the line break.
        let bytes = RESOURCE_INDENT.len() + id.as_str().len() + 6 + text.len();
        Fragment { text, bytes, hash }
    }

    /// The text of `fragment`, rendered by this buffer.
    pub(crate) fn text(&self, fragment: &Fragment) -> &str {
        &self.text[fragment.text.clone()]
    }
}
