//! Resolution: walks the builder tree, applies inherited options and collects every problem.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use crate::api::{
    Authorizer, Cors, CorsSetting, EndpointType, HttpMethod, Integration, Resource, Stack, Verb,
};
use crate::cfn::LogicalId;
use crate::error::ProblemKind;

use super::parameters::{Declared, check_value};
use super::problems::Problems;
use super::{authorizers, cors, integrations, limits, names, stage, text};

/// How a resolved method is authorized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth<'a> {
    /// An authorizer of the API, by name; its kind is looked up by name where it matters.
    Authorizer(&'a str),
    /// IAM (SigV4).
    Iam,
    /// No authorization: the stack marked the method public.
    Public,
    /// No authorization and none chosen: already a problem. Emitted as `NONE`, which the
    /// secure-by-default check on the template refuses too.
    Missing,
}

/// A method after inheritance.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedMethod<'a> {
    pub(crate) verb: HttpMethod,
    pub(crate) integration: &'a Integration,
    pub(crate) auth: Auth<'a>,
    pub(crate) scopes: Vec<String>,
    /// Whether the stack marked the method public, as written (`Method::public`): what the
    /// secure-by-default check accepts, whatever resolution made of it.
    pub(crate) marked_public: bool,
}

/// A resource after inheritance; index 0 is the root `/`. Its path is not stored (a route
/// thousands of parts deep would hold paths of quadratic total length):
/// [`ResolvedApi::path`] spells it out where a message needs it.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedResource<'a> {
    pub(crate) part: &'a str,
    pub(crate) parent: Option<usize>,
    /// How many parts deep it is: 0 for the root.
    pub(crate) depth: usize,
    pub(crate) cors: Option<&'a Cors>,
    /// Sorted by verb.
    pub(crate) methods: Vec<ResolvedMethod<'a>>,
}

impl ResolvedResource<'_> {
    /// Whether synth generates a CORS preflight `OPTIONS` here: CORS is on, and the
    /// resource is not the root, or the root has methods of its own.
    pub(crate) fn has_preflight(&self) -> bool {
        self.cors.is_some() && (self.parent.is_some() || !self.methods.is_empty())
    }
}

/// The whole API after inheritance, in a deterministic order.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedApi<'a> {
    /// Depth first, siblings sorted by part: a subtree is a contiguous range.
    pub(crate) resources: Vec<ResolvedResource<'a>>,
    pub(crate) authorizers: Vec<&'a Authorizer>,
    pub(crate) api_cors: Option<&'a Cors>,
}

impl<'a> ResolvedApi<'a> {
    /// The parts from the root down to resource `index` (none for the root).
    pub(crate) fn parts(&self, index: usize) -> Vec<&'a str> {
        let mut parts = Vec::new();
        let mut at = Some(index);
        while let Some(i) = at {
            let r = &self.resources[i];
            if r.parent.is_some() {
                parts.push(r.part);
            }
            at = r.parent;
        }
        parts.reverse();
        parts
    }

    /// The path of resource `index`: `/` for the root, `/products/{id}`.
    pub(crate) fn path(&self, index: usize) -> String {
        format!("/{}", self.parts(index).join("/"))
    }
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
    parameters: &'p Declared<'a>,
    problems: &'p mut Problems<'s>,
    resources: Vec<ResolvedResource<'a>>,
    /// The stage's name, which every request's URL and ARN hold.
    stage: &'a str,
    /// The longest URL the endpoint type allows, and its name.
    max_url: (usize, &'static str),
    /// The path of the resource being walked (problems name it).
    path: String,
    /// How often each path parameter name occurs on the path being walked.
    route_parameters: BTreeMap<&'a str, usize>,
    /// Whether a route was cut short at a limit (its methods are then not resolved).
    cut: bool,
}

/// A resource being walked, with its children still to visit.
struct Frame<'a> {
    index: usize,
    here: Inherited<'a>,
    /// Sorted by part.
    children: Vec<&'a Resource>,
    next: usize,
    /// The path parameter among the children visited so far, if any.
    variable: Option<&'a str>,
    /// The part of the child visited last.
    previous: Option<&'a str>,
    /// The length of [`Walk::path`] at this resource.
    path_len: usize,
    /// The length of the shortest request path to this resource.
    shortest: usize,
    /// The path parameter this resource's part declares, if any.
    parameter: Option<&'a str>,
}

/// An empty resolution, for a stack whose text can't be read further.
fn unresolved<'a>() -> ResolvedApi<'a> {
    ResolvedApi {
        resources: Vec::new(),
        authorizers: Vec::new(),
        api_cors: None,
    }
}

/// Resolves `stack`'s API, pushing every problem found into `problems`. A control character
/// in any of the stack's text is reported alone: every later message would print it.
pub(crate) fn resolve<'a>(stack: &'a Stack, problems: &mut Problems<'_>) -> ResolvedApi<'a> {
    if !text::check(stack, problems) {
        return unresolved();
    }
    let api = &stack.api;

    if !names::is_stack_name(&stack.name) {
        problems.stack(ProblemKind::InvalidStackName(stack.name.clone()));
    } else if names::is_reserved_file_name(&stack.name) {
        problems.stack(ProblemKind::ReservedStackName(stack.name.clone()));
    }

    let mut parameters = Declared::new();
    for p in &stack.parameters {
        if LogicalId::new(p.name.as_str()).is_err() {
            problems.stack(ProblemKind::InvalidParameterName(p.name.clone()));
        }
        if parameters.insert(p.name.as_str(), p.kind).is_some() {
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

    if api.endpoint == EndpointType::Private {
        problems.stack(ProblemKind::PrivateEndpointWithoutPolicy);
    }

    stage::check(&api.stage, problems);

    for output in &stack.outputs {
        if LogicalId::new(output.name.as_str()).is_err() {
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
        stage: &api.stage.name,
        max_url: limits::max_url(api.endpoint),
        path: "/".to_owned(),
        route_parameters: BTreeMap::new(),
        cut: false,
    };
    walk.tree(&api.root);

    let method_count: usize = walk.resources.iter().map(|r| r.methods.len()).sum();
    if method_count == 0 && api.route_errors.is_empty() && !walk.cut {
        walk.problems.stack(ProblemKind::NoMethods);
    }

    ResolvedApi {
        resources: walk.resources,
        authorizers,
        api_cors,
    }
}

impl<'a> Walk<'a, '_, '_> {
    /// The tree from `root`, depth first with siblings in sorted order, with a stack of
    /// frames rather than recursion: a route may be as deep as its input.
    fn tree(&mut self, root: &'a Resource) {
        let inherited = Inherited {
            authorizer: None,
            scopes: None,
            cors: None,
        };
        let first = self.enter(root, None, inherited, 1, None);
        let mut stack = vec![first];
        while let Some(frame) = stack.last_mut() {
            let Some(&child) = frame.children.get(frame.next) else {
                if let Some(name) = frame.parameter
                    && let Some(count) = self.route_parameters.get_mut(name)
                {
                    *count -= 1;
                }
                stack.pop();
                continue;
            };
            frame.next += 1;
            self.path.truncate(frame.path_len);
            if frame.index != 0 {
                self.path.push('/');
            }
            self.path.push_str(&child.part);
            if frame.previous == Some(child.part.as_str()) {
                let kind = ProblemKind::DuplicatePathPart(child.part.clone());
                self.problems.at(Some(&self.path), None, kind);
                continue;
            }
            frame.previous = Some(&child.part);
            let problem = names::path_part_problem(&child.part);
            if let Some(reason) = problem {
                let part = child.part.clone();
                let kind = ProblemKind::InvalidPathPart { part, reason };
                self.problems.at(Some(&self.path), None, kind);
            } else if names::is_variable(&child.part) {
                if let Some(other) = frame.variable {
                    let kind = ProblemKind::ConflictingPathParameters(
                        other.to_owned(),
                        child.part.clone(),
                    );
                    self.problems.at(Some(&self.path), None, kind);
                }
                frame.variable = Some(&child.part);
            }
            let parameter = problem
                .is_none()
                .then(|| names::parameter_name(&child.part))
                .flatten();
            let separator = usize::from(frame.index != 0);
            let part = limits::shortest_part(&child.part, parameter.is_some());
            let shortest = frame.shortest + separator + part;
            let url = limits::shortest_url(self.stage, shortest);
            let (max_url, endpoint) = self.max_url;
            if url > max_url {
                // Nothing below can be called either: stop this route here.
                let kind = ProblemKind::RouteTooLong {
                    length: url,
                    limit: max_url,
                    endpoint,
                };
                self.problems.at(Some(&self.path), None, kind);
                self.cut = true;
                continue;
            }
            if let Some(name) = parameter {
                let count = self.route_parameters.entry(name).or_insert(0);
                if *count > 0 {
                    let kind = ProblemKind::DuplicatePathParameter(name.to_owned());
                    self.problems.at(Some(&self.path), None, kind);
                }
                *count += 1;
            }
            let (here, parent) = (frame.here, frame.index);
            let next = self.enter(child, Some(parent), here, shortest, parameter);
            stack.push(next);
        }
    }

    /// Resolves `resource` (at [`Walk::path`], a child of `parent`) with its methods, and
    /// returns its frame, its children not yet visited.
    fn enter(
        &mut self,
        resource: &'a Resource,
        parent: Option<usize>,
        inherited: Inherited<'a>,
        shortest: usize,
        parameter: Option<&'a str>,
    ) -> Frame<'a> {
        let cors = match &resource.cors {
            Some(CorsSetting::On(c)) => Some(c),
            Some(CorsSetting::Off) => None,
            None => inherited.cors,
        };
        if let Some(c) = cors.filter(|_| matches!(resource.cors, Some(CorsSetting::On(_)))) {
            cors::check(c, &self.path, self.problems);
        }
        if let Some(name) = &resource.defaults.authorizer {
            let path = std::mem::take(&mut self.path);
            self.check_authorizer_ref(name.name(), &path, None);
            self.path = path;
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

        let methods = self.methods(resource, here, shortest);
        let index = self.resources.len();
        let depth = parent.map_or(0, |p| self.resources[p].depth + 1);
        self.resources.push(ResolvedResource {
            part: &resource.part,
            parent,
            depth,
            cors,
            methods,
        });

        if names::is_greedy(&resource.part) && !resource.children.is_empty() {
            let kind = ProblemKind::GreedyNotLast(resource.part.clone());
            self.problems.at(Some(&self.path), None, kind);
        }

        // Siblings in sorted order, so the output does not depend on declaration order.
        let mut children: Vec<&'a Resource> = resource.children.iter().collect();
        children.sort_by(|a, b| a.part.cmp(&b.part));
        Frame {
            index,
            here,
            children,
            next: 0,
            variable: None,
            previous: None,
            path_len: self.path.len(),
            shortest,
            parameter,
        }
    }

    /// The methods of `resource` (at [`Walk::path`], whose shortest request path has
    /// `shortest` characters), sorted by verb.
    fn methods(
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
            resolved.insert(
                verb,
                ResolvedMethod {
                    verb,
                    integration: &method.integration,
                    auth,
                    scopes,
                    marked_public: method.public,
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
