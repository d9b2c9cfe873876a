//! The text a stack gives, checked for control characters before anything else reads it:
//! every name and value, from the API's name to each route part and stage variable. A
//! control character (C0, DEL, C1) in a name or value can rewrite a terminal that prints it
//! (ESC sequences that erase the lines above) or split a header value (CR LF), so none is
//! accepted; descriptions may hold line breaks and tabs, nothing else.
//!
//! Every builder type is taken apart field by field, without `..`, so a field added to one
//! is a compile error here until its text is checked: the check covers every later feature.

use std::collections::BTreeMap;

use crate::api::{
    AccessLog, AppClient, AppClientKind, Authorizer, AuthorizerRef, Canary,
    CognitoUserPoolsAuthorizer, Cors, CorsSetting, DomainName, GatewayResponse, IdentitySource,
    Integration, LambdaAuthorizer, LambdaFunction, LambdaIntegration, Method, MockIntegration,
    NewUserPool, Parameter, Resource, RestApi, Stack, Stage, UserPool, UserPoolSource, Value, Verb,
};
use crate::api::{
    ApiKey, ApiKeys, IntegrationOptions, MethodDefaults, PolicyCallers, PolicyRoute,
    PolicyStatement, StackOutput, UsagePlan,
};
use crate::error::ProblemKind;

use super::problems::Problems;

/// Which control characters a text may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A description: line breaks (LF) and tabs allowed.
    Prose,
    /// A name or value (it may become a name, a URL or a header value): none.
    Value,
}

/// The first control character of `text` that a text of `kind` may not hold.
fn first_control(text: &str, kind: Kind) -> Option<char> {
    text.chars()
        .find(|&c| c.is_control() && !(kind == Kind::Prose && matches!(c, '\n' | '\t')))
}

/// Checks every text of `stack`; true when none holds a control character. Each one found
/// is a problem naming the stack, and the path and method where the text belongs to one.
pub(crate) fn check(stack: &Stack, problems: &mut Problems<'_>) -> bool {
    let mut texts = Texts {
        problems,
        parts: None,
        method: None,
        clean: true,
    };
    texts.stack(stack);
    texts.clean
}

struct Texts<'p, 's, 'a> {
    problems: &'p mut Problems<'s>,
    /// The parts of the resource path the texts being checked belong to, if any (the path
    /// is only put together for a problem: a deep route would take time quadratic in its
    /// length to spell out at every resource).
    parts: Option<Vec<&'a str>>,
    /// The method they belong to, if any.
    method: Option<&'a str>,
    clean: bool,
}

impl<'a> Texts<'_, '_, 'a> {
    fn text(&mut self, what: impl FnOnce() -> String, value: &str, kind: Kind) {
        if let Some(character) = first_control(value, kind) {
            self.clean = false;
            let kind = ProblemKind::ControlCharacter {
                what: what(),
                value: value.to_owned(),
                character,
                prose: kind == Kind::Prose,
            };
            let path = self.parts.as_ref().map(|p| format!("/{}", p.join("/")));
            self.problems.at(path.as_deref(), self.method, kind);
        }
    }

    fn name(&mut self, what: &str, value: &str) {
        self.text(|| what.to_owned(), value, Kind::Value);
    }

    fn prose(&mut self, what: &str, value: Option<&String>) {
        if let Some(value) = value {
            self.text(|| what.to_owned(), value, Kind::Prose);
        }
    }

    fn value(&mut self, what: &str, value: &Value) {
        match value {
            Value::Literal(text) => self.name(what, text),
            Value::Ref(name) | Value::GetAtt(name, _) => {
                self.name(&format!("{what} (a name it refers to)"), name);
            }
            Value::Sub(text) => self.name(what, text),
            Value::ImportValue(inner) | Value::Select(_, inner) | Value::Split(_, inner) => {
                self.value(what, inner);
            }
            Value::Join(separator, items) => {
                self.name(what, separator);
                for item in items {
                    self.value(what, item);
                }
            }
            Value::If(condition, a, b) => {
                self.name(&format!("{what} (the condition it names)"), condition);
                self.value(what, a);
                self.value(what, b);
            }
        }
    }

    fn stack(&mut self, stack: &'a Stack) {
        let Stack {
            name,
            description,
            parameters,
            outputs,
            api,
            raw,
            conditions,
            mappings,
            overrides: _,
            exports,
        } = stack;
        self.name("the stack's name", name);
        // Raw properties, conditions and mappings are JSON, written escaped; their names are
        // checked here (a function's inline code may hold any text).
        for resource in raw {
            self.name("a raw resource's id", &resource.id);
            self.name(
                &format!("the type of raw resource `{}`", resource.id),
                &resource.type_name,
            );
            for id in &resource.depends_on {
                self.name(
                    &format!("a `DependsOn` of raw resource `{}`", resource.id),
                    id,
                );
            }
            if let Some(c) = &resource.condition {
                self.name(
                    &format!("the condition of raw resource `{}`", resource.id),
                    c,
                );
            }
        }
        for (name, _) in conditions {
            self.name("a condition's name", name);
        }
        for (name, _) in mappings {
            self.name("a mapping's name", name);
        }
        for (name, value) in exports {
            self.name("an exported output's name", name);
            self.value(&format!("the export name of output `{name}`"), value);
        }
        self.prose("the stack's description", description.as_ref());
        for parameter in parameters {
            self.parameter(parameter);
        }
        for output in outputs {
            let StackOutput {
                name,
                value,
                description,
                condition,
                export,
            } = output;
            if let Some(c) = condition {
                self.name(&format!("the condition of output `{name}`"), c);
            }
            if let Some(e) = export {
                self.value(&format!("the export name of output `{name}`"), e);
            }
            self.name("an output's name", name);
            self.value(&format!("the value of output `{name}`"), value);
            self.prose(
                &format!("the description of output `{name}`"),
                description.as_ref(),
            );
        }
        self.api(api);
    }

    fn parameter(&mut self, parameter: &Parameter) {
        let Parameter {
            name,
            kind: _,
            description,
            default,
            allowed_pattern,
            constraint_description,
            no_echo: _,
        } = parameter;
        self.name("a parameter's name", name);
        let of = |what: &str| format!("the {what} of parameter `{name}`");
        self.prose(&of("description"), description.as_ref());
        if let Some(default) = default {
            self.name(&of("default"), default);
        }
        if let Some(pattern) = allowed_pattern {
            self.name(&of("allowed pattern"), pattern);
        }
        self.prose(
            &of("constraint description"),
            constraint_description.as_ref(),
        );
    }

    fn api(&mut self, api: &'a RestApi) {
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

    fn policy_statement(&mut self, statement: &'a PolicyStatement) {
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

    fn api_keys(&mut self, api_keys: &ApiKeys) {
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

    fn gateway_response(&mut self, response: &GatewayResponse) {
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

    fn authorizer(&mut self, authorizer: &Authorizer) {
        match authorizer {
            Authorizer::Cognito(a) => {
                let CognitoUserPoolsAuthorizer {
                    name,
                    pools,
                    token_header,
                    result_ttl: _,
                } = a;
                self.name("an authorizer's name", name);
                self.name(
                    &format!("the token source of authorizer `{name}`"),
                    token_header,
                );
                for pool in pools {
                    self.user_pool(name, pool);
                }
            }
            Authorizer::Lambda(a) => {
                let LambdaAuthorizer {
                    name,
                    kind: _,
                    function,
                    identity_sources,
                    validation_expression,
                    result_ttl: _,
                    credentials,
                } = a;
                self.name("an authorizer's name", name);
                if let Some(function) = function {
                    self.function(function);
                }
                for source in identity_sources {
                    let (IdentitySource::Header(n)
                    | IdentitySource::QueryString(n)
                    | IdentitySource::StageVariable(n)
                    | IdentitySource::Context(n)) = source;
                    self.name(&format!("an identity source of authorizer `{name}`"), n);
                }
                if let Some(regex) = validation_expression {
                    self.name(
                        &format!("the validation expression of authorizer `{name}`"),
                        regex,
                    );
                }
                if let Some(role) = credentials {
                    self.value(&format!("the credentials of authorizer `{name}`"), role);
                }
            }
        }
    }

    fn function(&mut self, function: &LambdaFunction) {
        match function {
            LambdaFunction::Name(name) => self.name("a Lambda function's name", name),
            LambdaFunction::Arn(arn) => self.value("a Lambda function's ARN", arn),
            LambdaFunction::Resource(id) => self.name("a Lambda function's resource", id),
        }
    }

    fn user_pool(&mut self, authorizer: &str, pool: &UserPool) {
        let UserPool(source) = pool;
        match source {
            UserPoolSource::Imported(arn, clients) => {
                self.value(
                    &format!("a user pool ARN of authorizer `{authorizer}`"),
                    arn,
                );
                for client in clients {
                    self.name("an app client's name", client);
                }
            }
            UserPoolSource::Created(new) => {
                let NewUserPool {
                    name,
                    clients,
                    self_sign_up: _,
                    domain_prefix,
                } = new;
                if let Some(prefix) = domain_prefix {
                    self.name(&format!("the domain prefix of user pool `{name}`"), prefix);
                }
                self.name("a user pool's name", name);
                for client in clients {
                    self.app_client(name, client);
                }
            }
        }
    }

    fn app_client(&mut self, pool: &str, client: &AppClient) {
        let AppClient { name, kind, scopes } = client;
        self.name(&format!("the app client name of user pool `{pool}`"), name);
        for scope in scopes {
            self.name(&format!("a scope of app client `{name}`"), scope);
        }
        match kind {
            AppClientKind::SignIn | AppClientKind::Machine => {}
            AppClientKind::Public {
                callback_urls,
                logout_urls,
            } => {
                for url in callback_urls.iter().chain(logout_urls) {
                    self.value(&format!("a URL of app client `{name}`"), url);
                }
            }
        }
    }

    fn stage(&mut self, stage: &Stage) {
        let Stage {
            name: stage_name,
            id,
            description,
            variables,
            tracing: _,
            access_log,
            cache_cluster,
            settings: _,
            method_settings,
            canary,
            tags,
            web_acl,
        } = stage;
        self.value("the stage's name", stage_name);
        if let Some(id) = id {
            self.name("the stage's id", id);
        }
        let name = stage.label();
        self.prose("the stage's description", description.as_ref());
        for (variable, value) in variables {
            self.name("a stage variable's name", variable);
            self.name(&format!("the value of stage variable `{variable}`"), value);
        }
        match access_log {
            AccessLog::LogGroup {
                retention_days: _,
                kms_key,
            } => {
                if let Some(key) = kms_key {
                    self.value(&format!("the log key of stage `{name}`"), key);
                }
            }
            AccessLog::Destination(arn) => {
                self.value(
                    &format!("the access log destination of stage `{name}`"),
                    arn,
                );
            }
            AccessLog::Off(reason) => self.prose(
                &format!("the reason stage `{name}` logs no access"),
                Some(reason),
            ),
        }
        if let Some(size) = cache_cluster {
            self.name(&format!("the cache cluster size of stage `{name}`"), size);
        }
        for (path, _, _) in method_settings {
            self.name(&format!("a method settings path of stage `{name}`"), path);
        }
        if let Some(Canary {
            percent: _,
            variables,
            use_stage_cache: _,
        }) = canary
        {
            for (variable, value) in variables {
                self.name("a canary variable's name", variable);
                self.name(&format!("the value of canary variable `{variable}`"), value);
            }
        }
        self.tags(&format!("stage `{name}`"), tags);
        if let Some(arn) = web_acl {
            self.value(&format!("the web ACL of stage `{name}`"), arn);
        }
    }

    fn tags(&mut self, of: &str, tags: &BTreeMap<String, String>) {
        for (key, value) in tags {
            self.name(&format!("a tag's key on {of}"), key);
            self.name(&format!("the value of tag `{key}` on {of}"), value);
        }
    }

    fn domain(&mut self, domain: &DomainName) {
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

    fn cors(&mut self, cors: &Cors) {
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

    fn scopes(&mut self, scopes: Option<&Vec<String>>) {
        for scope in scopes.into_iter().flatten() {
            self.name("an authorization scope", scope);
        }
    }

    fn authorizer_ref(&mut self, authorizer: Option<&AuthorizerRef>) {
        if let Some(AuthorizerRef(name)) = authorizer {
            self.name("an authorizer's name", name);
        }
    }

    /// The resource tree, depth first with a list of pending resources (no recursion: a
    /// route may be as deep as its input), each with the path it is at.
    fn tree(&mut self, root: &'a Resource) {
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

    fn method(&mut self, method: &'a Method) {
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
                for value in super::integrations::action_values(&aws.action) {
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

    fn integration_options(&mut self, options: &IntegrationOptions) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_take_no_control_character_and_descriptions_take_line_breaks_and_tabs() {
        assert_eq!(first_control("shop", Kind::Value), None);
        assert_eq!(first_control("shop\u{1b}[2J", Kind::Value), Some('\u{1b}'));
        assert_eq!(first_control("a\r\nb", Kind::Value), Some('\r'));
        assert_eq!(first_control("del\u{7f}", Kind::Value), Some('\u{7f}'));
        assert_eq!(first_control("c1\u{9b}2J", Kind::Value), Some('\u{9b}'));
        assert_eq!(first_control("line\nand\ttab", Kind::Prose), None);
        assert_eq!(first_control("line\r\n", Kind::Prose), Some('\r'));
        assert_eq!(first_control("caf\u{e9}", Kind::Value), None);
    }
}
