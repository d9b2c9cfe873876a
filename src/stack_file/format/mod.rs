//! The stack file format: the serde and schemars types a YAML or JSON stack file is read into.
//!
//! These types are only the file's shape (they also serialize, leaving out what is unset, so
//! that a stack file can be generated; a field skipped when unset states its schema `default`
//! itself, which `skip_serializing_if` would otherwise hide). The loader turns them into the
//! same builders the Rust stacks use ([`RestApi`](crate::RestApi), [`Method`](crate::Method),
//! …), and synth validates those. Field docs become the descriptions editors show from the
//! JSON Schema. One module per family of concepts, as in the other layers.

mod api;
mod app_client;
mod authorizer;
mod cors;
mod deferred;
mod domain;
mod gateway_response;
mod integration;
mod method_response;
mod parameter;
mod raw;
mod resource_policy;
mod route;
mod stage;
mod usage_plan;
mod validation;
mod value;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use api::{ApiSpec, EndpointSpec};
pub use app_client::{MachineClientSpec, PublicClientSpec};
pub use authorizer::{
    AuthorizerSpec, CognitoSpec, IdentitySourceSpec, LambdaAuthorizerSpec, NewUserPoolSpec,
};
pub use cors::{CorsMethodSpec, CorsSpec};
pub use deferred::Deferred;
pub use domain::{BasePathSpec, DomainSpec, MutualTlsSpec, SecurityPolicySpec};
pub use gateway_response::{GatewayResponseSpec, GatewayResponseTypeSpec};
pub use integration::{
    AwsSpec, ContentHandlingSpec, GrantSpec, HttpSpec, IntegrationResponseSpec, PassthroughSpec,
};
pub use method_response::ResponseStatusSpec;
pub use parameter::{ParameterSpec, ParameterTypeSpec};
pub use raw::{DependsOnSpec, OverridesSpec, RawResourceSpec};
pub use resource_policy::{PolicyEffectSpec, PolicyStatementSpec};
pub use route::{LambdaResourceSpec, LambdaSpec, MethodSpec, MockResponseSpec, RouteSpec};
pub use stage::{
    AccessLogSpec, CachingSpec, CanarySpec, LogGroupSpec, LoggingLevelSpec, MethodSettingsSpec,
    RouteSettingsSpec, StageSpec, ThrottlingSpec,
};
pub use usage_plan::{ApiKeySourceSpec, ApiKeySpec, QuotaPeriodSpec, QuotaSpec, UsagePlanSpec};
pub use validation::{ModelSpec, RequiredSpec, ValidationSpec};
pub use value::{GetAttSpec, IntrinsicSpec, ValueSpec};

/// A stack file: one CloudFormation stack holding one REST API.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "apigw-synth stack file")]
pub struct StackSpec {
    /// The JSON Schema this file follows (for editors of JSON files; ignored).
    #[serde(rename = "$schema")]
    #[schemars(rename = "$schema")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The stack's name, as `aws cloudformation deploy --stack-name` takes it: a letter, then
    /// letters, digits and `-`. Default: the file's name without its extension.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<String>,
    /// The template's description. Default: `API Gateway REST API <api name> (apigw-synth)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Template parameters, given at deploy time, by name (letters and digits). Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, Deferred<ParameterSpec>>,
    /// The REST API.
    pub api: ApiSpec,
    /// Extra stack outputs by name (letters and digits), besides those synth generates
    /// (`InvokeUrl`, `RestApiId`, `UserPool<Name>Id`, `UserPoolClient<Name>Id`): a value, or
    /// `{ value, description, condition, export }`. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub outputs: BTreeMap<String, OutputSpec>,
    /// Export names of outputs, generated or declared, by output name, for other stacks'
    /// `{ importValue: … }`. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub exports: BTreeMap<String, ValueSpec>,
    /// CloudFormation resources declared as is, by logical id (letters and digits): the
    /// functions, roles and tables beside the API. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resources: BTreeMap<String, Deferred<RawResourceSpec>>,
    /// The template's `Conditions`, by name, as CloudFormation takes them. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub conditions: BTreeMap<String, serde_json::Value>,
    /// The template's `Mappings`, by name, as CloudFormation takes them. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mappings: BTreeMap<String, serde_json::Value>,
    /// Property overrides of generated resources, addressed by what they are. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overrides: Option<OverridesSpec>,
}

/// A stack output: its value alone, or with details.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum OutputSpec {
    /// The value alone.
    Value(ValueSpec),
    /// The value with its description, condition and export name.
    Detailed(OutputDetailsSpec),
}

/// A stack output with details.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OutputDetailsSpec {
    /// The value.
    pub value: ValueSpec,
    /// What the value is. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A condition under `conditions` that must hold for the output to exist. Default:
    /// always.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// The name other stacks import the value by. Default: not exported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export: Option<ValueSpec>,
}

/// For `skip_serializing_if`: a `false` flag is the default, so it is not written.
fn is_false(flag: &bool) -> bool {
    !*flag
}
