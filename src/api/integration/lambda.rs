//! Lambda proxy integrations: API Gateway calls a function with the whole request.

use crate::api::Value;

/// A Lambda proxy integration (`AWS_PROXY`, called with `POST`). Made by
/// [`Integration::lambda`](crate::Integration::lambda) and
/// [`Integration::lambda_arn`](crate::Integration::lambda_arn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LambdaIntegration {
    pub(crate) function: LambdaFunction,
}

impl LambdaIntegration {
    pub(crate) fn new(function: LambdaFunction) -> Self {
        Self { function }
    }

    /// The function API Gateway calls.
    pub fn function(&self) -> &LambdaFunction {
        &self.function
    }
}

/// The Lambda function an integration calls: an existing one by name or ARN, or one the
/// stack declares raw.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LambdaFunction {
    /// A function of the stack's own account and region.
    Name(String),
    /// A function by full ARN (a literal, a parameter, or any intrinsic [`Value`]).
    Arn(Value),
    /// The `AWS::Lambda::Function` the stack declares raw with this logical id
    /// ([`Stack::resource`](crate::Stack::resource)).
    Resource(String),
}
