//! Placing synth's problems, which name a stack, a path and a method, in the file.

use crate::{Problem, ProblemKind};

use super::FileProblem;
use super::spans::{Position, Spans};

mod field;

use field::{Spot, is_client_name, message, method_field, path_of, raw_place, root_setting};

/// A route key as written, what it normalizes to, and its methods.
#[derive(Debug, Clone)]
pub(crate) struct RouteKey {
    pub(crate) raw: String,
    pub(crate) normalized: String,
    pub(crate) methods: Vec<&'static str>,
}

/// What the loader kept to place problems: the spans, the routes, and where each value
/// (a literal, or the name of a referenced parameter) was written.
#[derive(Debug, Clone)]
pub(crate) struct Locator {
    spans: Spans,
    routes: Vec<RouteKey>,
    values: Vec<(String, Vec<String>)>,
    stages: Vec<(String, Vec<String>)>,
}

impl Locator {
    pub(crate) fn new(
        spans: Spans,
        routes: Vec<RouteKey>,
        values: Vec<(String, Vec<String>)>,
        stages: Vec<(String, Vec<String>)>,
    ) -> Self {
        Self {
            spans,
            routes,
            values,
            stages,
        }
    }

    /// The field `field` of the domain whose name (or name parameter) is `key`.
    fn domain_field(&self, key: &str, field: &str) -> Option<Vec<String>> {
        let (_, p) = self
            .values
            .iter()
            .find(|(v, p)| v == key && p.len() == 4 && p[1] == "domains" && p[3] == "name")?;
        let mut at = p[..3].to_vec();
        at.push(field.to_owned());
        Some(at)
    }

    /// Where the (first) app client named `name` is written.
    fn client_at(&self, name: &str) -> Option<Vec<String>> {
        let (_, p) = self
            .values
            .iter()
            .find(|(v, p)| v == name && is_client_name(p))?;
        Some(p[..p.len() - 1].to_vec())
    }

    /// The kind key (`lambdaToken` or `lambdaRequest`) of the authorizer `name`.
    fn authorizer_kind(&self, name: &str) -> Option<Vec<String>> {
        ["lambdaToken", "lambdaRequest"]
            .into_iter()
            .map(|k| path_of(&["api", "authorizers", name, k]))
            .find(|at| self.spans.key(at).is_some())
            .or_else(|| Some(path_of(&["api", "authorizers", name])))
    }

    /// `at` under the stage `name` (`api.stage` or `api.stages.N`; the first stage without
    /// a name).
    fn under_stage(&self, name: Option<&str>, at: &[&str]) -> Vec<String> {
        let stage = name
            .and_then(|n| self.stages.iter().find(|(s, _)| s == n))
            .or_else(|| self.stages.first())
            .map_or_else(|| path_of(&["api", "stage"]), |(_, p)| p.clone());
        let mut path = stage;
        path.extend(at.iter().map(|s| (*s).to_owned()));
        path
    }

    /// `problem`, placed.
    pub(crate) fn place(&self, problem: &Problem) -> FileProblem {
        let context = problem.context();
        FileProblem {
            position: self.position(problem),
            code: problem.kind.clone().into(),
            context: Some(context),
            message: message(&problem.kind),
        }
    }

    fn route_key(&self, raw: &str) -> Vec<String> {
        path_of(&["api", "routes", raw])
    }

    fn position(&self, problem: &Problem) -> Option<Position> {
        use ProblemKind::*;
        let kind = &problem.kind;
        // What the escape hatch declares: where it is written.
        if let Some(at) = raw_place(kind) {
            return self.spans.key(&at).or_else(|| self.spans.nearest(&at));
        }
        if let RawMethodWithoutAuthorization(id) = kind {
            if let Some(at) = self.spans.key(&path_of(&["resources", id])) {
                return Some(at);
            }
            if let (Some(path), Some(method)) = (&problem.path, &problem.method) {
                let key = format!("{method} {path}");
                if let Some(at) = self.spans.key(&path_of(&["overrides", "methods", &key])) {
                    return Some(at);
                }
            }
        }
        // A value outside a method (a CORS origin, the stage's name): where it is written.
        if let UndeclaredParameter(n)
        | UndeclaredCondition(n)
        | ListParameter(n)
        | InvalidSubPlaceholder(n) = kind
            && problem.method.is_none()
            && let Some((_, p)) = self.values.iter().find(|(v, _)| v == n)
        {
            return self.spans.value(p);
        }
        if matches!(kind, NoValueInValue)
            && problem.method.is_none()
            && let Some((_, p)) = self.values.iter().find(|(v, _)| v == "AWS::NoValue")
        {
            return self.spans.value(p);
        }
        // Text with a control character: where that text is written.
        if let ControlCharacter { value, .. } = kind
            && let Some((at, _)) = self
                .spans
                .controls
                .iter()
                .find(|(_, t)| t.contains(value.as_str()))
        {
            return Some(*at);
        }
        if let (Some(path), Some(method)) = (&problem.path, &problem.method) {
            // Settings a stage gives one method are under the stage, not the route.
            if matches!(
                kind,
                MethodSettingsWithoutMethod(_)
                    | CacheTtlOutOfRange(_)
                    | CachingWithoutCacheCluster(_)
                    | BurstBelowRate(..)
            ) {
                let stage = match kind {
                    MethodSettingsWithoutMethod(s) | CachingWithoutCacheCluster(s) => Some(s),
                    _ => None,
                };
                for (name, _) in &self.stages {
                    if stage.is_some_and(|s| s != name) {
                        continue;
                    }
                    let at = self.under_stage(Some(name), &["methodSettings", path, method]);
                    if let Some(p) = self.spans.key(&at) {
                        return Some(p);
                    }
                }
            }
            if matches!(kind, RouteWithoutLeadingSlash) {
                return self.spans.key(&self.route_key(path));
            }
            let route = self
                .routes
                .iter()
                .find(|r| r.normalized == *path && r.methods.contains(&method.as_str()))?;
            let mut at = self.route_key(&route.raw);
            at.push(method.clone());
            if let Some(field) = method_field(kind) {
                let mut f = at.clone();
                f.push(field.to_owned());
                if let Some(p) = self.spans.key(&f) {
                    return Some(p);
                }
            }
            return self.spans.key(&at);
        }
        if let Some(path) = &problem.path {
            if let Some(spot) = root_setting(kind).filter(|_| path == "/") {
                return match spot {
                    Spot::Key(at) => self.spans.key(&at),
                    Spot::Value(at) => self.spans.value(&at),
                };
            }
            let prefix = format!("{path}/");
            let route = self
                .routes
                .iter()
                .find(|r| r.normalized == *path || r.normalized.starts_with(&prefix))?;
            return self.spans.key(&self.route_key(&route.raw));
        }
        let at = match kind {
            InvalidStackName(_)
            | DuplicateStack(_)
            | ReservedStackName(_)
            | StackNamesDifferInCase(..) => path_of(&["stack"]),
            InvalidParameterName(n) | DuplicateParameter(n) => path_of(&["parameters", n]),
            InvalidOutputName(n) | OutputNameTaken(n, _) => path_of(&["outputs", n]),
            InvalidModel { model, .. } => path_of(&["api", "models", model]),
            InvalidGatewayResponse { response_type, .. } => {
                path_of(&["api", "gatewayResponses", response_type])
            }
            UndeclaredParameter(n)
            | UndeclaredCondition(n)
            | InvalidUserPoolArn(n)
            | ListParameter(n)
            | InvalidSubPlaceholder(n) => {
                let (_, p) = self.values.iter().find(|(v, _)| v == n)?;
                return self.spans.value(p);
            }
            NoValueInValue => {
                let (_, p) = self.values.iter().find(|(v, _)| v == "AWS::NoValue")?;
                return self.spans.value(p);
            }
            InvalidAuthorizerName(a) | DuplicateAuthorizer(a) | AuthorizerWithoutUserPool(a) => {
                path_of(&["api", "authorizers", a])
            }
            TtlOutOfRange(a, _) => path_of(&["api", "authorizers", a, "resultTtlSeconds"]),
            InvalidTokenSource(a, _) => path_of(&["api", "authorizers", a, "tokenSource"]),
            InvalidStageName(s) | InvalidStageNameValue(s, _) => {
                return self.spans.value(&self.under_stage(Some(s), &["name"]));
            }
            StageNamesMayCollide(_, s) => {
                return self.spans.value(&self.under_stage(Some(s), &["name"]));
            }
            AuthorizerWithoutFunction(a) => self.authorizer_kind(a)?,
            InvalidAuthorizerFunction { authorizer, .. } => {
                let mut at = self.authorizer_kind(authorizer)?;
                let field = ["function", "functionArn"].into_iter().find(|f| {
                    self.spans
                        .key(&[at.clone(), path_of(&[f])].concat())
                        .is_some()
                })?;
                at.push(field.to_owned());
                at
            }
            InvalidIdentitySource { authorizer, .. } => {
                let mut at = self.authorizer_kind(authorizer)?;
                at.push("identitySources".to_owned());
                if self.spans.key(&at).is_none() {
                    path_of(&["api", "authorizers", authorizer, "tokenSource"])
                } else {
                    at
                }
            }
            CachingWithoutIdentitySource(a) => {
                path_of(&["api", "authorizers", a, "resultTtlSeconds"])
            }
            ValidationExpressionOnRequest(a) => {
                let mut at = self.authorizer_kind(a)?;
                at.push("validationExpression".to_owned());
                at
            }
            ApiKeyValueInClear(k) => path_of(&["api", "apiKeys", k, "value"]),
            InvalidUserPoolDomain { prefix, .. } => {
                let (_, p) = self
                    .values
                    .iter()
                    .find(|(v, p)| v == prefix && p.last().is_some_and(|l| l == "domainPrefix"))?;
                return self.spans.value(p);
            }
            ClientScopeNotGranted { client, scope, .. } => {
                let (_, p) = self.values.iter().find(|(v, p)| {
                    v == scope
                        && p.len() > 2
                        && p[p.len() - 2] == "scopes"
                        && self.client_at(client).as_deref() == Some(&p[..p.len() - 2])
                })?;
                return self.spans.value(p);
            }
            MachineClientWithoutScopes { client, .. }
            | PublicClientWithoutCallbackUrl { client, .. } => {
                let mut at = self.client_at(client)?;
                at.push("name".to_owned());
                return self.spans.value(&at);
            }
            InsecureClientUrl { url, .. } => {
                let (_, p) = self.values.iter().find(|(v, p)| {
                    v == url
                        && p.len() > 2
                        && ["callbackUrls", "logoutUrls"].contains(&p[p.len() - 2].as_str())
                })?;
                return self.spans.value(p);
            }
            DuplicateAppClient(client) => {
                // The second client of the name.
                let (_, p) = self
                    .values
                    .iter()
                    .filter(|(v, p)| v == client && is_client_name(p))
                    .nth(1)?;
                return self.spans.value(p);
            }
            // A stack file cannot give a client to a pool it imports.
            ClientOnImportedPool(_) => return None,
            UsagePlanWithoutStage(p) | InvalidUsagePlan { plan: p, .. } => {
                path_of(&["api", "usagePlans", p])
            }
            InvalidAuthorizerCredentials(a, _) => {
                let mut at = self.authorizer_kind(a)?;
                at.push("credentials".to_owned());
                at
            }
            DuplicateStage(s) => {
                // The second stage of the name.
                let (_, at) = self.stages.iter().filter(|(n, _)| n == s).nth(1)?;
                let mut at = at.clone();
                at.push("name".to_owned());
                return self.spans.value(&at);
            }
            CanaryPercentOutOfRange(s, _) => {
                let at = self.under_stage(Some(s), &["canary", "percentTraffic"]);
                return self.spans.value(&at);
            }
            InvalidTag(key, _) => {
                let at = std::iter::once(path_of(&["api", "tags", key]))
                    .chain(self.stages.iter().map(|(_, p)| {
                        let mut p = p.clone();
                        p.extend(["tags".to_owned(), key.clone()]);
                        p
                    }))
                    .find(|p| self.spans.key(p).is_some())?;
                return self.spans.key(&at);
            }
            InvalidLogRetention(s, _) => {
                let at = ["accessLog", "logGroup", "retentionDays"];
                return self.spans.value(&self.under_stage(Some(s), &at));
            }
            InvalidCacheSize(s, _) => {
                return self
                    .spans
                    .value(&self.under_stage(Some(s), &["cacheClusterSize"]));
            }
            EmptyReason(_) => self.under_stage(None, &["accessLog", "off"]),
            BurstBelowRate(..) => self.under_stage(None, &["settings", "throttling"]),
            CacheTtlOutOfRange(_) => self.under_stage(None, &["settings", "caching"]),
            CachingWithoutCacheCluster(s) => self.under_stage(Some(s), &["settings", "caching"]),
            MethodSettingsWithoutMethod(s) => self.under_stage(Some(s), &["methodSettings"]),
            InvalidDomainName(v) | InvalidCertificateArn(_, v) => {
                let (_, p) = self.values.iter().find(|(value, _)| value == v)?;
                return self.spans.value(p);
            }
            BasePathToMissingStage(d, _) | InvalidBasePath(d, _) => {
                self.domain_field(d, "basePaths")?
            }
            DomainWithoutBasePath(d) | PrivateDomain(d) => self.domain_field(d, "name")?,
            MutualTlsNeedsRegional(d) | TruststoreVersionWithoutMutualTls(d) => {
                self.domain_field(d, "mutualTls")?
            }
            InvalidStageVariable { name, .. } => self.under_stage(None, &["variables", name]),
            PrivateEndpointWithoutVpcEndpoints => {
                return self.spans.value(&path_of(&["api", "endpoint"]));
            }
            VpcEndpointsWithoutPrivate => path_of(&["api", "vpcEndpointIds"]),
            InvalidCidr { statement, range } => {
                let index = statement.saturating_sub(1).to_string();
                let (_, p) = self.values.iter().find(|(v, p)| {
                    v == range && p.len() == 5 && p[1] == "resourcePolicy" && p[2] == index
                })?;
                return self.spans.value(p);
            }
            PolicyRouteNotFound { statement, .. } => path_of(&[
                "api",
                "resourcePolicy",
                &statement.saturating_sub(1).to_string(),
                "routes",
            ]),
            InvalidPolicyStatement { statement, .. } => path_of(&[
                "api",
                "resourcePolicy",
                &statement.saturating_sub(1).to_string(),
            ]),
            NoMethods => path_of(&["api", "routes"]),
            RouteWithoutLeadingSlash
            | InvalidPathPart { .. }
            | DuplicatePathPart(_)
            | ConflictingPathParameters(..)
            | GreedyNotLast(_)
            | InvalidHttpMethod(_)
            | DuplicateMethod
            | OptionsWithCors
            | NoAuthorizer
            | ConflictingAuthorization(_)
            | AuthorizedOptions
            | ApiKeyOnOptions
            | ScopesWithoutCognito
            | EmptyScope
            | ScopeNotGranted(_)
            | UnknownAuthorizer(..)
            | InvalidFunctionName(_)
            | InvalidFunctionArn(_)
            | InvalidIntegration { .. }
            | InvalidCors(_)
            | InvalidCorsOrigin { .. }
            | UnknownModel { .. }
            | InvalidResponseModel { .. }
            | InvalidRequiredParameter { .. }
            | DuplicatePathParameter(_)
            | RouteTooLong { .. }
            | AuthorizedRouteTooLong { .. }
            | OptionsNotPublic
            | UnauthenticatedMethod(_)
            | ControlCharacter { .. }
            | RawMethodWithoutAuthorization(_)
            | RawIdTaken { .. }
            | UnknownReference { .. }
            | UnknownCondition { .. }
            | InvalidRaw { .. }
            | UnknownOverrideTarget(_)
            | NotALambdaFunction { .. }
            | TooManyResources(_)
            | LogicalIdCollision(..)
            | TemplateLimit { .. }
            | PolicyTooLarge { .. } => path_of(&["api"]),
        };
        self.spans.key(&at).or_else(|| self.spans.nearest(&at))
    }
}
