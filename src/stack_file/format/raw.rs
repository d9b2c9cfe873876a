//! The escape hatch: CloudFormation declared as is (resources, conditions, mappings) and
//! overrides of generated resources, addressed by what they are.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// A CloudFormation resource declared as is, with CloudFormation's own keys and long-form
/// intrinsics (`Ref`, `Fn::GetAtt`, `Fn::Sub`). It stays in the parent template of a split
/// stack; its references must name the stack's parameters and resources; a raw
/// `AWS::ApiGateway::Method` must keep its authorization.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawResourceSpec {
    /// The resource type, e.g. `AWS::Lambda::Function`.
    #[serde(rename = "Type")]
    pub type_name: String,
    /// The properties, as CloudFormation takes them. Default: none.
    #[serde(rename = "Properties", default, skip_serializing_if = "Json::is_null")]
    pub properties: Json,
    /// Resources (raw or generated) to create first. Default: none.
    #[serde(rename = "DependsOn", skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<DependsOnSpec>,
    /// A condition under `conditions` that must hold for the resource to be created.
    /// Default: always created.
    #[serde(rename = "Condition", skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// The resource's metadata, as CloudFormation takes it (checkov's skips with their
    /// reasons, say). Default: none.
    #[serde(rename = "Metadata", skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Json>,
}

/// One logical id, or a list of them.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum DependsOnSpec {
    /// One logical id.
    One(String),
    /// Several.
    Many(Vec<String>),
}

impl DependsOnSpec {
    /// The logical ids.
    pub fn ids(self) -> Vec<String> {
        match self {
            DependsOnSpec::One(id) => vec![id],
            DependsOnSpec::Many(ids) => ids,
        }
    }
}

/// Property overrides of generated resources, each merged into the resource's properties as
/// JSON Merge Patch (RFC 7386) merges: maps key by key, `null` removes a property, any other
/// value replaces it. The result answers to the secure-by-default rule.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OverridesSpec {
    /// The `AWS::ApiGateway::RestApi`. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rest_api: Option<Json>,
    /// The `AWS::ApiGateway::Stage` of the first stage (the only one, in most stacks).
    /// Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<Json>,
    /// Stages, by label: a stage's `id`, else its literal name, else the name of the
    /// parameter naming it. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stages: BTreeMap<String, Json>,
    /// Methods, by `METHOD /path` (e.g. `POST /orders`). Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub methods: BTreeMap<String, Json>,
    /// Authorizers, by name. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub authorizers: BTreeMap<String, Json>,
    /// User pools the stack creates, by name. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub user_pools: BTreeMap<String, Json>,
    /// API resources, by route (`/orders/{id}`); their place in the tree (`PathPart`,
    /// `ParentId`, `RestApiId`) is the routes'. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resources: BTreeMap<String, Json>,
    /// Lambda invoke permissions, by the function as the routes name it (a name, an ARN, the
    /// ARN parameter's name, a raw function's id) or by a method calling it (`GET /orders`).
    /// Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub permissions: BTreeMap<String, Json>,
}
