//! Authorizers: each kind checked, emitted as an `AWS::ApiGateway::Authorizer`, and named by
//! the methods it protects. Every function here matches [`Authorizer`] exhaustively: a new
//! kind is a compile error in each until it is handled.

use std::collections::BTreeSet;

use crate::api::{Authorizer, CognitoUserPoolsAuthorizer, UserPoolSource, Value};
use crate::cfn::{Attribute, Expr, Resource, Text, apigateway};
use crate::error::ProblemKind;

use super::parameters::{self, Declared, check_value};
use super::problems::Problems;
use super::resolve::ResolvedApi;
use super::{Emitter, ids, names};

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
    }
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
            UserPoolSource::Imported(Value::Literal(arn)) if !names::is_user_pool_arn(arn) => {
                problems.stack(ProblemKind::InvalidUserPoolArn(arn.clone()));
            }
            UserPoolSource::Imported(value) => check_value(value, parameters, None, None, problems),
            UserPoolSource::Created(_) => {}
        }
    }
}

/// Whether methods protected by `authorizer` take OAuth scopes (`AuthorizationScopes`).
pub(crate) fn takes_scopes(authorizer: &Authorizer) -> bool {
    match authorizer {
        Authorizer::Cognito(_) => true,
    }
}

/// The `AuthorizationType` of a method protected by `authorizer`.
pub(crate) fn method_authorization(authorizer: &Authorizer) -> &'static str {
    match authorizer {
        Authorizer::Cognito(_) => "COGNITO_USER_POOLS",
    }
}

impl<'s> Emitter<'s, '_, '_> {
    /// Every authorizer of the API (with the user pools they create), each remembered by
    /// name for the methods that name it.
    pub(super) fn authorizers(&mut self, api: &ResolvedApi<'s>) {
        let mut created: BTreeSet<&str> = BTreeSet::new();
        for &authorizer in &api.authorizers {
            let id = ids::authorizer(authorizer.name());
            let properties = match authorizer {
                Authorizer::Cognito(a) => self.cognito(a, &mut created),
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
        created: &mut BTreeSet<&'s str>,
    ) -> apigateway::Authorizer {
        let mut provider_arns = Vec::new();
        for pool in &a.pools {
            match &pool.0 {
                UserPoolSource::Imported(v) => provider_arns.push(parameters::expr(v)),
                UserPoolSource::Created(new) => {
                    let id = ids::user_pool(&new.name);
                    if created.insert(&new.name) {
                        self.user_pool(new, &id);
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
            identity_source: format!("method.request.header.{}", a.token_header),
            authorizer_result_ttl_in_seconds: a.result_ttl,
        }
    }
}
