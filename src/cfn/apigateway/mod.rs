//! `AWS::ApiGateway::*` resource types, one module per type.

mod account;
mod authorizer;
mod deployment;
mod domain_name;
mod gateway_response;
mod method;
mod model;
mod request_validator;
mod resource;
mod resource_policy;
mod rest_api;
mod stage;
mod usage_plan;

pub use account::Account;
pub use authorizer::Authorizer;
pub use deployment::Deployment;
pub use domain_name::{BasePathMapping, DomainName, MutualTlsAuthentication};
pub use gateway_response::GatewayResponse;
pub use method::{Integration, IntegrationResponse, Method, MethodResponse};
pub use model::Model;
pub use request_validator::RequestValidator;
pub use resource::ApiResource;
pub use resource_policy::{AwsPrincipal, Principal, ResourcePolicy, ResourcePolicyStatement};
pub use rest_api::{EndpointConfiguration, RestApi};
pub use stage::{AccessLogSetting, CanarySetting, MethodSetting, Stage};
pub use usage_plan::{ApiKey, ApiStage, QuotaSettings, ThrottleSettings, UsagePlan, UsagePlanKey};
