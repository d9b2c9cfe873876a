//! Property tests over random valid APIs (seeded, reproducible): authorization is never
//! lost, preflights are never authorized, the deployment covers every method, logical ids
//! are valid, sibling order does not matter, and the deployment id moves exactly when
//! something that reaches the stage changes. A sample also goes through cfn-lint.

mod support;

use apigw_synth::{
    CognitoUserPoolsAuthorizer, Cors, Format, Integration, Method, Parameter, Resource, RestApi,
    Stack, Stage, UserPool, render, synthesize,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value as Json;

const VERBS: [&str; 6] = ["GET", "POST", "PUT", "PATCH", "DELETE", "ANY"];
const NAMES: [&str; 6] = ["users", "items", "v1", "orders", "search", "a.b"];
const FUNCTIONS: [&str; 4] = ["fn-a", "fn-b", "fn_c", "fn-d"];

#[derive(Debug, Clone)]
enum Auth {
    Default,
    Named(usize),
    Public,
    Iam,
}

#[derive(Debug, Clone)]
struct MethodSpec {
    verb: &'static str,
    function: Option<&'static str>,
    auth: Auth,
    scopes: bool,
}

#[derive(Debug, Clone)]
struct ResourceSpec {
    part: String,
    methods: Vec<MethodSpec>,
    children: Vec<ResourceSpec>,
    cors: Option<bool>,
}

#[derive(Debug, Clone)]
struct ApiSpec {
    authorizers: usize,
    cors: bool,
    tree: Vec<ResourceSpec>,
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
    )
        .prop_map(|(function, auth, scopes)| MethodSpec {
            verb: "GET",
            function,
            auth,
            scopes,
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

fn children(authorizers: usize, depth: u32) -> BoxedStrategy<Vec<ResourceSpec>> {
    let names = proptest::sample::subsequence(NAMES.to_vec(), 0..=3);
    let variable = proptest::option::of(prop_oneof![Just("{id}"), Just("{key}"), Just("{proxy+}")]);
    (names, variable)
        .prop_flat_map(move |(names, variable)| {
            let parts: Vec<String> = names
                .into_iter()
                .chain(variable)
                .map(str::to_owned)
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
                    ),
                    n,
                ),
            )
        })
        .prop_map(|(parts, specs)| {
            parts
                .into_iter()
                .zip(specs)
                .map(|(part, (methods, children, cors))| {
                    let children = if part.ends_with("+}") { Vec::new() } else { children };
                    ResourceSpec { part, methods, children, cors }
                })
                .collect()
        })
        .boxed()
}

fn api_spec() -> impl Strategy<Value = ApiSpec> {
    (1usize..=3, any::<bool>()).prop_flat_map(|(authorizers, cors)| {
        children(authorizers, 2).prop_map(move |tree| ApiSpec { authorizers, cors, tree })
    })
}

fn has_method(tree: &[ResourceSpec]) -> bool {
    tree.iter().any(|r| !r.methods.is_empty() || has_method(&r.children))
}

/// Builds the stack; `reverse` declares siblings and methods in the opposite order.
fn build(spec: &ApiSpec, reverse: bool, stage_description: &str) -> Stack {
    fn method(m: &MethodSpec) -> Method {
        let integration = match m.function {
            Some(f) => Integration::lambda(f),
            None => Integration::mock(),
        };
        let mut method = Method::parse(m.verb, integration);
        method = match m.auth {
            Auth::Default => method,
            Auth::Named(i) => method.authorizer(format!("auth-{i}")),
            Auth::Public => method.public(),
            Auth::Iam => method.iam(),
        };
        if m.scopes && matches!(m.auth, Auth::Default | Auth::Named(_)) {
            method = method.scopes(["api/read", "api/write"]);
        }
        method
    }
    fn resource(r: &ResourceSpec, reverse: bool) -> Resource {
        let mut res = Resource::new(r.part.clone());
        res = match r.cors {
            Some(true) => res.cors(Cors::new().allow_origins(["https://example.com"])),
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
            res = res.method(method(m));
        }
        for c in children {
            res = res.resource(resource(c, reverse));
        }
        res
    }
    let mut api = RestApi::new("random");
    for i in 0..spec.authorizers {
        let a = CognitoUserPoolsAuthorizer::new(format!("auth-{i}"))
            .user_pool(UserPool::from_parameter("PoolArn"));
        api = if i == 0 { api.default_authorizer(a) } else { api.authorizer(a) };
    }
    if spec.cors {
        api = api.default_cors(Cors::new());
    }
    let mut tree: Vec<&ResourceSpec> = spec.tree.iter().collect();
    if reverse {
        tree.reverse();
    }
    for r in tree {
        api = api.resource(resource(r, reverse));
    }
    if !has_method(&spec.tree) {
        api = api.route("/ping", Method::get(Integration::mock()).public());
    }
    api = api.stage(Stage::new("test").description(stage_description));
    Stack::new("random", api).parameter(Parameter::string("PoolArn"))
}

fn json(stack: &Stack) -> (String, Json) {
    let text = render(&synthesize(stack).expect("a random valid API synthesizes"), Format::Json);
    let value = serde_json::from_str(&text).unwrap();
    (text, value)
}

fn runner(cases: u32) -> TestRunner {
    let seed = [7u8; 32];
    TestRunner::new_with_rng(
        Config { cases, failure_persistence: None, ..Config::default() },
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    )
}

fn resources(t: &Json) -> impl Iterator<Item = (&String, &Json)> {
    t["Resources"].as_object().unwrap().iter()
}

fn deployment_id(t: &Json) -> String {
    resources(t)
        .find(|(_, r)| r["Type"] == "AWS::ApiGateway::Deployment")
        .map(|(id, _)| id.clone())
        .unwrap()
}

#[test]
fn methods_keep_their_authorization_and_preflights_have_none() {
    runner(200)
        .run(&api_spec(), |spec| {
            let (_, t) = json(&build(&spec, false, "d"));
            for (id, r) in resources(&t).filter(|(_, r)| r["Type"] == "AWS::ApiGateway::Method") {
                let p = &r["Properties"];
                let kind = p["AuthorizationType"].as_str().unwrap();
                if p["HttpMethod"] == "OPTIONS" {
                    prop_assert_eq!(kind, "NONE", "{} is an authorized preflight", id);
                    prop_assert!(p.get("AuthorizationScopes").is_none());
                } else if kind == "COGNITO_USER_POOLS" {
                    prop_assert!(p["AuthorizerId"]["Ref"].is_string(), "{} lacks AuthorizerId", id);
                } else {
                    prop_assert!(p.get("AuthorizationScopes").is_none(), "{} has scopes", id);
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn only_methods_marked_public_have_no_authorization() {
    fn public_count(tree: &[ResourceSpec]) -> usize {
        tree.iter()
            .map(|r| {
                r.methods.iter().filter(|m| matches!(m.auth, Auth::Public)).count()
                    + public_count(&r.children)
            })
            .sum()
    }
    runner(200)
        .run(&api_spec(), |spec| {
            let (_, t) = json(&build(&spec, false, "d"));
            let unauthorized = resources(&t)
                .filter(|(_, r)| r["Type"] == "AWS::ApiGateway::Method")
                .filter(|(_, r)| r["Properties"]["HttpMethod"] != "OPTIONS")
                .filter(|(_, r)| r["Properties"]["AuthorizationType"] == "NONE")
                .count();
            let ping = usize::from(!has_method(&spec.tree));
            prop_assert_eq!(unauthorized, public_count(&spec.tree) + ping);
            Ok(())
        })
        .unwrap();
}

#[test]
fn deployment_depends_on_every_method_and_ids_are_valid() {
    let valid = regex::Regex::new("^[A-Za-z0-9]{1,255}$").unwrap();
    runner(200)
        .run(&api_spec(), |spec| {
            let (_, t) = json(&build(&spec, false, "d"));
            let id = deployment_id(&t);
            let depends: Vec<&str> = t["Resources"][&id]["DependsOn"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            for (rid, r) in resources(&t) {
                prop_assert!(valid.is_match(rid), "invalid logical id {}", rid);
                if r["Type"] == "AWS::ApiGateway::Method" {
                    prop_assert!(depends.contains(&rid.as_str()), "{} not in DependsOn", rid);
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn sibling_and_method_order_does_not_change_the_template() {
    runner(200)
        .run(&api_spec(), |spec| {
            let (a, _) = json(&build(&spec, false, "d"));
            let (b, _) = json(&build(&spec, true, "d"));
            prop_assert_eq!(a, b);
            Ok(())
        })
        .unwrap();
}

#[test]
fn deployment_id_moves_exactly_when_the_stage_content_changes() {
    runner(100)
        .run(&api_spec(), |spec| {
            let (_, base) = json(&build(&spec, false, "d"));
            let (_, stage_only) = json(&build(&spec, false, "another description"));
            prop_assert_eq!(deployment_id(&base), deployment_id(&stage_only));

            let mut changed = spec.clone();
            changed.tree.push(ResourceSpec {
                part: "extra".into(),
                methods: vec![MethodSpec { verb: "GET", function: Some("fn-a"), auth: Auth::Default, scopes: false }],
                children: Vec::new(),
                cors: None,
            });
            let (_, more) = json(&build(&changed, false, "d"));
            prop_assert_ne!(deployment_id(&base), deployment_id(&more));

            let mut toggled = spec.clone();
            toggled.cors = !toggled.cors;
            let (_, cors) = json(&build(&toggled, false, "d"));
            let preflights_or_responses = |t: &Json| {
                resources(t)
                    .filter(|(_, r)| {
                        r["Type"] == "AWS::ApiGateway::GatewayResponse"
                            || r["Properties"]["HttpMethod"] == "OPTIONS"
                    })
                    .count()
            };
            if preflights_or_responses(&base) != preflights_or_responses(&cors) {
                prop_assert_ne!(deployment_id(&base), deployment_id(&cors));
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_sample_of_random_apis_passes_cfn_lint() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut runner = runner(1);
    for i in 0..20 {
        let spec = api_spec().new_tree(&mut runner).unwrap().current();
        let (text, t) = json(&build(&spec, false, "d"));
        eprintln!("random-{i}: {} resources", resources(&t).count());
        let path = dir.path().join(format!("random-{i}.template.json"));
        std::fs::write(&path, text).unwrap();
        files.push(path);
    }
    let report = support::lint(&files);
    assert!(report.trim().is_empty(), "{report}");
}
