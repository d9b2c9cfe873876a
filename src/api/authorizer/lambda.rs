//! Lambda authorizers, `TOKEN` and `REQUEST`: a function of the author's decides who may call.

use crate::api::{LambdaFunction, Value};

use super::DEFAULT_TOKEN_HEADER;

/// Which part of the request a Lambda authorizer is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LambdaAuthorizerType {
    /// `TOKEN`: one header's value (a bearer token), optionally matched against a regular
    /// expression first.
    Token,
    /// `REQUEST`: headers, query string parameters, stage variables and context variables.
    Request,
}

impl LambdaAuthorizerType {
    /// The authorizer's `Type` as a template writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            LambdaAuthorizerType::Token => "TOKEN",
            LambdaAuthorizerType::Request => "REQUEST",
        }
    }
}

/// A part of the request a Lambda authorizer reads, and whose values key its cache.
///
/// ```
/// use apigw_synth::IdentitySource;
/// let sources = [
///     IdentitySource::header("Authorization"),
///     IdentitySource::query_string("token"),
///     IdentitySource::stage_variable("tenant"),
///     IdentitySource::context("sourceIp"),
/// ];
/// assert_eq!(sources[1].expression(), "method.request.querystring.token");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdentitySource {
    /// A request header: `method.request.header.<name>`.
    Header(String),
    /// A query string parameter: `method.request.querystring.<name>`.
    QueryString(String),
    /// A stage variable: `stageVariables.<name>`.
    StageVariable(String),
    /// A context variable: `context.<name>` (e.g. `sourceIp`, `identity.sourceIp`).
    Context(String),
}

impl IdentitySource {
    /// The request header `name`.
    pub fn header(name: impl Into<String>) -> Self {
        IdentitySource::Header(name.into())
    }

    /// The query string parameter `name`.
    pub fn query_string(name: impl Into<String>) -> Self {
        IdentitySource::QueryString(name.into())
    }

    /// The stage variable `name`.
    pub fn stage_variable(name: impl Into<String>) -> Self {
        IdentitySource::StageVariable(name.into())
    }

    /// The context variable `name` (without `context.`).
    pub fn context(name: impl Into<String>) -> Self {
        IdentitySource::Context(name.into())
    }

    /// The name of the header, parameter or variable.
    pub fn name(&self) -> &str {
        match self {
            IdentitySource::Header(n)
            | IdentitySource::QueryString(n)
            | IdentitySource::StageVariable(n)
            | IdentitySource::Context(n) => n,
        }
    }

    /// The mapping expression API Gateway reads, e.g. `method.request.header.Authorization`.
    pub fn expression(&self) -> String {
        match self {
            IdentitySource::Header(n) => format!("method.request.header.{n}"),
            IdentitySource::QueryString(n) => format!("method.request.querystring.{n}"),
            IdentitySource::StageVariable(n) => format!("stageVariables.{n}"),
            IdentitySource::Context(n) => format!("context.{n}"),
        }
    }
}

/// A Lambda authorizer: the console's "Create authorizer" with type Lambda. API Gateway calls
/// the function with the token (`TOKEN`) or the request's identity sources (`REQUEST`); the
/// function answers with an IAM policy. Synth grants API Gateway permission to invoke the
/// function from this authorizer only, unless [`credentials`](Self::credentials) names a role
/// to invoke it with.
///
/// ```
/// use apigw_synth::{IdentitySource, LambdaAuthorizer, Value};
/// let tokens = LambdaAuthorizer::token("tokens")
///     .function("check-token")
///     .validation_expression("^Bearer [-0-9a-zA-Z._]+$")
///     .result_ttl_seconds(300);
/// let sessions = LambdaAuthorizer::request("sessions")
///     .function_arn(Value::parameter("SessionAuthorizerArn"))
///     .identity_source(IdentitySource::header("Cookie"))
///     .identity_source(IdentitySource::context("sourceIp"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LambdaAuthorizer {
    pub(crate) name: String,
    pub(crate) kind: LambdaAuthorizerType,
    pub(crate) function: Option<LambdaFunction>,
    pub(crate) identity_sources: Vec<IdentitySource>,
    pub(crate) validation_expression: Option<String>,
    pub(crate) result_ttl: Option<u32>,
    pub(crate) credentials: Option<Value>,
}

impl LambdaAuthorizer {
    /// A `TOKEN` authorizer named `name`, reading the `Authorization` header. Give it a
    /// function.
    pub fn token(name: impl Into<String>) -> Self {
        Self::new(
            name.into(),
            LambdaAuthorizerType::Token,
            vec![IdentitySource::header(DEFAULT_TOKEN_HEADER)],
        )
    }

    /// A `REQUEST` authorizer named `name`, with no identity source yet. Give it a function.
    pub fn request(name: impl Into<String>) -> Self {
        Self::new(name.into(), LambdaAuthorizerType::Request, Vec::new())
    }

    fn new(name: String, kind: LambdaAuthorizerType, sources: Vec<IdentitySource>) -> Self {
        Self {
            name,
            kind,
            function: None,
            identity_sources: sources,
            validation_expression: None,
            result_ttl: None,
            credentials: None,
        }
    }

    /// Call the function named `name` in the stack's account and region.
    pub fn function(mut self, name: impl Into<String>) -> Self {
        self.function = Some(LambdaFunction::Name(name.into()));
        self
    }

    /// Call the function with this ARN (a literal, a parameter or any intrinsic).
    pub fn function_arn(mut self, arn: impl Into<Value>) -> Self {
        self.function = Some(LambdaFunction::Arn(arn.into()));
        self
    }

    /// Call the `AWS::Lambda::Function` the stack declares raw with logical id `resource`.
    pub fn function_resource(mut self, resource: impl Into<String>) -> Self {
        self.function = Some(LambdaFunction::Resource(resource.into()));
        self
    }

    /// The header a `TOKEN` authorizer reads the token from. Default: `Authorization`.
    pub fn token_source(mut self, header: impl Into<String>) -> Self {
        self.identity_sources = vec![IdentitySource::header(header)];
        self
    }

    /// Add a part of the request a `REQUEST` authorizer reads; a request missing any of them
    /// is refused with 401 before the function is called. Default: none (then caching must be
    /// off, and synth turns it off).
    pub fn identity_source(mut self, source: IdentitySource) -> Self {
        self.identity_sources.push(source);
        self
    }

    /// A regular expression the token of a `TOKEN` authorizer must match, or API Gateway
    /// refuses the request with 401 without calling the function. Default: none.
    pub fn validation_expression(mut self, regex: impl Into<String>) -> Self {
        self.validation_expression = Some(regex.into());
        self
    }

    /// Seconds API Gateway caches the function's answer, 0 to 3600; 0 disables caching.
    /// Default: API Gateway's own (300), or 0 for a `REQUEST` authorizer without identity
    /// sources.
    pub fn result_ttl_seconds(mut self, seconds: u32) -> Self {
        self.result_ttl = Some(seconds);
        self
    }

    /// The ARN of an IAM role API Gateway assumes to invoke the function; then synth grants
    /// no invoke permission. Default: none (the stack grants API Gateway permission to invoke
    /// the function from this authorizer).
    pub fn credentials(mut self, role_arn: impl Into<Value>) -> Self {
        self.credentials = Some(role_arn.into());
        self
    }

    /// The authorizer's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `TOKEN` or `REQUEST`.
    pub fn kind(&self) -> LambdaAuthorizerType {
        self.kind
    }
}
