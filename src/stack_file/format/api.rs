//! The REST API: its settings, authorizers, routes and stage.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    ApiKeySourceSpec, ApiKeySpec, AuthorizerSpec, CorsSpec, Deferred, DomainSpec,
    GatewayResponseSpec, GatewayResponseTypeSpec, ModelSpec, PolicyStatementSpec, RouteSpec,
    StageSpec, UsagePlanSpec, ValueSpec, is_false,
};

/// The REST API: its settings, authorizers, routes and stage.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ApiSpec {
    /// The API's name, or a value given at deploy time (`{ sub: "${AWS::StackName}-api" }`).
    pub name: ValueSpec,
    /// Shown in the console. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the endpoint lives. Default: `regional`; `private` needs `vpcEndpointIds`.
    #[serde(default, skip_serializing_if = "EndpointSpec::is_regional")]
    pub endpoint: EndpointSpec,
    /// The VPC endpoints (`vpce-…`) a private API is reached through: written into the
    /// endpoint configuration, and every other caller is denied. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub vpc_endpoint_ids: Vec<ValueSpec>,
    /// Statements of the API's resource policy, in order. Without an `allow` statement, synth
    /// adds one for everyone, so that `deny` statements restrict without closing the API.
    /// Default: no policy (a private API gets the one admitting its VPC endpoints).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub resource_policy: Vec<PolicyStatementSpec>,
    /// Media types API Gateway treats as binary, e.g. `multipart/form-data`. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub binary_media_types: Vec<String>,
    /// CORS on every resource (preflight `OPTIONS` methods) and on API Gateway's 4XX/5XX
    /// responses. Default: no CORS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cors: Option<CorsSpec>,
    /// Authorizers by name; methods name them in `authorizer`. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub authorizers: BTreeMap<String, Deferred<AuthorizerSpec>>,
    /// The authorizer of every method that names none and is not `public`. Default: none,
    /// so each method must name one or be `public: true`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_authorizer: Option<String>,
    /// OAuth scopes for every Cognito-authorized method that sets none. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_scopes: Option<Vec<String>>,
    /// `true` to require an API key on every method that says nothing (never on a CORS
    /// preflight). A key is no authentication: methods still need an authorizer or
    /// `public: true`. Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub api_key_required: bool,
    /// Where API keys are read: `header` (`x-api-key`) or `authorizer`. Default: `header`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key_source: Option<ApiKeySourceSpec>,
    /// API keys the stack creates, by name. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub api_keys: BTreeMap<String, ApiKeySpec>,
    /// Usage plans, by name. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub usage_plans: BTreeMap<String, UsagePlanSpec>,
    /// Routes by path (`/products/{id}`), each with its methods. Resources on the way are
    /// created once and shared. A trailing `/` is ignored.
    pub routes: BTreeMap<String, Deferred<RouteSpec>>,
    /// The stage the API is deployed to. Default: a stage named `prod` (unless `stages`
    /// gives others).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageSpec>,
    /// More stages, after `stage`; every stage serves the one deployment, each with its own
    /// settings, logs, variables and tags. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub stages: Vec<StageSpec>,
    /// Tags on the API, its stages and their log groups (a stage's own tags win there).
    /// Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub tags: BTreeMap<String, String>,
    /// Custom domains in front of the API; with one, the default `execute-api` endpoint is
    /// turned off. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub domains: Vec<DomainSpec>,
    /// Whether the default `execute-api` endpoint answers. Default: it does unless a domain
    /// fronts the API (`true` keeps it beside a domain, `false` turns it off without one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execute_api_endpoint: Option<bool>,
    /// API Gateway's own answers made the API's own, by type (`UNAUTHORIZED`,
    /// `BAD_REQUEST_BODY`, `DEFAULT_4XX`, …): status, headers, body templates. With CORS on
    /// the API, each carries the CORS headers too. Default: none (with CORS, `DEFAULT_4XX` and
    /// `DEFAULT_5XX` carrying the CORS headers).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub gateway_responses: BTreeMap<GatewayResponseTypeSpec, GatewayResponseSpec>,
    /// Models by name (letters and digits): the JSON Schemas (draft 4) methods name in
    /// `requestModels`. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub models: BTreeMap<String, ModelSpec>,
    /// `true` to create API Gateway's CloudWatch role for the account and region (an IAM
    /// role and the `AWS::ApiGateway::Account` pointing at it, both kept when the stack is
    /// deleted; deploy with `--capabilities CAPABILITY_IAM`). Access logs need it; it is one
    /// setting for every API of the account in the region. Default: false (set it once per
    /// account and region; see docs/stages.md).
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub cloud_watch_role: bool,
}

/// Where the API's endpoint lives.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EndpointSpec {
    /// Served in the stack's region.
    #[default]
    Regional,
    /// Served through CloudFront edge locations.
    Edge,
    /// Reachable only from a VPC.
    Private,
}

impl EndpointSpec {
    /// For `skip_serializing_if`: the default is not written.
    pub(super) fn is_regional(&self) -> bool {
        matches!(self, EndpointSpec::Regional)
    }
}
