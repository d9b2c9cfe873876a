//! The stack file format: the serde and schemars types a YAML or JSON stack file is read into.
//!
//! These types are only the file's shape (they also serialize, leaving out what is unset, so
//! that a stack file can be generated; a field skipped when unset states its schema `default`
//! itself, which `skip_serializing_if` would otherwise hide). The loader turns them into the same builders the
//! Rust stacks use ([`RestApi`](crate::RestApi), [`Method`](crate::Method), …), and synth
//! validates those. Field docs become the descriptions editors show from the JSON Schema.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    /// Extra stack outputs by name (letters and digits), besides `InvokeUrl` and `RestApiId`
    /// that every stack has. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub outputs: BTreeMap<String, ValueSpec>,
}

/// A template parameter.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ParameterSpec {
    /// The CloudFormation parameter type.
    #[serde(rename = "type")]
    pub kind: ParameterTypeSpec,
    /// Shown next to the input field. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Used when the deployer gives no value. Default: none (the value is required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// A regular expression the value must match. Default: none, except for a `String`
    /// parameter used in an authorizer's `userPoolArns`, which gets the user pool ARN pattern.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_pattern: Option<String>,
    /// The message CloudFormation shows when the value breaks the pattern. Default: none, or
    /// `must be a Cognito user pool ARN` with the user pool ARN pattern.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constraint_description: Option<String>,
}

/// The CloudFormation type of a parameter.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum ParameterTypeSpec {
    /// A string.
    String,
    /// A number.
    Number,
    /// A comma-separated list of strings.
    CommaDelimitedList,
}

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

/// The REST API: its settings, authorizers, routes and stage.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ApiSpec {
    /// The API's name.
    pub name: String,
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

/// Cross-origin settings.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CorsSpec {
    /// The origin allowed to call: exactly one, `*` or e.g. `https://shop.example.com`.
    /// Default: `["*"]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_origins: Option<Vec<String>>,
    /// Headers the browser may send. Default: `Content-Type`, `X-Amz-Date`,
    /// `Authorization`, `X-Api-Key`, `X-Amz-Security-Token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_headers: Option<Vec<String>>,
    /// Send `Access-Control-Allow-Credentials: true` (not with origin `*`). Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub allow_credentials: bool,
    /// `Access-Control-Max-Age` in seconds. Default: none (the browser's default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age_seconds: Option<u32>,
}

/// An authorizer.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AuthorizerSpec {
    /// A Cognito user pools authorizer (`COGNITO_USER_POOLS`).
    pub cognito: CognitoSpec,
    /// The request header that carries the token. Default: `Authorization`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_source: Option<String>,
    /// Seconds API Gateway caches a token's result, 0 to 3600; 0 disables caching.
    /// Default: API Gateway's own (300).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_ttl_seconds: Option<u32>,
}

/// The user pools a Cognito authorizer trusts; at least one.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CognitoSpec {
    /// ARNs of existing user pools: literal, or `{ ref: Parameter }`. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_pool_arns: Vec<ValueSpec>,
    /// User pools the stack creates. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub create_user_pools: Vec<NewUserPoolSpec>,
}

/// A user pool the stack creates, with email sign-in.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NewUserPoolSpec {
    /// The pool's name.
    pub name: String,
    /// Also create an app client (no secret, SRP sign-in) with this name. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
}

/// The methods of one route. Method names are upper case.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteSpec {
    /// `GET`
    #[serde(rename = "GET", skip_serializing_if = "Option::is_none")]
    pub get: Option<Deferred<MethodSpec>>,
    /// `HEAD`
    #[serde(rename = "HEAD", skip_serializing_if = "Option::is_none")]
    pub head: Option<Deferred<MethodSpec>>,
    /// `POST`
    #[serde(rename = "POST", skip_serializing_if = "Option::is_none")]
    pub post: Option<Deferred<MethodSpec>>,
    /// `PUT`
    #[serde(rename = "PUT", skip_serializing_if = "Option::is_none")]
    pub put: Option<Deferred<MethodSpec>>,
    /// `PATCH`
    #[serde(rename = "PATCH", skip_serializing_if = "Option::is_none")]
    pub patch: Option<Deferred<MethodSpec>>,
    /// `DELETE`
    #[serde(rename = "DELETE", skip_serializing_if = "Option::is_none")]
    pub delete: Option<Deferred<MethodSpec>>,
    /// `OPTIONS`: only where CORS is off, since CORS generates the preflight.
    #[serde(rename = "OPTIONS", skip_serializing_if = "Option::is_none")]
    pub options: Option<Deferred<MethodSpec>>,
    /// `ANY`: every method not declared separately.
    #[serde(rename = "ANY", skip_serializing_if = "Option::is_none")]
    pub any: Option<Deferred<MethodSpec>>,
}

impl RouteSpec {
    /// The declared methods, by upper-case name, in a fixed order.
    pub fn methods(&self) -> impl Iterator<Item = (&'static str, &Deferred<MethodSpec>)> {
        [
            ("GET", &self.get),
            ("HEAD", &self.head),
            ("POST", &self.post),
            ("PUT", &self.put),
            ("PATCH", &self.patch),
            ("DELETE", &self.delete),
            ("OPTIONS", &self.options),
            ("ANY", &self.any),
        ]
        .into_iter()
        .filter_map(|(name, m)| m.as_ref().map(|m| (name, m)))
    }
}

/// One method: its integration (exactly one of `lambda`, `lambdaArn`, `mock`) and its
/// protection.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MethodSpec {
    /// Lambda proxy integration to the function of this name in the stack's account and
    /// region; the stack grants API Gateway permission to invoke it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda: Option<String>,
    /// Lambda proxy integration to the function with this ARN (literal or `{ ref: Parameter }`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda_arn: Option<ValueSpec>,
    /// `true` for a `MOCK` integration answering `200` with an empty body.
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub mock: bool,
    /// The authorizer, by name. Default: the API's `defaultAuthorizer`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorizer: Option<String>,
    /// `true` to make the method reachable without authorization, on purpose. Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub public: bool,
    /// `true` to require IAM (SigV4) authorization instead of an authorizer. Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub iam: bool,
    /// OAuth scopes, any one of which the access token must carry (Cognito only; clients then
    /// send an access token, not an ID token). Default: the API's `defaultScopes`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
}

/// The stage the API is deployed to.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StageSpec {
    /// Letters, digits, `-` and `_`; at most 128.
    pub name: String,
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

/// A part of the file read later, on its own, so that one mistake in it does not hide the
/// mistakes elsewhere. Its schema is `T`'s.
#[derive(Debug, Clone)]
pub struct Deferred<T> {
    pub(crate) value: serde_yaml::Value,
    marker: PhantomData<fn() -> T>,
}

impl<T: Serialize> Deferred<T> {
    /// `value`, to be written into a stack file (and read back later, as any deferred part).
    pub fn new(value: &T) -> Result<Self, serde_yaml::Error> {
        serde_yaml::to_value(value).map(|value| Deferred {
            value,
            marker: PhantomData,
        })
    }
}

impl<T> Serialize for Deferred<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// For `skip_serializing_if`: a `false` flag is the default, so it is not written.
fn is_false(flag: &bool) -> bool {
    !*flag
}

impl<'de, T> Deserialize<'de> for Deferred<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_yaml::Value::deserialize(deserializer).map(|value| Deferred {
            value,
            marker: PhantomData,
        })
    }
}

impl<T: JsonSchema> JsonSchema for Deferred<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
