//! Gateway responses: a `GatewayResponseSpec` into a [`GatewayResponse`].

use crate::{GatewayResponse, GatewayResponseType};

use super::super::format::{GatewayResponseSpec, GatewayResponseTypeSpec};
use super::super::load::{Loader, path_of};

impl Loader {
    /// The gateway response of `response_type` that `spec` describes.
    pub(super) fn gateway_response(
        &mut self,
        response_type: GatewayResponseTypeSpec,
        spec: GatewayResponseSpec,
    ) -> GatewayResponse {
        let GatewayResponseSpec {
            status_code,
            headers,
            templates,
        } = spec;
        let kind = response_type_of(response_type);
        let mut response = GatewayResponse::new(kind);
        if let Some(code) = status_code {
            response = response.status_code(code);
        }
        for (name, value) in headers {
            let at = path_of(&["api", "gatewayResponses", kind.as_str(), "headers", &name]);
            let value = self.value(value, at);
            response = response.header(name, value);
        }
        for (content_type, body) in templates {
            response = response.template(content_type, body);
        }
        response
    }
}

/// The builders' type for a type a stack file names.
fn response_type_of(spec: GatewayResponseTypeSpec) -> GatewayResponseType {
    use GatewayResponseTypeSpec as S;
    match spec {
        S::AccessDenied => GatewayResponseType::AccessDenied,
        S::ApiConfigurationError => GatewayResponseType::ApiConfigurationError,
        S::AuthorizerConfigurationError => GatewayResponseType::AuthorizerConfigurationError,
        S::AuthorizerFailure => GatewayResponseType::AuthorizerFailure,
        S::BadRequestBody => GatewayResponseType::BadRequestBody,
        S::BadRequestParameters => GatewayResponseType::BadRequestParameters,
        S::Default4xx => GatewayResponseType::Default4xx,
        S::Default5xx => GatewayResponseType::Default5xx,
        S::ExpiredToken => GatewayResponseType::ExpiredToken,
        S::IntegrationFailure => GatewayResponseType::IntegrationFailure,
        S::IntegrationTimeout => GatewayResponseType::IntegrationTimeout,
        S::InvalidApiKey => GatewayResponseType::InvalidApiKey,
        S::InvalidSignature => GatewayResponseType::InvalidSignature,
        S::MissingAuthenticationToken => GatewayResponseType::MissingAuthenticationToken,
        S::QuotaExceeded => GatewayResponseType::QuotaExceeded,
        S::RequestTooLarge => GatewayResponseType::RequestTooLarge,
        S::ResourceNotFound => GatewayResponseType::ResourceNotFound,
        S::Throttled => GatewayResponseType::Throttled,
        S::Unauthorized => GatewayResponseType::Unauthorized,
        S::UnsupportedMediaType => GatewayResponseType::UnsupportedMediaType,
        S::WafFiltered => GatewayResponseType::WafFiltered,
    }
}
