//! The texts of authorizers: Lambda functions, user pools, scopes.

use crate::api::{
    AppClient, AppClientKind, Authorizer, AuthorizerRef, CognitoUserPoolsAuthorizer,
    IdentitySource, LambdaAuthorizer, LambdaFunction, NewUserPool, UserPool, UserPoolSource,
};

use super::Texts;

impl<'a> Texts<'_, '_, 'a> {
    pub(super) fn authorizer(&mut self, authorizer: &Authorizer) {
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

    pub(super) fn function(&mut self, function: &LambdaFunction) {
        match function {
            LambdaFunction::Name(name) => self.name("a Lambda function's name", name),
            LambdaFunction::Arn(arn) => self.value("a Lambda function's ARN", arn),
            LambdaFunction::Resource(id) => self.name("a Lambda function's resource", id),
        }
    }

    pub(super) fn user_pool(&mut self, authorizer: &str, pool: &UserPool) {
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

    pub(super) fn app_client(&mut self, pool: &str, client: &AppClient) {
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

    pub(super) fn scopes(&mut self, scopes: Option<&Vec<String>>) {
        for scope in scopes.into_iter().flatten() {
            self.name("an authorization scope", scope);
        }
    }

    pub(super) fn authorizer_ref(&mut self, authorizer: Option<&AuthorizerRef>) {
        if let Some(AuthorizerRef(name)) = authorizer {
            self.name("an authorizer's name", name);
        }
    }
}
