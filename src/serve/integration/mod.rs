//! Integrations: where a method's request goes once it is authorized, one module per type
//! served: MOCK answers by itself, a Lambda proxy integration calls the Lambda Invoke API.
//! Any other type answers 501 with the reason in the log.

pub mod lambda_proxy;
pub mod mock;

use mock::MockIntegration;

/// A method's integration, as served.
#[derive(Debug, Clone)]
pub enum Integration {
    /// `MOCK`.
    Mock(MockIntegration),
    /// `AWS_PROXY` to a Lambda function.
    LambdaProxy {
        /// The function's name.
        function: String,
        /// The Invoke API's base URL (`http://127.0.0.1:9001`), when one is known.
        endpoint: Option<String>,
    },
    /// A type serve does not call (HTTP, AWS service, non-proxy Lambda): 501.
    Unserved {
        /// What it is, for the log.
        what: String,
    },
}
