//! A resource's methods: each one's verb, authorization (inherited or its own, a declared
//! `OPTIONS` public on purpose only), scopes and integration, with every problem.

use std::collections::BTreeMap;

use crate::api::{HttpMethod, Resource, Verb};
use crate::error::ProblemKind;

use super::super::{authorizers, integrations, limits, stage};
use super::tree::{Inherited, Walk};
use super::{Auth, ResolvedMethod};

impl<'a> Walk<'a, '_, '_> {
    /// The methods of `resource` (at [`Walk::path`], whose shortest request path has
    /// `shortest` characters), sorted by verb.
    pub(super) fn methods(
        &mut self,
        resource: &'a Resource,
        inherited: Inherited<'a>,
        shortest: usize,
    ) -> Vec<ResolvedMethod<'a>> {
        // Taken for the loop (not copied: a copy per resource costs a deep route time
        // quadratic in its length) and put back.
        let owned = std::mem::take(&mut self.path);
        let path = owned.as_str();
        let mut resolved: BTreeMap<HttpMethod, ResolvedMethod<'a>> = BTreeMap::new();
        for method in &resource.methods {
            let shown = method.verb.display();
            let verb = match &method.verb {
                Verb::Known(v) => *v,
                Verb::Invalid(s) => {
                    self.problems.at(
                        Some(path),
                        Some(&shown),
                        ProblemKind::InvalidHttpMethod(s.clone()),
                    );
                    continue;
                }
            };
            if resolved.contains_key(&verb) {
                self.problems
                    .at(Some(path), Some(&shown), ProblemKind::DuplicateMethod);
                continue;
            }
            if verb == HttpMethod::Options && inherited.cors.is_some() {
                self.problems
                    .at(Some(path), Some(&shown), ProblemKind::OptionsWithCors);
            }

            let chosen = [
                (method.authorizer.is_some(), "authorized"),
                (method.public, "public"),
                (method.iam, "IAM-authorized"),
            ];
            let set: Vec<&str> = chosen.iter().filter(|c| c.0).map(|c| c.1).collect();
            if set.len() > 1 {
                let what = match (method.authorizer.is_some(), method.public) {
                    (true, true) => "both public and authorized",
                    (_, true) => "both public and IAM-authorized",
                    _ => "both IAM-authorized and authorized by an authorizer",
                };
                self.problems.at(
                    Some(path),
                    Some(&shown),
                    ProblemKind::ConflictingAuthorization(what),
                );
            }

            // A declared OPTIONS is a method like any other, except that browsers send
            // preflights without credentials: it can't be authorized, so it is public, and
            // only on purpose.
            if verb == HttpMethod::Options {
                if method.api_key_required == Some(true) {
                    self.problems
                        .at(Some(path), Some(&shown), ProblemKind::ApiKeyOnOptions);
                }
                if method.authorizer.is_some() || method.iam {
                    self.problems
                        .at(Some(path), Some(&shown), ProblemKind::AuthorizedOptions);
                } else if !method.public {
                    self.problems
                        .at(Some(path), Some(&shown), ProblemKind::OptionsNotPublic);
                }
            }

            let auth = if let Some(a) = &method.authorizer {
                self.check_authorizer_ref(a.name(), path, Some(&shown));
                Auth::Authorizer(a.name())
            } else if method.public {
                Auth::Public
            } else if method.iam {
                Auth::Iam
            } else if verb == HttpMethod::Options {
                Auth::Missing
            } else if let Some(name) = inherited.authorizer {
                Auth::Authorizer(name)
            } else {
                self.problems
                    .at(Some(path), Some(&shown), ProblemKind::NoAuthorizer);
                Auth::Missing
            };

            if matches!(auth, Auth::Authorizer(_) | Auth::Iam) {
                let arn = limits::shortest_method_arn(self.stage, verb, shortest);
                if arn > limits::MAX_AUTHORIZED_ARN {
                    let kind = ProblemKind::AuthorizedRouteTooLong {
                        length: arn,
                        limit: limits::MAX_AUTHORIZED_ARN,
                    };
                    self.problems.at(Some(path), Some(&shown), kind);
                }
            }

            let takes_scopes = self.takes_scopes(auth);
            let scopes = match (&method.scopes, takes_scopes) {
                (Some(own), true) => own.clone(),
                (Some(own), false) => {
                    if !own.is_empty() {
                        self.problems.at(
                            Some(path),
                            Some(&shown),
                            ProblemKind::ScopesWithoutCognito,
                        );
                    }
                    Vec::new()
                }
                (None, true) => inherited.scopes.map(<[String]>::to_vec).unwrap_or_default(),
                (None, false) => Vec::new(),
            };
            if scopes.iter().any(|s| s.trim().is_empty()) {
                self.problems
                    .at(Some(path), Some(&shown), ProblemKind::EmptyScope);
            }

            integrations::check(
                &method.integration,
                self.parameters,
                path,
                &shown,
                self.problems,
            );
            stage::check_settings(
                &method.settings,
                None,
                Some(path),
                Some(&shown),
                self.problems,
            );
            resolved.insert(
                verb,
                ResolvedMethod {
                    verb,
                    integration: &method.integration,
                    auth,
                    scopes,
                    marked_public: method.public,
                    public_reason: method.public_reason.as_deref(),
                    settings: &method.settings,
                    // An inherited requirement stops at a declared OPTIONS, as at the
                    // generated preflights: browsers send preflights without the key.
                    api_key_required: verb != HttpMethod::Options
                        && method
                            .api_key_required
                            .or(inherited.api_key_required)
                            .unwrap_or(false),
                    request: &method.request,
                    response_models: &method.response_models,
                },
            );
        }
        self.path = owned;
        resolved.into_values().collect()
    }

    /// Whether a method authorized by `auth` takes OAuth scopes. A name the API lacks
    /// (already reported) is taken to, so that it is the only problem reported.
    fn takes_scopes(&self, auth: Auth<'_>) -> bool {
        match auth {
            Auth::Authorizer(name) => self
                .authorizers
                .get(name)
                .is_none_or(|a| authorizers::takes_scopes(a)),
            Auth::Iam | Auth::Public | Auth::Missing => false,
        }
    }

    pub(super) fn check_authorizer_ref(&mut self, name: &str, path: &str, method: Option<&str>) {
        if !self.authorizers.contains_key(name) {
            let known: Vec<&str> = self.authorizers.keys().copied().collect();
            let hint = if known.is_empty() {
                "; the API has no authorizers".to_owned()
            } else {
                format!(" (the API has: {})", known.join(", "))
            };
            self.problems.at(
                Some(path),
                method,
                ProblemKind::UnknownAuthorizer(name.to_owned(), hint),
            );
        }
    }
}
