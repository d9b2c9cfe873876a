//! Random valid APIs for property tests and engine deploys: a seeded proptest strategy
//! over resource trees, methods (declared `OPTIONS` included, public where CORS is off),
//! integrations, authorizers, CORS and public flags.

use apigw_synth::{
    AccessLog, Canary, CognitoUserPoolsAuthorizer, Cors, DomainName, EndpointType, GatewayResponse,
    GatewayResponseType, Integration, LoggingLevel, Method, MethodSettings, Model, Parameter,
    Resource, RestApi, Stack, Stage, UserPool,
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

/// The origins a resource's own CORS allows, the first `origins` of them.
pub(crate) const ORIGINS: [&str; 3] = [
    "https://example.com",
    "https://preview.example.com",
    "http://localhost:3000",
];

#[derive(Debug, Clone)]
pub(crate) struct ApiSpec {
    pub authorizers: usize,
    pub cors: bool,
    /// Declares `UNAUTHORIZED` (a header and a template) and `MISSING_AUTHENTICATION_TOKEN`
    /// as 404.
    pub gateway_responses: bool,
    /// Declares a model `Item` that every POST, PUT and PATCH requires, and a required query
    /// string parameter and header on every GET.
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
    )
        .prop_map(|(function, auth, scopes, throttled, reason)| MethodSpec {
            verb: "GET",
            function,
            auth,
            scopes,
            throttled,
            reason,
        })
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
            (children(authorizers, 2), stage_spec()).prop_map(move |(mut tree, stage)| {
                declare_options_where_valid(&mut tree, cors);
                ApiSpec {
                    authorizers,
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
    fn method(m: &MethodSpec, validated: bool) -> Method {
        let integration = match m.function {
            Some(f) => Integration::lambda(f),
            None => Integration::mock(),
        };
        let mut method = Method::parse(m.verb, integration);
        method = match m.auth {
            Auth::Default => method,
            Auth::Named(i) => method.authorizer(format!("auth-{i}")),
            Auth::Public if m.reason => method.public_because("a random public method"),
            Auth::Public => method.public(),
            Auth::Iam => method.iam(),
        };
        if m.scopes && matches!(m.auth, Auth::Default | Auth::Named(_)) {
            method = method.scopes(["api/read", "api/write"]);
        }
        if validated {
            method = match m.verb {
                "POST" | "PUT" | "PATCH" => method.request_model("application/json", "Item"),
                "GET" => method.required_query("q").required_header("X-Tenant"),
                _ => method,
            };
        }
        if let Some(rate) = m.throttled {
            method = method.settings(MethodSettings::new().throttling(rate, rate * 2));
        }
        method
    }
    fn resource(r: &ResourceSpec, reverse: bool, validated: bool) -> Resource {
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
            res = res.method(method(m, validated));
        }
        for c in children {
            res = res.resource(resource(c, reverse, validated));
        }
        res
    }
    let mut api = RestApi::new("random");
    for i in 0..spec.authorizers {
        let a = CognitoUserPoolsAuthorizer::new(format!("auth-{i}"))
            .user_pool(UserPool::from_parameter("PoolArn"));
        api = if i == 0 {
            api.default_authorizer(a)
        } else {
            api.authorizer(a)
        };
    }
    if spec.cors {
        api = api.default_cors(Cors::new());
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
        api = api.resource(resource(r, reverse, spec.validation));
    }
    if !has_method(&spec.tree) {
        api = api.route("/ping", Method::get(Integration::mock()).public());
    }
    api = api
        .stage(stage(&spec.stage, stage_description))
        .cloudwatch_role(spec.stage.cloudwatch_role)
        .tag("suite", "random");
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
    Stack::new("random", api).parameter(Parameter::string("PoolArn"))
}

/// The stage `test` with the drawn settings.
fn stage(spec: &StageSpec, description: &str) -> Stage {
    let mut stage = Stage::new("test")
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
    let mut settings = MethodSettings::new().metrics(spec.metrics);
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
