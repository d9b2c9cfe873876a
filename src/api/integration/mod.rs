//! Integrations: where API Gateway sends a method's requests. One module per kind;
//! [`Integration`] is the family.

mod lambda;
mod mock;

pub use lambda::{LambdaFunction, LambdaIntegration};
pub use mock::MockIntegration;

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
