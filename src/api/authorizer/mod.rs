//! Authorizers: who may call a method. One module per kind; [`Authorizer`] is the family.

mod cognito;
mod lambda;

pub use cognito::{CognitoUserPoolsAuthorizer, DEFAULT_TOKEN_HEADER};
pub use lambda::{IdentitySource, LambdaAuthorizer, LambdaAuthorizerType};

/// An authorizer of the API, of any kind API Gateway offers. Every layer matches on it
/// exhaustively, so a new kind is a new variant the compiler points to everywhere it must be
/// handled.
///
/// A kind converts into it, so [`RestApi::authorizer`](crate::RestApi::authorizer) takes
/// any kind as it is:
///
/// ```
/// use apigw_synth::{Authorizer, CognitoUserPoolsAuthorizer, UserPool};
/// let users: Authorizer = CognitoUserPoolsAuthorizer::new("users")
///     .user_pool(UserPool::from_parameter("UserPoolArn"))
///     .into();
/// assert_eq!(users.name(), "users");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Authorizer {
    /// `COGNITO_USER_POOLS`: tokens issued by Cognito user pools.
    Cognito(CognitoUserPoolsAuthorizer),
    /// `TOKEN` or `REQUEST`: a Lambda function decides (`CUSTOM` on the methods).
    Lambda(LambdaAuthorizer),
}

impl Authorizer {
    /// The authorizer's name, unique within the API.
    pub fn name(&self) -> &str {
        match self {
            Authorizer::Cognito(a) => a.name(),
            Authorizer::Lambda(a) => a.name(),
        }
    }
}

impl From<CognitoUserPoolsAuthorizer> for Authorizer {
    fn from(authorizer: CognitoUserPoolsAuthorizer) -> Self {
        Authorizer::Cognito(authorizer)
    }
}

impl From<LambdaAuthorizer> for Authorizer {
    fn from(authorizer: LambdaAuthorizer) -> Self {
        Authorizer::Lambda(authorizer)
    }
}

/// A reference to an authorizer of the same API, by name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AuthorizerRef(pub(crate) String);

impl AuthorizerRef {
    /// The referenced authorizer's name.
    pub fn name(&self) -> &str {
        &self.0
    }
}

impl From<&Authorizer> for AuthorizerRef {
    fn from(a: &Authorizer) -> Self {
        AuthorizerRef(a.name().to_owned())
    }
}

impl From<&CognitoUserPoolsAuthorizer> for AuthorizerRef {
    fn from(a: &CognitoUserPoolsAuthorizer) -> Self {
        AuthorizerRef(a.name.clone())
    }
}

impl From<&LambdaAuthorizer> for AuthorizerRef {
    fn from(a: &LambdaAuthorizer) -> Self {
        AuthorizerRef(a.name.clone())
    }
}

impl From<&str> for AuthorizerRef {
    fn from(name: &str) -> Self {
        AuthorizerRef(name.to_owned())
    }
}

impl From<String> for AuthorizerRef {
    fn from(name: String) -> Self {
        AuthorizerRef(name)
    }
}
