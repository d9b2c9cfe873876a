//! Integrations: where API Gateway sends a method's requests. One module per kind;
//! [`Integration`] is the family.

mod http;
mod lambda;
mod mock;
mod options;

pub use http::HttpIntegration;
pub use lambda::{LambdaFunction, LambdaIntegration};
pub use mock::MockIntegration;
pub use options::{
    ContentHandling, IntegrationOptions, IntegrationResponse, Passthrough, RequestSource,
};

use super::Value;

/// The backend of a method, of any kind this crate emits. Every layer matches on it
/// exhaustively, so a new kind is a new variant the compiler points to everywhere it must be
/// handled.
///
/// ```
/// use apigw_synth::Integration;
/// let products = Integration::lambda("get-product");
/// let health = Integration::mock();
/// assert!(matches!(products, Integration::Lambda(_)));
/// assert!(matches!(health, Integration::Mock(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Integration {
    /// A Lambda proxy integration (`AWS_PROXY`).
    Lambda(LambdaIntegration),
    /// A `MOCK` integration.
    Mock(MockIntegration),
    /// An `HTTP` or `HTTP_PROXY` integration.
    Http(HttpIntegration),
}

impl Integration {
    /// Lambda proxy integration (`AWS_PROXY`, called with `POST`) to the function named
    /// `function_name` in the stack's account and region. The stack grants API Gateway
    /// permission to invoke it.
    pub fn lambda(function_name: impl Into<String>) -> Self {
        LambdaIntegration::new(LambdaFunction::Name(function_name.into())).into()
    }

    /// Lambda proxy integration to the function with this ARN (a literal or a parameter).
    pub fn lambda_arn(arn: impl Into<Value>) -> Self {
        LambdaIntegration::new(LambdaFunction::Arn(arn.into())).into()
    }

    /// Lambda proxy integration to the `AWS::Lambda::Function` the stack declares raw with
    /// logical id `resource` (the SAM and CDK habit: the function in the same stack). The
    /// stack grants API Gateway permission to invoke it.
    pub fn lambda_resource(resource: impl Into<String>) -> Self {
        LambdaIntegration::new(LambdaFunction::Resource(resource.into())).into()
    }

    /// A `MOCK` integration that answers `200` with an empty body.
    pub fn mock() -> Self {
        MockIntegration::new().into()
    }

    /// An `HTTP_PROXY` integration: the request goes to `url` (`http://` or `https://`, a
    /// literal or any [`Value`]) as it came, and the answer comes back as it is.
    pub fn http_proxy(url: impl Into<Value>) -> HttpIntegration {
        HttpIntegration::new(url.into(), true)
    }

    /// An `HTTP` integration: the request goes to `url` through the request mapping
    /// (parameters, templates) and the answer through the integration responses.
    pub fn http(url: impl Into<Value>) -> HttpIntegration {
        HttpIntegration::new(url.into(), false)
    }
}

impl From<HttpIntegration> for Integration {
    fn from(integration: HttpIntegration) -> Self {
        Integration::Http(integration)
    }
}

impl From<LambdaIntegration> for Integration {
    fn from(integration: LambdaIntegration) -> Self {
        Integration::Lambda(integration)
    }
}

impl From<MockIntegration> for Integration {
    fn from(integration: MockIntegration) -> Self {
        Integration::Mock(integration)
    }
}
