//! Authorizers: each `AuthorizerSpec` into an [`Authorizer`] of the kind it gives.

use std::collections::{BTreeMap, BTreeSet};

use crate::{
    Authorizer, CognitoUserPoolsAuthorizer, IdentitySource, LambdaAuthorizer, UserPool, Value,
};

use super::super::LoadProblemKind;
use super::super::format::{
    AuthorizerSpec, CognitoSpec, Deferred, IdentitySourceSpec, LambdaAuthorizerSpec,
    LambdaResourceSpec, LambdaSpec, NewUserPoolSpec,
};
use super::super::load::{Loader, path_of};

/// The kind of authorizer a spec gives, with that kind's own settings. A spec gives exactly
/// one, chosen in [`kind`], and each is converted by its own arm of [`Loader::authorizer`].
enum Kind {
    /// `cognito`: a Cognito user pools authorizer.
    Cognito(CognitoSpec),
    /// `lambdaToken`: a Lambda `TOKEN` authorizer.
    LambdaToken(LambdaAuthorizerSpec),
    /// `lambdaRequest`: a Lambda `REQUEST` authorizer.
    LambdaRequest(LambdaAuthorizerSpec),
}

/// What every kind of authorizer shares.
struct Shared {
    token_source: Option<String>,
    result_ttl_seconds: Option<u32>,
}

/// `spec`, taken apart into its kinds (one when it is right) and the settings every kind
/// shares.
fn kind(spec: AuthorizerSpec) -> (Vec<Kind>, Shared) {
    let AuthorizerSpec {
        cognito,
        lambda_token,
        lambda_request,
        token_source,
        result_ttl_seconds,
    } = spec;
    let shared = Shared {
        token_source,
        result_ttl_seconds,
    };
    let kinds = [
        cognito.map(Kind::Cognito),
        lambda_token.map(Kind::LambdaToken),
        lambda_request.map(Kind::LambdaRequest),
    ];
    (kinds.into_iter().flatten().collect(), shared)
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
            match self.authorizer(name.clone(), spec, &at, &mut pool_parameters) {
                Some(a) => authorizers.push(a),
                None => self.skipped.push(name),
            }
        }
        (authorizers, pool_parameters)
    }

    /// The authorizer `name` (found at `at`) of the kind `spec` gives; `None`, with the
    /// problem recorded, unless it gives exactly one.
    fn authorizer(
        &mut self,
        name: String,
        spec: AuthorizerSpec,
        at: &[String],
        pool_parameters: &mut BTreeSet<String>,
    ) -> Option<Authorizer> {
        let (mut kinds, shared) = kind(spec);
        if kinds.len() != 1 {
            let message = format!(
                "give exactly one kind of authorizer: `cognito`, `lambdaToken` or \
                 `lambdaRequest` ({} given)",
                kinds.len()
            );
            self.problem(at, true, LoadProblemKind::AuthorizerKind, message);
            return None;
        }
        Some(match kinds.pop()? {
            Kind::Cognito(cognito) => self
                .cognito(name, cognito, shared, at, pool_parameters)
                .into(),
            Kind::LambdaToken(spec) => {
                let mut at = at.to_vec();
                at.push("lambdaToken".to_owned());
                self.lambda(LambdaAuthorizer::token(name), spec, shared, &at)?
                    .into()
            }
            Kind::LambdaRequest(spec) => {
                let mut at = at.to_vec();
                at.push("lambdaRequest".to_owned());
                self.lambda(LambdaAuthorizer::request(name), spec, shared, &at)?
                    .into()
            }
        })
    }

    /// `authorizer` with the function and settings of `spec` (found at `at`); `None`, with
    /// the problem recorded, when it gives two functions.
    fn lambda(
        &mut self,
        mut authorizer: LambdaAuthorizer,
        spec: LambdaAuthorizerSpec,
        shared: Shared,
        at: &[String],
    ) -> Option<LambdaAuthorizer> {
        let LambdaAuthorizerSpec {
            function,
            function_arn,
            identity_sources,
            validation_expression,
            credentials,
        } = spec;
        let Shared {
            token_source,
            result_ttl_seconds,
        } = shared;
        let field = |f: &str| {
            let mut p = at.to_vec();
            p.push(f.to_owned());
            p
        };
        match (function, function_arn) {
            (Some(_), Some(_)) => {
                let message = "give the function once: `function` or `functionArn`".to_owned();
                self.problem(at, true, LoadProblemKind::AuthorizerKind, message);
                return None;
            }
            (Some(LambdaSpec::Name(name)), None) => authorizer = authorizer.function(name),
            (Some(LambdaSpec::Resource(LambdaResourceSpec { resource })), None) => {
                self.values.push((resource.clone(), field("function")));
                authorizer = authorizer.function_resource(resource);
            }
            (None, Some(arn)) => {
                let v = self.value(arn, field("functionArn"));
                authorizer = authorizer.function_arn(v);
            }
            (None, None) => {}
        }
        if let Some(t) = token_source {
            authorizer = authorizer.token_source(t);
        }
        for source in identity_sources {
            authorizer = authorizer.identity_source(match source {
                IdentitySourceSpec::Header(n) => IdentitySource::header(n),
                IdentitySourceSpec::QueryString(n) => IdentitySource::query_string(n),
                IdentitySourceSpec::StageVariable(n) => IdentitySource::stage_variable(n),
                IdentitySourceSpec::Context(n) => IdentitySource::context(n),
            });
        }
        if let Some(regex) = validation_expression {
            authorizer = authorizer.validation_expression(regex);
        }
        if let Some(role) = credentials {
            let v = self.value(role, field("credentials"));
            authorizer = authorizer.credentials(v);
        }
        if let Some(ttl) = result_ttl_seconds {
            authorizer = authorizer.result_ttl_seconds(ttl);
        }
        Some(authorizer)
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
        for (i, spec) in create_user_pools.into_iter().enumerate() {
            let NewUserPoolSpec {
                name,
                client,
                public_clients,
                machine_clients,
                self_sign_up,
                domain_prefix,
            } = spec;
            let mut pool_at = at.to_vec();
            pool_at.extend(path_of(&["cognito", "createUserPools", &i.to_string()]));
            let mut new = UserPool::new(name).self_sign_up(self_sign_up);
            if let Some(prefix) = domain_prefix {
                let mut p = at.to_vec();
                p.extend(path_of(&[
                    "cognito",
                    "createUserPools",
                    &i.to_string(),
                    "domainPrefix",
                ]));
                self.values.push((prefix.clone(), p));
                new = new.domain_prefix(prefix);
            }
            if let Some(c) = client {
                let mut p = pool_at.clone();
                p.push("client".to_owned());
                self.values.push((c.clone(), p));
                new = new.client(c);
            }
            new = self.app_clients(new, public_clients, machine_clients, &pool_at);
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
