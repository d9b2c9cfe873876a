//! Authorization as API Gateway decides it, one module per mechanism: the Cognito user
//! pool authorizer, Lambda authorizers, IAM (SigV4) and API keys. A method whose mechanism
//! is not served here (an unknown type) is refused, never let through.

pub mod api_key;
pub mod cognito;
pub mod iam;
pub mod jwks_source;
pub mod lambda;
mod rs256;

use std::collections::BTreeSet;
use std::sync::Arc;

use cognito::CognitoAuthorizer;
use lambda::LambdaAuthorizer;

use super::gateway_response::{GatewayError, ResponseType};

/// Who may call one method, as served.
#[derive(Debug, Clone)]
pub enum Access {
    /// `NONE`: anyone.
    Public,
    /// `COGNITO_USER_POOLS`: a token of the authorizer's pools, with one of `scopes` when
    /// there are any.
    Cognito {
        /// The authorizer.
        authorizer: Arc<CognitoAuthorizer>,
        /// The method's scopes.
        scopes: BTreeSet<String>,
    },
    /// `CUSTOM`: a Lambda authorizer decides.
    Lambda {
        /// The authorizer.
        authorizer: Arc<LambdaAuthorizer>,
    },
    /// `AWS_IAM`: a SigV4 signature by one of the credentials serve is given.
    Iam,
    /// Anything serve can't decide (an authorizer not in the template, an unknown type): refused with a
    /// 500, never let through.
    Unserved {
        /// What it is, for the log.
        what: String,
    },
}

impl Access {
    /// The refusal for a method serve can't authorize, with the rule for the log.
    pub fn unserved(&self) -> Option<(GatewayError, String)> {
        match self {
            Access::Public | Access::Cognito { .. } | Access::Lambda { .. } | Access::Iam => None,
            Access::Unserved { what } => Some((
                GatewayError::new(ResponseType::AuthorizerFailure),
                format!("{what}: not served, refused"),
            )),
        }
    }
}
