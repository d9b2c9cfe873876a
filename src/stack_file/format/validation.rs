//! Request validation: models, and what a method validates and requires.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// A model: the JSON Schema a request body must match.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ModelSpec {
    /// The schema, JSON Schema draft 4 (the only draft API Gateway takes), written inline.
    pub schema: Json,
}

/// What API Gateway validates before the integration runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ValidationSpec {
    /// The body against the method's model.
    Body,
    /// The required parameters.
    Parameters,
    /// Both.
    All,
}

/// The parameters every request must carry.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RequiredSpec {
    /// Query string parameters. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub query: Vec<String>,
    /// Headers. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub headers: Vec<String>,
    /// Path parameters of the route (`{id}`). Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub path: Vec<String>,
}
