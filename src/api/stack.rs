//! Stacks: one template, holding one API and the parameters it needs.

use super::{Parameter, RestApi, Value};

/// A CloudFormation stack: what `synth` writes to `out/<name>.template.json`.
///
/// ```
/// use apigw_synth::{Parameter, RestApi, Stack};
/// let stack = Stack::new("shop", RestApi::new("shop"))
///     .parameter(Parameter::string("UserPoolArn"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stack {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) parameters: Vec<Parameter>,
    pub(crate) outputs: Vec<StackOutput>,
    pub(crate) api: RestApi,
}

/// An extra output declared by the stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StackOutput {
    pub(crate) name: String,
    pub(crate) value: Value,
    pub(crate) description: Option<String>,
}

impl Stack {
    /// A stack named `name` (as `aws cloudformation deploy --stack-name` takes it) holding `api`.
    pub fn new(name: impl Into<String>, api: RestApi) -> Self {
        Self {
            name: name.into(),
            description: None,
            parameters: Vec::new(),
            outputs: Vec::new(),
            api,
        }
    }

    /// The template's description. Default: `API Gateway REST API <api name>`.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Declare a template parameter.
    pub fn parameter(mut self, parameter: Parameter) -> Self {
        self.parameters.push(parameter);
        self
    }

    /// Add an output `name` with `value`, besides the invoke URL and API id every stack has.
    pub fn output(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.outputs.push(StackOutput {
            name: name.into(),
            value: value.into(),
            description: None,
        });
        self
    }

    /// The stack's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The stack's API.
    pub fn api(&self) -> &RestApi {
        &self.api
    }
}
