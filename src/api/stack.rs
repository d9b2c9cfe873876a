//! Stacks: one template, holding one API and the parameters it needs.

use serde_json::Value as Json;

use super::{Generated, Override, Parameter, RawResource, RestApi, Value};

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
    pub(crate) raw: Vec<RawResource>,
    pub(crate) conditions: Vec<(String, Json)>,
    pub(crate) mappings: Vec<(String, Json)>,
    pub(crate) overrides: Vec<Override>,
    pub(crate) exports: Vec<(String, Value)>,
}

/// An output the stack declares, besides those synth generates.
///
/// ```
/// use apigw_synth::{StackOutput, Value};
/// let output = StackOutput::new("OrdersFunctionArn", Value::get_att("OrdersFunction", "Arn"))
///     .description("The orders function")
///     .export(Value::sub("${AWS::StackName}-OrdersFunctionArn"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackOutput {
    pub(crate) name: String,
    pub(crate) value: Value,
    pub(crate) description: Option<String>,
    pub(crate) condition: Option<String>,
    pub(crate) export: Option<Value>,
}

impl StackOutput {
    /// An output named `name` (letters and digits) holding `value`.
    pub fn new(name: impl Into<String>, value: impl Into<Value>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            description: None,
            condition: None,
            export: None,
        }
    }

    /// What the value is. Default: none.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Output the value only when the condition `name` holds. Default: always.
    pub fn condition(mut self, name: impl Into<String>) -> Self {
        self.condition = Some(name.into());
        self
    }

    /// Export the value under `name` for other stacks' `Fn::ImportValue`. Default: not
    /// exported.
    pub fn export(mut self, name: impl Into<Value>) -> Self {
        self.export = Some(name.into());
        self
    }
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
            raw: Vec::new(),
            conditions: Vec::new(),
            mappings: Vec::new(),
            overrides: Vec::new(),
            exports: Vec::new(),
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
    pub fn output(self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.add_output(StackOutput::new(name, value))
    }

    /// Add `output`, with its description, condition or export.
    pub fn add_output(mut self, output: StackOutput) -> Self {
        self.outputs.push(output);
        self
    }

    /// Export the output `name` (one synth generates, such as `InvokeUrl`,
    /// `UserPool<Name>Id`, or one of the stack's own) under `export_name`, for other stacks'
    /// `Fn::ImportValue`. Default: no output is exported.
    pub fn export(mut self, name: impl Into<String>, export_name: impl Into<Value>) -> Self {
        self.exports.push((name.into(), export_name.into()));
        self
    }

    /// Add a CloudFormation resource the builders don't model, declared as is: with logical
    /// id `id`, of type `type_name`, with `properties` (long-form intrinsics). Its references
    /// must name the stack's parameters and resources; it must not take a generated logical
    /// id; a raw `AWS::ApiGateway::Method` must keep its authorization. In a split stack it
    /// stays in the parent template.
    pub fn resource(
        self,
        id: impl Into<String>,
        type_name: impl Into<String>,
        properties: Json,
    ) -> Self {
        self.raw(RawResource::new(id, type_name, properties))
    }

    /// Add `resource`, declared as is (see [`Stack::resource`]), with its `DependsOn` or
    /// condition.
    pub fn raw(mut self, resource: RawResource) -> Self {
        self.raw.push(resource);
        self
    }

    /// Declare the condition `name` (the template's `Conditions`), e.g.
    /// `{"Fn::Equals": [{"Ref": "Env"}, "prod"]}`.
    pub fn condition(mut self, name: impl Into<String>, condition: Json) -> Self {
        self.conditions.push((name.into(), condition));
        self
    }

    /// Declare the mapping `name` (the template's `Mappings`), for `Fn::FindInMap`.
    pub fn mapping(mut self, name: impl Into<String>, mapping: Json) -> Self {
        self.mappings.push((name.into(), mapping));
        self
    }

    /// Override properties of the generated resource `target`: `patch` is merged into its
    /// properties as JSON Merge Patch (RFC 7386): maps key by key, `null` removes a property,
    /// any other value replaces it. The result answers to the secure-by-default rule: an
    /// override that leaves a method without authorization fails unless its route is public.
    ///
    /// ```
    /// use apigw_synth::{Generated, HttpMethod, Stack, RestApi};
    /// use serde_json::json;
    /// # let stack = Stack::new("shop", RestApi::new("shop"));
    /// let stack = stack.override_properties(
    ///     Generated::method("/orders", HttpMethod::Post),
    ///     json!({"Integration": {"TimeoutInMillis": 5000}}),
    /// );
    /// ```
    pub fn override_properties(mut self, target: Generated, patch: Json) -> Self {
        self.overrides.push(Override { target, patch });
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
