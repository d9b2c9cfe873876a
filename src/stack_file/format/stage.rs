//! The stage the API is deployed to.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ValueSpec;

/// The stage the API is deployed to.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StageSpec {
    /// Letters, digits, `-` and `_`; at most 128; or a value given at deploy time
    /// (`{ ref: StageName }`).
    pub name: ValueSpec,
    /// Shown in the console. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Stage variables. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub variables: BTreeMap<String, String>,
    /// X-Ray tracing. Default: API Gateway's (off).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracing: Option<bool>,
}
