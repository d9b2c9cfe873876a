//! App clients of a created user pool: a public client for browser apps (authorization-code
//! flow) and a confidential client-credentials client for machines.

use crate::api::Value;

/// An app client of a created pool, of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AppClient {
    /// `ClientName`, unique in the stack (its id is output as `UserPoolClient<Name>Id`).
    pub(crate) name: String,
    /// What kind of client it is.
    pub(crate) kind: AppClientKind,
    /// The OAuth scopes it may request (`AllowedOAuthScopes`).
    pub(crate) scopes: Vec<String>,
}

/// The kinds of app client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AppClientKind {
    /// No secret, SRP sign-in through the SDK, no OAuth ([`UserPool::client`](super::UserPool::client)).
    SignIn,
    /// No secret, authorization-code flow through the hosted UI.
    Public {
        /// Where Cognito may send the code (`CallbackURLs`).
        callback_urls: Vec<Value>,
        /// Where Cognito may send the browser after sign-out (`LogoutURLs`).
        logout_urls: Vec<Value>,
    },
    /// A generated secret, `client_credentials` flow.
    Machine,
}

/// A public app client for a browser or mobile app: no secret (code in a browser cannot
/// keep one), the authorization-code flow through the pool's hosted UI (give the pool a
/// [`domain_prefix`](super::UserPool::domain_prefix) to serve it), sign-in with the pool's
/// own users. The console's "Single-page application".
///
/// ```
/// use apigw_synth::{PublicClient, UserPool};
/// let pool = UserPool::new("shop-customers").domain_prefix("shop-example").public_client(
///     PublicClient::new("shop-web")
///         .callback_url("https://shop.example.com/callback")
///         .logout_url("https://shop.example.com/")
///         .scopes(["openid", "orders/read"]),
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicClient(pub(crate) AppClient);

impl PublicClient {
    /// A public client named `name` (unique in the stack). Give it at least one
    /// [`callback_url`](PublicClient::callback_url).
    pub fn new(name: impl Into<String>) -> Self {
        PublicClient(AppClient {
            name: name.into(),
            kind: AppClientKind::Public {
                callback_urls: Vec::new(),
                logout_urls: Vec::new(),
            },
            scopes: Vec::new(),
        })
    }

    /// Add a URL Cognito may redirect to with the authorization code: `https://`, or
    /// `http://localhost` for development; no fragment. Any [`Value`], so a parameter can
    /// give it per environment (then it is checked at deploy time). Default: none, and one
    /// is required.
    pub fn callback_url(mut self, url: impl Into<Value>) -> Self {
        if let AppClientKind::Public { callback_urls, .. } = &mut self.0.kind {
            callback_urls.push(url.into());
        }
        self
    }

    /// Add a URL Cognito may redirect to after sign-out (same rules as callback URLs).
    /// Default: none.
    pub fn logout_url(mut self, url: impl Into<Value>) -> Self {
        if let AppClientKind::Public { logout_urls, .. } = &mut self.0.kind {
            logout_urls.push(url.into());
        }
        self
    }

    /// Add an OAuth scope the client may request: one the pool's resource servers grant
    /// (a scope the methods on the pool's authorizers require, e.g. `orders/read`) or one
    /// of Cognito's (`openid`, `email`, `phone`, `profile`, `aws.cognito.signin.user.admin`).
    /// Default: `openid` alone.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.0.scopes.push(scope.into());
        self
    }

    /// Add each of `scopes` (see [`scope`](PublicClient::scope)).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.0.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }
}

/// A confidential client for machines (services, jobs): Cognito generates its secret, and
/// it gets access tokens with the `client_credentials` flow for the scopes it is allowed,
/// with no user. The console's "Machine-to-machine application". The stack outputs its id,
/// never its secret (read it with `aws cognito-idp describe-user-pool-client`).
///
/// ```
/// use apigw_synth::{MachineClient, UserPool};
/// let pool = UserPool::new("shop-customers")
///     .machine_client(MachineClient::new("billing").scope("orders/read"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineClient(pub(crate) AppClient);

impl MachineClient {
    /// A machine client named `name` (unique in the stack). Give it at least one
    /// [`scope`](MachineClient::scope): Cognito refuses a client-credentials client without.
    pub fn new(name: impl Into<String>) -> Self {
        MachineClient(AppClient {
            name: name.into(),
            kind: AppClientKind::Machine,
            scopes: Vec::new(),
        })
    }

    /// Add a scope the client may request: one the pool's resource servers grant (a scope
    /// the methods on the pool's authorizers require, e.g. `orders/read`). Default: none,
    /// and one is required.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.0.scopes.push(scope.into());
        self
    }

    /// Add each of `scopes` (see [`scope`](MachineClient::scope)).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.0.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }
}
