//! The stack's own outputs: each `ValueSpec` into a [`Value`].

use std::collections::BTreeMap;

use crate::Value;

use super::super::format::ValueSpec;
use super::super::load::{Loader, path_of};

impl Loader {
    /// The outputs by name, each value remembered where it was written.
    pub(super) fn outputs(&mut self, specs: BTreeMap<String, ValueSpec>) -> Vec<(String, Value)> {
        specs
            .into_iter()
            .map(|(name, spec)| {
                let value = self.value(spec, path_of(&["outputs", &name]));
                (name, value)
            })
            .collect()
    }
}
