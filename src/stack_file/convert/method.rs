//! Methods: a `MethodSpec` into a [`Method`] with its integration and protection.

use crate::Method;

use super::super::LoadProblemKind;
use super::super::format::MethodSpec;
use super::super::load::Loader;
use super::integration::IntegrationSpec;

impl Loader {
    /// The `verb` method `spec` describes (found at `at`); `None`, with the problem
    /// recorded, when its integration is not given exactly once.
    pub(super) fn method(&mut self, verb: &str, spec: MethodSpec, at: &[String]) -> Option<Method> {
        let MethodSpec {
            lambda,
            lambda_arn,
            mock,
            mock_response,
            http,
            http_proxy,
            aws,
            authorizer,
            public,
            public_reason,
            iam,
            scopes,
            settings,
            api_key_required,
            request_models,
            required,
            validate,
            response_models,
        } = spec;
        let integration = IntegrationSpec {
            lambda,
            lambda_arn,
            mock,
            mock_response,
            http,
            http_proxy,
            aws,
        };
        let mut method = Method::parse(verb, self.integration(integration, at)?);
        if let Some(a) = authorizer {
            method = method.authorizer(a);
        }
        if let Some(required) = api_key_required {
            method = method.api_key_required(required);
        }
        match (public, public_reason) {
            (true, Some(reason)) => method = method.public_because(reason),
            (true, None) => method = method.public(),
            (false, None) => {}
            (false, Some(_)) => {
                let mut p = at.to_vec();
                p.push("publicReason".to_owned());
                let message = "`publicReason` says why a method is public: give it with \
                               `public: true`, or remove it"
                    .to_owned();
                self.problem(&p, true, LoadProblemKind::ReasonWithoutPublic, message);
            }
        }
        if iam {
            method = method.iam();
        }
        if let Some(s) = scopes {
            method = method.scopes(s);
        }
        if let Some(s) = settings {
            method = method.settings(super::stage::method_settings(s));
        }
        method = super::validation::method_request(method, validate, request_models, required);
        for (status, models) in response_models {
            for (content_type, model) in models {
                method = method.response_model(status.0, content_type, model);
            }
        }
        Some(method)
    }
}
