//! The stage: a `StageSpec` into a [`Stage`].

use crate::Stage;

use super::super::format::StageSpec;

/// The stage `spec` describes; without one, a stage named `prod`.
pub(super) fn stage(spec: Option<StageSpec>) -> Stage {
    let Some(StageSpec {
        name,
        description,
        variables,
        tracing,
    }) = spec
    else {
        return Stage::new("prod");
    };
    let mut stage = Stage::new(name);
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
