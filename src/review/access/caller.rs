//! Who a method admits: its authorization type read with the authorizer it names (a
//! Cognito authorizer's pools, a Lambda authorizer's function and identity sources).

use std::collections::BTreeMap;

use super::{AppClientAccess, AuthorizerAccess, Caller, UserPoolAccess};
use crate::review::view::{AuthorizationKind, AuthorizerView, MethodView, OtherResource};

/// Resources outside the route tree by logical id, to resolve `${LogicalId}` references.
pub(super) type ById<'m> = BTreeMap<&'m str, &'m OtherResource>;

/// The logical id a flattened reference names: `${Id}` or `${Id.Attr}`.
pub(super) fn referenced_id(text: &str) -> Option<&str> {
    let inner = text.strip_prefix("${")?.strip_suffix('}')?;
    let id = inner.split_once('.').map_or(inner, |(id, _)| id);
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric())).then_some(id)
}

/// A property of a resource outside the route tree.
pub(super) fn property<'m>(resource: &'m OtherResource, key: &str) -> Option<&'m str> {
    resource
        .details
        .get(&format!("Properties.{key}"))
        .map(String::as_str)
}

/// One authorizer as the access view shows it.
pub(super) fn authorizer_access(
    name: &str,
    authorizer: &AuthorizerView,
    by_id: &ById<'_>,
) -> AuthorizerAccess {
    let p = &authorizer.properties;
    let get = |key: &str| p.get(key).cloned();
    let kind = get("Type").unwrap_or_default().to_uppercase();
    let user_pools = p
        .get("ProviderARNs")
        .map(|arns| arns.split(", ").map(|arn| user_pool(arn, by_id)).collect())
        .unwrap_or_default();
    let function = p.get("AuthorizerUri").map(|uri| function_of(uri));
    let identity_sources = p
        .get("IdentitySource")
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(identity_source)
                .collect()
        })
        .unwrap_or_default();
    AuthorizerAccess {
        name: name.to_owned(),
        kind,
        user_pools,
        function,
        identity_sources,
        validation_expression: get("IdentityValidationExpression"),
        result_ttl_seconds: get("AuthorizerResultTtlInSeconds"),
        credentials: get("AuthorizerCredentials"),
    }
}

/// A pool by its ARN's expression: a pool the template creates by its name, with whether
/// anyone may sign up to it.
fn user_pool(arn: &str, by_id: &ById<'_>) -> UserPoolAccess {
    let created = referenced_id(arn)
        .and_then(|id| by_id.get(id))
        .filter(|r| r.resource_type == "AWS::Cognito::UserPool");
    match created {
        Some(pool) => UserPoolAccess {
            pool: property(pool, "UserPoolName")
                .unwrap_or(&pool.logical_id)
                .to_owned(),
            created: true,
            self_sign_up: Some(
                property(pool, "AdminCreateUserConfig.AllowAdminCreateUserOnly") != Some("true"),
            ),
            clients: clients_of(&pool.logical_id, by_id),
        },
        None => UserPoolAccess {
            pool: arn.to_owned(),
            created: false,
            self_sign_up: None,
            clients: Vec::new(),
        },
    }
}

/// The app clients of the created pool `pool_id`, by name.
fn clients_of(pool_id: &str, by_id: &ById<'_>) -> Vec<AppClientAccess> {
    let mut clients: Vec<AppClientAccess> = by_id
        .values()
        .filter(|r| r.resource_type == "AWS::Cognito::UserPoolClient")
        .filter(|r| property(r, "UserPoolId").and_then(referenced_id) == Some(pool_id))
        .map(|r| AppClientAccess {
            name: property(r, "ClientName")
                .unwrap_or(&r.logical_id)
                .to_owned(),
            flows: list(r, "AllowedOAuthFlows"),
            scopes: list(r, "AllowedOAuthScopes"),
        })
        .collect();
    clients.sort_by(|a, b| a.name.cmp(&b.name));
    clients
}

/// The items of the list property `key` of `resource` (flattened as `key[0]`, `key[1]`, …).
fn list(resource: &OtherResource, key: &str) -> Vec<String> {
    (0..)
        .map_while(|i| property(resource, &format!("{key}[{i}]")))
        .map(str::to_owned)
        .collect()
}

/// The clients of `authorizer`'s pools allowed one of `scopes`; None when the method lists
/// no scope or a pool comes from outside the template (its clients are unknown).
fn clients_with(authorizer: Option<&AuthorizerAccess>, scopes: &[String]) -> Option<Vec<String>> {
    let pools = &authorizer?.user_pools;
    if scopes.is_empty() || pools.is_empty() || pools.iter().any(|p| !p.created) {
        return None;
    }
    let mut names: Vec<String> = pools
        .iter()
        .flat_map(|p| &p.clients)
        .filter(|c| c.scopes.iter().any(|s| scopes.contains(s)))
        .map(|c| c.name.clone())
        .collect();
    names.sort();
    names.dedup();
    Some(names)
}

/// The function of a Lambda authorizer's `AuthorizerUri`: `…/functions/<ARN>/invocations`,
/// the ARN's function name (`check-token`), a template function by its name, else the
/// ARN's expression (`${AuthArn}`).
fn function_of(uri: &str) -> String {
    let arn = uri
        .split_once("functions/")
        .map_or(uri, |(_, rest)| rest)
        .trim_end_matches("/invocations");
    if let Some(name) = arn
        .strip_prefix("${Function:")
        .and_then(|r| r.strip_suffix(".Arn}"))
    {
        return name.to_owned();
    }
    match arn.split_once(":function:") {
        Some((_, name)) => name.to_owned(),
        None => arn.to_owned(),
    }
}

/// `method.request.header.X-Token` → `header X-Token`, and likewise for query strings,
/// stage variables and context variables; anything else as written.
fn identity_source(source: &str) -> String {
    for (prefix, name) in [
        ("method.request.header.", "header"),
        ("method.request.querystring.", "query string"),
        ("stageVariables.", "stage variable"),
        ("context.", "context"),
    ] {
        if let Some(rest) = source.strip_prefix(prefix) {
            return format!("{name} {rest}");
        }
    }
    source.to_owned()
}

/// Who may call `method`, its authorizer read from `authorizers`.
pub(super) fn caller(method: &MethodView, authorizers: &[AuthorizerAccess]) -> Caller {
    let a = &method.authorization;
    let named = a
        .authorizer
        .as_ref()
        .and_then(|n| authorizers.iter().find(|x| &x.name == n));
    let unknown = || Caller::Unknown {
        authorization_type: a.kind.as_str().to_owned(),
        authorizer: a.authorizer.clone(),
    };
    match &a.kind {
        AuthorizationKind::None => Caller::Public {
            reason: method.public_reason.clone(),
        },
        AuthorizationKind::AwsIam => Caller::Iam,
        AuthorizationKind::CognitoUserPools => match &a.authorizer {
            Some(name) => {
                let scopes: Vec<String> = a.scopes.iter().cloned().collect();
                Caller::Cognito {
                    authorizer: name.clone(),
                    user_pools: named
                        .map(|x| x.user_pools.iter().map(|p| p.pool.clone()).collect())
                        .unwrap_or_default(),
                    clients: clients_with(named, &scopes),
                    scopes,
                }
            }
            None => unknown(),
        },
        AuthorizationKind::Custom => match (&a.authorizer, named) {
            (Some(name), Some(x)) => Caller::Lambda {
                authorizer: name.clone(),
                kind: x.kind.clone(),
                function: x.function.clone(),
            },
            (Some(name), None) => Caller::Lambda {
                authorizer: name.clone(),
                kind: a.lambda_type.clone().unwrap_or_default(),
                function: None,
            },
            (None, _) => unknown(),
        },
        AuthorizationKind::Other(_) => unknown(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_function_is_named_by_its_arn_or_its_template_name_else_shown_as_written() {
        let uri = |arn: &str| {
            format!(
                "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/{arn}/invocations"
            )
        };
        assert_eq!(
            function_of(&uri(
                "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:check"
            )),
            "check"
        );
        assert_eq!(function_of(&uri("${Function:auth.Arn}")), "auth");
        assert_eq!(function_of(&uri("${AuthArn}")), "${AuthArn}");
    }

    #[test]
    fn identity_sources_are_named_by_where_they_are_read() {
        assert_eq!(
            identity_source("method.request.querystring.tenant"),
            "query string tenant"
        );
        assert_eq!(identity_source("stageVariables.t"), "stage variable t");
        assert_eq!(identity_source("context.sourceIp"), "context sourceIp");
    }

    #[test]
    fn only_a_plain_reference_names_a_logical_id() {
        assert_eq!(referenced_id("${UserPoolA1.Arn}"), Some("UserPoolA1"));
        assert_eq!(referenced_id("${Stage:v1}"), None);
        assert_eq!(referenced_id("arn:${AWS::Partition}"), None);
    }
}
