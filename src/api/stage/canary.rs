//! Canary releases: a share of a stage's traffic served with other stage variables.

use std::collections::BTreeMap;

/// A canary on a stage: `percent` of its requests go to the canary, which may override
/// stage variables and use the stage's cache. The canary serves the stage's deployment
/// (the template has one); promote or move it with `aws apigateway update-stage`.
///
/// ```
/// use apigw_synth::{Canary, Stage};
/// let prod = Stage::new("prod").canary(Canary::new(10.0).variable("backend", "v2"));
/// ```
#[derive(Debug, Clone)]
pub struct Canary {
    pub(crate) percent: f64,
    pub(crate) variables: BTreeMap<String, String>,
    pub(crate) use_stage_cache: Option<bool>,
}

/// Compared by the bits of the percentage, so that a stage stays `Eq`.
impl PartialEq for Canary {
    fn eq(&self, other: &Self) -> bool {
        self.percent.to_bits() == other.percent.to_bits()
            && self.variables == other.variables
            && self.use_stage_cache == other.use_stage_cache
    }
}

impl Eq for Canary {}

impl Canary {
    /// A canary taking `percent` (0 to 100) of the stage's requests.
    pub fn new(percent: f64) -> Self {
        Self {
            percent,
            variables: BTreeMap::new(),
            use_stage_cache: None,
        }
    }

    /// Override a stage variable for the canary's requests. Default: none.
    pub fn variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.variables.insert(name.into(), value.into());
        self
    }

    /// Whether the canary uses the stage's cache. Default: API Gateway's (no).
    pub fn use_stage_cache(mut self, use_it: bool) -> Self {
        self.use_stage_cache = Some(use_it);
        self
    }
}
