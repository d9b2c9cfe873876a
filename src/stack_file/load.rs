//! The loader: text → `serde_yaml::Value` → the format types → the builders.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::{
    CognitoUserPoolsAuthorizer, Cors, EndpointType, Integration, Method, Parameter, ParameterType,
    ProblemKind, RestApi, Stack, Stage, USER_POOL_ARN_PATTERN, UserPool, Value,
};

use super::format::{
    AuthorizerSpec, Deferred, EndpointSpec, MethodSpec, ParameterSpec, ParameterTypeSpec,
    RouteSpec, StackSpec, ValueSpec,
};
use super::locate::{Locator, RouteKey};
use super::messages::{self, Mistake};
use super::spans::{MAX_NESTING, Position, Spans, Unindexed};
use super::{FileError, FileProblem, LoadedStack, MAX_FILE_BYTES, USER_POOL_ARN_CONSTRAINT};

fn path_of(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| (*s).to_owned()).collect()
}

struct Loader {
    spans: Spans,
    problems: Vec<FileProblem>,
    values: Vec<(String, Vec<String>)>,
    /// Authorizers and parameters that could not be read, so synth's complaints about
    /// references to them are consequences, not news.
    skipped: Vec<String>,
    /// Whether a route or method could not be read (then "no methods" is a consequence).
    skipped_route: bool,
}

pub(super) fn load(file: &Path, text: &str, json: bool) -> Result<LoadedStack, FileError> {
    let whole = |code, position, message| {
        Err(FileError::one(
            file.to_owned(),
            FileProblem {
                position,
                code,
                context: None,
                message,
            },
        ))
    };
    if text.len() > MAX_FILE_BYTES {
        return whole("too-large", None, messages::too_large());
    }
    // Keys given twice first: serde_yaml stops at the first, serde_json keeps the last.
    let spans = match Spans::index(text) {
        Ok(spans) => spans,
        Err(Unindexed::Syntax(at, message)) => {
            // serde's message where it rejects the text too (it words them better); the
            // event parser's where serde is more lenient than the YAML spec.
            return match parse(text, json, &Spans::default()) {
                Err(problem) => Err(FileError::one(file.to_owned(), problem)),
                Ok(_) => whole("syntax", Some(at), message),
            };
        }
        Err(Unindexed::TooDeep(at)) => {
            let message = format!(
                "mappings and sequences nest too deeply (the limit is {MAX_NESTING} levels; \
                 a stack file needs about eight)"
            );
            return whole("too-deep", Some(at), message);
        }
    };
    if !spans.duplicates.is_empty() || !spans.tags.is_empty() {
        let duplicates = spans.duplicates.iter().map(|dup| FileProblem {
            position: Some(dup.at),
            code: "duplicate-key",
            context: (!dup.path.is_empty()).then(|| dup.path.join(".")),
            message: format!("`{}` is given twice in this mapping", dup.key),
        });
        let tags = spans.tags.iter().map(|(at, tag)| FileProblem {
            position: Some(*at),
            code: "yaml-tag",
            context: None,
            message: format!(
                "YAML tags like `{tag}` are not part of the stack file format; \
                 refer to a parameter with `{{ ref: Name }}`"
            ),
        });
        let mut problems: Vec<FileProblem> = duplicates.chain(tags).collect();
        problems.sort_by_key(|p| p.position);
        return Err(FileError {
            file: file.to_owned(),
            problems,
        });
    }
    let value = match parse(text, json, &spans) {
        Ok(v) => v,
        Err(problem) => return Err(FileError::one(file.to_owned(), problem)),
    };
    if value.is_null() {
        let message = "the file holds no stack: it needs at least `api` with a `name` and `routes`";
        return whole("empty-file", None, message.to_owned());
    }
    let mut loader = Loader {
        spans,
        problems: Vec::new(),
        values: Vec::new(),
        skipped: Vec::new(),
        skipped_route: false,
    };
    let spec: Option<StackSpec> = loader.read(value, &[]);
    let Some((stack, routes)) = spec.map(|spec| loader.build(file, spec)) else {
        return Err(FileError {
            file: file.to_owned(),
            problems: loader.problems,
        });
    };
    let loaded = LoadedStack {
        file: file.to_owned(),
        stack,
        locator: Locator::new(loader.spans, routes, loader.values),
    };
    if loader.problems.is_empty() {
        return Ok(loaded);
    }
    // Report synth's findings in the rest of the file too, all but the consequences of
    // the parts that could not be read.
    let mut problems = loader.problems;
    if let Err(e) = crate::synthesize(&loaded.stack) {
        let skipped = &loader.skipped;
        let news: Vec<crate::Problem> = e
            .problems
            .into_iter()
            .filter(|p| match &p.kind {
                ProblemKind::NoMethods => !loader.skipped_route,
                ProblemKind::UnknownAuthorizer(name, _)
                | ProblemKind::UndeclaredParameter(name) => !skipped.contains(name),
                _ => true,
            })
            .collect();
        problems.extend(loaded.locate(&news).problems);
    }
    problems.sort_by_key(|p| p.position);
    Err(FileError {
        file: file.to_owned(),
        problems,
    })
}

/// Syntax: the whole text into a YAML value (JSON first through serde_json, for its messages).
fn parse(text: &str, json: bool, spans: &Spans) -> Result<serde_yaml::Value, FileProblem> {
    let syntax = |position, message: String| FileProblem {
        position,
        code: "syntax",
        context: None,
        message: messages::strip_location(&message),
    };
    if json {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            let at = Position {
                line: e.line(),
                column: e.column().max(1),
            };
            syntax(Some(at), e.to_string())
        })?;
        serde_yaml::to_value(value).map_err(|e| syntax(None, e.to_string()))
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let at = e.location().map(|l| Position {
                line: l.line(),
                column: l.column(),
            });
            let mut problem = syntax(at, e.to_string());
            if problem.message.contains("repetition limit exceeded") {
                problem.position = spans.first_alias;
                problem.code = "too-many-aliases";
                problem.message = "aliases (`*name`) from here on expand to too many values; \
                                   write the values out instead of nesting aliases"
                    .to_owned();
            } else if problem.message.contains("more than one document") {
                problem.position = spans.second_document;
                problem.message =
                    "a stack file holds one YAML document; this `---` starts a second".to_owned();
            } else if let Some(plain) = messages::number_too_large(&problem.message) {
                problem.code = "invalid-value";
                problem.message = plain;
            } else if let Some(at) = at
                && messages::indented_with_tab(text, at.line)
            {
                problem.message.push_str(
                    "; this line is indented with a tab, and YAML indents with spaces only",
                );
            }
            problem
        })
    }
}

impl Loader {
    /// Reads `value` (found at `base` in the file) as a `T`; on failure records the problem
    /// at its place and returns `None`.
    fn read<T: DeserializeOwned>(
        &mut self,
        value: serde_yaml::Value,
        base: &[String],
    ) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(t) => Some(t),
            Err(e) => {
                let mut path = base.to_vec();
                for segment in e.path().iter() {
                    match segment {
                        serde_path_to_error::Segment::Seq { index } => path.push(index.to_string()),
                        serde_path_to_error::Segment::Map { key } => path.push(key.clone()),
                        serde_path_to_error::Segment::Enum { .. }
                        | serde_path_to_error::Segment::Unknown => {}
                    }
                }
                let message =
                    messages::plain(&messages::strip_location(&e.into_inner().to_string()));
                let (code, position) = match messages::classify(&message) {
                    Mistake::Unknown { code, name, .. } => {
                        let mut at = path.clone();
                        // serde_path_to_error ends the path at the unknown key for fields,
                        // but not always for variants; look for the key itself first.
                        if at.last() != Some(&name) {
                            at.push(name);
                        }
                        let position = self.spans.key(&at).or_else(|| self.spans.nearest(&path));
                        (code, position)
                    }
                    Mistake::Missing(_) => ("missing-field", self.spans.nearest(&path)),
                    Mistake::Invalid => ("invalid-value", self.spans.nearest(&path)),
                };
                let shown = path.join(".");
                self.problems.push(FileProblem {
                    position,
                    code,
                    context: (!shown.is_empty()).then_some(shown),
                    message: messages::with_suggestion(&message),
                });
                None
            }
        }
    }

    fn read_deferred<T: DeserializeOwned>(
        &mut self,
        deferred: Deferred<T>,
        base: Vec<String>,
    ) -> Option<T> {
        self.read(deferred.value, &base)
    }

    fn problem(&mut self, path: &[String], key: bool, code: &'static str, message: String) {
        let position = if key {
            self.spans.key(path)
        } else {
            self.spans.value(path)
        };
        self.problems.push(FileProblem {
            position: position.or_else(|| self.spans.nearest(path)),
            code,
            context: None,
            message,
        });
    }

    fn value(&mut self, spec: ValueSpec, path: Vec<String>) -> Value {
        match spec {
            ValueSpec::Literal(s) => {
                self.values.push((s.clone(), path));
                Value::literal(s)
            }
            ValueSpec::Ref(r) => {
                self.values.push((r.name.clone(), path));
                Value::parameter(r.name)
            }
        }
    }

    fn build(&mut self, file: &Path, spec: StackSpec) -> (Stack, Vec<RouteKey>) {
        let api = spec.api;
        let mut rest = RestApi::new(api.name)
            .endpoint_type(match api.endpoint {
                EndpointSpec::Regional => EndpointType::Regional,
                EndpointSpec::Edge => EndpointType::Edge,
                EndpointSpec::Private => EndpointType::Private,
            })
            .stage(match api.stage {
                Some(s) => {
                    let mut stage = Stage::new(s.name);
                    if let Some(d) = s.description {
                        stage = stage.description(d);
                    }
                    for (k, v) in s.variables {
                        stage = stage.variable(k, v);
                    }
                    if let Some(t) = s.tracing {
                        stage = stage.tracing(t);
                    }
                    stage
                }
                None => Stage::new("prod"),
            });
        if let Some(d) = api.description {
            rest = rest.description(d);
        }
        for t in api.binary_media_types {
            rest = rest.binary_media_type(t);
        }
        if let Some(c) = api.cors {
            let mut cors = Cors::new().allow_credentials(c.allow_credentials);
            if let Some(o) = c.allow_origins {
                cors = cors.allow_origins(o);
            }
            if let Some(h) = c.allow_headers {
                cors = cors.allow_headers(h);
            }
            if let Some(m) = c.max_age_seconds {
                cors = cors.max_age_seconds(m);
            }
            rest = rest.default_cors(cors);
        }

        let mut pool_parameters = BTreeSet::new();
        for (name, deferred) in api.authorizers {
            let at = path_of(&["api", "authorizers", &name]);
            let Some(a) = self.read_deferred::<AuthorizerSpec>(deferred, at.clone()) else {
                self.skipped.push(name);
                continue;
            };
            let mut authorizer = CognitoUserPoolsAuthorizer::new(name.as_str());
            for (i, arn) in a.cognito.user_pool_arns.into_iter().enumerate() {
                let mut p = at.clone();
                p.extend(path_of(&["cognito", "userPoolArns", &i.to_string()]));
                let value = self.value(arn, p);
                let pool = match value {
                    Value::Parameter(name) => {
                        pool_parameters.insert(name.clone());
                        UserPool::from_parameter(name)
                    }
                    Value::Literal(arn) => UserPool::from_arn(arn),
                };
                authorizer = authorizer.user_pool(pool);
            }
            for pool in a.cognito.create_user_pools {
                let mut new = UserPool::new(pool.name);
                if let Some(c) = pool.client {
                    new = new.client(c);
                }
                authorizer = authorizer.user_pool(new);
            }
            if let Some(t) = a.token_source {
                authorizer = authorizer.token_source(t);
            }
            if let Some(ttl) = a.result_ttl_seconds {
                authorizer = authorizer.result_ttl_seconds(ttl);
            }
            rest = rest.authorizer(authorizer);
        }
        if let Some(d) = api.default_authorizer {
            rest = rest.default_authorizer_name(d);
        }
        if let Some(s) = api.default_scopes {
            rest = rest.default_scopes(s);
        }

        let mut routes: Vec<RouteKey> = Vec::new();
        // Normalized route → the key that first declared it (a map: thousands of routes).
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (raw, route) in api.routes {
            let normalized = normalize(&raw);
            let route_path = path_of(&["api", "routes", &raw]);
            if let Some(first) = seen.get(&normalized) {
                let message = format!(
                    "route `{raw}` is `{normalized}`, already declared as `{first}`; merge their methods"
                );
                self.problem(&route_path, true, "duplicate-route", message);
                continue;
            }
            seen.insert(normalized.clone(), raw.clone());
            let Some(route) = self.read_deferred::<RouteSpec>(route, route_path.clone()) else {
                self.skipped_route = true;
                continue;
            };
            let mut methods = Vec::new();
            for (verb, deferred) in route.methods() {
                let mut at = route_path.clone();
                at.push(verb.to_owned());
                methods.push(verb);
                let Some(m) = self.read_deferred::<MethodSpec>(deferred.clone(), at.clone()) else {
                    self.skipped_route = true;
                    continue;
                };
                match self.method(verb, m, &at) {
                    Some(method) => rest.add_route(&normalized, method),
                    None => self.skipped_route = true,
                }
            }
            routes.push(RouteKey {
                raw,
                normalized,
                methods,
            });
        }

        let name = spec.stack.unwrap_or_else(|| {
            file.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        let mut stack = Stack::new(name, rest);
        if let Some(d) = spec.description {
            stack = stack.description(d);
        }
        for (name, deferred) in spec.parameters {
            let at = path_of(&["parameters", &name]);
            let Some(p) = self.read_deferred::<ParameterSpec>(deferred, at) else {
                self.skipped.push(name);
                continue;
            };
            stack = stack.parameter(parameter(&name, p, pool_parameters.contains(&name)));
        }
        for (name, value) in spec.outputs {
            let v = self.value(value, path_of(&["outputs", &name]));
            stack = stack.output(name, v);
        }
        (stack, routes)
    }

    fn method(&mut self, verb: &str, m: MethodSpec, at: &[String]) -> Option<Method> {
        let mut integrations = Vec::new();
        if let Some(name) = m.lambda {
            integrations.push(Integration::lambda(name));
        }
        if let Some(arn) = m.lambda_arn {
            let mut p = at.to_vec();
            p.push("lambdaArn".to_owned());
            let v = self.value(arn, p);
            integrations.push(Integration::lambda_arn(v));
        }
        if m.mock {
            integrations.push(Integration::mock());
        }
        if integrations.len() != 1 {
            let message = format!(
                "give exactly one integration: `lambda`, `lambdaArn` or `mock: true` ({} given)",
                integrations.len()
            );
            self.problem(at, true, "integration", message);
            return None;
        }
        let integration = integrations.remove(0);
        let mut method = Method::parse(verb, integration);
        if let Some(a) = m.authorizer {
            method = method.authorizer(a);
        }
        if m.public {
            method = method.public();
        }
        if m.iam {
            method = method.iam();
        }
        if let Some(s) = m.scopes {
            method = method.scopes(s);
        }
        Some(method)
    }
}

/// A route key as the API sees it: a trailing `/` dropped (but `/` stays `/`).
fn normalize(raw: &str) -> String {
    match raw.strip_suffix('/') {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => raw.to_owned(),
    }
}

/// The parameter; a `String` used as a user pool ARN gets the ARN pattern unless it sets one.
fn parameter(name: &str, p: ParameterSpec, user_pool_arn: bool) -> Parameter {
    let kind = match p.kind {
        ParameterTypeSpec::String => ParameterType::String,
        ParameterTypeSpec::Number => ParameterType::Number,
        ParameterTypeSpec::CommaDelimitedList => ParameterType::CommaDelimitedList,
    };
    let mut parameter = Parameter::new(name, kind);
    if let Some(d) = p.description {
        parameter = parameter.description(d);
    }
    if let Some(d) = p.default {
        parameter = parameter.default_value(d);
    }
    let pool_pattern =
        user_pool_arn && kind == ParameterType::String && p.allowed_pattern.is_none();
    if pool_pattern {
        parameter = parameter.allowed_pattern(USER_POOL_ARN_PATTERN);
    } else if let Some(a) = p.allowed_pattern {
        parameter = parameter.allowed_pattern(a);
    }
    match p.constraint_description {
        Some(c) => parameter = parameter.constraint_description(c),
        None if pool_pattern => {
            parameter = parameter.constraint_description(USER_POOL_ARN_CONSTRAINT);
        }
        None => {}
    }
    parameter
}
