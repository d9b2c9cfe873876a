//! Resolution: walks the builder tree, applies inherited options and collects every problem.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use crate::api::{
    Authorizer, Cors, CorsSetting, HttpMethod, Integration, MethodSettings, Resource, Stack, Verb,
};
use crate::cfn::LogicalId;
use crate::error::ProblemKind;

use super::parameters::check_value;
use super::problems::Problems;
use super::{authorizers, cors, domain_names, integrations, names, stage};

/// How a resolved method is authorized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth<'a> {
    /// An authorizer of the API, by name; its kind is looked up by name where it matters.
    Authorizer(&'a str),
    /// IAM (SigV4).
    Iam,
    /// No authorization (public on purpose, or the CORS preflight).
    None,
}

/// A method after inheritance.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedMethod<'a> {
    pub(crate) verb: HttpMethod,
    pub(crate) integration: &'a Integration,
    pub(crate) auth: Auth<'a>,
    pub(crate) scopes: Vec<String>,
    /// Why a public method is public, when the stack says.
    pub(crate) public_reason: Option<&'a str>,
    /// The method's own settings, on every stage.
    pub(crate) settings: &'a MethodSettings,
}

/// A resource after inheritance; index 0 is the root `/`.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedResource<'a> {
    pub(crate) path: String,
    pub(crate) part: &'a str,
    pub(crate) parent: Option<usize>,
    pub(crate) cors: Option<&'a Cors>,
    /// Sorted by verb.
    pub(crate) methods: Vec<ResolvedMethod<'a>>,
}

/// The whole API after inheritance, in a deterministic order.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedApi<'a> {
    pub(crate) resources: Vec<ResolvedResource<'a>>,
    pub(crate) authorizers: Vec<&'a Authorizer>,
    pub(crate) api_cors: Option<&'a Cors>,
}

#[derive(Clone, Copy)]
struct Inherited<'a> {
    authorizer: Option<&'a str>,
    scopes: Option<&'a [String]>,
    cors: Option<&'a Cors>,
}

struct Walk<'a, 'p, 's> {
    /// The API's authorizers, by name.
    authorizers: BTreeMap<&'a str, &'a Authorizer>,
    parameters: &'p BTreeSet<&'a str>,
    problems: &'p mut Problems<'s>,
    resources: Vec<ResolvedResource<'a>>,
}

/// Resolves `stack`'s API, pushing every problem found into `problems`.
pub(crate) fn resolve<'a>(stack: &'a Stack, problems: &mut Problems<'_>) -> ResolvedApi<'a> {
    let api = &stack.api;

    if !names::is_stack_name(&stack.name) {
        problems.stack(ProblemKind::InvalidStackName(stack.name.clone()));
    } else if names::is_reserved_file_name(&stack.name) {
        problems.stack(ProblemKind::ReservedStackName(stack.name.clone()));
    }

    let mut parameters = BTreeSet::new();
    for p in &stack.parameters {
        if LogicalId::new(p.name.as_str()).is_err() {
            problems.stack(ProblemKind::InvalidParameterName(p.name.clone()));
        }
        if !parameters.insert(p.name.as_str()) {
            problems.stack(ProblemKind::DuplicateParameter(p.name.clone()));
        }
    }

    // The first authorizer of a name is the API's; each other one is a problem.
    let mut by_name = BTreeMap::new();
    let mut authorizers = Vec::new();
    for a in &api.authorizers {
        authorizers::check(a, &parameters, problems);
        match by_name.entry(a.name()) {
            Entry::Vacant(slot) => {
                slot.insert(a);
                authorizers.push(a);
            }
            Entry::Occupied(_) => {
                problems.stack(ProblemKind::DuplicateAuthorizer(a.name().to_owned()));
            }
        }
    }

    let mut stage_names = BTreeSet::new();
    for stage in &api.stages {
        if !names::is_stage_name(&stage.name) {
            problems.stack(ProblemKind::InvalidStageName(stage.name.clone()));
        }
        if !stage_names.insert(stage.name.as_str()) {
            problems.stack(ProblemKind::DuplicateStage(stage.name.clone()));
        }
    }
    stage::check_tags(&api.tags, problems);
    domain_names::check(stack, &parameters, problems);

    for output in &stack.outputs {
        let reserved = matches!(output.name.as_str(), "InvokeUrl" | "RestApiId");
        if reserved || LogicalId::new(output.name.as_str()).is_err() {
            problems.stack(ProblemKind::InvalidOutputName(output.name.clone()));
        }
        check_value(&output.value, &parameters, None, None, problems);
    }

    for (path, method) in &api.route_errors {
        problems.at(
            Some(path),
            Some(method),
            ProblemKind::RouteWithoutLeadingSlash,
        );
    }

    let api_cors = match &api.root.cors {
        Some(CorsSetting::On(c)) => Some(c),
        Some(CorsSetting::Off) | None => None,
    };

    let mut walk = Walk {
        authorizers: by_name,
        parameters: &parameters,
        problems,
        resources: Vec::new(),
    };
    let root_inherited = Inherited {
        authorizer: None,
        scopes: None,
        cors: None,
    };
    walk.resource(&api.root, "/".to_owned(), None, root_inherited);

    let method_count: usize = walk.resources.iter().map(|r| r.methods.len()).sum();
    if method_count == 0 && api.route_errors.is_empty() {
        walk.problems.stack(ProblemKind::NoMethods);
    }
    for stage in &api.stages {
        stage::check(stage, &walk.resources, &parameters, walk.problems);
    }
    stage::check_method_caching(&api.stages, &walk.resources, walk.problems);

    ResolvedApi {
        resources: walk.resources,
        authorizers,
        api_cors,
    }
}

fn child_path(parent: &str, part: &str) -> String {
    if parent == "/" {
        format!("/{part}")
    } else {
        format!("{parent}/{part}")
    }
}

impl<'a> Walk<'a, '_, '_> {
    fn resource(
        &mut self,
        resource: &'a Resource,
        path: String,
        parent: Option<usize>,
        inherited: Inherited<'a>,
    ) {
        let cors = match &resource.cors {
            Some(CorsSetting::On(c)) => Some(c),
            Some(CorsSetting::Off) => None,
            None => inherited.cors,
        };
        if let Some(c) = cors.filter(|_| matches!(resource.cors, Some(CorsSetting::On(_)))) {
            cors::check(c, &path, self.problems);
        }
        if let Some(name) = &resource.defaults.authorizer {
            self.check_authorizer_ref(name.name(), &path, None);
        }
        let here = Inherited {
            authorizer: resource
                .defaults
                .authorizer
                .as_ref()
                .map(|a| a.name())
                .or(inherited.authorizer),
            scopes: resource.defaults.scopes.as_deref().or(inherited.scopes),
            cors,
        };

        let methods = self.methods(resource, &path, here);
        let index = self.resources.len();
        self.resources.push(ResolvedResource {
            path: path.clone(),
            part: &resource.part,
            parent,
            cors,
            methods,
        });

        if names::is_greedy(&resource.part) && !resource.children.is_empty() {
            self.problems.at(
                Some(&path),
                None,
                ProblemKind::GreedyNotLast(resource.part.clone()),
            );
        }

        // Siblings: visit in sorted order so the output does not depend on declaration order.
        let mut children: Vec<&'a Resource> = resource.children.iter().collect();
        children.sort_by(|a, b| a.part.cmp(&b.part));
        let mut variable: Option<&str> = None;
        let mut previous: Option<&str> = None;
        for child in children {
            let child_path = child_path(&path, &child.part);
            if previous == Some(child.part.as_str()) {
                self.problems.at(
                    Some(&child_path),
                    None,
                    ProblemKind::DuplicatePathPart(child.part.clone()),
                );
                continue;
            }
            previous = Some(&child.part);
            if let Some(reason) = names::path_part_problem(&child.part) {
                self.problems.at(
                    Some(&child_path),
                    None,
                    ProblemKind::InvalidPathPart {
                        part: child.part.clone(),
                        reason,
                    },
                );
            } else if names::is_variable(&child.part) {
                if let Some(other) = variable {
                    self.problems.at(
                        Some(&child_path),
                        None,
                        ProblemKind::ConflictingPathParameters(
                            other.to_owned(),
                            child.part.clone(),
                        ),
                    );
                }
                variable = Some(&child.part);
            }
            self.resource(child, child_path, Some(index), here);
        }
    }

    fn methods(
        &mut self,
        resource: &'a Resource,
        path: &str,
        inherited: Inherited<'a>,
    ) -> Vec<ResolvedMethod<'a>> {
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

            if verb == HttpMethod::Options && (method.authorizer.is_some() || method.iam) {
                self.problems
                    .at(Some(path), Some(&shown), ProblemKind::AuthorizedOptions);
            }

            let auth = if let Some(a) = &method.authorizer {
                self.check_authorizer_ref(a.name(), path, Some(&shown));
                Auth::Authorizer(a.name())
            } else if method.public {
                Auth::None
            } else if method.iam {
                Auth::Iam
            } else if verb == HttpMethod::Options {
                Auth::None
            } else if let Some(name) = inherited.authorizer {
                Auth::Authorizer(name)
            } else {
                self.problems
                    .at(Some(path), Some(&shown), ProblemKind::NoAuthorizer);
                Auth::None
            };

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
                    public_reason: method.public_reason.as_deref(),
                    settings: &method.settings,
                },
            );
        }
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
            Auth::Iam | Auth::None => false,
        }
    }

    fn check_authorizer_ref(&mut self, name: &str, path: &str, method: Option<&str>) {
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
