//! User pools a stack creates for its Cognito authorizers: `AWS::Cognito::UserPool`, its
//! optional app client, and their ids as outputs.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::{Authorizer, NewUserPool, UserPoolSource};
use crate::cfn::cognito::{
    AdminCreateUserConfig, PasswordPolicy, ResourceServerScope, UserPoolPolicies,
};
use crate::cfn::{Expr, LogicalId, Output, Pseudo, Resource, SubPart, cognito};
use crate::error::ProblemKind;

use super::resolve::{Auth, ResolvedApi};
use super::{Emitter, ids};

/// Scopes Cognito grants by itself, without a resource server.
const COGNITO_SCOPES: [&str; 5] = [
    "openid",
    "email",
    "phone",
    "profile",
    "aws.cognito.signin.user.admin",
];

/// The scopes each created pool must grant, by pool name: `identifier` → scope names.
pub(super) type PoolScopes = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

/// `orders/read` → (`orders`, `read`): split at the last `/`; None without one.
fn resource_server_scope(scope: &str) -> Option<(&str, &str)> {
    scope
        .rsplit_once('/')
        .filter(|(id, name)| !id.is_empty() && !name.is_empty())
}

impl Emitter<'_, '_, '_> {
    /// The scopes the methods on each created pool's authorizers require, so that the pool
    /// grants them; a scope no pool of an authorizer that only has created pools can grant
    /// is a problem at its method.
    pub(super) fn created_pool_scopes(&mut self, api: &ResolvedApi<'_>) -> PoolScopes {
        let mut out = PoolScopes::new();
        for (i, resource) in api.resources.iter().enumerate() {
            for m in &resource.methods {
                let Auth::Authorizer(name) = m.auth else {
                    continue;
                };
                let Some(Authorizer::Cognito(a)) =
                    api.authorizers.iter().find(|a| a.name() == name)
                else {
                    continue;
                };
                let created: Vec<&str> = a
                    .pools
                    .iter()
                    .filter_map(|p| match &p.0 {
                        UserPoolSource::Created(new) => Some(new.name.as_str()),
                        UserPoolSource::Imported(_) => None,
                    })
                    .collect();
                if created.is_empty() {
                    continue;
                }
                for scope in &m.scopes {
                    match resource_server_scope(scope) {
                        Some((identifier, scope_name)) => {
                            for pool in &created {
                                out.entry((*pool).to_owned())
                                    .or_default()
                                    .entry(identifier.to_owned())
                                    .or_default()
                                    .insert(scope_name.to_owned());
                            }
                        }
                        None if COGNITO_SCOPES.contains(&scope.as_str()) => {}
                        None if created.len() == a.pools.len() => self.problems.at(
                            Some(&api.path(i)),
                            Some(m.verb.as_str()),
                            ProblemKind::ScopeNotGranted(scope.clone()),
                        ),
                        None => {}
                    }
                }
            }
        }
        out
    }

    /// The hosted UI's domain of `pool` (after checking its prefix), and its URL as an
    /// output.
    fn user_pool_domain(&mut self, pool: &NewUserPool, id: &LogicalId, prefix: &str) {
        if let Some(reason) = domain_prefix_problem(prefix) {
            self.problems.stack(ProblemKind::InvalidUserPoolDomain {
                pool: pool.name.clone(),
                prefix: prefix.to_owned(),
                reason,
            });
            return;
        }
        let domain_id = ids::user_pool_domain(&pool.name);
        self.insert(
            domain_id.clone(),
            format!("the domain of user pool `{}`", pool.name),
            Resource::new(cognito::UserPoolDomain {
                domain: prefix.to_owned(),
                user_pool_id: Expr::Ref(id.clone()),
            }),
        );
        self.output(
            LogicalId::readable("UserPool", &format!("{} Domain", pool.name)),
            format!("the domain of user pool `{}`", pool.name),
            Output {
                description: Some(format!("Hosted UI of user pool {}", pool.name)),
                value: Expr::sub([
                    SubPart::from(format!("https://{prefix}.auth.")),
                    SubPart::Pseudo(Pseudo::Region),
                    SubPart::from(".amazoncognito.com"),
                ]),
                condition: None,
                export: None,
            },
        );
    }

    /// One resource server per scope identifier the methods on a created pool require.
    fn resource_servers(
        &mut self,
        pool: &NewUserPool,
        id: &LogicalId,
        servers: &BTreeMap<String, BTreeSet<String>>,
    ) {
        for (identifier, scopes) in servers {
            self.insert(
                ids::user_pool_resource_server(&pool.name, identifier),
                format!(
                    "resource server `{identifier}` of user pool `{}`",
                    pool.name
                ),
                Resource::new(cognito::UserPoolResourceServer {
                    user_pool_id: Expr::Ref(id.clone()),
                    identifier: identifier.clone(),
                    name: identifier.clone(),
                    scopes: scopes
                        .iter()
                        .map(|s| ResourceServerScope {
                            scope_name: s.clone(),
                            scope_description: format!("{identifier}/{s}, which methods require"),
                        })
                        .collect(),
                }),
            );
        }
    }

    /// The pool `pool` as `id` (email sign-in; only administrators create users unless the
    /// stack turned self sign-up on), the resource servers granting the scopes its methods
    /// require, its app client if it has one, and an output with the id of each.
    pub(super) fn user_pool(&mut self, pool: &NewUserPool, id: &LogicalId, scopes: &PoolScopes) {
        if let Some(servers) = scopes.get(&pool.name) {
            self.resource_servers(pool, id, servers);
        }
        self.insert(
            id.clone(),
            format!("user pool `{}`", pool.name),
            Resource::new(cognito::UserPool {
                user_pool_name: pool.name.clone(),
                username_attributes: vec!["email".to_owned()],
                auto_verified_attributes: vec!["email".to_owned()],
                admin_create_user_config: AdminCreateUserConfig {
                    allow_admin_create_user_only: !pool.self_sign_up,
                },
                policies: UserPoolPolicies {
                    password_policy: PasswordPolicy {
                        minimum_length: 12,
                        require_lowercase: true,
                        require_uppercase: true,
                        require_numbers: true,
                        require_symbols: true,
                        temporary_password_validity_days: 7,
                    },
                },
            }),
        );
        if let Some(prefix) = &pool.domain_prefix {
            self.user_pool_domain(pool, id, prefix);
        }
        // Outputs are named by the pool's name, without the hash its logical id carries: a
        // frontend reads `UserPoolTodoUsersId`, stable and readable.
        self.output(
            LogicalId::readable("UserPool", &format!("{} Id", pool.name)),
            format!("the id of user pool `{}`", pool.name),
            Output {
                description: Some(format!("Id of user pool {}", pool.name)),
                value: Expr::Ref(id.clone()),
                condition: None,
                export: None,
            },
        );
        if let Some(client) = &pool.client {
            let client_id = ids::user_pool_client(&pool.name, client);
            self.insert(
                client_id.clone(),
                format!("user pool client `{client}`"),
                Resource::new(cognito::UserPoolClient {
                    user_pool_id: Expr::Ref(id.clone()),
                    client_name: client.clone(),
                    generate_secret: false,
                    explicit_auth_flows: vec![
                        "ALLOW_USER_SRP_AUTH".to_owned(),
                        "ALLOW_REFRESH_TOKEN_AUTH".to_owned(),
                    ],
                }),
            );
            self.output(
                LogicalId::readable("UserPoolClient", &format!("{client} Id")),
                format!("the id of app client `{client}`"),
                Output {
                    description: Some(format!("Id of app client {client}")),
                    value: Expr::Ref(client_id),
                    condition: None,
                    export: None,
                },
            );
        }
    }
}

/// Why Cognito would refuse `prefix` as a domain prefix, if it would.
fn domain_prefix_problem(prefix: &str) -> Option<&'static str> {
    if prefix.is_empty() || prefix.len() > 63 {
        return Some("it has 1 to 63 characters");
    }
    if !prefix
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        || prefix.starts_with('-')
        || prefix.ends_with('-')
    {
        return Some("it uses lower-case letters, digits and `-` (not first or last)");
    }
    ["aws", "amazon", "cognito"]
        .iter()
        .any(|w| prefix.contains(w))
        .then_some("Cognito refuses `aws`, `amazon` and `cognito` in it")
}
