//! Authorizers: each kind checked, emitted as an `AWS::ApiGateway::Authorizer`, and named by
//! the methods it protects. Every function here matches [`Authorizer`] exhaustively: a new
//! kind is a compile error in each until it is handled.

use crate::api::{
    AppClientKind, Authorizer, CognitoUserPoolsAuthorizer, IdentitySource, LambdaAuthorizer,
    LambdaAuthorizerType, LambdaFunction, UserPoolSource, Value,
};
use crate::cfn::lambda::Permission;
use crate::cfn::{Attribute, Expr, Pseudo, Resource, SubPart, Text, apigateway};
use crate::error::ProblemKind;

use super::owner::Owner;
use super::parameters::{self, Declared, check_value};
use super::problems::Problems;
use super::resolve::ResolvedApi;
use super::{Emitter, ids, integrations, names, permissions};

/// Every problem of `authorizer` on its own (names of other authorizers are checked apart).
pub(crate) fn check(
    authorizer: &Authorizer,
    parameters: &Declared<'_>,
    problems: &mut Problems<'_>,
) {
    let name = authorizer.name();
    if !names::is_authorizer_name(name) {
        problems.stack(ProblemKind::InvalidAuthorizerName(name.to_owned()));
    }
    match authorizer {
        Authorizer::Cognito(a) => check_cognito(a, parameters, problems),
        Authorizer::Lambda(a) => check_lambda(a, parameters, problems),
    }
}

fn check_lambda(a: &LambdaAuthorizer, parameters: &Declared<'_>, problems: &mut Problems<'_>) {
    let name = || a.name.clone();
    let invalid_function = |function: &str, reason: &str| ProblemKind::InvalidAuthorizerFunction {
        authorizer: a.name.clone(),
        function: function.to_owned(),
        reason: reason.to_owned(),
    };
    match &a.function {
        None => problems.stack(ProblemKind::AuthorizerWithoutFunction(name())),
        Some(LambdaFunction::Name(f)) if !names::is_function_name(f) => {
            problems.stack(invalid_function(
                f,
                "not a function name (1 to 64 letters, digits, `-` and `_`)",
            ))
        }
        Some(LambdaFunction::Name(_)) => {}
        Some(LambdaFunction::Arn(Value::Literal(arn))) if !names::is_function_arn(arn) => problems
            .stack(invalid_function(
                arn,
                "not a function ARN (arn:<partition>:lambda:<region>:<account>:function:<name>)",
            )),
        Some(LambdaFunction::Arn(value)) => check_value(value, parameters, None, None, problems),
        Some(LambdaFunction::Resource(id)) => match parameters.resources.get(id.as_str()) {
            None => problems.stack(ProblemKind::UndeclaredParameter(id.clone())),
            Some(&found) if found != "AWS::Lambda::Function" => problems.stack(invalid_function(
                id,
                &format!("the stack declares it as a `{found}`, not an `AWS::Lambda::Function`"),
            )),
            Some(_) => {}
        },
    }
    if let Some(ttl) = a.result_ttl.filter(|t| *t > 3600) {
        problems.stack(ProblemKind::TtlOutOfRange(name(), ttl));
    }
    let invalid_source = |source: &IdentitySource, reason| ProblemKind::InvalidIdentitySource {
        authorizer: a.name.clone(),
        expression: source.expression(),
        reason,
    };
    for source in &a.identity_sources {
        if let Some(reason) = identity_source_problem(source) {
            problems.stack(invalid_source(source, reason));
        }
    }
    match a.kind {
        LambdaAuthorizerType::Token => {
            let one_header = matches!(a.identity_sources.as_slice(), [IdentitySource::Header(_)]);
            if !one_header {
                problems.stack(ProblemKind::InvalidIdentitySource {
                    authorizer: name(),
                    expression: identity_source(&a.identity_sources).unwrap_or_default(),
                    reason: "a TOKEN authorizer reads exactly one header (its token source)",
                });
            }
        }
        LambdaAuthorizerType::Request => {
            if a.validation_expression.is_some() {
                problems.stack(ProblemKind::ValidationExpressionOnRequest(name()));
            }
            if a.identity_sources.is_empty() && a.result_ttl.is_some_and(|t| t > 0) {
                problems.stack(ProblemKind::CachingWithoutIdentitySource(name()));
            }
        }
    }
    match &a.credentials {
        Some(Value::Literal(arn)) if !is_role_arn(arn) => problems.stack(
            ProblemKind::InvalidAuthorizerCredentials(name(), arn.clone()),
        ),
        Some(value) => check_value(value, parameters, None, None, problems),
        None => {}
    }
}

/// Why API Gateway would reject `source`, if it would.
fn identity_source_problem(source: &IdentitySource) -> Option<&'static str> {
    match source {
        IdentitySource::Header(h) if !names::is_header_name(h) => Some("not a header name"),
        IdentitySource::QueryString(q)
            if q.is_empty()
                || !q
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c)) =>
        {
            Some("a query string parameter's name uses letters, digits and `-._~` only")
        }
        IdentitySource::StageVariable(v) => names::stage_variable_name_problem(v),
        IdentitySource::Context(c)
            if c.is_empty()
                || !c.split('.').all(|part| {
                    part.starts_with(|ch: char| ch.is_ascii_alphabetic())
                        && part
                            .chars()
                            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
                }) =>
        {
            Some(
                "a context variable is a dotted name of letters, digits and `_` (e.g. \
                 `sourceIp`, `identity.sourceIp`)",
            )
        }
        IdentitySource::Header(_) | IdentitySource::QueryString(_) | IdentitySource::Context(_) => {
            None
        }
    }
}

/// An IAM role ARN: `arn:<partition>:iam::<account>:role/<path and name>`.
fn is_role_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "iam"
        && parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5]
            .strip_prefix("role/")
            .is_some_and(|n| !n.is_empty())
}

/// The `IdentitySource` property: the sources' expressions, comma-separated.
fn identity_source(sources: &[IdentitySource]) -> Option<String> {
    (!sources.is_empty()).then(|| {
        sources
            .iter()
            .map(IdentitySource::expression)
            .collect::<Vec<_>>()
            .join(", ")
    })
}

fn check_cognito(
    a: &CognitoUserPoolsAuthorizer,
    parameters: &Declared<'_>,
    problems: &mut Problems<'_>,
) {
    if a.pools.is_empty() {
        problems.stack(ProblemKind::AuthorizerWithoutUserPool(a.name.clone()));
    }
    if let Some(ttl) = a.result_ttl.filter(|t| *t > 3600) {
        problems.stack(ProblemKind::TtlOutOfRange(a.name.clone(), ttl));
    }
    if !names::is_header_name(&a.token_header) {
        problems.stack(ProblemKind::InvalidTokenSource(
            a.name.clone(),
            a.token_header.clone(),
        ));
    }
    for pool in &a.pools {
        match &pool.0 {
            UserPoolSource::Imported(value, clients) => {
                match value {
                    Value::Literal(arn) if !names::is_user_pool_arn(arn) => {
                        problems.stack(ProblemKind::InvalidUserPoolArn(arn.clone()));
                    }
                    _ => check_value(value, parameters, None, None, problems),
                }
                for client in clients {
                    problems.stack(ProblemKind::ClientOnImportedPool(client.clone()));
                }
            }
            UserPoolSource::Created(new) => {
                for client in &new.clients {
                    let urls = match &client.kind {
                        AppClientKind::Public {
                            callback_urls,
                            logout_urls,
                        } => callback_urls.iter().chain(logout_urls).collect(),
                        AppClientKind::SignIn | AppClientKind::Machine => Vec::new(),
                    };
                    for url in urls {
                        check_value(url, parameters, None, None, problems);
                    }
                }
            }
        }
    }
}

/// Whether methods protected by `authorizer` take OAuth scopes (`AuthorizationScopes`).
pub(crate) fn takes_scopes(authorizer: &Authorizer) -> bool {
    match authorizer {
        Authorizer::Cognito(_) => true,
        Authorizer::Lambda(_) => false,
    }
}

/// The `AuthorizationType` of a method protected by `authorizer`.
pub(crate) fn method_authorization(authorizer: &Authorizer) -> &'static str {
    match authorizer {
        Authorizer::Cognito(_) => "COGNITO_USER_POOLS",
        Authorizer::Lambda(_) => "CUSTOM",
    }
}

impl<'s> Emitter<'s, '_, '_> {
    /// Every authorizer of the API (with the user pools they create), each remembered by
    /// name for the methods that name it.
    pub(super) fn authorizers(&mut self, api: &ResolvedApi<'s>) {
        let mut created = super::user_pools::Created::default();
        let scopes = self.created_pool_scopes(api);
        for &authorizer in &api.authorizers {
            let id = ids::authorizer(authorizer.name());
            let properties = match authorizer {
                Authorizer::Cognito(a) => self.cognito(a, &mut created, &scopes),
                Authorizer::Lambda(a) => self.lambda(a, &id),
            };
            self.authorizers_by_name
                .insert(authorizer.name(), (id.clone(), authorizer));
            self.insert(
                id,
                format!("authorizer `{}`", authorizer.name()),
                Resource::new(properties),
            );
        }
    }

    /// A `COGNITO_USER_POOLS` authorizer; the pools it creates are emitted once each, the
    /// first time an authorizer names them (`created`).
    fn cognito(
        &mut self,
        a: &'s CognitoUserPoolsAuthorizer,
        created: &mut super::user_pools::Created<'s>,
        scopes: &super::user_pools::PoolScopes,
    ) -> apigateway::Authorizer {
        let mut provider_arns = Vec::new();
        for pool in &a.pools {
            match &pool.0 {
                UserPoolSource::Imported(v, _) => provider_arns.push(parameters::expr(v)),
                UserPoolSource::Created(new) => {
                    let id = ids::user_pool(&new.name);
                    if created.pools.insert(&new.name) {
                        self.user_pool(new, &id, scopes, created);
                    }
                    provider_arns.push(Expr::GetAtt(id, Attribute::Arn));
                }
            }
        }
        apigateway::Authorizer {
            name: a.name.clone(),
            rest_api_id: self.api_ref(),
            kind: Text::Borrowed("COGNITO_USER_POOLS"),
            provider_arns,
            authorizer_uri: None,
            authorizer_credentials: None,
            identity_source: Some(format!("method.request.header.{}", a.token_header)),
            identity_validation_expression: None,
            authorizer_result_ttl_in_seconds: a.result_ttl,
        }
    }

    /// A `TOKEN` or `REQUEST` authorizer (whose logical id is `id`), with the permission for
    /// API Gateway to invoke its function from this authorizer, unless it gives credentials.
    fn lambda(
        &mut self,
        a: &LambdaAuthorizer,
        id: &crate::cfn::LogicalId,
    ) -> apigateway::Authorizer {
        // Checked before emission: a Lambda authorizer has its function here.
        let uri = a.function.as_ref().map(integrations::lambda_uri);
        if let (Some(function), None) = (&a.function, &a.credentials) {
            let (readable, _, function_name) = permissions::target(function);
            let permission = Permission {
                action: "lambda:InvokeFunction".into(),
                function_name,
                principal: "apigateway.amazonaws.com".into(),
                source_arn: Expr::sub([
                    "arn:".into(),
                    Pseudo::Partition.into(),
                    ":execute-api:".into(),
                    Pseudo::Region.into(),
                    ":".into(),
                    Pseudo::AccountId.into(),
                    ":".into(),
                    SubPart::Ref(self.rest_api.clone()),
                    "/authorizers/".into(),
                    SubPart::Ref(id.clone()),
                ]),
            };
            let permission_id = ids::permission(
                &format!("{readable}-authorizer-{}", a.name),
                &format!("authorizer:{}", a.name),
            );
            let owner =
                Owner::Described(format!("the invoke permission of authorizer `{}`", a.name));
            self.insert_placed(permission_id, owner, Resource::new(permission), None);
        }
        let ttl = match a.kind {
            // Without identity sources a REQUEST authorizer can't cache: API Gateway refuses
            // its default TTL (300).
            LambdaAuthorizerType::Request if a.identity_sources.is_empty() => {
                Some(a.result_ttl.unwrap_or(0))
            }
            LambdaAuthorizerType::Request | LambdaAuthorizerType::Token => a.result_ttl,
        };
        apigateway::Authorizer {
            name: a.name.clone(),
            rest_api_id: self.api_ref(),
            kind: Text::Borrowed(a.kind.as_str()),
            authorizer_uri: uri,
            authorizer_credentials: a.credentials.as_ref().map(parameters::expr),
            provider_arns: Vec::new(),
            identity_source: identity_source(&a.identity_sources),
            identity_validation_expression: a.validation_expression.clone(),
            authorizer_result_ttl_in_seconds: ttl,
        }
    }
}
