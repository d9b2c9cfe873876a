//! Integrations: where a method's request goes once it is authorized, one module per type
//! served: MOCK answers by itself, a Lambda proxy integration calls the Lambda Invoke API,
//! an HTTP proxy integration forwards to its URL, an HTTP integration calls its URL through
//! its mapping, a Lambda integration invokes its function with its mapped payload, an AWS
//! service integration calls `--aws-endpoint` (the non-proxy ones with
//! their [`mapping`], mapping templates evaluated in part: [`template`], and their
//! integration [`response`]s). Any other type answers 501 with the reason in the log.

pub mod aws_service;
pub mod backend_tls;
pub mod http;
pub mod http_proxy;
pub mod lambda;
pub mod lambda_proxy;
pub mod mapping;
pub mod mock;
pub mod response;
pub mod template;
pub(crate) mod transport;

use aws_service::AwsService;
use http::HttpIntegration;
use http_proxy::HttpProxy;
use lambda::LambdaIntegration;
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
    /// `AWS` to a Lambda function (non-proxy), through its mapping and integration
    /// responses.
    Lambda(Box<LambdaIntegration>),
    /// `HTTP_PROXY` to an `http://` or `https://` URL.
    HttpProxy(HttpProxy),
    /// `HTTP` to an `http://` or `https://` URL, through its mapping and integration responses.
    Http(Box<HttpIntegration>),
    /// `AWS`: a service action, called at `--aws-endpoint`.
    AwsService(Box<AwsService>),
    /// A type serve does not call (AWS service without `--aws-endpoint`, a URL neither
    /// `http://` nor `https://`): 501.
    Unserved {
        /// What it is, for the log.
        what: String,
    },
}
