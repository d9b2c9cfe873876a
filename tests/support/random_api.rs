//! Random valid APIs for property tests and engine deploys: a seeded proptest strategy
//! over resource trees, methods (declared `OPTIONS` included, public where CORS is off),
//! integrations, authorizers (Cognito, with a created pool and its app clients, Lambda TOKEN
//! and REQUEST), API keys with a usage plan, CORS and public flags.

use apigw_synth::{
    AccessLog, ApiKey, Authorizer, Canary, CognitoUserPoolsAuthorizer, Cors, DomainName,
    EndpointType, GatewayResponse, GatewayResponseType, IdentitySource, Integration,
    LambdaAuthorizer, LoggingLevel, MachineClient, Method, MethodSettings, Model, Parameter,
    ParameterIn, PolicyStatement, PublicClient, QuotaPeriod, RequestSource, Resource, RestApi,
    Stack, Stage, UsagePlan, UserPool, Value,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

const VERBS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "ANY", "OPTIONS"];
const NAMES: [&str; 6] = ["users", "items", "v1", "orders", "search", "a.b"];
const FUNCTIONS: [&str; 4] = ["fn-a", "fn-b", "fn_c", "fn-d"];

#[derive(Debug, Clone)]
pub(crate) enum Auth {
    Default,
    Named(usize),
    Public,
    Iam,
}

#[derive(Debug, Clone)]
pub(crate) struct MethodSpec {
    pub verb: &'static str,
    pub function: Option<&'static str>,
    pub auth: Auth,
    pub scopes: bool,
    /// Throttled on every stage with its own settings (rate, rate × 2).
    pub throttled: Option<u32>,
    /// A public method's reason, when it gives one.
    pub reason: bool,
    /// Without a function: an HTTP or AWS service integration instead of a mock, when drawn.
    pub http: Option<BackendDraw>,
}

/// A backend other than Lambda: an HTTP integration to a closed port of loopback (a call
/// fails at once), proxy or not, with the resource's own path parameter in the URL when it
/// has one; or SQS `SendMessage` with its generated role; with a timeout.
#[derive(Debug, Clone)]
pub(crate) struct BackendDraw {
    pub kind: Backend,
    pub timeout_ms: Option<u32>,
}

/// The kind of a [`BackendDraw`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Backend {
    HttpProxy,
    Http,
    Sqs,
}

#[derive(Debug, Clone)]
pub(crate) struct ResourceSpec {
    pub part: String,
    pub methods: Vec<MethodSpec>,
    pub children: Vec<ResourceSpec>,
    pub cors: Option<bool>,
    /// How many origins its own CORS (`cors: Some(true)`) allows, of [`ORIGINS`].
    pub origins: usize,
}

/// The kind of an authorizer after the first (which is Cognito, the default authorizer).
#[derive(Debug, Clone)]
pub(crate) enum AuthorizerDraw {
    Cognito,
    /// A TOKEN authorizer: its function by name (else by literal ARN), a validation
    /// expression, a TTL.
    Token {
        by_name: bool,
        validation: bool,
        ttl: Option<u32>,
    },
    /// A REQUEST authorizer reading the first `sources` of header, query string, stage
    /// variable and context; invoked with a role (`credentials`) instead of a permission.
    Request {
        sources: usize,
        credentials: bool,
        ttl: Option<u32>,
    },
}

fn authorizer_draw() -> impl Strategy<Value = AuthorizerDraw> {
    let ttl = || proptest::option::of(0u32..=3600);
    prop_oneof![
        Just(AuthorizerDraw::Cognito),
        (any::<bool>(), any::<bool>(), ttl()).prop_map(|(by_name, validation, ttl)| {
            AuthorizerDraw::Token {
                by_name,
                validation,
                ttl,
            }
        }),
        (0usize..=4, any::<bool>(), ttl()).prop_map(|(sources, credentials, ttl)| {
            AuthorizerDraw::Request {
                sources,
                credentials,
                ttl,
            }
        }),
    ]
}

/// The origins a resource's own CORS allows, the first `origins` of them.
pub(crate) const ORIGINS: [&str; 3] = [
    "https://example.com",
    "https://preview.example.com",
    "http://localhost:3000",
];

#[derive(Debug, Clone)]
pub(crate) struct ApiSpec {
    pub authorizers: usize,
    /// The kinds of authorizers `auth-1`, `auth-2`… (`auth-0` is Cognito).
    pub kinds: Vec<AuthorizerDraw>,
    /// Every method requires an API key (`Some(true)`: but the methods at the top level's
    /// first resource), with a key and a usage plan on the stage `test`.
    pub api_keys: Option<bool>,
    /// API keys left out (an OpenAPI document carries none), the draws read off
    /// `api_keys` (the resource policy) kept.
    pub keyless: bool,
    pub cors: bool,
    /// Declares `UNAUTHORIZED` (a header and a template) and `MISSING_AUTHENTICATION_TOKEN`
    /// as 404.
    pub gateway_responses: bool,
    /// Declares a model `Item` that every POST, PUT and PATCH requires, and a required query
    /// string parameter and header on every GET, whose 200 response is an `Item` (but where
    /// portable).
    pub validation: bool,
    pub tree: Vec<ResourceSpec>,
    pub stage: StageSpec,
}

/// Where the stage's access logs go.
#[derive(Debug, Clone, Copy)]
pub(crate) enum AccessLogDraw {
    /// The default: a created log group, 365 days.
    Default,
    /// A created log group kept 30 days.
    Days30,
    /// An existing log group, by literal ARN.
    Destination,
    /// Off, with a reason.
    Off,
}

/// The stage's production settings.
#[derive(Debug, Clone)]
pub(crate) struct StageSpec {
    pub access_log: AccessLogDraw,
    pub tracing: bool,
    /// Stage-wide throttling rate (burst twice that).
    pub throttling: Option<u32>,
    pub metrics: bool,
    pub logging: Option<LoggingLevel>,
    /// A 0.5 GB cache cluster, every method caching for 60 s.
    pub cache: bool,
    pub cloudwatch_role: bool,
    /// A canary taking this share of the stage's traffic.
    pub canary: Option<u32>,
    /// A second stage `extra`, with defaults and a tag of its own.
    pub extra_stage: bool,
    /// A custom domain in front of the API: `Some(edge)`, mapping its root to `test` (and
    /// `extra` to the second stage).
    pub domain: Option<bool>,
    /// Mutual TLS on a regional domain.
    pub mutual_tls: bool,
    /// A web ACL on the stage `test`.
    pub web_acl: bool,
}

fn stage_spec() -> impl Strategy<Value = StageSpec> {
    (
        prop_oneof![
            Just(AccessLogDraw::Default),
            Just(AccessLogDraw::Days30),
            Just(AccessLogDraw::Destination),
            Just(AccessLogDraw::Off)
        ],
        proptest::bool::weighted(0.8),
        proptest::option::of(1u32..500),
        any::<bool>(),
        proptest::option::of(prop_oneof![
            Just(LoggingLevel::Off),
            Just(LoggingLevel::Error),
            Just(LoggingLevel::Info)
        ]),
        proptest::bool::weighted(0.2),
        any::<bool>(),
        (proptest::option::weighted(0.3, 0u32..=100), any::<bool>()),
        (
            proptest::option::weighted(0.3, any::<bool>()),
            any::<bool>(),
            proptest::bool::weighted(0.3),
        ),
    )
        .prop_map(
            |(
                access_log,
                tracing,
                throttling,
                metrics,
                logging,
                cache,
                cloudwatch_role,
                (canary, extra_stage),
                (domain, mutual_tls, web_acl),
            )| {
                StageSpec {
                    access_log,
                    tracing,
                    throttling,
                    metrics,
                    logging,
                    cache,
                    cloudwatch_role,
                    canary,
                    extra_stage,
                    domain,
                    mutual_tls,
                    web_acl,
                }
            },
        )
}

fn method_spec(authorizers: usize) -> impl Strategy<Value = MethodSpec> {
    (
        proptest::option::of(proptest::sample::select(FUNCTIONS.to_vec())),
        prop_oneof![
            Just(Auth::Default),
            (0..authorizers).prop_map(Auth::Named),
            Just(Auth::Public),
            Just(Auth::Iam)
        ],
        any::<bool>(),
        proptest::option::weighted(0.2, 1u32..100),
        any::<bool>(),
        proptest::option::weighted(
            0.4,
            (
                prop_oneof![
                    Just(Backend::HttpProxy),
                    Just(Backend::Http),
                    Just(Backend::Sqs)
                ],
                proptest::option::of(50u32..=29_000),
            )
                .prop_map(|(kind, timeout_ms)| BackendDraw { kind, timeout_ms }),
        ),
    )
        .prop_map(
            |(function, auth, scopes, throttled, reason, http)| MethodSpec {
                verb: "GET",
                function,
                auth,
                scopes,
                throttled,
                reason,
                http,
            },
        )
}

fn methods(authorizers: usize) -> impl Strategy<Value = Vec<MethodSpec>> {
    (
        proptest::sample::subsequence(VERBS.to_vec(), 0..=3),
        proptest::collection::vec(method_spec(authorizers), 3),
    )
        .prop_map(|(verbs, specs)| {
            verbs
                .into_iter()
                .zip(specs)
                .map(|(verb, spec)| MethodSpec { verb, ..spec })
                .collect()
        })
}

/// The path parameters a resource `depth` levels above the leaves may have: named after the
/// level, so that no route repeats a name (`/{id}/{id}` is an error).
fn variables(depth: u32) -> [String; 3] {
    let level = if depth == 2 {
        String::new()
    } else {
        (2 - depth).to_string()
    };
    [
        format!("{{id{level}}}"),
        format!("{{key{level}}}"),
        format!("{{proxy{level}+}}"),
    ]
}

fn children(authorizers: usize, depth: u32) -> BoxedStrategy<Vec<ResourceSpec>> {
    let names = proptest::sample::subsequence(NAMES.to_vec(), 0..=3);
    let variable = proptest::option::of(proptest::sample::select(variables(depth).to_vec()));
    (names, variable)
        .prop_flat_map(move |(names, variable)| {
            let parts: Vec<String> = names
                .into_iter()
                .map(str::to_owned)
                .chain(variable)
                .collect();
            let n = parts.len();
            (
                Just(parts),
                proptest::collection::vec(
                    (
                        methods(authorizers),
                        if depth == 0 {
                            Just(Vec::new()).boxed()
                        } else {
                            children(authorizers, depth - 1)
                        },
                        proptest::option::weighted(0.2, any::<bool>()),
                        1usize..=ORIGINS.len(),
                    ),
                    n,
                ),
            )
        })
        .prop_map(|(parts, specs)| {
            parts
                .into_iter()
                .zip(specs)
                .map(|(part, (methods, children, cors, origins))| {
                    let children = if part.ends_with("+}") {
                        Vec::new()
                    } else {
                        children
                    };
                    ResourceSpec {
                        part,
                        methods,
                        children,
                        cors,
                        origins,
                    }
                })
                .collect()
        })
        .boxed()
}

pub(crate) fn api_spec() -> impl Strategy<Value = ApiSpec> {
    (1usize..=3, any::<bool>(), any::<bool>(), any::<bool>()).prop_flat_map(
        |(authorizers, cors, responses, validation)| {
            (
                children(authorizers, 2),
                stage_spec(),
                proptest::collection::vec(authorizer_draw(), authorizers - 1),
                proptest::option::weighted(0.4, any::<bool>()),
            )
                .prop_map(move |(mut tree, stage, kinds, api_keys)| {
                    declare_options_where_valid(&mut tree, cors);
                    ApiSpec {
                        authorizers,
                        kinds,
                        api_keys,
                        keyless: false,
                        cors,
                        gateway_responses: responses,
                        validation,
                        tree,
                        stage,
                    }
                })
        },
    )
}

/// The authorizer `auth-{i}` of `spec`; `auth-0` also trusts the created pool of
/// [`pool_draw`] when `created`.
fn authorizer(spec: &ApiSpec, i: usize, created: bool) -> Authorizer {
    let name = format!("auth-{i}");
    let draw = match i {
        0 => &AuthorizerDraw::Cognito,
        _ => &spec.kinds[i - 1],
    };
    match draw {
        AuthorizerDraw::Cognito => {
            let a = CognitoUserPoolsAuthorizer::new(name)
                .user_pool(UserPool::from_parameter("PoolArn"));
            match pool_draw(spec).filter(|_| i == 0 && created) {
                Some((public, machine)) => a.user_pool(created_pool(spec, public, machine)).into(),
                None => a.into(),
            }
        }
        AuthorizerDraw::Token {
            by_name,
            validation,
            ttl,
        } => {
            let mut a = LambdaAuthorizer::token(name).token_source("X-Token");
            a = if *by_name {
                a.function(format!("token-check-{i}"))
            } else {
                a.function_arn(format!(
                    "arn:aws:lambda:us-east-1:000000000000:function:token-check-{i}"
                ))
            };
            if *validation {
                a = a.validation_expression("^Bearer [A-Za-z0-9._-]+$");
            }
            if let Some(ttl) = ttl {
                a = a.result_ttl_seconds(*ttl);
            }
            a.into()
        }
        AuthorizerDraw::Request {
            sources,
            credentials,
            ttl,
        } => {
            let mut a = LambdaAuthorizer::request(name).function(format!("request-check-{i}"));
            let all = [
                IdentitySource::header("X-Tenant"),
                IdentitySource::query_string("key"),
                IdentitySource::stage_variable("tenant"),
                IdentitySource::context("sourceIp"),
            ];
            for source in all.into_iter().take(*sources) {
                a = a.identity_source(source);
            }
            if *credentials {
                a = a.credentials("arn:aws:iam::000000000000:role/authorizer-invoker");
            }
            // Caching needs identity sources.
            if let Some(ttl) = ttl.filter(|t| *sources > 0 || *t == 0) {
                a = a.result_ttl_seconds(ttl);
            }
            a.into()
        }
    }
}

/// Whether methods under `auth` take scopes: only Cognito authorizers do.
fn takes_scopes(spec: &ApiSpec, auth: &Auth) -> bool {
    match auth {
        Auth::Default | Auth::Named(0) => true,
        Auth::Named(i) => matches!(spec.kinds[i - 1], AuthorizerDraw::Cognito),
        Auth::Public | Auth::Iam => false,
    }
}

/// Keeps the declared `OPTIONS` methods of `tree` valid: dropped where CORS (inherited from
/// `cors`) generates the preflight, public elsewhere (browsers send preflights without
/// credentials, so a declared `OPTIONS` can only be public, on purpose).
pub(crate) fn declare_options_where_valid(tree: &mut [ResourceSpec], cors: bool) {
    for r in tree {
        let cors = r.cors.unwrap_or(cors);
        if cors {
            r.methods.retain(|m| m.verb != "OPTIONS");
        }
        for m in r.methods.iter_mut().filter(|m| m.verb == "OPTIONS") {
            m.auth = Auth::Public;
            m.scopes = false;
        }
        declare_options_where_valid(&mut r.children, cors);
    }
}

/// How many resources of `tree` CORS gives a generated preflight (every resource below the
/// root where CORS, inherited from `cors`, is on).
pub(crate) fn preflight_count(tree: &[ResourceSpec], cors: bool) -> usize {
    tree.iter()
        .map(|r| {
            let cors = r.cors.unwrap_or(cors);
            usize::from(cors) + preflight_count(&r.children, cors)
        })
        .sum()
}

/// How many methods of `tree` are marked public.
pub(crate) fn public_count(tree: &[ResourceSpec]) -> usize {
    tree.iter()
        .map(|r| {
            r.methods
                .iter()
                .filter(|m| matches!(m.auth, Auth::Public))
                .count()
                + public_count(&r.children)
        })
        .sum()
}

pub(crate) fn has_method(tree: &[ResourceSpec]) -> bool {
    tree.iter()
        .any(|r| !r.methods.is_empty() || has_method(&r.children))
}

/// Builds the stack; `reverse` declares siblings and methods in the opposite order.
pub(crate) fn build(spec: &ApiSpec, reverse: bool, stage_description: &str) -> Stack {
    build_tagged(spec, reverse, stage_description, true)
}

/// [`build`] as an OpenAPI document can carry it (for the import round trip): no tags, no
/// stage-wide `MetricsEnabled: false` (API Gateway's default, which a document does not
/// say), and the pool parameter with the ARN pattern a stack file gives a user pool
/// parameter.
pub(crate) fn build_portable(spec: &ApiSpec, stage_description: &str) -> Stack {
    build_tagged(spec, false, stage_description, false)
}

fn build_tagged(spec: &ApiSpec, reverse: bool, stage_description: &str, tagged: bool) -> Stack {
    fn method(spec: &ApiSpec, part: &str, m: &MethodSpec, validated: bool) -> Method {
        let http = m.http.as_ref();
        let integration = match (m.function, http) {
            (Some(f), _) => Integration::lambda(f),
            (None, None) => Integration::mock(),
            (None, Some(h)) => {
                let param = part
                    .strip_prefix('{')
                    .and_then(|p| p.strip_suffix('}'))
                    .map(|p| p.trim_end_matches('+'));
                let url = match param {
                    Some(p) => format!("http://127.0.0.1:9/backend/{{{p}}}"),
                    None => "http://127.0.0.1:9/backend".to_owned(),
                };
                match h.kind {
                    Backend::HttpProxy | Backend::Http => {
                        let mut http = if matches!(h.kind, Backend::HttpProxy) {
                            Integration::http_proxy(url)
                        } else {
                            Integration::http(url).request_parameter(
                                ParameterIn::Header,
                                "X-Request-Id",
                                RequestSource::context("requestId"),
                            )
                        };
                        if let Some(ms) = h.timeout_ms {
                            http = http.timeout_ms(ms);
                        }
                        http.into()
                    }
                    Backend::Sqs => {
                        let mut sqs = Integration::sqs_send_message("random-queue");
                        if let Some(ms) = h.timeout_ms {
                            sqs = sqs.timeout_ms(ms);
                        }
                        sqs.into()
                    }
                }
            }
        };
        let mut method = Method::parse(m.verb, integration);
        method = match m.auth {
            Auth::Default => method,
            Auth::Named(i) => method.authorizer(format!("auth-{i}")),
            Auth::Public if m.reason => method.public_because("a random public method"),
            Auth::Public => method.public(),
            Auth::Iam => method.iam(),
        };
        if m.scopes && takes_scopes(spec, &m.auth) {
            method = method.scopes(["api/read", "api/write"]);
        }
        if validated {
            method = match m.verb {
                "POST" | "PUT" | "PATCH" => method.request_model("application/json", "Item"),
                "GET" => method
                    .required_query("q")
                    .required_header("X-Tenant")
                    .response_model(200, "application/json", "Item"),
                _ => method,
            };
        }
        if let Some(rate) = m.throttled {
            method = method.settings(MethodSettings::new().throttling(rate, rate * 2));
        }
        method
    }
    fn resource(spec: &ApiSpec, r: &ResourceSpec, reverse: bool, validated: bool) -> Resource {
        let mut res = Resource::new(r.part.clone());
        res = match r.cors {
            Some(true) => res.cors(Cors::new().allow_origins(ORIGINS[..r.origins].iter().copied())),
            Some(false) => res.no_cors(),
            None => res,
        };
        let mut methods: Vec<&MethodSpec> = r.methods.iter().collect();
        let mut children: Vec<&ResourceSpec> = r.children.iter().collect();
        if reverse {
            methods.reverse();
            children.reverse();
        }
        for m in methods {
            res = res.method(method(spec, &r.part, m, validated));
        }
        for c in children {
            res = res.resource(resource(spec, c, reverse, validated));
        }
        res
    }
    let mut api = RestApi::new("random");
    for i in 0..spec.authorizers {
        let a = authorizer(spec, i, tagged);
        api = if i == 0 {
            api.default_authorizer(a)
        } else {
            api.authorizer(a)
        };
    }
    if spec.cors {
        api = api.default_cors(Cors::new());
    }
    if spec.api_keys.is_some() && !spec.keyless {
        api = api
            .api_key_required(true)
            .api_key(ApiKey::new("random-key"))
            .usage_plan(
                UsagePlan::new("random-plan")
                    .stage("test")
                    .throttle(50, 100)
                    .quota(1000, QuotaPeriod::Day)
                    .api_key("random-key"),
            );
    }
    let (deny, private) = policy_draw(spec);
    if deny {
        api = api.policy_statement(
            PolicyStatement::deny()
                .not_source_ips(["198.51.100.0/24", "2001:db8::/32"])
                .path(format!("/{}", spec.tree[0].part)),
        );
    }
    if private {
        api = api
            .endpoint_type(EndpointType::Private)
            .vpc_endpoint("vpce-0123456789abcdef0");
    }
    if spec.validation {
        api = api.model(Model::new(
            "Item",
            serde_json::json!({
                "type": "object",
                "required": ["id"],
                "properties": { "id": { "type": "string", "minLength": 1 } }
            }),
        ));
    }
    if spec.gateway_responses {
        api = api
            .gateway_response(
                GatewayResponse::new(GatewayResponseType::Unauthorized)
                    .header("WWW-Authenticate", "Bearer")
                    .template(
                        "application/json",
                        r#"{"message": $context.error.messageString}"#,
                    ),
            )
            .gateway_response(
                GatewayResponse::new(GatewayResponseType::MissingAuthenticationToken)
                    .status_code(404),
            );
    }
    let mut tree: Vec<&ResourceSpec> = spec.tree.iter().collect();
    if reverse {
        tree.reverse();
    }
    for r in tree {
        let mut built = resource(spec, r, reverse, spec.validation);
        // The first top-level resource's subtree lifts the requirement.
        if spec.api_keys == Some(true) && !spec.keyless && std::ptr::eq(r, &spec.tree[0]) {
            built = built.api_key_required(false);
        }
        api = api.resource(built);
    }
    if !has_method(&spec.tree) {
        api = api.route("/ping", Method::get(Integration::mock()).public());
    }
    api = api
        .stage(stage(&spec.stage, stage_description, tagged))
        .cloudwatch_role(spec.stage.cloudwatch_role);
    if tagged {
        api = api.tag("suite", "random");
    }
    if spec.stage.extra_stage {
        api = api.stage(Stage::new("extra").tag("stage", "extra"));
    }
    if let Some(edge) = spec.stage.domain {
        let mut domain = DomainName::new(
            "random.example.com",
            "arn:aws:acm:us-east-1:000000000000:certificate/0b7e0b8d-6f0e-4f6e-9a55-3a1c7c0d9e11",
        )
        .base_path("", "test");
        if edge {
            domain = domain.endpoint_type(EndpointType::Edge);
        } else if spec.stage.mutual_tls {
            domain = domain.mutual_tls("s3://random-truststore/ca.pem");
        }
        if spec.stage.extra_stage {
            domain = domain.base_path("extra", "extra");
        }
        api = api.domain(domain);
    }
    let pool = if tagged {
        Parameter::string("PoolArn")
    } else {
        Parameter::string("PoolArn")
            .allowed_pattern(apigw_synth::USER_POOL_ARN_PATTERN)
            .constraint_description("must be a Cognito user pool ARN")
    };
    let mut stack = Stack::new("random", api).parameter(pool);
    if stage_named_by_parameter(&spec.stage) {
        stack = stack.parameter(Parameter::string("TestStageName").default_value("test"));
    }
    stack
}

/// Whether the stage `test` is named at deploy time, by the parameter `TestStageName`
/// (default `test`): read off other draws, so that the sequence of random APIs stays put.
/// The resource policy drawn, read off other draws so that the sequence of random APIs stays
/// put: (a deny of every caller outside two ranges on the first top-level resource and all
/// under it, a private endpoint behind a VPC endpoint).
pub(crate) fn policy_draw(spec: &ApiSpec) -> (bool, bool) {
    let deny = spec.api_keys == Some(false) && !spec.tree.is_empty();
    let private = deny && spec.stage.domain.is_none() && spec.stage.tracing;
    (deny, private)
}

/// The user pool `auth-0` also trusts, created by the stack, read off other draws so that
/// the sequence of random APIs stays put: None, or how many public and machine clients it
/// has (machine clients only when methods on `auth-0` require scopes, which they request).
pub(crate) fn pool_draw(spec: &ApiSpec) -> Option<(usize, usize)> {
    (spec.stage.cloudwatch_role && spec.gateway_responses)
        .then(|| (spec.tree.len() % 3, spec.authorizers - 1))
}

/// Whether a method on `auth-0` requires scopes (`api/read`, `api/write`).
fn auth_0_scopes(tree: &[ResourceSpec]) -> bool {
    tree.iter().any(|r| {
        r.methods
            .iter()
            .any(|m| m.scopes && matches!(m.auth, Auth::Default | Auth::Named(0)))
            || auth_0_scopes(&r.children)
    })
}

/// The pool `random-users` with `public` public clients (`openid`, and `api/read` when the
/// methods require it) and `machine` machine clients (`api/write`) when they require scopes.
fn created_pool(spec: &ApiSpec, public: usize, machine: usize) -> UserPool {
    let scoped = auth_0_scopes(&spec.tree);
    let mut pool = UserPool::new("random-users");
    for i in 0..public {
        let mut client = PublicClient::new(format!("random-web-{i}"))
            .callback_url("https://app.example.com/callback")
            .scope("openid");
        if i == 1 {
            client = client.callback_url("http://localhost:3000/callback");
        } else {
            client = client.logout_url("https://app.example.com/");
        }
        if scoped {
            client = client.scope("api/read");
        }
        pool = pool.public_client(client);
    }
    for i in (0..machine).filter(|_| scoped) {
        pool = pool
            .machine_client(MachineClient::new(format!("random-machine-{i}")).scope("api/write"));
    }
    pool
}

pub(crate) fn stage_named_by_parameter(spec: &StageSpec) -> bool {
    spec.metrics && !spec.extra_stage
}

/// The stage `test` with the drawn settings (named at deploy time, with the id `test`, when
/// [`stage_named_by_parameter`]).
fn stage(spec: &StageSpec, description: &str, metrics_off: bool) -> Stage {
    let name = if stage_named_by_parameter(spec) {
        Value::parameter("TestStageName")
    } else {
        Value::literal("test")
    };
    let mut stage = Stage::new(name)
        .id("test")
        .description(description)
        .tracing(spec.tracing);
    stage = stage.access_log(match spec.access_log {
        AccessLogDraw::Default => AccessLog::log_group(),
        AccessLogDraw::Days30 => AccessLog::log_group().retention_days(30),
        AccessLogDraw::Destination => AccessLog::destination(
            "arn:aws:logs:us-east-1:000000000000:log-group:random-access-logs",
        ),
        AccessLogDraw::Off => AccessLog::off("a random stage without access logs"),
    });
    let mut settings = if spec.metrics || metrics_off {
        MethodSettings::new().metrics(spec.metrics)
    } else {
        MethodSettings::new()
    };
    if let Some(rate) = spec.throttling {
        settings = settings.throttling(rate, rate * 2);
    }
    if let Some(level) = spec.logging {
        settings = settings.logging(level);
    }
    if spec.cache {
        stage = stage.cache_cluster("0.5");
        settings = settings.caching(60);
    }
    if let Some(percent) = spec.canary {
        stage = stage.canary(Canary::new(f64::from(percent)).variable("lane", "canary"));
    }
    if spec.web_acl {
        stage = stage.web_acl(
            "arn:aws:wafv2:us-east-1:000000000000:regional/webacl/random/0b7e0b8d-6f0e-4f6e-9a55-3a1c7c0d9e11",
        );
    }
    stage.settings(settings)
}

pub(crate) fn runner(cases: u32) -> TestRunner {
    let seed = [7u8; 32];
    TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    )
}

/// The `i`-th random API of a fixed seed, for tests that need a few concrete samples.
pub(crate) fn sample(count: usize) -> Vec<ApiSpec> {
    let mut runner = runner(1);
    (0..count)
        .map(|_| api_spec().new_tree(&mut runner).unwrap().current())
        .collect()
}
