//! Integrations: where a method's request goes once it is authorized, one module per type
//! served: MOCK answers by itself, a Lambda proxy integration calls the Lambda Invoke API,
//! an HTTP proxy integration forwards to its URL, an AWS service integration calls
//! `--aws-endpoint` (mapping templates evaluated in part: [`template`]). Any other type
//! answers 501 with the reason in the log.

pub mod aws_service;
pub mod http_proxy;
pub mod lambda_proxy;
pub mod mock;
pub mod template;
pub(crate) mod transport;

use aws_service::AwsService;
use http_proxy::HttpProxy;
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
    /// `HTTP_PROXY` to a plain `http://` URL.
    HttpProxy(HttpProxy),
    /// `AWS`: a service action, called at `--aws-endpoint`.
    AwsService(Box<AwsService>),
    /// A type serve does not call (HTTP with mapping, AWS service without `--aws-endpoint`,
    /// non-proxy Lambda, an `https://` backend): 501.
    Unserved {
        /// What it is, for the log.
        what: String,
    },
}
