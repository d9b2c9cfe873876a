//! The stack's own outputs and exports: each `OutputSpec` into a [`StackOutput`].

use std::collections::BTreeMap;

use crate::{StackOutput, Value};

use super::super::format::{OutputDetailsSpec, OutputSpec, ValueSpec};
use super::super::load::{Loader, path_of};

impl Loader {
    /// The outputs, in name order, each value remembered where it was written.
    pub(super) fn outputs(&mut self, specs: BTreeMap<String, OutputSpec>) -> Vec<StackOutput> {
        specs
            .into_iter()
            .map(|(name, spec)| match spec {
                OutputSpec::Value(value) => {
                    let value = self.value(value, path_of(&["outputs", &name]));
                    StackOutput::new(name, value)
                }
                OutputSpec::Detailed(OutputDetailsSpec {
                    value,
                    description,
                    condition,
                    export,
                }) => {
                    let value = self.value(value, path_of(&["outputs", &name, "value"]));
                    let mut output = StackOutput::new(name.clone(), value);
                    if let Some(d) = description {
                        output = output.description(d);
                    }
                    if let Some(c) = condition {
                        output = output.condition(c);
                    }
                    if let Some(e) = export {
                        output =
                            output.export(self.value(e, path_of(&["outputs", &name, "export"])));
                    }
                    output
                }
            })
            .collect()
    }

    /// The export names, by output name.
    pub(super) fn exports(&mut self, specs: BTreeMap<String, ValueSpec>) -> Vec<(String, Value)> {
        specs
            .into_iter()
            .map(|(name, spec)| {
                let value = self.value(spec, path_of(&["exports", &name]));
                (name, value)
            })
            .collect()
    }
}
