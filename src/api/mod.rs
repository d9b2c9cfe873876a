//! The API layer: the builders a stack is written with.

mod authorizer;
mod cors;
mod domain_name;
mod gateway_response;
mod http_method;
mod integration;
mod method;
mod method_response;
mod parameter;
mod raw;
mod resource;
mod resource_policy;
mod rest_api;
mod stack;
mod stage;
mod usage_plan;
mod user_pool;
mod validation;
mod value;

pub use authorizer::{
    Authorizer, AuthorizerRef, CognitoUserPoolsAuthorizer, DEFAULT_TOKEN_HEADER, IdentitySource,
    LambdaAuthorizer, LambdaAuthorizerType,
};
pub use cors::{Cors, DEFAULT_ALLOW_HEADERS};
pub use domain_name::{DomainName, SecurityPolicy};
pub use gateway_response::{GatewayResponse, GatewayResponseType, InvalidGatewayResponseType};
pub use http_method::{HttpMethod, InvalidHttpMethod};
pub use integration::{
    AwsAction, AwsIntegration, ContentHandling, DynamoDbAction, HttpIntegration, Integration,
    IntegrationOptions, IntegrationResponse, LambdaFunction, LambdaIntegration, MockIntegration,
    Passthrough, RequestSource,
};
pub use method::Method;
pub(crate) use method::Verb;
pub(crate) use method_response::ResponseModel;
pub use parameter::{Parameter, ParameterType};
pub(crate) use raw::Override;
pub use raw::{Generated, RawResource};
pub use resource::Resource;
pub(crate) use resource::{CorsSetting, MethodDefaults};
pub(crate) use resource_policy::{PolicyCallers, PolicyRoute};
pub use resource_policy::{PolicyEffect, PolicyStatement};
pub use rest_api::{EndpointType, RestApi};
pub use stack::Stack;
pub use stack::StackOutput;
pub use stage::{
    ACCESS_LOG_FIELDS, AccessLog, Canary, DEFAULT_LOG_RETENTION_DAYS, LoggingLevel, MethodSettings,
    Stage,
};
pub(crate) use stage::{RETENTION_DAYS, access_log_format};
pub(crate) use usage_plan::ApiKeys;
pub use usage_plan::{ApiKey, ApiKeySource, QuotaPeriod, Throttle, UsagePlan};
pub(crate) use user_pool::{AppClient, AppClientKind, NewUserPool, UserPoolSource};
pub use user_pool::{MachineClient, PublicClient, USER_POOL_ARN_PATTERN, UserPool};
pub(crate) use validation::MethodRequest;
pub use validation::{Model, ParameterIn, RequestValidation};
pub use value::Value;
