//! Cognito user pools an authorizer trusts: imported, or created by the stack.

mod app_client;

pub(crate) use app_client::{AppClient, AppClientKind};
pub use app_client::{MachineClient, PublicClient};

use super::Value;

/// The pattern of a user pool ARN, for a parameter's `AllowedPattern`.
pub const USER_POOL_ARN_PATTERN: &str =
    "^arn:aws[a-zA-Z-]*:cognito-idp:[a-z0-9-]+:[0-9]{12}:userpool/[\\w-]+_[0-9a-zA-Z]+$";

/// A Cognito user pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPool(pub(crate) UserPoolSource);

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UserPoolSource {
    /// An existing pool, by ARN, and the names of the app clients the stack tried to give
    /// it (an error: the stack creates clients only on the pools it creates).
    Imported(Value, Vec<String>),
    /// A pool the stack creates.
    Created(NewUserPool),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewUserPool {
    pub(crate) name: String,
    /// Its app clients, in the order given.
    pub(crate) clients: Vec<AppClient>,
    /// Whether anyone may sign up (`AllowAdminCreateUserOnly: false`).
    pub(crate) self_sign_up: bool,
    /// The hosted UI's domain prefix (`https://<prefix>.auth.<region>.amazoncognito.com`).
    pub(crate) domain_prefix: Option<String>,
}

impl UserPool {
    /// An existing pool whose ARN the deployer gives as the stack parameter `name`.
    pub fn from_parameter(name: impl Into<String>) -> Self {
        UserPool(UserPoolSource::Imported(Value::parameter(name), Vec::new()))
    }

    /// An existing pool by its ARN (`arn:aws:cognito-idp:{region}:{account}:userpool/{id}`).
    pub fn from_arn(arn: impl Into<String>) -> Self {
        UserPool(UserPoolSource::Imported(Value::literal(arn), Vec::new()))
    }

    /// An existing pool whose ARN is `arn`: a literal, a parameter (a `String`, or an SSM
    /// parameter type holding the ARN), an import of another stack's export, …
    pub fn from_value(arn: impl Into<Value>) -> Self {
        UserPool(UserPoolSource::Imported(arn.into(), Vec::new()))
    }

    /// A new pool that the stack creates, named `name`, with email sign-in and a password
    /// policy of at least 12 characters with lower- and upper-case letters, digits and
    /// symbols (temporary passwords valid 7 days). Only administrators create its users
    /// unless [`self_sign_up`](UserPool::self_sign_up) turns sign-up on. The scopes that the
    /// methods on its authorizers require (`orders/read`) are granted by resource servers
    /// synth creates with it.
    pub fn new(name: impl Into<String>) -> Self {
        UserPool(UserPoolSource::Created(NewUserPool {
            name: name.into(),
            clients: Vec::new(),
            self_sign_up: false,
            domain_prefix: None,
        }))
    }

    /// Let anyone sign up to a created pool. Then anyone on the internet can create an
    /// account, confirm it and get tokens that the pool's authorizers accept: every method
    /// they protect is open to whoever signs up (scopes and your functions' own checks
    /// aside). Default: off (`AllowAdminCreateUserOnly: true`: only administrators create
    /// users). Ignored for an imported pool, whose settings are its own.
    pub fn self_sign_up(mut self, enabled: bool) -> Self {
        if let UserPoolSource::Created(pool) = &mut self.0 {
            pool.self_sign_up = enabled;
        }
        self
    }

    /// Serve the pool's hosted UI and OAuth endpoints at
    /// `https://<prefix>.auth.<region>.amazoncognito.com` (lower-case letters, digits and
    /// `-`, at most 63; Cognito refuses `aws`, `amazon` and `cognito` in it). The stack
    /// outputs the URL. Default: no domain. Ignored for an imported pool.
    pub fn domain_prefix(mut self, prefix: impl Into<String>) -> Self {
        if let UserPoolSource::Created(pool) = &mut self.0 {
            pool.domain_prefix = Some(prefix.into());
        }
        self
    }

    /// Also create an app client (no secret, SRP sign-in through the SDK, no OAuth) named
    /// `name` (unique in the stack). Default: no client. An error on an imported pool,
    /// whose clients are its own.
    pub fn client(self, name: impl Into<String>) -> Self {
        self.add_client(AppClient {
            name: name.into(),
            kind: AppClientKind::SignIn,
            scopes: Vec::new(),
        })
    }

    /// Add a public client for a browser app (authorization-code flow, callback and logout
    /// URLs, its scopes); several may be added. Default: none. An error on an imported pool.
    pub fn public_client(self, client: PublicClient) -> Self {
        self.add_client(client.0)
    }

    /// Add a confidential client-credentials client for machines (a generated secret, its
    /// scopes); several may be added. Default: none. An error on an imported pool.
    pub fn machine_client(self, client: MachineClient) -> Self {
        self.add_client(client.0)
    }

    fn add_client(mut self, client: AppClient) -> Self {
        match &mut self.0 {
            UserPoolSource::Created(pool) => pool.clients.push(client),
            UserPoolSource::Imported(_, clients) => clients.push(client.name),
        }
        self
    }
}
