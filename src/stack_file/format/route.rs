//! Routes and their methods: each method's integration and protection.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    AwsSpec, Deferred, HttpSpec, MethodSettingsSpec, RequiredSpec, ResponseStatusSpec,
    ValidationSpec, ValueSpec, is_false,
};

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

/// What a `mockResponse` integration answers.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MockResponseSpec {
    /// The status code, 100 to 599.
    pub status: u16,
    /// The body (`application/json`). Default: empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
}

/// The function of a `lambda` integration.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(
    untagged,
    expecting = "a function name, or `{ resource: Id }` for a function declared under `resources`"
)]
pub enum LambdaSpec {
    /// A function's name, in the stack's account and region.
    Name(String),
    /// A function declared under `resources`.
    Resource(LambdaResourceSpec),
}

/// A function declared under `resources`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LambdaResourceSpec {
    /// Its logical id under `resources`.
    pub resource: String,
}

/// One method: its integration (exactly one of `lambda`, `lambdaArn`, `mock`,
/// `mockResponse`, `http`, `httpProxy`, `aws`) and its protection.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MethodSpec {
    /// Lambda proxy integration to the function of this name in the stack's account and
    /// region, or `{ resource: Id }` to the `AWS::Lambda::Function` declared under
    /// `resources`; the stack grants API Gateway permission to invoke it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda: Option<LambdaSpec>,
    /// Lambda proxy integration to the function with this ARN (literal or `{ ref: Parameter }`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda_arn: Option<ValueSpec>,
    /// `true` for a `MOCK` integration answering `200` with an empty body.
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub mock: bool,
    /// A `MOCK` integration answering `status` with `body` (`application/json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mock_response: Option<MockResponseSpec>,
    /// An `HTTP` integration: the request goes to `url` through the request mapping, the
    /// answer through the integration responses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpSpec>,
    /// An `HTTP_PROXY` integration: the request goes to `url` as it came, the answer comes
    /// back as it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_proxy: Option<HttpSpec>,
    /// An `AWS` service integration (SQS, SNS, DynamoDB, Step Functions, EventBridge, S3,
    /// Kinesis, or any other action), with a least-privilege role generated for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aws: Option<AwsSpec>,
    /// The authorizer, by name. Default: the API's `defaultAuthorizer`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorizer: Option<String>,
    /// `true` to make the method reachable without authorization, on purpose. Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub public: bool,
    /// Why the method is public (only with `public: true`): written into the template
    /// beside the check the method then fails, and shown by `diff`. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_reason: Option<String>,
    /// `true` to require IAM (SigV4) authorization instead of an authorizer. Default: false.
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub iam: bool,
    /// `true` to require an API key of a usage plan (`false` to lift the API's
    /// `apiKeyRequired`). A key is no authentication. Default: the API's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key_required: Option<bool>,
    /// OAuth scopes, any one of which the access token must carry (Cognito only; clients then
    /// send an access token, not an ID token). Default: the API's `defaultScopes`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// This method's settings on every stage (throttling, caching, logging, metrics), over
    /// the stage-wide ones. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<MethodSettingsSpec>,
    /// What API Gateway validates first: `body`, `parameters` or `all`. Default: the body
    /// with a request model, the parameters with required ones, both with both.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validate: Option<ValidationSpec>,
    /// The model (declared under `api.models`) each content type's body must match, e.g.
    /// `application/json: CreateProduct`. Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub request_models: BTreeMap<String, String>,
    /// The query string, header and path parameters every request must carry. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<RequiredSpec>,
    /// The model (declared under `api.models`) of each response's body, by status code and
    /// content type, e.g. `200: { application/json: Product }`. API Gateway checks no
    /// response against it: it documents the answer (generated SDKs, the OpenAPI export).
    /// Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub response_models: BTreeMap<ResponseStatusSpec, BTreeMap<String, String>>,
}
