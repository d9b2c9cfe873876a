//! Authorizers: each `AuthorizerSpec` into an [`Authorizer`] of the kind it gives.

use std::collections::{BTreeMap, BTreeSet};

use crate::{Authorizer, CognitoUserPoolsAuthorizer, UserPool, Value};

use super::super::format::{AuthorizerSpec, CognitoSpec, Deferred, NewUserPoolSpec};
use super::super::load::{Loader, path_of};

/// The kind of authorizer a spec gives, with that kind's own settings. The format has one
/// kind today, so the spec always gives it; with more, a spec gives exactly one, chosen in
/// [`kind`], and each is converted by its own arm of [`Loader::authorizer`].
enum Kind {
    /// `cognito`: a Cognito user pools authorizer.
    Cognito(CognitoSpec),
}

/// What every kind of authorizer shares.
struct Shared {
    token_source: Option<String>,
    result_ttl_seconds: Option<u32>,
}

/// `spec`, taken apart into its kind and the settings every kind shares.
fn kind(spec: AuthorizerSpec) -> (Kind, Shared) {
    let AuthorizerSpec {
        cognito,
        token_source,
        result_ttl_seconds,
    } = spec;
    let shared = Shared {
        token_source,
        result_ttl_seconds,
    };
    (Kind::Cognito(cognito), shared)
}

impl Loader {
    /// The authorizers that can be read, in name order, and the parameters they use as user
    /// pool ARNs (which get the ARN pattern).
    pub(super) fn authorizers(
        &mut self,
        specs: BTreeMap<String, Deferred<AuthorizerSpec>>,
    ) -> (Vec<Authorizer>, BTreeSet<String>) {
        let mut authorizers = Vec::new();
        let mut pool_parameters = BTreeSet::new();
        for (name, deferred) in specs {
            let at = path_of(&["api", "authorizers", &name]);
            let Some(spec) = self.read_deferred::<AuthorizerSpec>(&deferred, at.clone()) else {
                self.skipped.push(name);
                continue;
            };
            authorizers.push(self.authorizer(name, spec, &at, &mut pool_parameters));
        }
        (authorizers, pool_parameters)
    }

    /// The authorizer `name` (found at `at`) of the kind `spec` gives.
    fn authorizer(
        &mut self,
        name: String,
        spec: AuthorizerSpec,
        at: &[String],
        pool_parameters: &mut BTreeSet<String>,
    ) -> Authorizer {
        let (kind, shared) = kind(spec);
        match kind {
            Kind::Cognito(cognito) => self
                .cognito(name, cognito, shared, at, pool_parameters)
                .into(),
        }
    }

    /// A Cognito authorizer trusting the pools `spec` names or creates.
    fn cognito(
        &mut self,
        name: String,
        spec: CognitoSpec,
        shared: Shared,
        at: &[String],
        pool_parameters: &mut BTreeSet<String>,
    ) -> CognitoUserPoolsAuthorizer {
        let CognitoSpec {
            user_pool_arns,
            create_user_pools,
        } = spec;
        let Shared {
            token_source,
            result_ttl_seconds,
        } = shared;
        let mut authorizer = CognitoUserPoolsAuthorizer::new(name);
        for (i, arn) in user_pool_arns.into_iter().enumerate() {
            let mut p = at.to_vec();
            p.extend(path_of(&["cognito", "userPoolArns", &i.to_string()]));
            let value = self.value(arn, p);
            if let Value::Ref(name) = &value {
                pool_parameters.insert(name.clone());
            }
            let pool = UserPool::from_value(value);
            authorizer = authorizer.user_pool(pool);
        }
        for NewUserPoolSpec {
            name,
            client,
            self_sign_up,
        } in create_user_pools
        {
            let mut new = UserPool::new(name).self_sign_up(self_sign_up);
            if let Some(c) = client {
                new = new.client(c);
            }
            authorizer = authorizer.user_pool(new);
        }
        if let Some(t) = token_source {
            authorizer = authorizer.token_source(t);
        }
        if let Some(ttl) = result_ttl_seconds {
            authorizer = authorizer.result_ttl_seconds(ttl);
        }
        authorizer
    }
}
