//! Cognito user pools authorizers: `COGNITO_USER_POOLS`, trusting tokens that user pools issue.

use crate::api::UserPool;

/// The header API Gateway reads the token from unless told otherwise.
pub const DEFAULT_TOKEN_HEADER: &str = "Authorization";

/// A `COGNITO_USER_POOLS` authorizer: the console's "Create authorizer" with type Cognito.
///
/// ```
/// use apigw_synth::{CognitoUserPoolsAuthorizer, UserPool};
/// let auth = CognitoUserPoolsAuthorizer::new("cognito-authorizer-eshop-fcj")
///     .user_pool(UserPool::from_parameter("UserPoolArn"))
///     .token_source("Authorization");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CognitoUserPoolsAuthorizer {
    pub(crate) name: String,
    pub(crate) pools: Vec<UserPool>,
    pub(crate) token_header: String,
    pub(crate) result_ttl: Option<u32>,
}

impl CognitoUserPoolsAuthorizer {
    /// An authorizer named `name` (unique within the API). Add at least one pool.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            pools: Vec::new(),
            token_header: DEFAULT_TOKEN_HEADER.to_owned(),
            result_ttl: None,
        }
    }

    /// Trust tokens issued by `pool`. Call again for more pools.
    pub fn user_pool(mut self, pool: UserPool) -> Self {
        self.pools.push(pool);
        self
    }

    /// The request header that carries the token. Default: `Authorization`.
    pub fn token_source(mut self, header: impl Into<String>) -> Self {
        self.token_header = header.into();
        self
    }

    /// Seconds API Gateway caches a token's result, 0 to 3600; 0 disables caching.
    /// Default: API Gateway's own (300).
    pub fn result_ttl_seconds(mut self, seconds: u32) -> Self {
        self.result_ttl = Some(seconds);
        self
    }

    /// The authorizer's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}
