//! Integrations: where API Gateway sends a method's requests.

use super::Value;

/// The backend of a method: a Lambda proxy integration or a mock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Integration(pub(crate) IntegrationKind);

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IntegrationKind {
    Lambda(LambdaFunction),
    Mock,
}

/// An existing Lambda function, by name or ARN.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum LambdaFunction {
    /// A function of the stack's own account and region.
    Name(String),
    /// A function by full ARN (literal or parameter).
    Arn(Value),
}

impl Integration {
    /// Lambda proxy integration (`AWS_PROXY`, called with `POST`) to the function named
    /// `function_name` in the stack's account and region. The stack grants API Gateway
    /// permission to invoke it.
    pub fn lambda(function_name: impl Into<String>) -> Self {
        Integration(IntegrationKind::Lambda(LambdaFunction::Name(
            function_name.into(),
        )))
    }

    /// Lambda proxy integration to the function with this ARN (a literal or a parameter).
    pub fn lambda_arn(arn: impl Into<Value>) -> Self {
        Integration(IntegrationKind::Lambda(LambdaFunction::Arn(arn.into())))
    }

    /// A `MOCK` integration that answers `200` with an empty body.
    pub fn mock() -> Self {
        Integration(IntegrationKind::Mock)
    }
}
