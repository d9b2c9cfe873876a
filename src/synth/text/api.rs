//! The texts of the API itself: its settings, resource policy, API keys and usage plans,
//! gateway responses, CORS and custom domains.

use crate::api::{ApiKey, ApiKeys, PolicyCallers, PolicyRoute, PolicyStatement, UsagePlan};
use crate::api::{Cors, DomainName, GatewayResponse, RestApi};

use super::Texts;

impl<'a> Texts<'_, '_, 'a> {
    pub(super) fn api(&mut self, api: &'a RestApi) {
        let RestApi {
            name,
            description,
            endpoint: _,
            binary_media_types,
            authorizers,
            root,
            route_errors,
            stages,
            default_stage: _,
            cloudwatch_role: _,
            tags,
            domains,
            execute_api_endpoint: _,
            api_keys,
            gateway_responses,
            models,
            policy,
            vpc_endpoint_ids,
        } = api;
        for statement in policy {
            self.policy_statement(statement);
        }
        for id in vpc_endpoint_ids {
            self.value("a VPC endpoint id", id);
        }
        for model in models {
            self.name("a model's name", &model.name);
        }
        self.value("the API's name", name);
        self.prose("the API's description", description.as_ref());
        for media_type in binary_media_types {
            self.name("a binary media type", media_type);
        }
        for authorizer in authorizers {
            self.authorizer(authorizer);
        }
        for stage in stages {
            self.stage(stage);
        }
        self.tags("the API", tags);
        for domain in domains {
            self.domain(domain);
        }
        self.api_keys(api_keys);
        for response in gateway_responses {
            self.gateway_response(response);
        }
        for (path, verb) in route_errors {
            self.name("a route", path);
            self.name("a method's name", verb);
        }
        self.tree(root);
    }

    pub(super) fn policy_statement(&mut self, statement: &'a PolicyStatement) {
        let PolicyStatement {
            effect: _,
            callers,
            routes,
        } = statement;
        match callers {
            PolicyCallers::Anyone => {}
            PolicyCallers::SourceIps { ranges, negated: _ } => {
                for range in ranges {
                    self.name("a resource policy's IP range", range);
                }
            }
            PolicyCallers::Vpcs { ids, negated: _ }
            | PolicyCallers::VpcEndpoints { ids, negated: _ }
            | PolicyCallers::Accounts(ids)
            | PolicyCallers::Principals(ids) => {
                for id in ids {
                    self.value("a resource policy's caller", id);
                }
            }
        }
        for PolicyRoute { path, verb: _ } in routes {
            self.name("a resource policy's route", path);
        }
    }

    pub(super) fn api_keys(&mut self, api_keys: &ApiKeys) {
        let ApiKeys {
            source: _,
            keys,
            plans,
        } = api_keys;
        for ApiKey {
            name,
            description,
            value,
            enabled: _,
        } in keys
        {
            self.name("an API key's name", name);
            self.prose("an API key's description", description.as_ref());
            if let Some(v) = value {
                self.value(&format!("the value of API key `{name}`"), v);
            }
        }
        for UsagePlan {
            name,
            description,
            stages,
            throttle: _,
            quota: _,
            method_throttles,
            keys,
        } in plans
        {
            self.name("a usage plan's name", name);
            self.prose("a usage plan's description", description.as_ref());
            for stage in stages {
                self.name(&format!("a stage of usage plan `{name}`"), stage);
            }
            for (path, _) in method_throttles.keys() {
                self.name(&format!("a throttled route of usage plan `{name}`"), path);
            }
            for key in keys {
                self.name(&format!("an API key of usage plan `{name}`"), key);
            }
        }
    }

    pub(super) fn gateway_response(&mut self, response: &GatewayResponse) {
        let GatewayResponse {
            response_type,
            status_code: _,
            headers,
            templates,
        } = response;
        for (name, value) in headers {
            self.name(
                &format!("a header of gateway response {response_type}"),
                name,
            );
            self.value(
                &format!("a header of gateway response {response_type}"),
                value,
            );
        }
        for (content_type, body) in templates {
            let what = format!("a template of gateway response {response_type}");
            self.name(&what, content_type);
            self.prose(&what, Some(body));
        }
    }

    pub(super) fn domain(&mut self, domain: &DomainName) {
        let DomainName {
            name,
            certificate,
            endpoint: _,
            security_policy: _,
            mutual_tls,
            truststore_version,
            base_paths,
            hosted_zone,
            tags,
        } = domain;
        self.value("a custom domain's name", name);
        self.value("a custom domain's certificate ARN", certificate);
        if let Some(uri) = mutual_tls {
            self.value("a custom domain's truststore", uri);
        }
        if let Some(version) = truststore_version {
            self.value("a custom domain's truststore version", version);
        }
        for (path, stage) in base_paths {
            self.name("a custom domain's base path", path);
            self.name("the stage of a custom domain's base path", stage);
        }
        if let Some(zone) = hosted_zone {
            self.value("a custom domain's hosted zone", zone);
        }
        self.tags("a custom domain", tags);
    }

    pub(super) fn cors(&mut self, cors: &Cors) {
        let Cors {
            allow_origins,
            allow_headers,
            allow_methods: _,
            expose_headers,
            allow_credentials: _,
            max_age: _,
        } = cors;
        for origin in allow_origins {
            self.value("a CORS origin", origin);
        }
        for header in allow_headers {
            self.name("a CORS allowed header", header);
        }
        for header in expose_headers {
            self.name("a CORS exposed header", header);
        }
    }
}
