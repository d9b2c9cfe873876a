//! User pools a stack creates for its Cognito authorizers: `AWS::Cognito::UserPool`, its
//! optional app client, and their ids as outputs.

use crate::api::NewUserPool;
use crate::cfn::cognito::AdminCreateUserConfig;
use crate::cfn::{Expr, LogicalId, Output, Resource, cognito};

use super::{Emitter, ids};

impl Emitter<'_, '_, '_> {
    /// The pool `pool` as `id` (email sign-in; only administrators create users unless the
    /// stack turned self sign-up on), its app client if it has one, and an output with the
    /// id of each.
    pub(super) fn user_pool(&mut self, pool: &NewUserPool, id: &LogicalId) {
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
            }),
        );
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
