//! User pools a stack creates for its Cognito authorizers: `AWS::Cognito::UserPool`, its
//! resource servers, domain and app clients, and their ids as outputs.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::{AppClient, AppClientKind, Authorizer, NewUserPool, UserPoolSource};
use crate::cfn::cognito::{
    AdminCreateUserConfig, PasswordPolicy, ResourceServerScope, UserPoolPolicies,
};
use crate::cfn::{Expr, LogicalId, Output, Pseudo, Resource, SubPart, cognito};
use crate::error::ProblemKind;

use super::resolve::{Auth, ResolvedApi};
use super::{Emitter, ids, parameters};

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

/// The pools emitted so far (each is emitted once, the first time an authorizer names it)
/// and the names of their app clients (unique in a stack).
#[derive(Default)]
pub(super) struct Created<'s> {
    /// The pools' names.
    pub(super) pools: BTreeSet<&'s str>,
    /// The app clients' names.
    pub(super) clients: BTreeSet<&'s str>,
}

impl<'s> Emitter<'s, '_, '_> {
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
                        UserPoolSource::Imported(..) => None,
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
    /// require, its app clients, and an output with the id of each.
    pub(super) fn user_pool(
        &mut self,
        pool: &'s NewUserPool,
        id: &LogicalId,
        scopes: &PoolScopes,
        created: &mut Created<'s>,
    ) {
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
        for client in &pool.clients {
            self.app_client(pool, id, client, scopes.get(&pool.name), created);
        }
    }

    /// The app client `client` of `pool` (whose logical id is `pool_id`), after checking it
    /// against the scopes the pool grants (`granted`), and an output with its id (never its
    /// secret).
    fn app_client(
        &mut self,
        pool: &NewUserPool,
        pool_id: &LogicalId,
        client: &'s AppClient,
        granted: Option<&BTreeMap<String, BTreeSet<String>>>,
        created: &mut Created<'s>,
    ) {
        if !created.clients.insert(&client.name) {
            self.problems
                .stack(ProblemKind::DuplicateAppClient(client.name.clone()));
            return;
        }
        let servers = self.check_client(pool, client, granted);
        let client_id = ids::user_pool_client(&pool.name, &client.name);
        let mut properties = cognito::UserPoolClient {
            user_pool_id: Expr::Ref(pool_id.clone()),
            client_name: client.name.clone(),
            generate_secret: false,
            explicit_auth_flows: vec![
                "ALLOW_USER_SRP_AUTH".to_owned(),
                "ALLOW_REFRESH_TOKEN_AUTH".to_owned(),
            ],
            allowed_oauth_flows: Vec::new(),
            allowed_oauth_flows_user_pool_client: None,
            allowed_oauth_scopes: Vec::new(),
            callback_urls: Vec::new(),
            logout_urls: Vec::new(),
            supported_identity_providers: Vec::new(),
            prevent_user_existence_errors: None,
        };
        match &client.kind {
            AppClientKind::SignIn => {}
            AppClientKind::Public {
                callback_urls,
                logout_urls,
            } => {
                properties.allowed_oauth_flows = vec!["code".to_owned()];
                properties.allowed_oauth_flows_user_pool_client = Some(true);
                properties.allowed_oauth_scopes = if client.scopes.is_empty() {
                    vec!["openid".to_owned()]
                } else {
                    client.scopes.clone()
                };
                properties.callback_urls = callback_urls.iter().map(parameters::expr).collect();
                properties.logout_urls = logout_urls.iter().map(parameters::expr).collect();
                properties.supported_identity_providers = vec!["COGNITO".to_owned()];
                properties.prevent_user_existence_errors = Some("ENABLED".to_owned());
            }
            AppClientKind::Machine => {
                properties.generate_secret = true;
                properties.explicit_auth_flows = vec!["ALLOW_REFRESH_TOKEN_AUTH".to_owned()];
                properties.allowed_oauth_flows = vec!["client_credentials".to_owned()];
                properties.allowed_oauth_flows_user_pool_client = Some(true);
                properties.allowed_oauth_scopes = client.scopes.clone();
                properties.prevent_user_existence_errors = Some("ENABLED".to_owned());
            }
        }
        // Its scopes exist once the resource servers granting them do: they are strings, not
        // references, so the order is a `DependsOn`.
        let depends_on = servers
            .into_iter()
            .map(|identifier| ids::user_pool_resource_server(&pool.name, identifier))
            .collect();
        self.insert(
            client_id.clone(),
            format!("user pool client `{}`", client.name),
            Resource::new(properties).depends_on(depends_on),
        );
        self.output(
            LogicalId::readable("UserPoolClient", &format!("{} Id", client.name)),
            format!("the id of app client `{}`", client.name),
            Output {
                description: Some(format!("Id of app client {}", client.name)),
                value: Expr::Ref(client_id),
                condition: None,
                export: None,
            },
        );
    }

    /// Every problem of `client` of `pool`, whose resource servers grant `granted`; the
    /// identifiers of the resource servers its scopes need.
    fn check_client<'c>(
        &mut self,
        pool: &NewUserPool,
        client: &'c AppClient,
        granted: Option<&BTreeMap<String, BTreeSet<String>>>,
    ) -> BTreeSet<&'c str> {
        let cognito_allowed = match &client.kind {
            AppClientKind::SignIn => true,
            AppClientKind::Public {
                callback_urls,
                logout_urls,
            } => {
                if callback_urls.is_empty() {
                    self.problems
                        .stack(ProblemKind::PublicClientWithoutCallbackUrl {
                            pool: pool.name.clone(),
                            client: client.name.clone(),
                        });
                }
                let urls = callback_urls
                    .iter()
                    .map(|u| ("callback", u))
                    .chain(logout_urls.iter().map(|u| ("logout", u)));
                for (field, url) in urls {
                    for text in url.literals() {
                        if !is_client_url(text) {
                            self.problems.stack(ProblemKind::InsecureClientUrl {
                                pool: pool.name.clone(),
                                client: client.name.clone(),
                                field,
                                url: text.to_owned(),
                            });
                        }
                    }
                }
                true
            }
            AppClientKind::Machine => {
                if client.scopes.is_empty() {
                    self.problems
                        .stack(ProblemKind::MachineClientWithoutScopes {
                            pool: pool.name.clone(),
                            client: client.name.clone(),
                        });
                }
                false
            }
        };
        let mut servers = BTreeSet::new();
        for scope in &client.scopes {
            if let Some((identifier, name)) = resource_server_scope(scope)
                && granted
                    .and_then(|g| g.get(identifier))
                    .is_some_and(|names| names.contains(name))
            {
                servers.insert(identifier);
                continue;
            }
            if cognito_allowed && COGNITO_SCOPES.contains(&scope.as_str()) {
                continue;
            }
            let list: Vec<String> = granted
                .into_iter()
                .flatten()
                .flat_map(|(id, names)| names.iter().map(move |n| format!("`{id}/{n}`")))
                .collect();
            self.problems.stack(ProblemKind::ClientScopeNotGranted {
                pool: pool.name.clone(),
                client: client.name.clone(),
                scope: scope.clone(),
                granted: if list.is_empty() {
                    "none".to_owned()
                } else {
                    list.join(", ")
                },
                cognito: if cognito_allowed {
                    ", nor is it one of Cognito's (`openid`, `email`, `phone`, `profile`, \
                     `aws.cognito.signin.user.admin`)"
                } else {
                    "; a machine client gets only resource-server scopes"
                },
            });
        }
        servers
    }
}

/// Whether Cognito takes `url` as a callback or logout URL: absolute, `https://` (or
/// `http://localhost`), with a host and no fragment.
fn is_client_url(url: &str) -> bool {
    let rest = if let Some(rest) = url.strip_prefix("https://") {
        rest
    } else if let Some(rest) = url.strip_prefix("http://localhost") {
        if !(rest.is_empty() || rest.starts_with(':') || rest.starts_with('/')) {
            return false;
        }
        "localhost"
    } else {
        return false;
    };
    let host = rest.split(['/', ':', '?']).next().unwrap_or("");
    !host.is_empty()
        && !url.contains('#')
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
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
