//! The stage: a `StageSpec` into a [`Stage`].

use crate::Stage;

use super::super::format::StageSpec;
use super::super::load::{Loader, path_of};

impl Loader {
    /// The stage `spec` describes; without one, a stage named `prod`.
    pub(super) fn stage(&mut self, spec: Option<StageSpec>) -> Stage {
        let Some(StageSpec {
            name,
            description,
            variables,
            tracing,
        }) = spec
        else {
            return Stage::new("prod");
        };
        let mut stage = Stage::new(self.value(name, path_of(&["api", "stage", "name"])));
        if let Some(d) = description {
            stage = stage.description(d);
        }
        for (k, v) in variables {
            stage = stage.variable(k, v);
        }
        if let Some(t) = tracing {
            stage = stage.tracing(t);
        }
        stage
    }
}
