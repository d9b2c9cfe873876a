//! The access view: for every method of every API in a template, who can call it (anyone,
//! IAM, a Cognito pool's users with their scopes, a Lambda authorizer's function), the API
//! keys and usage plans that admit it, and the API's endpoint and resource policy. Read
//! from the review model ([`TemplateModel`]), so it works on any template the review reads:
//! synthesized, committed, split into nested stacks, or defined by an OpenAPI body.
//!
//! ```
//! use apigw_synth::review::{access_view, model, parse_template, render_access_text};
//!
//! let t = parse_template(
//!     "Resources:\n  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: shop}}\n  M: {Type: AWS::ApiGateway::Method, Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: AWS_IAM}}\n",
//!     false,
//!     "shop.yaml",
//! )
//! .unwrap();
//! let view = access_view(&model(&t));
//! assert!(render_access_text(&view, false).contains("GET /  IAM"));
//! ```

mod build;
mod caller;
mod policy;
mod text;

use serde::Serialize;

pub use build::access_view;
pub(crate) use policy::describe as describe_policy_statement;
pub use text::{StackAccess, render_access_json, render_access_text};

/// Who can call what, API by API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AccessView {
    /// The REST APIs, by name.
    pub apis: Vec<ApiAccess>,
}

/// One API's access: what reaches it and who can call each method.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiAccess {
    /// The API's name.
    pub api: String,
    /// Its endpoint type (`REGIONAL`, `EDGE`, `PRIVATE`), when the template says.
    pub endpoint: Option<String>,
    /// The VPC endpoints a private API is reached through.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vpc_endpoints: Vec<String>,
    /// False when `DisableExecuteApiEndpoint` turns the default `execute-api` URL off
    /// (callers then come through a custom domain).
    pub execute_api_endpoint: bool,
    /// Where API Gateway reads an API key: `HEADER` (`x-api-key`, the default) or
    /// `AUTHORIZER` (a Lambda authorizer's `usageIdentifierKey`).
    pub api_key_source: String,
    /// The stages, by name.
    pub stages: Vec<String>,
    /// The statements of the API's resource policy, in words, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resource_policy: Vec<String>,
    /// The authorizers the methods name, each with who it admits.
    pub authorizers: Vec<AuthorizerAccess>,
    /// The usage plans bound to a stage of this API.
    pub usage_plans: Vec<UsagePlanAccess>,
    /// Every method but the CORS preflights, by path then HTTP method.
    pub methods: Vec<MethodAccess>,
}

/// One authorizer: what it checks and whom it admits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizerAccess {
    /// Its name.
    pub name: String,
    /// Its `Type`: `COGNITO_USER_POOLS`, `TOKEN` or `REQUEST`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A Cognito authorizer's user pools: a created pool by its name, an imported one as
    /// its ARN's expression.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub user_pools: Vec<UserPoolAccess>,
    /// A Lambda authorizer's function: its name, or the expression of its ARN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// What a caller must send: `header Authorization`, `query tenant`, …
    pub identity_sources: Vec<String>,
    /// A TOKEN (or Cognito) authorizer's `IdentityValidationExpression`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_expression: Option<String>,
    /// How long a decision is cached, in seconds, when the template says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_ttl_seconds: Option<String>,
    /// The role API Gateway assumes to invoke the function, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<String>,
}

/// A Cognito user pool an authorizer trusts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolAccess {
    /// A created pool's `UserPoolName`, else the ARN's expression (`${UserPoolArn}`).
    pub pool: String,
    /// True when the template creates the pool.
    pub created: bool,
    /// For a created pool: whether anyone may sign up (then anyone may get a token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_sign_up: Option<bool>,
    /// For a created pool: the app clients the template gives it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub clients: Vec<AppClientAccess>,
}

/// An app client of a created pool: how it gets tokens and which scopes they may carry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppClientAccess {
    /// Its `ClientName`, else its logical id.
    pub name: String,
    /// Its OAuth flows (`code`, `client_credentials`); empty: SDK sign-in only.
    pub flows: Vec<String>,
    /// The scopes it may request.
    pub scopes: Vec<String>,
}

/// One usage plan bound to a stage of the API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UsagePlanAccess {
    /// Its `UsagePlanName`, else its logical id.
    pub name: String,
    /// The API's stages it is bound to.
    pub stages: Vec<String>,
    /// The API keys it holds, by name (a key outside the template as its expression).
    pub keys: Vec<String>,
    /// Its throttle: `rate 50/s, burst 100`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throttle: Option<String>,
    /// Its quota: `100000 per MONTH`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota: Option<String>,
}

/// One method and who can call it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MethodAccess {
    /// The HTTP method (`GET`).
    pub method: String,
    /// The resource path (`/orders/{id}`).
    pub path: String,
    /// Who may call it.
    pub caller: Caller,
    /// The API key it requires, when it requires one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<KeyRequirement>,
    /// The resource policy statements that cover it and name or restrict callers (an
    /// unconditional allow for anyone left out), in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resource_policy: Vec<String>,
    /// True for a public method of an API with a resource policy none of whose statements
    /// allows it: nobody can call it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub policy_allows_nobody: bool,
}

/// Who may call a method, by its authorization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Caller {
    /// Anyone (`NONE`).
    Public {
        /// Why, as the template says.
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Callers signing with IAM credentials allowed to `execute-api:Invoke` it.
    Iam,
    /// Holders of a token from the authorizer's user pools (an access token with one of
    /// the scopes, when the method lists scopes).
    Cognito {
        /// The authorizer's name.
        authorizer: String,
        /// Its user pools (see [`UserPoolAccess::pool`]).
        user_pools: Vec<String>,
        /// Scopes, any one of which the token must carry; empty: an ID token does.
        scopes: Vec<String>,
        /// When the method lists scopes and the template creates the pools: the app clients
        /// allowed one of them (only their access tokens can carry it); empty: no client.
        #[serde(skip_serializing_if = "Option::is_none")]
        clients: Option<Vec<String>>,
    },
    /// Whoever the authorizer's function allows.
    Lambda {
        /// The authorizer's name.
        authorizer: String,
        /// Its type, `TOKEN` or `REQUEST`.
        #[serde(rename = "type")]
        kind: String,
        /// Its function (see [`AuthorizerAccess::function`]).
        #[serde(skip_serializing_if = "Option::is_none")]
        function: Option<String>,
    },
    /// An authorization the view can't read (an expression, a typo, an authorizer missing
    /// from the template): treated as possibly public.
    Unknown {
        /// The `AuthorizationType` as written.
        authorization_type: String,
        /// The authorizer it names, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        authorizer: Option<String>,
    },
}

impl Default for Caller {
    fn default() -> Self {
        Caller::Public { reason: None }
    }
}

/// An API key requirement and the usage plans whose keys meet it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyRequirement {
    /// The usage plans (by name) whose keys a caller may send; empty: no key can be
    /// valid, so nobody can call the method.
    pub usage_plans: Vec<String>,
    /// The keys those plans hold, by name.
    pub keys: Vec<String>,
    /// A plan's throttle for this method alone: `plan: rate 5/s, burst 10`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub method_throttles: Vec<String>,
}
