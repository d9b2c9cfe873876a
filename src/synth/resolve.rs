//! Resolution: walks the builder tree, applies inherited options and collects every problem.

use std::collections::{BTreeMap, BTreeSet};

use crate::api::{
    CognitoUserPoolsAuthorizer, Cors, CorsSetting, HttpMethod, Integration, IntegrationKind,
    LambdaFunction, Resource, Stack, UserPoolSource, Value, Verb,
};
use crate::cfn::LogicalId;
use crate::error::{Problem, ProblemKind};

use super::names;

/// How a resolved method is authorized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth<'a> {
    /// A Cognito authorizer of the API, by name.
    Cognito(&'a str),
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
    pub(crate) authorizers: Vec<&'a CognitoUserPoolsAuthorizer>,
    pub(crate) api_cors: Option<&'a Cors>,
}

/// Collects problems for one stack.
pub(crate) struct Problems<'s> {
    stack: &'s str,
    pub(crate) list: Vec<Problem>,
}

impl<'s> Problems<'s> {
    pub(crate) fn new(stack: &'s str) -> Self {
        Self {
            stack,
            list: Vec::new(),
        }
    }

    pub(crate) fn at(&mut self, path: Option<&str>, method: Option<&str>, kind: ProblemKind) {
        self.list.push(Problem {
            stack: self.stack.to_owned(),
            path: path.map(str::to_owned),
            method: method.map(str::to_owned),
            kind,
        });
    }

    pub(crate) fn stack(&mut self, kind: ProblemKind) {
        self.at(None, None, kind);
    }
}

#[derive(Clone, Copy)]
struct Inherited<'a> {
    authorizer: Option<&'a str>,
    scopes: Option<&'a [String]>,
    cors: Option<&'a Cors>,
}

struct Walk<'a, 'p, 's> {
    authorizer_names: BTreeSet<&'a str>,
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

    let mut authorizer_names = BTreeSet::new();
    let mut authorizers = Vec::new();
    for a in &api.authorizers {
        check_authorizer(a, &parameters, problems);
        if authorizer_names.insert(a.name.as_str()) {
            authorizers.push(a);
        } else {
            problems.stack(ProblemKind::DuplicateAuthorizer(a.name.clone()));
        }
    }

    if !names::is_stage_name(&api.stage.name) {
        problems.stack(ProblemKind::InvalidStageName(api.stage.name.clone()));
    }

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
        _ => None,
    };

    let mut walk = Walk {
        authorizer_names,
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

    ResolvedApi {
        resources: walk.resources,
        authorizers,
        api_cors,
    }
}

fn check_authorizer(
    a: &CognitoUserPoolsAuthorizer,
    parameters: &BTreeSet<&str>,
    problems: &mut Problems<'_>,
) {
    if !names::is_authorizer_name(&a.name) {
        problems.stack(ProblemKind::InvalidAuthorizerName(a.name.clone()));
    }
    if a.pools.is_empty() {
        problems.stack(ProblemKind::AuthorizerWithoutUserPool(a.name.clone()));
    }
    if let Some(ttl) = a.result_ttl.filter(|t| *t > 3600) {
        problems.stack(ProblemKind::TtlOutOfRange(a.name.clone(), ttl));
    }
    if !names::is_header_name(&a.token_header) {
        problems.stack(ProblemKind::InvalidTokenSource(
            a.name.clone(),
            a.token_header.clone(),
        ));
    }
    for pool in &a.pools {
        if let UserPoolSource::Imported(value) = &pool.0 {
            match value {
                Value::Literal(arn) if !names::is_user_pool_arn(arn) => {
                    problems.stack(ProblemKind::InvalidUserPoolArn(arn.clone()));
                }
                _ => check_value(value, parameters, None, None, problems),
            }
        }
    }
}

fn check_value(
    value: &Value,
    parameters: &BTreeSet<&str>,
    path: Option<&str>,
    method: Option<&str>,
    problems: &mut Problems<'_>,
) {
    if let Value::Parameter(name) = value
        && !parameters.contains(name.as_str())
    {
        problems.at(path, method, ProblemKind::UndeclaredParameter(name.clone()));
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
            self.check_cors(c, &path);
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
                Auth::Cognito(a.name())
            } else if method.public {
                Auth::None
            } else if method.iam {
                Auth::Iam
            } else if verb == HttpMethod::Options {
                Auth::None
            } else if let Some(name) = inherited.authorizer {
                Auth::Cognito(name)
            } else {
                self.problems
                    .at(Some(path), Some(&shown), ProblemKind::NoAuthorizer);
                Auth::None
            };

            let scopes = match (&method.scopes, auth) {
                (Some(own), Auth::Cognito(_)) => own.clone(),
                (Some(own), _) => {
                    if !own.is_empty() {
                        self.problems.at(
                            Some(path),
                            Some(&shown),
                            ProblemKind::ScopesWithoutCognito,
                        );
                    }
                    Vec::new()
                }
                (None, Auth::Cognito(_)) => {
                    inherited.scopes.map(<[String]>::to_vec).unwrap_or_default()
                }
                (None, _) => Vec::new(),
            };
            if scopes.iter().any(|s| s.trim().is_empty()) {
                self.problems
                    .at(Some(path), Some(&shown), ProblemKind::EmptyScope);
            }

            self.check_integration(&method.integration, path, &shown);
            resolved.insert(
                verb,
                ResolvedMethod {
                    verb,
                    integration: &method.integration,
                    auth,
                    scopes,
                },
            );
        }
        resolved.into_values().collect()
    }

    fn check_authorizer_ref(&mut self, name: &str, path: &str, method: Option<&str>) {
        if !self.authorizer_names.contains(name) {
            let known: Vec<&str> = self.authorizer_names.iter().copied().collect();
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

    fn check_integration(&mut self, integration: &Integration, path: &str, method: &str) {
        match &integration.0 {
            IntegrationKind::Lambda(LambdaFunction::Name(name)) => {
                if !names::is_function_name(name) {
                    self.problems.at(
                        Some(path),
                        Some(method),
                        ProblemKind::InvalidFunctionName(name.clone()),
                    );
                }
            }
            IntegrationKind::Lambda(LambdaFunction::Arn(Value::Literal(arn))) => {
                if !names::is_function_arn(arn) {
                    self.problems.at(
                        Some(path),
                        Some(method),
                        ProblemKind::InvalidFunctionArn(arn.clone()),
                    );
                }
            }
            IntegrationKind::Lambda(LambdaFunction::Arn(value)) => {
                check_value(
                    value,
                    self.parameters,
                    Some(path),
                    Some(method),
                    self.problems,
                );
            }
            IntegrationKind::Mock => {}
        }
    }

    fn check_cors(&mut self, cors: &Cors, path: &str) {
        let at = Some(path);
        if cors.allow_origins.len() != 1 {
            self.problems.at(
                at,
                None,
                ProblemKind::InvalidCors("give exactly one allowed origin (`*` or one site)"),
            );
        }
        if cors
            .allow_origins
            .iter()
            .any(|o| o.is_empty() || o.contains([',', '\'', ' ']))
        {
            self.problems.at(
                at,
                None,
                ProblemKind::InvalidCors(
                    "an origin is `*` or a scheme and host, without commas, quotes or spaces",
                ),
            );
        }
        if cors.allow_credentials && cors.allow_origins.iter().any(|o| o == "*") {
            self.problems.at(
                at,
                None,
                ProblemKind::InvalidCors("credentials can't be allowed for origin `*`"),
            );
        }
        if cors.allow_headers.iter().any(|h| !names::is_header_name(h)) {
            self.problems.at(
                at,
                None,
                ProblemKind::InvalidCors("an allowed header is not a header name"),
            );
        }
    }
}
