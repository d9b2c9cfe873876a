//! Structured stack files: libFuzzer's bytes decoded (with `arbitrary`) into a stack of
//! routes, methods, authorizers (Cognito, Lambda TOKEN and REQUEST), scopes, CORS, parameters and outputs, drawn mostly from
//! names that matter (`{id}`, `{ID}`, `{proxy+}`, empty parts, bad characters, unknown
//! authorizers), written out as YAML and fed through the same `fuzz_entry` as raw bytes.
//! This reaches synth and render far more often than mutated bytes do.
#![no_main]

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_yaml::{Mapping, Value};

const PARTS: &[&str] = &[
    "items", "users", "{id}", "{ID}", "{itemId}", "{proxy+}", "", "a b", "v1.2", "x:y", "{", "{}",
    "é", "orders",
];
const NAMES: &[&str] = &[
    "users", "admins", "", "a\tb", "shop", "Pool", "prod", "x-y_z",
];
const VERBS: &[&str] = &[
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "ANY",
];
const FUNCTIONS: &[&str] = &["get-item", "bad name", "", "f_1"];
const ARNS: &[&str] = &[
    "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC",
    "arn:aws:lambda:eu-west-1:123456789012:function:get-item",
    "not-an-arn",
];

/// A word from a list, or (rarely) a raw string.
#[derive(Debug, Arbitrary)]
enum Word {
    Pick(u8),
    Raw(String),
}

impl Word {
    fn of(&self, list: &[&str]) -> String {
        match self {
            Word::Pick(i) => list[usize::from(*i) % list.len()].to_owned(),
            Word::Raw(s) => s.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Integration {
    Lambda(Word),
    Arn(Word),
    ArnRef(Word),
    Mock,
    None,
}

#[derive(Debug, Arbitrary)]
struct MethodSpec {
    verb: Word,
    integration: Integration,
    authorizer: Option<Word>,
    public: bool,
    iam: bool,
    scopes: Option<Vec<Word>>,
    api_key_required: Option<bool>,
}

#[derive(Debug, Arbitrary)]
struct RouteSpec {
    parts: Vec<Word>,
    trailing_slash: bool,
    methods: Vec<MethodSpec>,
}

/// The kind of an authorizer: Cognito, or a Lambda one with its function (by name, ARN or
/// parameter), identity sources (kind, name), validation expression and credentials.
#[derive(Debug, Arbitrary)]
enum AuthorizerKind {
    Cognito,
    Lambda {
        request: bool,
        function: Integration,
        sources: Vec<(u8, Word)>,
        validation: Option<Word>,
        credentials: Option<Word>,
    },
    /// Both kinds at once, or none: an error.
    Both,
    Neither,
}

#[derive(Debug, Arbitrary)]
struct AuthorizerSpec {
    name: Word,
    kind: AuthorizerKind,
    arns: Vec<Word>,
    arn_refs: Vec<Word>,
    created: Vec<(Word, Option<Word>)>,
    token_source: Option<Word>,
    ttl: Option<u32>,
}

/// A Lambda authorizer's fields (`lambdaToken` or `lambdaRequest`).
fn lambda_authorizer(
    function: &Integration,
    sources: &[(u8, Word)],
    validation: Option<&Word>,
    credentials: Option<&Word>,
) -> Value {
    let mut l = Mapping::new();
    match function {
        Integration::Lambda(f) => {
            l.insert(s("function"), s(f.of(FUNCTIONS)));
        }
        Integration::Arn(a) => {
            l.insert(s("functionArn"), s(a.of(ARNS)));
        }
        Integration::ArnRef(p) => {
            l.insert(s("functionArn"), reference(p.of(NAMES)));
        }
        Integration::Mock => {
            let mut r = Mapping::new();
            r.insert(s("resource"), s("Fn"));
            l.insert(s("function"), Value::Mapping(r));
        }
        Integration::None => {}
    }
    let sources = sources.iter().map(|(k, w)| {
        let key = ["header", "queryString", "stageVariable", "context"][usize::from(*k) % 4];
        let mut m = Mapping::new();
        m.insert(
            s(key),
            s(w.of(&["Authorization", "X Bad", "", "sourceIp", "a.b"])),
        );
        Value::Mapping(m)
    });
    l.insert(s("identitySources"), Value::Sequence(sources.collect()));
    if let Some(v) = validation {
        l.insert(s("validationExpression"), s(v.of(&["^Bearer .+$", ""])));
    }
    if let Some(c) = credentials {
        l.insert(
            s("credentials"),
            s(c.of(&["arn:aws:iam::123456789012:role/invoker", "not-a-role"])),
        );
    }
    Value::Mapping(l)
}

#[derive(Debug, Arbitrary)]
struct CorsSpec {
    origins: Option<Vec<Word>>,
    headers: Option<Vec<Word>>,
    credentials: bool,
    max_age: Option<u32>,
}

#[derive(Debug, Arbitrary)]
struct StackSpec {
    stack: Option<Word>,
    parameters: Vec<(Word, u8)>,
    authorizers: Vec<AuthorizerSpec>,
    default_authorizer: Option<Word>,
    default_scopes: Option<Vec<Word>>,
    cors: Option<CorsSpec>,
    routes: Vec<RouteSpec>,
    stage: Option<Word>,
    outputs: Vec<(Word, Word)>,
    api_key_required: bool,
    /// API keys: name and value (a literal in clear, an error, or a parameter).
    api_keys: Vec<(Word, Option<Word>)>,
    /// Usage plans: name, stages, keys, per-method throttles.
    usage_plans: Vec<(Word, Vec<Word>, Vec<Word>, Vec<Word>)>,
}

fn s(v: impl Into<String>) -> Value {
    Value::String(v.into())
}

fn reference(name: String) -> Value {
    let mut m = Mapping::new();
    m.insert(s("ref"), s(name));
    Value::Mapping(m)
}

fn words(list: &[Word], vocabulary: &[&str]) -> Value {
    Value::Sequence(list.iter().map(|w| s(w.of(vocabulary))).collect())
}

fn method(m: &MethodSpec) -> Value {
    let mut v = Mapping::new();
    match &m.integration {
        Integration::Lambda(f) => {
            v.insert(s("lambda"), s(f.of(FUNCTIONS)));
        }
        Integration::Arn(a) => {
            v.insert(s("lambdaArn"), s(a.of(ARNS)));
        }
        Integration::ArnRef(p) => {
            v.insert(s("lambdaArn"), reference(p.of(NAMES)));
        }
        Integration::Mock => {
            v.insert(s("mock"), Value::Bool(true));
        }
        Integration::None => {}
    }
    if let Some(a) = &m.authorizer {
        v.insert(s("authorizer"), s(a.of(NAMES)));
    }
    if m.public {
        v.insert(s("public"), Value::Bool(true));
    }
    if let Some(required) = m.api_key_required {
        v.insert(s("apiKeyRequired"), Value::Bool(required));
    }
    if m.iam {
        v.insert(s("iam"), Value::Bool(true));
    }
    if let Some(scopes) = &m.scopes {
        v.insert(s("scopes"), words(scopes, NAMES));
    }
    Value::Mapping(v)
}

fn stack(spec: &StackSpec) -> Value {
    let mut api = Mapping::new();
    api.insert(s("name"), s("fuzz"));
    let mut authorizers = Mapping::new();
    for a in &spec.authorizers {
        let mut cognito = Mapping::new();
        let mut arns: Vec<Value> = a.arns.iter().map(|w| s(w.of(ARNS))).collect();
        arns.extend(a.arn_refs.iter().map(|w| reference(w.of(NAMES))));
        cognito.insert(s("userPoolArns"), Value::Sequence(arns));
        let created = a.created.iter().map(|(name, client)| {
            let mut pool = Mapping::new();
            pool.insert(s("name"), s(name.of(NAMES)));
            if let Some(c) = client {
                pool.insert(s("client"), s(c.of(NAMES)));
            }
            Value::Mapping(pool)
        });
        cognito.insert(s("createUserPools"), Value::Sequence(created.collect()));
        let mut authorizer = Mapping::new();
        match &a.kind {
            AuthorizerKind::Cognito => {
                authorizer.insert(s("cognito"), Value::Mapping(cognito));
            }
            AuthorizerKind::Lambda {
                request,
                function,
                sources,
                validation,
                credentials,
            } => {
                let key = if *request {
                    "lambdaRequest"
                } else {
                    "lambdaToken"
                };
                let lambda =
                    lambda_authorizer(function, sources, validation.as_ref(), credentials.as_ref());
                authorizer.insert(s(key), lambda);
            }
            AuthorizerKind::Both => {
                authorizer.insert(s("cognito"), Value::Mapping(cognito));
                let lambda = lambda_authorizer(&Integration::None, &[], None, None);
                authorizer.insert(s("lambdaToken"), lambda);
            }
            AuthorizerKind::Neither => {}
        }
        if let Some(t) = &a.token_source {
            authorizer.insert(s("tokenSource"), s(t.of(&["Authorization", "X Token", ""])));
        }
        if let Some(ttl) = a.ttl {
            authorizer.insert(s("resultTtlSeconds"), Value::Number((ttl % 8000).into()));
        }
        authorizers.insert(s(a.name.of(NAMES)), Value::Mapping(authorizer));
    }
    api.insert(s("authorizers"), Value::Mapping(authorizers));
    if spec.api_key_required {
        api.insert(s("apiKeyRequired"), Value::Bool(true));
    }
    let mut keys = Mapping::new();
    for (name, value) in &spec.api_keys {
        let mut key = Mapping::new();
        if let Some(v) = value {
            let v = match v {
                Word::Pick(i) if i % 2 == 0 => reference(v.of(NAMES)),
                _ => s(v.of(&["0123456789abcdefghij", ""])),
            };
            key.insert(s("value"), v);
        }
        keys.insert(s(name.of(NAMES)), Value::Mapping(key));
    }
    api.insert(s("apiKeys"), Value::Mapping(keys));
    let mut plans = Mapping::new();
    for (name, stages, keys, throttles) in &spec.usage_plans {
        let mut plan = Mapping::new();
        plan.insert(s("stages"), words(stages, &["prod", "beta", ""]));
        plan.insert(s("apiKeys"), words(keys, NAMES));
        let mut method_throttle = Mapping::new();
        for t in throttles {
            let mut limits = Mapping::new();
            limits.insert(s("rateLimit"), Value::Number(10.into()));
            limits.insert(s("burstLimit"), Value::Number(20.into()));
            method_throttle.insert(
                s(t.of(&["GET /items", "POST /items/{id}", "GET /", "bad"])),
                Value::Mapping(limits),
            );
        }
        plan.insert(s("methodThrottle"), Value::Mapping(method_throttle));
        plans.insert(s(name.of(NAMES)), Value::Mapping(plan));
    }
    api.insert(s("usagePlans"), Value::Mapping(plans));
    if let Some(d) = &spec.default_authorizer {
        api.insert(s("defaultAuthorizer"), s(d.of(NAMES)));
    }
    if let Some(scopes) = &spec.default_scopes {
        api.insert(s("defaultScopes"), words(scopes, NAMES));
    }
    if let Some(c) = &spec.cors {
        let mut cors = Mapping::new();
        if let Some(o) = &c.origins {
            cors.insert(
                s("allowOrigins"),
                words(o, &["*", "https://a.example", "a,b", ""]),
            );
        }
        if let Some(h) = &c.headers {
            cors.insert(
                s("allowHeaders"),
                words(h, &["Content-Type", "Bad Header", ""]),
            );
        }
        cors.insert(s("allowCredentials"), Value::Bool(c.credentials));
        if let Some(m) = c.max_age {
            cors.insert(s("maxAgeSeconds"), Value::Number(m.into()));
        }
        api.insert(s("cors"), Value::Mapping(cors));
    }
    let mut routes = Mapping::new();
    for r in &spec.routes {
        let mut path: String = r
            .parts
            .iter()
            .map(|p| format!("/{}", p.of(PARTS)))
            .collect();
        if path.is_empty() || r.trailing_slash {
            path.push('/');
        }
        let mut methods = Mapping::new();
        for m in &r.methods {
            methods.insert(s(m.verb.of(VERBS)), method(m));
        }
        routes.insert(s(path), Value::Mapping(methods));
    }
    api.insert(s("routes"), Value::Mapping(routes));
    if let Some(stage) = &spec.stage {
        let mut st = Mapping::new();
        st.insert(s("name"), s(stage.of(&["prod", "dev_1", "bad name", ""])));
        api.insert(s("stage"), Value::Mapping(st));
    }
    let mut file = Mapping::new();
    if let Some(name) = &spec.stack {
        file.insert(s("stack"), s(name.of(&["shop", "9shop", "a-b"])));
    }
    let mut parameters = Mapping::new();
    for (name, kind) in &spec.parameters {
        let mut p = Mapping::new();
        let kinds = ["String", "Number", "CommaDelimitedList"];
        p.insert(s("type"), s(kinds[usize::from(*kind) % 3]));
        parameters.insert(s(name.of(NAMES)), Value::Mapping(p));
    }
    file.insert(s("parameters"), Value::Mapping(parameters));
    file.insert(s("api"), Value::Mapping(api));
    let mut outputs = Mapping::new();
    for (name, param) in &spec.outputs {
        outputs.insert(s(name.of(NAMES)), reference(param.of(NAMES)));
    }
    file.insert(s("outputs"), Value::Mapping(outputs));
    Value::Mapping(file)
}

/// `APIGW_FUZZ_DUMP=DIR`: also write each input's YAML into DIR, to keep inputs as
/// stack files (`tests/fixtures/fuzz-corpus/` holds YAML, not this target's raw bytes).
fn dump(text: &str) {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    if let Some(dir) = DIR.get_or_init(|| std::env::var_os("APIGW_FUZZ_DUMP").map(PathBuf::from)) {
        let mut hasher = DefaultHasher::new();
        text.hash(&mut hasher);
        let _ = std::fs::write(dir.join(format!("{:016x}.yaml", hasher.finish())), text);
    }
}

fuzz_target!(|spec: StackSpec| {
    let Ok(text) = serde_yaml::to_string(&stack(&spec)) else {
        return;
    };
    dump(&text);
    if let Err(broken) = apigw_synth::stack_file::fuzz_entry(text.as_bytes()) {
        panic!("{broken}\n--- input ---\n{text}");
    }
});
