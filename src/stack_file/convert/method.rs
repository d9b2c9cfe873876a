//! Methods: a `MethodSpec` into a [`Method`] with its integration and protection.

use crate::Method;

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
            authorizer,
            public,
            iam,
            scopes,
        } = spec;
        let integration = IntegrationSpec {
            lambda,
            lambda_arn,
            mock,
        };
        let mut method = Method::parse(verb, self.integration(integration, at)?);
        if let Some(a) = authorizer {
            method = method.authorizer(a);
        }
        if public {
            method = method.public();
        }
        if iam {
            method = method.iam();
        }
        if let Some(s) = scopes {
            method = method.scopes(s);
        }
        Some(method)
    }
}
