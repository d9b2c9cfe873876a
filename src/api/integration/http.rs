//! HTTP integrations: API Gateway calls an HTTP endpoint, directly or through a VPC link.

use super::options::{IntegrationOptions, option_setters};
use crate::api::{HttpMethod, Value};

/// An `HTTP` or `HTTP_PROXY` integration to a URL. Made by
/// [`Integration::http`](crate::Integration::http) and
/// [`Integration::http_proxy`](crate::Integration::http_proxy).
///
/// Each `{name}` in the URL is the route's path parameter of that name unless
/// [`request_parameter`](HttpIntegration::request_parameter) maps it from elsewhere.
///
/// ```
/// use apigw_synth::{Integration, ParameterIn, RequestSource, Value};
/// let orders = Integration::http_proxy("https://orders.internal.example.com/orders/{id}")
///     .vpc_link(Value::parameter("VpcLinkId"))
///     .timeout_ms(5000)
///     .request_parameter(ParameterIn::Header, "X-Request-Id", RequestSource::context("requestId"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpIntegration {
    pub(crate) proxy: bool,
    pub(crate) url: Value,
    pub(crate) http_method: Option<HttpMethod>,
    pub(crate) vpc_link: Option<Value>,
    pub(crate) options: IntegrationOptions,
}

impl HttpIntegration {
    pub(crate) fn new(url: Value, proxy: bool) -> Self {
        Self {
            proxy,
            url,
            http_method: None,
            vpc_link: None,
            options: IntegrationOptions::default(),
        }
    }

    /// The method API Gateway calls the URL with. Default: the method's own (`ANY` passes
    /// the caller's).
    pub fn http_method(mut self, method: HttpMethod) -> Self {
        self.http_method = Some(method);
        self
    }

    /// Call the URL through this VPC link (its id: a literal, or a parameter). Default: over
    /// the internet.
    pub fn vpc_link(mut self, connection_id: impl Into<Value>) -> Self {
        self.vpc_link = Some(connection_id.into());
        self
    }

    /// Whether the request and response pass through whole (`HTTP_PROXY`).
    pub fn is_proxy(&self) -> bool {
        self.proxy
    }

    /// The endpoint's URL.
    pub fn url(&self) -> &Value {
        &self.url
    }
}

option_setters!(HttpIntegration);
