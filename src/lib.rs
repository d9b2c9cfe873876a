//! apigw-synth: typed builders for API Gateway REST APIs protected by Cognito, synthesized
//! into CloudFormation templates that `aws cloudformation deploy` applies unchanged.
//!
//! Three layers: the builders ([`RestApi`], [`Resource`], [`Method`], …) that stacks are
//! written with; the [`cfn`] model of the template; and [`synthesize`], which validates a
//! [`Stack`] and emits its [`cfn::Template`]. [`App`] is the whole command line (`synth`,
//! `list`, `diff`, `tree`, …) over a program's own stacks.
//!
//! ```
//! use apigw_synth::*;
//!
//! let authorizer = CognitoUserPoolsAuthorizer::new("cognito-authorizer-eshop-fcj")
//!     .user_pool(UserPool::from_parameter("UserPoolArn"))
//!     .token_source("Authorization");
//! let api = RestApi::new("eshop-fcj")
//!     .endpoint_type(EndpointType::Regional)
//!     .default_authorizer(authorizer)
//!     .default_cors(Cors::new())
//!     .route("/products", Method::get(Integration::lambda("get-product")))
//!     .route("/products/{id}", Method::put(Integration::lambda("update-product")))
//!     .stage(Stage::new("eshop"));
//! let stack = Stack::new("eshop-fcj", api).parameter(Parameter::string("UserPoolArn"));
//!
//! let template = synthesize(&stack).unwrap();
//! let json = render(&template, Format::Json);
//! assert!(json.contains("COGNITO_USER_POOLS"));
//! ```

mod allocator;
mod api;
pub mod budget;
pub mod cfn;
mod cli;
mod error;
pub mod import;
pub mod input;
pub mod openapi;
pub mod out;
mod project;
mod render;
pub mod review;
pub mod serve;
pub mod stack_file;
mod synth;
#[doc(hidden)]
pub mod testing;

pub use allocator::Allocator;
pub use api::{
    ACCESS_LOG_FIELDS, AccessLog, ApiKey, ApiKeySource, Authorizer, AuthorizerRef, AwsAction,
    AwsIntegration, Canary, CognitoUserPoolsAuthorizer, ContentHandling, Cors,
    DEFAULT_ALLOW_HEADERS, DEFAULT_LOG_RETENTION_DAYS, DEFAULT_TOKEN_HEADER, DomainName,
    DynamoDbAction, EndpointType, GatewayResponse, GatewayResponseType, Generated, HttpIntegration,
    HttpMethod, IdentitySource, Integration, IntegrationOptions, IntegrationResponse,
    InvalidGatewayResponseType, InvalidHttpMethod, LambdaAuthorizer, LambdaAuthorizerType,
    LambdaFunction, LambdaIntegration, LoggingLevel, MachineClient, Method, MethodSettings,
    MockIntegration, Model, Parameter, ParameterIn, ParameterType, Passthrough, PolicyEffect,
    PolicyStatement, PublicClient, QuotaPeriod, RawResource, RequestSource, RequestValidation,
    Resource, RestApi, SecurityPolicy, Stack, StackOutput, Stage, Throttle, USER_POOL_ARN_PATTERN,
    UsagePlan, UserPool, Value,
};
pub use budget::{Note, PolicyEstimate, StageSummary, TemplateBudget, Warning};
pub use cli::App;
pub use error::{Problem, ProblemKind, SynthError};
pub use render::{Format, render, to_json, to_yaml};
pub use synth::{
    MAX_RESOURCES, SynthFile, Synthesized, synthesize, synthesize_all, synthesize_stack,
    synthesize_stacks,
};
