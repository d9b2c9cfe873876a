//! The REST API: its settings, authorizers, routes and stage.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{AuthorizerSpec, CorsSpec, Deferred, RouteSpec, StageSpec, ValueSpec};

/// The REST API: its settings, authorizers, routes and stage.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ApiSpec {
    /// The API's name, or a value given at deploy time (`{ sub: "${AWS::StackName}-api" }`).
    pub name: ValueSpec,
    /// Shown in the console. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the endpoint lives. Default: `regional`.
    #[serde(default, skip_serializing_if = "EndpointSpec::is_regional")]
    pub endpoint: EndpointSpec,
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
    /// Routes by path (`/products/{id}`), each with its methods. Resources on the way are
    /// created once and shared. A trailing `/` is ignored.
    pub routes: BTreeMap<String, Deferred<RouteSpec>>,
    /// The stage the API is deployed to. Default: a stage named `prod`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageSpec>,
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
    fn is_regional(&self) -> bool {
        matches!(self, EndpointSpec::Regional)
    }
}
