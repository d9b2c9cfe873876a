//! Stages: the named, invokable snapshot of the API ("Deploy API" in the console).

use std::collections::BTreeMap;

use super::Value;

/// A stage such as `eshop` or `prod`. Every change to the API is deployed to it: the
/// stack's Deployment gets a new logical id whenever anything that reaches the stage changes.
///
/// ```
/// use apigw_synth::Stage;
/// let stage = Stage::new("eshop").description("Dev environment");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub(crate) name: Value,
    pub(crate) description: Option<String>,
    pub(crate) variables: BTreeMap<String, String>,
    pub(crate) tracing: Option<bool>,
}

impl Stage {
    /// A stage named `name` (letters, digits, `-` and `_`; at most 128), or a name given at
    /// deploy time (`Value::parameter("StageName")`).
    pub fn new(name: impl Into<Value>) -> Self {
        Self {
            name: name.into(),
            description: None,
            variables: BTreeMap::new(),
            tracing: None,
        }
    }

    /// Shown in the console. Default: none.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Set a stage variable. Default: none.
    pub fn variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.variables.insert(name.into(), value.into());
        self
    }

    /// Turn X-Ray tracing on or off. Default: API Gateway's (off).
    pub fn tracing(mut self, enabled: bool) -> Self {
        self.tracing = Some(enabled);
        self
    }

    /// The stage's name, as written: the literal, or what gives it at deploy time.
    pub fn name(&self) -> &Value {
        &self.name
    }

    /// The stage's name in words: the literal, or what gives it (`{ref: StageName}`), for
    /// logical ids and messages.
    pub(crate) fn label(&self) -> String {
        match &self.name {
            Value::Literal(name) => name.clone(),
            Value::Ref(name) | Value::GetAtt(name, _) => name.clone(),
            other => format!("{other:?}"),
        }
    }
}
