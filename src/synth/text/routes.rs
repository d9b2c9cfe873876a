//! The texts of the resource tree: each path part, method and integration.

use crate::api::{
    CorsSetting, Integration, LambdaIntegration, Method, MockIntegration, Resource, Value, Verb,
};
use crate::api::{IntegrationOptions, MethodDefaults};

use super::Texts;

impl<'a> Texts<'_, '_, 'a> {
    /// The resource tree, depth first with a list of pending resources (no recursion: a
    /// route may be as deep as its input), each with the path it is at.
    pub(super) fn tree(&mut self, root: &'a Resource) {
        // (resource, its depth); `parts` holds the path down to the resource last entered.
        let mut pending: Vec<(&'a Resource, usize)> = vec![(root, 0)];
        self.parts = Some(Vec::new());
        while let Some((resource, depth)) = pending.pop() {
            if let Some(parts) = &mut self.parts {
                parts.truncate(depth.saturating_sub(1));
                if depth > 0 {
                    parts.push(&resource.part);
                }
            }
            let Resource {
                part,
                methods,
                children,
                index: _,
                cors,
                defaults,
            } = resource;
            self.method = None;
            if depth > 0 {
                self.name("a path part", part);
            }
            if let Some(CorsSetting::On(cors)) = cors {
                self.cors(cors);
            }
            let MethodDefaults {
                authorizer,
                scopes,
                api_key_required: _,
            } = defaults;
            self.authorizer_ref(authorizer.as_ref());
            self.scopes(scopes.as_ref());
            for method in methods {
                self.method(method);
            }
            self.method = None;
            // Sorted siblings are visited in order (the last pushed is taken first).
            let mut sorted: Vec<&'a Resource> = children.iter().collect();
            sorted.sort_by(|a, b| b.part.cmp(&a.part));
            pending.extend(sorted.into_iter().map(|child| (child, depth + 1)));
        }
        self.parts = None;
    }

    pub(super) fn method(&mut self, method: &'a Method) {
        let Method {
            verb,
            integration,
            authorizer,
            public: _,
            public_reason,
            iam: _,
            scopes,
            settings: _,
            api_key_required: _,
            request,
            response_models,
        } = method;
        match verb {
            Verb::Known(v) => self.method = Some(v.as_str()),
            Verb::Invalid(name) => {
                self.method = None;
                self.name("a method's name", name);
                self.method = Some(name);
            }
        }
        for (content_type, model) in &request.models {
            self.name("a request model's content type", content_type);
            self.name("a request model's name", model);
        }
        for (_, name) in &request.required {
            self.name("a required parameter's name", name);
        }
        for r in response_models {
            self.name("a response model's content type", &r.content_type);
            self.name("a response model's name", &r.model);
        }
        self.authorizer_ref(authorizer.as_ref());
        self.scopes(scopes.as_ref());
        self.prose("the reason the method is public", public_reason.as_ref());
        match integration {
            Integration::Lambda(LambdaIntegration { function }) => self.function(function),
            Integration::Mock(MockIntegration { status: _, body }) => {
                self.prose("a mock integration's body", body.as_ref());
            }
            Integration::Http(http) => {
                self.value("an HTTP integration's URL", &http.url);
                if let Some(link) = &http.vpc_link {
                    self.value("a VPC link's id", link);
                }
                self.integration_options(&http.options);
            }
            Integration::Aws(aws) => {
                for value in crate::synth::integrations::action_values(&aws.action) {
                    self.value("the resource an integration acts on", value);
                }
                if let Some(role) = &aws.role {
                    self.value("an integration's role", role);
                }
                for (action, resource) in &aws.grants {
                    self.name("a granted action", action);
                    self.value("a granted resource", resource);
                }
                self.integration_options(&aws.options);
            }
        }
    }

    pub(super) fn integration_options(&mut self, options: &IntegrationOptions) {
        for (_, name, source) in &options.request_parameters {
            self.name("a request parameter's name", name);
            self.name("a request parameter's source", &source.expression());
        }
        for (content_type, template) in &options.request_templates {
            self.name("a request template's content type", content_type);
            match template {
                Value::Literal(text) => self.prose("a request template", Some(text)),
                other => self.value("a request template", other),
            }
        }
        for response in &options.responses {
            self.prose("a selection pattern", response.selection_pattern.as_ref());
            for (name, expression) in &response.headers {
                self.name("a response header's name", name);
                self.name("a response header's value", expression);
            }
            for (content_type, template) in &response.templates {
                self.name("a response template's content type", content_type);
                self.prose("a response template", Some(template));
            }
        }
    }
}
