//! Values: a string written into the template, or a reference to a parameter.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A string written into the template, or `{ ref: Name }` for a parameter's value.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged, expecting = "a string, or `{ ref: ParameterName }`")]
pub enum ValueSpec {
    /// Written into the template as is.
    Literal(String),
    /// The value of a parameter declared under `parameters`.
    Ref(RefSpec),
}

/// A reference to a template parameter.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefSpec {
    /// The name of a parameter declared under `parameters`.
    #[serde(rename = "ref")]
    pub name: String,
}
