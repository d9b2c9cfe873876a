//! The bad-input catalogue: every broken stack, written with the Rust builders or as a
//! stack file, fails with every problem it has, each named by stack, method and path (and
//! file:line:column for files). Stack files go through the real binary beside a good
//! stack file and the compiled-in Rust stack: exit code non-zero, and `out/` byte for byte
//! as it was; `list`, `diff`, `tree` and `validate` then fail on it with the very same
//! lines. Each case's full message is a snapshot (`snapshots/bad-input-<case>.snap`).
//!
//! To add a case, add one line to the table: `name: input => ["code", ...];` where the
//! input is `rust(<Stack>)`, `yaml("<text>")`, `json("<text>")` or `bytes("<ext>", <Vec<u8>>)`,
//! and the codes are every problem expected, in the order reported. Then run
//! `INSTA_UPDATE=always cargo test --test all bad_input::` and review the new snapshot.
//! Failures of the environment (`out/` unusable, a full disk) follow the table. `import`'s
//! own catalogue (documents it refuses) is in tests/import.rs.

use crate::support;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use apigw_synth::out::{OutFile, Scope, Steps, write_all_with};
use apigw_synth::{
    AccessLog, Canary, CognitoUserPoolsAuthorizer, Cors, DomainName, EndpointType, GatewayResponse,
    GatewayResponseType, Generated, HttpMethod, Integration, LambdaAuthorizer, MachineClient,
    Method, MethodSettings, Model, Parameter, PolicyStatement, ProblemKind, PublicClient,
    RawResource, Resource, RestApi, Stack, Stage, SynthError, UserPool, Value, synthesize,
    synthesize_all,
};
use serde_json::json;

fn pool() -> UserPool {
    UserPool::from_parameter("PoolArn")
}

fn authorizer() -> CognitoUserPoolsAuthorizer {
    CognitoUserPoolsAuthorizer::new("users").user_pool(pool())
}

fn lambda(name: &str) -> Integration {
    Integration::lambda(name)
}

/// A valid API to break in one place.
fn api() -> RestApi {
    RestApi::new("shop")
        .default_authorizer(authorizer())
        .route("/items", Method::get(lambda("list-items")))
}

/// A regional custom domain `name` with a valid certificate ARN, no base path yet.
fn domain(name: &str) -> DomainName {
    DomainName::new(
        name,
        "arn:aws:acm:eu-west-1:123456789012:certificate/0b7e0b8d-6f0e-4f6e-9a55-3a1c7c0d9e11",
    )
}

fn stack(api: RestApi) -> Stack {
    Stack::new("shop", api).parameter(Parameter::string("PoolArn"))
}

fn error(stack: Stack) -> SynthError {
    match synthesize(&stack) {
        Ok(_) => panic!("stack `{}` should fail synth", stack.name()),
        Err(e) => e,
    }
}

fn codes(e: &SynthError) -> Vec<&'static str> {
    e.problems.iter().map(|p| p.kind.code()).collect()
}

/// A case's broken input.
enum Input {
    /// A stack built with the Rust builders.
    Rust(Box<Stack>),
    /// A stack file: its extension and bytes.
    File(&'static str, Vec<u8>),
}

fn rust(stack: Stack) -> Input {
    Input::Rust(Box::new(stack))
}

fn yaml(text: &str) -> Input {
    Input::File("yaml", text.as_bytes().to_vec())
}

fn json(text: &str) -> Input {
    Input::File("json", text.as_bytes().to_vec())
}

fn bytes(extension: &'static str, bytes: Vec<u8>) -> Input {
    Input::File(extension, bytes)
}

fn check(case: &str, input: Input, expected: &[&str]) {
    match input {
        Input::Rust(stack) => check_rust(case, *stack, expected),
        Input::File(extension, bytes) => check_file(case, extension, &bytes, expected),
    }
}

/// Every problem, by code; each names the stack; the same problems when the stack is
/// synthesized after a good one.
fn check_rust(case: &str, stack: Stack, expected: &[&str]) {
    let e = error(stack.clone());
    assert_eq!(codes(&e), expected);
    for p in &e.problems {
        assert!(
            p.to_string().starts_with(&format!("{}: ", stack.name())),
            "{p}"
        );
    }
    let good = support::stacks::eshop_fcj::stack();
    let together = synthesize_all(&[good, stack]).expect_err("a bad stack among good ones fails");
    assert_eq!(codes(&together), expected);
    support::with_snapshots(|| {
        insta::assert_snapshot!(format!("bad-input-{case}"), e.to_string());
    });
}

/// Codes of loader problems, whose context is the key path rather than the stack.
const FILE_CODES: &[&str] = &[
    "syntax",
    "invalid-value",
    "unknown-field",
    "unknown-variant",
    "missing-field",
    "duplicate-key",
    "duplicate-route",
    "integration",
    "access-log",
    "authorizer-kind",
    "policy-statement",
    "public-reason-without-public",
    "yaml-tag",
    "too-deep",
    "too-many-aliases",
    "too-large",
    "not-utf8",
    "empty-file",
];

/// Codes of problems with the whole file, which have no line.
const WHOLE_FILE_CODES: &[&str] = &["too-large", "empty-file"];

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                files.insert(name, fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// A checkout in a temporary directory: the committed `out/`, and `stacks/` holding the
/// good example stack file; the binary also has the Rust eshop-fcj stack compiled in.
fn checkout() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("out")).unwrap();
    for (name, bytes) in tree(&support::root().join("out")) {
        fs::write(dir.path().join("out").join(name), bytes).unwrap();
    }
    fs::create_dir(dir.path().join("stacks")).unwrap();
    fs::copy(
        support::root().join("stacks/orders-preview.yaml"),
        dir.path().join("stacks/orders-preview.yaml"),
    )
    .unwrap();
    dir
}

/// Through the binary, beside good stacks: non-zero exit, every problem by code, each at
/// file:line:column and naming the stack, and `out/` untouched.
fn check_file(case: &str, extension: &str, bytes: &[u8], expected: &[&str]) {
    let dir = checkout();
    let stem = case.replace('_', "-");
    let shown = format!("stacks/{stem}.{extension}");
    fs::write(dir.path().join(&shown), bytes).unwrap();
    let before = tree(&dir.path().join("out"));
    let output = support::bin()
        .current_dir(dir.path())
        .args(["synth", "--stacks", "stacks", "--out", "out"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "{case} synthesized");
    assert!(
        output.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(stderr.ends_with("nothing was written\n"), "{stderr}");
    let problems: Vec<&str> = stderr.lines().filter(|l| l.contains(": error[")).collect();
    let found: Vec<&str> = problems
        .iter()
        .filter_map(|l| l.split("error[").nth(1)?.split(']').next())
        .collect();
    assert_eq!(found, expected, "{stderr}");
    let text = String::from_utf8_lossy(bytes);
    let stack = text
        .lines()
        .find_map(|l| l.strip_prefix("stack: "))
        .unwrap_or(&stem);
    for (line, code) in problems.iter().zip(&found) {
        let rest = line.strip_prefix(&format!("{shown}:")).unwrap_or_else(|| {
            panic!("{line} does not name {shown}");
        });
        if !WHOLE_FILE_CODES.contains(code) {
            let mut numbers = rest.splitn(3, ':');
            let line_no = numbers.next().and_then(|n| n.parse::<usize>().ok());
            let column = numbers.next().and_then(|n| n.parse::<usize>().ok());
            assert!(
                line_no.is_some() && column.is_some(),
                "no line:column in {line}"
            );
        }
        if !FILE_CODES.contains(code) {
            assert!(
                line.contains(&format!("error[{code}]: {stack}")),
                "{line} names no stack"
            );
        }
    }
    assert!(
        before == tree(&dir.path().join("out")),
        "{case}: out/ changed"
    );
    every_command_says_alike(dir.path(), &shown, &problems, expected);
    support::with_snapshots(|| {
        insta::assert_snapshot!(format!("bad-input-{case}"), stderr);
    });
}

/// Codes of problems between stacks (two named alike), which `validate` of one file alone
/// can't find.
const BETWEEN_STACKS_CODES: &[&str] = &["duplicate-stack", "stack-names-differ-in-case"];

/// Every other command that reads the stacks (`list`, `diff`, `tree`, and `validate` of the
/// file) fails on the broken file with the very lines `synth` printed, and prints nothing
/// on stdout.
fn every_command_says_alike(dir: &Path, file: &str, problems: &[&str], expected: &[&str]) {
    let mut commands = vec![
        vec!["list", "--stacks", "stacks"],
        vec!["diff", "--stacks", "stacks"],
        vec!["tree", "--stacks", "stacks"],
    ];
    if !expected.iter().any(|c| BETWEEN_STACKS_CODES.contains(c)) {
        commands.push(vec!["validate", file]);
    }
    for args in commands {
        let output = support::bin()
            .current_dir(dir)
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} succeeded on {file}");
        assert!(output.stdout.is_empty(), "{args:?} printed on stdout");
        let said: Vec<&str> = stderr.lines().filter(|l| l.contains(": error[")).collect();
        assert_eq!(said, problems, "{args:?} says otherwise than synth");
    }
}

macro_rules! bad_input {
    ($($name:ident: $input:expr => [$($code:literal),+];)*) => {$(
        #[test]
        fn $name() {
            check(stringify!($name), $input, &[$($code),+]);
        }
    )*};
}

bad_input! {
    // Stacks written with the Rust builders.

    duplicate_sibling_path_part: rust(stack(
        api()
            .resource(Resource::new("orders").method(Method::get(lambda("a"))))
            .resource(Resource::new("orders").method(Method::post(lambda("b"))))
    )) => ["duplicate-path-part"];

    invalid_path_part: rust(stack(api().route("/items/{id", Method::get(lambda("get-item")))))
        => ["invalid-path-part"];

    empty_path_part_from_a_double_slash: rust(stack(api().route("/items//x", Method::get(lambda("x")))))
        => ["invalid-path-part"];

    route_without_leading_slash: rust(stack(api().route("items/{id}", Method::get(lambda("x")))))
        => ["route-without-leading-slash"];

    sibling_path_parameters: rust(stack(
        api()
            .route("/items/{id}", Method::get(lambda("a")))
            .route("/items/{itemId}", Method::put(lambda("b")))
    )) => ["conflicting-path-parameters"];

    greedy_path_part_not_last: rust(stack(api().route("/files/{proxy+}/meta", Method::get(lambda("x")))))
        => ["greedy-not-last"];

    duplicate_method_on_a_resource: rust(stack(api().route("/items", Method::get(lambda("other")))))
        => ["duplicate-method"];

    invalid_http_method: rust(stack(api().route("/items", Method::parse("FETCH", lambda("x")))))
        => ["invalid-http-method"];

    method_without_authorizer_and_not_public: rust(stack(
        RestApi::new("shop")
            .authorizer(authorizer())
            .route("/products/{id}", Method::put(lambda("update-product")))
    )) => ["no-authorizer"];

    scopes_on_a_public_method: rust(stack(
        api().route("/health", Method::get(Integration::mock()).public().scopes(["shop/read"]))
    )) => ["scopes-without-cognito"];

    scopes_on_an_iam_method: rust(stack(api().route("/admin", Method::post(lambda("x")).iam().scopes(["a"]))))
        => ["scopes-without-cognito"];

    public_method_with_an_authorizer: rust(stack(
        api().route("/x", Method::get(lambda("x")).public().authorizer("users"))
    )) => ["conflicting-authorization"];

    unknown_authorizer: rust(stack(api().route("/x", Method::get(lambda("x")).authorizer("admins"))))
        => ["unknown-authorizer"];

    authorizer_with_no_user_pool: rust(stack(
        RestApi::new("shop")
            .default_authorizer(CognitoUserPoolsAuthorizer::new("users"))
            .route("/items", Method::get(lambda("list-items")))
    )) => ["authorizer-without-user-pool"];

    authorizers_named_alike: rust(stack(api().authorizer(authorizer())))
        => ["duplicate-authorizer"];

    authorizer_ttl_out_of_range: rust(stack(
        RestApi::new("shop")
            .default_authorizer(authorizer().result_ttl_seconds(7200))
            .route("/items", Method::get(lambda("list-items")))
    )) => ["ttl-out-of-range"];

    invalid_user_pool_arn: rust(stack(
        RestApi::new("shop")
            .default_authorizer(CognitoUserPoolsAuthorizer::new("users").user_pool(UserPool::from_arn("us-east-1_abc")))
            .route("/items", Method::get(lambda("list-items")))
    )) => ["invalid-user-pool-arn"];

    // Lambda authorizers (TOKEN and REQUEST).

    lambda_authorizer_without_function: rust(stack(
        api().authorizer(LambdaAuthorizer::token("partners"))
            .route("/partners", Method::get(lambda("x")).authorizer("partners"))
    )) => ["authorizer-without-function"];

    lambda_authorizer_function_that_is_no_name: rust(stack(
        api().authorizer(LambdaAuthorizer::token("partners").function("check token"))
            .route("/partners", Method::get(lambda("x")).authorizer("partners"))
    )) => ["invalid-authorizer-function"];

    lambda_authorizer_credentials_that_are_no_role: rust(stack(
        api().authorizer(LambdaAuthorizer::token("partners").function("check-token").credentials("admin"))
            .route("/partners", Method::get(lambda("x")).authorizer("partners"))
    )) => ["invalid-authorizer-credentials"];

    scopes_on_a_lambda_authorized_method: rust(stack(
        api().authorizer(LambdaAuthorizer::token("partners").function("check-token"))
            .route("/partners", Method::get(lambda("x")).authorizer("partners").scopes(["partners/read"]))
    )) => ["scopes-without-cognito"];

    lambda_authorizer_without_function_in_a_file: yaml("\
api:
  name: shop
  authorizers:
    partners:
      lambdaToken: {}
  defaultAuthorizer: partners
  routes:
    /items:
      GET: { lambda: list-items }
") => ["authorizer-without-function"];

    invalid_identity_source_in_a_file: yaml("\
api:
  name: shop
  authorizers:
    webhooks:
      lambdaRequest:
        function: check-signature
        identitySources:
          - { header: X-Signature }
          - { header: X Tenant }
  defaultAuthorizer: webhooks
  routes:
    /items:
      GET: { lambda: list-items }
") => ["invalid-identity-source"];

    lambda_authorizer_ttl_out_of_range_in_a_file: yaml("\
api:
  name: shop
  authorizers:
    partners:
      lambdaToken: { function: check-token }
      resultTtlSeconds: 7200
  defaultAuthorizer: partners
  routes:
    /items:
      GET: { lambda: list-items }
") => ["ttl-out-of-range"];

    request_authorizer_caching_without_identity_sources_in_a_file: yaml("\
api:
  name: shop
  authorizers:
    webhooks:
      lambdaRequest: { function: check-signature }
      resultTtlSeconds: 300
  defaultAuthorizer: webhooks
  routes:
    /items:
      GET: { lambda: list-items }
") => ["caching-without-identity-source"];

    validation_expression_on_a_request_authorizer_in_a_file: yaml("\
api:
  name: shop
  authorizers:
    webhooks:
      lambdaRequest:
        function: check-signature
        identitySources: [{ header: X-Signature }]
        validationExpression: \"^sha256=.+$\"
  defaultAuthorizer: webhooks
  routes:
    /items:
      GET: { lambda: list-items }
") => ["validation-expression-on-request"];

    scopes_on_a_lambda_authorized_method_in_a_file: yaml("\
api:
  name: shop
  authorizers:
    partners:
      lambdaToken: { function: check-token }
  defaultAuthorizer: partners
  routes:
    /items:
      GET: { lambda: list-items, scopes: [items/read] }
") => ["scopes-without-cognito"];

    // API keys and usage plans.

    api_key_required_on_a_declared_options_in_a_file: yaml("\
api:
  name: shop
  routes:
    /hooks:
      OPTIONS: { mock: true, public: true, apiKeyRequired: true }
") => ["api-key-on-options"];

    api_key_value_in_clear_text_in_a_file: yaml("\
api:
  name: shop
  apiKeys:
    partner-a: { value: 0123456789abcdefghij }
  routes:
    /health:
      GET: { mock: true, public: true, apiKeyRequired: true }
") => ["api-key-value-in-clear"];

    usage_plan_bound_to_no_stage_in_a_file: yaml("\
api:
  name: shop
  apiKeys: { partner-a: {} }
  usagePlans:
    gold: { apiKeys: [partner-a], throttle: { rateLimit: 10, burstLimit: 20 } }
  routes:
    /health:
      GET: { mock: true, public: true, apiKeyRequired: true }
") => ["usage-plan-without-stage"];

    usage_plan_naming_a_missing_key_in_a_file: yaml("\
api:
  name: shop
  usagePlans:
    gold: { stages: [prod], apiKeys: [partner-z] }
  routes:
    /health:
      GET: { mock: true, public: true, apiKeyRequired: true }
") => ["invalid-usage-plan"];

    api_key_without_authorization_in_a_file: yaml("\
api:
  name: shop
  apiKeyRequired: true
  routes:
    /orders:
      GET: { lambda: list-orders }
") => ["no-authorizer"];

    authorizer_of_two_kinds_in_a_file: yaml("\
api:
  name: shop
  authorizers:
    partners:
      lambdaToken: { function: check-token }
      lambdaRequest: { function: check-token }
  routes:
    /items:
      GET: { lambda: list-items, public: true }
") => ["authorizer-kind"];

    undeclared_parameter: rust(Stack::new("shop", api())) => ["undeclared-parameter"];

    invalid_stage_name: rust(stack(api().stage(Stage::new("prod stage!")))) => ["invalid-stage-name"];

    api_with_no_methods: rust(stack(RestApi::new("shop").default_authorizer(authorizer())))
        => ["no-methods"];

    invalid_function_name: rust(stack(api().route("/x", Method::get(lambda("get product")))))
        => ["invalid-function-name"];

    // Not public either: a declared OPTIONS can only be public (see below).
    options_declared_where_cors_generates_it: rust(stack(
        api().default_cors(Cors::new()).route("/items", Method::parse("OPTIONS", Integration::mock()))
    )) => ["options-with-cors", "options-not-public"];

    cors_credentials_with_any_origin: rust(stack(api().default_cors(Cors::new().allow_credentials(true))))
        => ["invalid-cors"];

    invalid_stack_name: rust(Stack::new("shop_api", api()).parameter(Parameter::string("PoolArn")))
        => ["invalid-stack-name"];

    stack_name_reserved_on_windows: rust(Stack::new("Com1", api()).parameter(Parameter::string("PoolArn")))
        => ["reserved-stack-name"];

    logical_id_collision: rust(stack(api()).parameter(Parameter::string("RestApi")))
        => ["logical-id-collision"];

    more_than_500_resources_in_a_template: rust(stack(
        (0..260).fold(api(), |api, i| api.route(&format!("/r{i}"), Method::get(lambda("x"))))
    )) => ["too-many-resources"];

    trailing_slash_in_a_route: rust(stack(api().route("/items/", Method::post(lambda("x")))))
        => ["invalid-path-part"];

    path_parameters_differing_only_in_case: rust(stack(
        api()
            .route("/items/{id}", Method::get(lambda("a")))
            .route("/items/{ID}", Method::put(lambda("b")))
    )) => ["conflicting-path-parameters"];

    default_authorizer_that_does_not_exist: rust(stack(
        RestApi::new("shop")
            .authorizer(authorizer())
            .default_authorizer_name("admins")
            .route("/items", Method::get(lambda("list-items")))
    )) => ["unknown-authorizer"];

    output_of_an_undeclared_parameter: rust(stack(api()).output("Pool", Value::parameter("OtherPool")))
        => ["undeclared-parameter"];

    parameter_declared_twice: rust(stack(api()).parameter(Parameter::string("PoolArn")))
        => ["duplicate-parameter"];

    token_source_that_is_no_header: rust(stack(
        RestApi::new("shop")
            .default_authorizer(authorizer().token_source("X Token"))
            .route("/items", Method::get(lambda("list-items")))
    )) => ["invalid-token-source"];

    empty_scope: rust(stack(api().route("/x", Method::get(lambda("x")).scopes([""]))))
        => ["empty-scope"];

    function_arn_that_is_not_one: rust(stack(
        api().route("/x", Method::get(Integration::lambda_arn(Value::literal("arn:aws:lambda:x"))))
    )) => ["invalid-function-arn"];

    stage_name_too_long: rust(stack(api().stage(Stage::new("s".repeat(129)))))
        => ["invalid-stage-name"];

    options_method_with_an_authorizer: rust(stack(
        api().route("/items", Method::parse("OPTIONS", Integration::mock()).authorizer("users"))
    )) => ["authorized-options"];

    access_logs_off_without_a_reason: rust(stack(api().stage(Stage::new("prod").access_log(AccessLog::off(" ")))))
        => ["empty-reason"];

    log_retention_not_offered_by_cloudwatch: rust(stack(
        api().stage(Stage::new("prod").access_log(AccessLog::log_group().retention_days(42)))
    )) => ["invalid-log-retention"];

    a_method_caching_on_a_stage_without_a_cache_cluster: rust(stack(
        api().route("/cached", Method::get(lambda("x")).settings(MethodSettings::new().caching(60)))
    )) => ["caching-without-cache-cluster"];

    settings_for_a_route_that_does_not_exist: rust(stack(api().stage(
        Stage::new("prod").method_settings("/itmes", HttpMethod::Get, MethodSettings::new().metrics(true))
    ))) => ["method-settings-without-method"];

    throttling_burst_below_rate_on_a_method: rust(stack(
        api().route("/busy", Method::post(lambda("x")).settings(MethodSettings::new().throttling(100, 10)))
    )) => ["burst-below-rate"];

    two_stages_of_one_name: rust(stack(api().stage(Stage::new("prod")).stage(Stage::new("prod"))))
        => ["duplicate-stage"];

    stage_named_by_one_parameter_twice: rust(stack(api()
        .stage(Stage::new(Value::parameter("Env")))
        .stage(Stage::new(Value::parameter("Env")).id("Again"))
    ).parameter(Parameter::string("Env"))) => ["stage-names-may-collide"];

    stage_named_by_a_parameter_beside_a_literal_one: rust(stack(api()
        .stage(Stage::new("prod"))
        .stage(Stage::new(Value::parameter("Env")))
    ).parameter(Parameter::string("Env"))) => ["stage-names-may-collide"];

    stage_name_computed_without_an_id: rust(stack(api()
        .stage(Stage::new(Value::sub("${Env}-v2")))
    ).parameter(Parameter::string("Env"))) => ["invalid-stage-name-value"];

    stage_name_computed_with_text_no_stage_name_holds: rust(stack(api()
        .stage(Stage::new(Value::sub("${Env}.v2")).id("V2"))
    ).parameter(Parameter::string("Env"))) => ["invalid-stage-name-value"];

    stage_id_that_is_no_stage_name: rust(stack(api()
        .stage(Stage::new(Value::parameter("Env")).id("live stage"))
    ).parameter(Parameter::string("Env"))) => ["invalid-stage-name-value"];

    stage_name_from_a_missing_parameter: rust(stack(api().stage(Stage::new(Value::parameter("Env")))))
        => ["undeclared-parameter"];

    value_naming_a_missing_condition: rust(stack(api().default_cors(Cors::new().allow_origins([
        Value::if_condition("IsProd", "https://shop.example.com", "https://preview.example.com"),
    ])))) => ["undeclared-condition"];

    credentials_with_any_origin_in_one_branch_of_an_if: rust(stack(api().default_cors(
        Cors::new()
            .allow_credentials(true)
            .allow_origins([Value::if_condition("IsProd", "https://shop.example.com", "*")])
    )).condition("IsProd", json!({"Fn::Equals": [{"Ref": "AWS::Region"}, "eu-west-1"]})))
        => ["invalid-cors"];

    no_value_as_a_value: rust(stack(api().default_cors(Cors::new().allow_origins([
        Value::if_condition("IsProd", "https://shop.example.com", Value::reference("AWS::NoValue")),
    ]))).condition("IsProd", json!({"Fn::Equals": [{"Ref": "AWS::Region"}, "eu-west-1"]})))
        => ["no-value-in-value"];

    stage_name_from_a_resource: rust(stack(api().stage(Stage::new(Value::reference("Topic"))))
        .resource("Topic", "AWS::SNS::Topic", json!({}))) => ["invalid-stage-name-value"];

    canary_taking_more_than_all_traffic: rust(stack(
        api().stage(Stage::new("prod").canary(Canary::new(150.0)))
    )) => ["canary-percent-out-of-range"];

    base_path_mapped_to_a_missing_stage: rust(stack(
        api().stage(Stage::new("prod")).domain(domain("api.shop.example.com").base_path("v1", "live"))
    )) => ["base-path-to-missing-stage"];

    certificate_arn_that_is_none: rust(stack(api().domain(
        DomainName::new("api.shop.example.com", "arn:aws:iam::123456789012:server-certificate/shop")
            .base_path("", "prod")
    ))) => ["invalid-certificate-arn"];

    domain_that_is_not_a_host_name: rust(stack(
        api().domain(domain("https://api.shop.example.com/").base_path("", "prod"))
    )) => ["invalid-domain-name"];

    domain_without_a_base_path: rust(stack(api().domain(domain("api.shop.example.com"))))
        => ["domain-without-base-path"];

    base_path_of_two_parts: rust(stack(
        api().domain(domain("api.shop.example.com").base_path("v1/orders", "prod"))
    )) => ["invalid-base-path"];

    mutual_tls_on_an_edge_domain: rust(stack(api().domain(
        domain("api.shop.example.com")
            .endpoint_type(EndpointType::Edge)
            .mutual_tls("s3://shop-truststore/ca.pem")
            .base_path("", "prod")
    ))) => ["mutual-tls-needs-regional"];

    truststore_version_without_mutual_tls: rust(stack(api().domain(
        domain("api.shop.example.com").truststore_version("3").base_path("", "prod")
    ))) => ["truststore-version-without-mutual-tls"];

    private_custom_domain: rust(stack(api().domain(
        domain("api.shop.example.com").endpoint_type(EndpointType::Private).base_path("", "prod")
    ))) => ["private-domain"];

    one_domain_twice: rust(stack(api()
        .domain(domain("api.shop.example.com").base_path("", "prod"))
        .domain(domain("api.shop.example.com").base_path("v2", "prod"))
    )) => ["logical-id-collision"];

    one_base_path_twice_on_a_domain: rust(stack(api().domain(
        domain("api.shop.example.com").base_path("v1", "prod").base_path("v1", "prod")
    ))) => ["logical-id-collision"];

    escape_sequence_in_a_domain_name: rust(stack(
        api().domain(domain("api.shop.example.com\u{1b}[2J").base_path("", "prod"))
    )) => ["control-character"];

    output_named_like_a_domains_target: rust(stack(
        api().domain(domain("api.shop.example.com").base_path("", "prod"))
    ).output("DomainTargetApiShopExampleComA14EF0A9", "x")) => ["output-name-taken"];

    web_acl_from_an_undeclared_parameter: rust(stack(
        api().stage(Stage::new("prod").web_acl(Value::parameter("WebAclArn")))
    )) => ["undeclared-parameter"];

    // Issue 10. A declared OPTIONS is a method like any other, but browsers send preflights
    // without credentials, so it can't be authorized: it must say `public` on purpose. It
    // used to come out `NONE` with a Lambda behind it, public without a word.
    options_method_inheriting_the_default_authorizer: rust(stack(
        api().route("/items", Method::parse("OPTIONS", lambda("handle-options")))
    )) => ["options-not-public"];

    // Routes past API Gateway's own limits: the longest URL of a request (10,240 characters
    // for a regional API, 8,192 for edge-optimized and private ones), and the 1,600-byte
    // ARN of an authorized method.
    route_longer_than_any_url: rust(stack(
        api().route(&"/a".repeat(6_000), Method::get(Integration::mock()).public())
    )) => ["route-too-long"];

    route_longer_than_an_edge_optimized_url: rust(stack(
        api()
            .endpoint_type(apigw_synth::EndpointType::Edge)
            .route(&"/ab".repeat(3_000), Method::get(Integration::mock()).public())
    )) => ["route-too-long"];

    authorized_route_longer_than_its_arn_allows: rust(stack(
        api().route(&format!("/{}", "x".repeat(1_600)), Method::get(lambda("get-x")))
    )) => ["route-too-long"];

    // Control characters, in any name or value a stack gives: each is refused on its own,
    // and alone (every other message would print it).
    control_characters_in_every_kind_of_text: rust(
        Stack::new("shop", RestApi::new("shop\u{1b}[2J")
            .description("two\nlines are fine, an escape \u{1b}[1A is not")
            .binary_media_type("image/\u{9b}png")
            .default_authorizer(CognitoUserPoolsAuthorizer::new("users\u{7f}")
                .user_pool(UserPool::new("pool\u{0}").client("web\u{1}"))
                .token_source("Authorization\r\n"))
            .default_cors(Cors::new()
                .allow_origins(["https://a.example.com\r\nX-Injected: 1"])
                .allow_headers(["Content-Type\n"]))
            .route("/items\u{1b}", Method::get(lambda("list\titems")).scopes(["s\u{8}"]))
            .route("/orders", Method::get(Integration::lambda_arn(Value::literal("arn:\u{1b}"))))
            .stage(Stage::new("prod\u{7}").description("ok").variable("v\u{1b}", "x\u{1b}")))
            .description("stack \u{1b}")
            .parameter(Parameter::string("Pool\u{1b}").description("d\u{1b}")
                .default_value("x\u{1b}").allowed_pattern("^a\u{1b}$")
                .constraint_description("c\r"))
            .output("Out\u{1b}", Value::literal("v\u{1b}"))
    ) => [
        "control-character", "control-character", "control-character", "control-character",
        "control-character", "control-character", "control-character", "control-character",
        "control-character", "control-character", "control-character", "control-character",
        "control-character", "control-character", "control-character", "control-character",
        "control-character", "control-character", "control-character", "control-character",
        "control-character", "control-character", "control-character", "control-character",
        "control-character"
    ];

    // Inputs AWS rejects or that weaken access.
    null_cors_origin: rust(stack(api().default_cors(Cors::new().allow_origins(["null"]))))
        => ["invalid-cors"];

    cors_origin_that_is_no_origin: rust(stack(
        api().default_cors(Cors::new().allow_origins(["https://shop.example.com/"]))
    )) => ["invalid-cors"];

    cors_origin_with_a_wildcard_inside_in_rust: rust(stack(
        api().default_cors(Cors::new().allow_origins(["https://shop.example.com", "https://*.example.com"]))
    )) => ["invalid-cors"];

    same_cors_origin_parameter_twice: rust(stack(
        api().default_cors(Cors::new().allow_origins([Value::parameter("PoolArn"), Value::parameter("PoolArn")]))
    )) => ["invalid-cors"];

    cors_any_method: rust(stack(
        api().default_cors(Cors::new().allow_methods([HttpMethod::Get, HttpMethod::Any]))
    )) => ["invalid-cors"];

    gateway_response_declared_twice: rust(stack(
        api()
            .gateway_response(GatewayResponse::new(GatewayResponseType::Unauthorized).status_code(401))
            .gateway_response(GatewayResponse::new(GatewayResponseType::Unauthorized).header("WWW-Authenticate", "Bearer"))
    )) => ["invalid-gateway-response"];

    gateway_response_template_twice_for_one_content_type: rust(stack(
        api().gateway_response(
            GatewayResponse::new(GatewayResponseType::Default4xx)
                .template("application/json", "{}")
                .template("application/json", "{\"message\": $context.error.messageString}")
        )
    )) => ["invalid-gateway-response"];

    model_name_that_is_not_alphanumeric: rust(stack(
        api().model(Model::new("create-product", json!({"type": "object"})))
    )) => ["invalid-model"];

    derived_model_with_a_keyword_draft_4_lacks: rust(stack(
        api().model(Model::new("Tagged", json!({"type": "array", "contains": {"type": "string"}})))
    )) => ["invalid-model"];

    required_query_parameter_twice: rust(stack(
        api().route("/search", Method::get(lambda("search")).required_query("q").required_query("q"))
    )) => ["invalid-required-parameter"];

    no_cors_origin: rust(stack(
        api().default_cors(Cors::new().allow_origins(Vec::<String>::new()))
    )) => ["invalid-cors"];

    same_path_parameter_twice_in_a_route: rust(stack(
        api().route("/items/{id}/parts/{id}", Method::get(lambda("get-part")))
    )) => ["duplicate-path-parameter"];

    dot_dot_path_segment: rust(stack(api().route("/items/../admin", Method::get(lambda("x")))))
        => ["invalid-path-part"];

    stage_variable_value_with_a_space: rust(stack(
        api().stage(Stage::new("prod").variable("greeting", "hello world"))
    )) => ["invalid-stage-variable"];

    output_named_like_a_generated_output: rust(stack(api()).output("InvokeUrl", "https://example.com"))
        => ["output-name-taken"];

    // Issue 14: the escape hatch keeps the rules.
    raw_method_without_authorization: rust(stack(api()).resource(
        "OpenMethod",
        "AWS::ApiGateway::Method",
        json!({
            "RestApiId": {"Ref": "RestApi"},
            "ResourceId": {"Fn::GetAtt": ["RestApi", "RootResourceId"]},
            "HttpMethod": "DELETE",
            "AuthorizationType": "NONE",
            "Integration": {"Type": "MOCK"}
        }),
    )) => ["raw-method-without-authorization"];

    override_that_removes_the_authorizer: rust(stack(api()).override_properties(
        Generated::method("/items", HttpMethod::Get),
        json!({"AuthorizationType": "NONE", "AuthorizerId": null}),
    )) => ["raw-method-without-authorization"];

    override_that_drops_only_the_authorizer_id: rust(stack(api()).override_properties(
        Generated::method("/items", HttpMethod::Get),
        json!({"AuthorizerId": null}),
    )) => ["raw-method-without-authorization"];

    raw_resource_taking_a_generated_logical_id: rust(stack(api()).resource(
        "RestApi",
        "AWS::SNS::Topic",
        json!({}),
    )) => ["raw-id-taken"];

    raw_resource_taking_a_parameter_id: rust(stack(api()).resource("PoolArn", "AWS::SNS::Topic", json!({})))
        => ["raw-id-taken"];

    intrinsic_naming_a_missing_resource_in_a_raw_resource: rust(stack(api()).resource(
        "Topic",
        "AWS::SNS::Topic",
        json!({"DisplayName": {"Fn::Sub": "${Missing.Name}-${AWS::Region}"}, "KmsMasterKeyId": {"Ref": "NoSuchKey"}}),
    )) => ["unknown-reference", "unknown-reference"];

    intrinsic_naming_a_missing_resource_in_a_value: rust(stack(
        api().route("/orders", Method::get(Integration::lambda_arn(Value::get_att("OrdersFunction", "Arn"))))
    )) => ["undeclared-parameter"];

    intrinsic_naming_a_missing_parameter_in_a_sub: rust(stack(api()).output("Url", Value::sub("https://${Domain}/")))
        => ["undeclared-parameter"];

    depends_on_a_missing_resource: rust(stack(api()).raw(
        RawResource::new("Topic", "AWS::SNS::Topic", json!({})).depends_on("Nothing")
    )) => ["unknown-reference"];

    condition_not_declared: rust(stack(api()).raw(
        RawResource::new("Topic", "AWS::SNS::Topic", json!({})).condition("IsProd")
    )) => ["unknown-condition"];

    override_of_a_route_the_api_lacks: rust(stack(api()).override_properties(
        Generated::method("/orders", HttpMethod::Get),
        json!({"OperationName": "x"}),
    )) => ["unknown-override-target"];

    override_moving_an_api_resource: rust(stack(api().route("/orders", Method::get(lambda("list-orders"))))
        .override_properties(Generated::resource("/orders"), json!({"PathPart": "admin"})))
        => ["invalid-raw"];

    override_of_a_stage_the_api_lacks: rust(stack(api().route("/orders", Method::get(lambda("list-orders"))))
        .override_properties(Generated::stage("preview"), json!({"Description": "x"})))
        => ["unknown-override-target"];

    override_of_the_permission_of_a_function_no_route_calls: rust(stack(api())
        .override_properties(Generated::permission("delete-items"), json!({"SourceAccount": "123456789012"})))
        => ["unknown-override-target"];

    lambda_resource_that_is_no_function: rust(stack(
        api().route("/orders", Method::get(Integration::lambda_resource("Topic")))
    ).resource("Topic", "AWS::SNS::Topic", json!({}))) => ["not-a-lambda-function"];

    raw_resource_of_no_type: rust(stack(api()).resource("Topic", "SNS Topic", json!({})))
        => ["invalid-raw"];

    output_named_like_a_created_pool_output: rust(Stack::new("shop",
        RestApi::new("shop")
            .default_authorizer(CognitoUserPoolsAuthorizer::new("users").user_pool(UserPool::new("shop-users")))
            .route("/items", Method::get(lambda("list-items")))
    ).output("UserPoolShopUsersId", "x")) => ["output-name-taken"];

    // Stack files, through the binary.

    base_path_mapped_to_a_missing_stage_in_a_file: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  stage: { name: prod }
  domains:
    - name: api.shop.example.com
      certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/0b7e0b8d-6f0e-4f6e-9a55-3a1c7c0d9e11
      basePaths:
        - { stage: prod }
        - { path: v2, stage: beta }
") => ["base-path-to-missing-stage"];

    certificate_arn_that_is_none_in_a_file: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  domains:
    - name: api.shop.example.com
      certificateArn: my-certificate
      basePaths: [{ stage: prod }]
") => ["invalid-certificate-arn"];

    domain_that_is_not_a_host_name_in_a_file: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  domains:
    - name: api_shop
      certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/0b7e0b8d-6f0e-4f6e-9a55-3a1c7c0d9e11
      basePaths: [{ stage: prod }]
") => ["invalid-domain-name"];

    mutual_tls_on_an_edge_domain_in_a_file: yaml("\
parameters:
  CertificateArn: { type: String }
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  domains:
    - name: { ref: DomainName }
      certificateArn: { ref: CertificateArn }
      endpoint: edge
      mutualTls: { truststoreUri: s3://shop-truststore/ca.pem }
      basePaths: [{ stage: prod }]
") => ["undeclared-parameter", "mutual-tls-needs-regional"];

    unknown_security_policy_in_a_file: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  domains:
    - name: api.shop.example.com
      certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/0b7e0b8d-6f0e-4f6e-9a55-3a1c7c0d9e11
      securityPolicy: TLS_1_1
      basePaths: [{ stage: prod }]
") => ["unknown-variant"];

    stage_named_by_one_parameter_twice_in_a_file: yaml("\
parameters:
  Env: { type: String }
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  stages:
    - name: { ref: Env }
    - name: { ref: Env }
      id: Again
") => ["stage-names-may-collide"];

    value_naming_a_missing_condition_in_a_file: yaml("\
api:
  name: shop
  cors:
    allowOrigins: [{ if: [IsProd, \"https://shop.example.com\", \"https://preview.example.com\"] }]
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["undeclared-condition"];

    stage_name_computed_without_an_id_in_a_file: yaml("\
parameters:
  Env: { type: String }
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  stage:
    name: { sub: \"${Env}-v2\" }
") => ["invalid-stage-name-value"];

    two_stages_of_one_name_in_a_file: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  stage: { name: prod }
  stages:
    - { name: dev }
    - { name: prod }
") => ["duplicate-stage"];

    canary_percentage_below_zero: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  stages:
    - name: prod
    - name: live
      canary: { percentTraffic: -5 }
") => ["canary-percent-out-of-range"];

    tag_key_reserved_by_aws: yaml("\
api:
  name: shop
  tags: { team: shop }
  routes:
    /health:
      GET: { mock: true, public: true }
  stage:
    name: prod
    tags: { \"aws:owner\": me }
") => ["invalid-tag"];

    log_retention_not_offered_in_a_file: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  stage:
    name: prod
    accessLog: { logGroup: { retentionDays: 45 } }
") => ["invalid-log-retention"];

    cache_size_api_gateway_does_not_offer: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  stage:
    name: prod
    cacheClusterSize: \"0.7\"
") => ["invalid-cache-size"];

    cache_ttl_out_of_range: yaml("\
api:
  name: shop
  routes:
    /health:
      GET:
        mock: true
        public: true
        settings: { caching: { ttlSeconds: 7200 } }
  stage: { name: prod, cacheClusterSize: \"0.5\" }
") => ["cache-ttl-out-of-range"];

    caching_settings_with_caching_off: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  stage:
    name: prod
    settings: { caching: { ttlSeconds: 300 } }
") => ["caching-without-cache-cluster"];

    throttling_burst_below_rate: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  stage:
    name: prod
    settings: { throttling: { rateLimit: 50, burstLimit: 5 } }
") => ["burst-below-rate"];

    settings_for_a_method_that_does_not_exist: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  stage:
    name: prod
    methodSettings:
      /health:
        POST: { metrics: true }
") => ["method-settings-without-method"];

    public_reason_on_a_method_that_is_not_public: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, publicReason: monitoring }
") => ["no-authorizer", "public-reason-without-public"];

    logging_level_that_does_not_exist: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  stage:
    name: prod
    settings: { loggingLevel: DEBUG }
") => ["unknown-variant"];

    two_access_log_destinations: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  stage:
    name: prod
    accessLog: { off: testing, destinationArn: arn:aws:logs:eu-west-1:123456789012:log-group:x }
") => ["access-log"];

    // Found by the structured fuzz target: an IAM-authorized OPTIONS was synthesized.
    options_method_with_iam: yaml("\
api:
  name: shop
  routes:
    /:
      OPTIONS: { lambda: get-item, iam: true }
") => ["authorized-options"];

    duplicate_routes_after_normalisation: yaml("\
api:
  name: shop
  routes:
    /items:
      GET: { mock: true, public: true }
    /items/:
      POST: { mock: true, public: true }
") => ["duplicate-route"];

    path_parameters_differing_only_in_case_in_a_file: yaml("\
api:
  name: shop
  routes:
    /items/{id}:
      GET: { mock: true, public: true }
    /items/{ID}:
      PUT: { mock: true, public: true }
") => ["conflicting-path-parameters"];

    greedy_path_part_with_a_child: yaml("\
api:
  name: shop
  routes:
    /files/{proxy+}/meta:
      GET: { mock: true, public: true }
") => ["greedy-not-last"];

    empty_path_part_in_a_file: yaml("\
api:
  name: shop
  routes:
    /items//x:
      GET: { mock: true, public: true }
") => ["invalid-path-part"];

    two_trailing_slashes: yaml("\
api:
  name: shop
  routes:
    /items//:
      GET: { mock: true, public: true }
") => ["invalid-path-part"];

    unknown_http_method_in_a_file: yaml("\
api:
  name: shop
  routes:
    /items:
      FETCH: { mock: true, public: true }
") => ["unknown-field"];

    two_authorizers_named_alike: yaml("\
api:
  name: shop
  authorizers:
    users:
      cognito: { userPoolArns: [{ ref: PoolArn }] }
    users:
      cognito: { userPoolArns: [{ ref: PoolArn }] }
  defaultAuthorizer: users
  routes:
    /items:
      GET: { lambda: list-items }
parameters:
  PoolArn: { type: String }
") => ["duplicate-key"];

    authorizer_without_user_pools: yaml("\
api:
  name: shop
  authorizers:
    users:
      cognito: {}
  defaultAuthorizer: users
  routes:
    /items:
      GET: { lambda: list-items }
") => ["authorizer-without-user-pool"];

    scopes_on_an_iam_method_in_a_file: yaml("\
api:
  name: shop
  routes:
    /admin:
      POST: { lambda: admin, iam: true, scopes: [shop/admin] }
") => ["scopes-without-cognito"];

    public_method_naming_an_authorizer: yaml("\
parameters:
  PoolArn: { type: String }
api:
  name: shop
  authorizers:
    users:
      cognito: { userPoolArns: [{ ref: PoolArn }] }
  routes:
    /items:
      GET: { lambda: list-items, public: true, authorizer: users }
") => ["conflicting-authorization"];

    ttl_above_an_hour: yaml("\
parameters:
  PoolArn: { type: String }
api:
  name: shop
  authorizers:
    users:
      cognito: { userPoolArns: [{ ref: PoolArn }] }
      resultTtlSeconds: 3601
  defaultAuthorizer: users
  routes:
    /items:
      GET: { lambda: list-items }
") => ["ttl-out-of-range"];

    negative_ttl: yaml("\
parameters:
  PoolArn: { type: String }
api:
  name: shop
  authorizers:
    users:
      cognito: { userPoolArns: [{ ref: PoolArn }] }
      resultTtlSeconds: -1
  defaultAuthorizer: users
  routes:
    /items:
      GET: { lambda: list-items }
") => ["invalid-value"];

    stage_name_with_a_slash: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  stage:
    name: prod/v1
") => ["invalid-stage-name"];

    stack_named_like_another_stack_file: yaml("\
stack: orders-preview
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["duplicate-stack"];

    stack_named_like_the_rust_stack: yaml("\
stack: eshop-fcj
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["duplicate-stack"];

    // File names: stacks whose template files would be one file on a case-insensitive file
    // system (macOS, Windows), or a name Windows reserves for a device.
    stack_named_like_another_stack_file_but_for_case: yaml("\
stack: Orders-Preview
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["stack-names-differ-in-case"];

    stack_named_like_the_rust_stack_but_for_case: yaml("\
stack: ESHOP-fcj
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["stack-names-differ-in-case"];

    stack_named_like_a_windows_device: yaml("\
stack: nul
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["reserved-stack-name"];

    parameter_referenced_but_not_declared: yaml("\
api:
  name: shop
  routes:
    /orders:
      GET: { lambdaArn: { ref: OrdersArn }, public: true }
") => ["undeclared-parameter"];

    output_of_a_missing_parameter: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
outputs:
  Orders: { ref: OrdersArn }
") => ["undeclared-parameter"];

    method_naming_a_missing_authorizer: yaml("\
api:
  name: shop
  routes:
    /items:
      GET: { lambda: list-items, authorizer: admins }
") => ["unknown-authorizer"];

    yaml_syntax_error: yaml("\
api:
  name: shop
  routes:
    /items:
      GET: { mock: true, public: true
") => ["syntax"];

    tab_indentation: yaml("api:\n\tname: shop\n") => ["syntax"];

    routes_given_as_a_list: yaml("\
api:
  name: shop
  routes:
    - /items
") => ["invalid-value"];

    unknown_field_in_an_authorizer: yaml("\
parameters:
  PoolArn: { type: String }
api:
  name: shop
  authorizers:
    users:
      cognito: { userPoolArns: [{ ref: PoolArn }] }
      ttl: 60
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["unknown-field"];

    // Issue 14: every structural mistake of a file in one run, each where it is written.
    ten_unrelated_structural_mistakes: yaml("\
stak: shop
parameters:
  PoolArn: { type: Strin }
api:
  name: shop
  endpoint: edg
  binaryMediaTypes: image/png
  authorizers:
    users:
      cognito: { userPoolArns: [{ ref: PoolArn }] }
      resultTtlSeconds: soon
  defaultAuthorizer: users
  routes:
    /items:
      GET: { lambda: list-items, public: \"yes\" }
      POST: { lambda: create-item, authoriser: users }
      FETCH: { mock: true }
  stage:
    nmae: prod
outputs:
  Pool: { Ref: PoolArn }
") => [
        "unknown-field",
        "unknown-variant",
        "unknown-variant",
        "invalid-value",
        "invalid-value",
        "invalid-value",
        "unknown-field",
        "unknown-field",
        "unknown-field",
        "invalid-value"
    ];

    // Hints toward what a new user meant.
    ref_written_as_cloudformation_ref: yaml("\
parameters:
  FnArn: { type: String }
api:
  name: shop
  routes:
    /items:
      GET: { lambdaArn: { Ref: FnArn }, public: true }
") => ["invalid-value"];

    function_arn_given_to_lambda: yaml("\
api:
  name: shop
  routes:
    /items:
      GET: { lambda: \"arn:aws:lambda:eu-west-1:123456789012:function:list-items\", public: true }
") => ["invalid-function-name"];

    function_name_given_to_lambda_arn: yaml("\
api:
  name: shop
  routes:
    /items:
      GET: { lambdaArn: list-items, public: true }
") => ["invalid-function-arn"];

    parameter_where_a_literal_is_required: yaml("\
stack: { ref: StackName }
parameters:
  StackName: { type: String }
api:
  name: shop
  routes:
    /items:
      GET: { mock: true, public: true }
") => ["invalid-value"];

    misspelt_field: yaml("\
api:
  name: shop
  routes:
    /items:
      GET: { mock: true, pubilc: true }
") => ["unknown-field"];

    api_field_written_at_the_top_level: yaml("\
api:
  name: shop
routes:
  /items:
    GET: { mock: true, public: true }
") => ["missing-field", "unknown-field"];

    number_where_text_goes: yaml("\
api:
  name: 2024
  routes:
    /items:
      GET: { mock: true, public: true }
") => ["invalid-value"];

    one_value_where_a_list_goes: yaml("\
api:
  name: shop
  cors:
    allowOrigins: https://shop.example.com
  routes:
    /items:
      GET: { mock: true, public: true }
") => ["invalid-value"];

    mistakes_inside_a_route_with_a_misspelt_method: yaml("\
api:
  name: shop
  routes:
    /items:
      get: { mock: true, public: true }
      POST: { mock: true, public: tru }
") => ["unknown-field", "invalid-value"];

    number_beyond_64_bits: yaml("\
api:
  name: shop
  cors:
    maxAgeSeconds: 123456789012345678901234567890
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["invalid-value"];

    number_beyond_32_bits: yaml("\
api:
  name: shop
  cors:
    maxAgeSeconds: 5000000000
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["invalid-value"];

    bytes_that_are_not_utf8: bytes("yaml", b"api:\n  name: caf\xe9\n".to_vec()) => ["not-utf8"];

    empty_file: yaml("") => ["empty-file"];

    comments_only: yaml("# nothing here yet\n") => ["empty-file"];

    fifty_megabyte_file: bytes("yaml", b"# padding padding padding\n".repeat(2 * 1024 * 1024))
        => ["too-large"];

    deeply_nested_mappings: bytes("yaml", nested_mappings(200)) => ["too-deep"];

    deeply_nested_flow_sequences: bytes("yaml", format!("api: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)).into_bytes())
        => ["too-deep"];

    billion_laughs: bytes("yaml", laughs()) => ["too-many-aliases"];

    two_documents_in_one_file: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
---
api:
  name: other
") => ["syntax"];

    yaml_tag: yaml("\
api:
  name: shop
  routes:
    /orders:
      GET: { lambdaArn: !Ref OrdersArn, public: true }
") => ["yaml-tag"];

    yaml_tags_beside_other_mistakes: yaml("\
api:
  name: shop
  routes:
    /orders:
      GET: { lambdaArn: !Ref OrdersArn, public: yes }
      POST: { lambdaArn: !GetAtt Orders.Arn, authorizer: users, iam: true }
") => ["yaml-tag", "invalid-value", "yaml-tag"];

    json_syntax_error: json("{\"api\": {\"name\": \"shop\",}}") => ["syntax"];

    json_top_level_array: json("[{\"api\": {}}]") => ["invalid-value"];

    json_nested_too_deeply: bytes("json", format!("{{\"api\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes())
        => ["too-deep"];

    api_left_empty: yaml("api:\n") => ["missing-field", "missing-field"];

    // Issue 10, in stack files.
    options_method_with_a_lambda_and_no_public: yaml("\
parameters:
  PoolArn: { type: String }
api:
  name: shop
  authorizers:
    users:
      cognito: { userPoolArns: [{ ref: PoolArn }] }
  defaultAuthorizer: users
  routes:
    /items:
      GET: { lambda: list-items }
      OPTIONS: { lambda: handle-options }
") => ["options-not-public"];

    route_of_25000_parts: bytes("json", format!(
        "{{\"api\": {{\"name\": \"shop\", \"routes\": {{\"{}\": {{\"GET\": {{\"mock\": true, \"public\": true}}}}}}}}}}",
        "/a".repeat(25_000)
    ).into_bytes()) => ["route-too-long"];

    escape_sequence_in_a_stage_variable: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  stage:
    name: prod
    variables: { note: \"\\e[1A\\e[2Kall clear\" }
") => ["control-character"];

    cr_lf_in_a_cors_origin: json("{\"api\": {\"name\": \"shop\", \"cors\": {\"allowOrigins\": [\"https://a.example.com\\r\\nSet-Cookie: x=1\"]}, \"routes\": {\"/health\": {\"GET\": {\"mock\": true, \"public\": true}}}}}")
        => ["control-character"];

    control_character_in_a_route: json("{\"api\": {\"name\": \"shop\", \"routes\": {\"/items/\\u001b[2J\": {\"GET\": {\"mock\": true, \"public\": true}}}}}")
        => ["control-character"];

    null_cors_origin_with_credentials: yaml("\
api:
  name: shop
  cors: { allowOrigins: [\"null\"], allowCredentials: true }
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["invalid-cors"];

    cors_origin_with_a_path: yaml("\
api:
  name: shop
  cors:
    allowOrigins: [\"https://shop.example.com\", \"https://preview.example.com/app\"]
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["invalid-cors"];

    cors_origin_with_a_wildcard_inside: yaml("\
api:
  name: shop
  cors:
    allowOrigins: [\"https://shop.example.com\", \"https://*.example.com\"]
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["invalid-cors"];

    same_cors_origin_twice: yaml("\
api:
  name: shop
  cors:
    allowOrigins: [\"https://shop.example.com\", \"http://localhost:3000\", \"https://shop.example.com\"]
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["invalid-cors"];

    any_origin_among_sites: yaml("\
api:
  name: shop
  cors:
    allowOrigins: [\"https://shop.example.com\", \"*\"]
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["invalid-cors"];

    gateway_response_type_that_does_not_exist: yaml("\
api:
  name: shop
  gatewayResponses:
    UNAUTHORISED: { statusCode: 401 }
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["unknown-variant"];

    gateway_response_header_that_cors_sets: yaml("\
api:
  name: shop
  cors: { allowOrigins: [\"https://shop.example.com\"] }
  gatewayResponses:
    UNAUTHORIZED:
      statusCode: 401
      headers: { Access-Control-Allow-Origin: \"*\" }
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["invalid-gateway-response"];

    gateway_response_status_out_of_range: yaml("\
api:
  name: shop
  gatewayResponses:
    MISSING_AUTHENTICATION_TOKEN: { statusCode: 4040 }
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["invalid-gateway-response"];

    gateway_response_template_without_a_media_type: yaml("\
api:
  name: shop
  gatewayResponses:
    BAD_REQUEST_BODY:
      templates: { json: '{\"message\": \"$context.error.validationErrorString\"}' }
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["invalid-gateway-response"];

    request_model_not_declared: yaml("\
api:
  name: shop
  routes:
    /products:
      POST: { mock: true, public: true, requestModels: { application/json: Product } }
") => ["unknown-model"];

    response_model_not_declared: yaml("\
api:
  name: shop
  routes:
    /products:
      GET: { mock: true, public: true, responseModels: { 200: { application/json: Product } } }
") => ["unknown-model"];

    response_model_status_that_is_no_status_code: yaml("\
api:
  name: shop
  models:
    Product: { schema: { type: object } }
  routes:
    /products:
      GET:
        mock: true
        public: true
        responseModels:
          2xx: { application/json: Product }
") => ["invalid-value"];

    response_model_status_out_of_range_and_content_types_it_cannot_have: rust(stack(
        api().model(Model::new("Product", json!({"type": "object"}))).route(
            "/products",
            Method::get(lambda("list-products"))
                .response_model(99, "application/json", "Product")
                .response_model(200, "json", "Product")
                .response_model(200, "application/json", "Product")
                .response_model(200, "application/json", "Product"),
        )
    )) => ["invalid-response-model", "invalid-response-model", "invalid-response-model"];

    required_path_parameter_the_route_cannot_carry: yaml("\
api:
  name: shop
  routes:
    /products:
      GET: { mock: true, public: true, required: { path: [id] } }
") => ["invalid-required-parameter"];

    http_integration_url_that_is_not_http: rust(stack(
        api().route("/files", Method::get(Integration::http_proxy("ftp://files.example.com/")))
    )) => ["invalid-integration"];

    http_integration_path_parameter_the_route_lacks: rust(stack(
        api().route("/orders", Method::get(Integration::http_proxy("https://orders.example.com/{id}")))
    )) => ["invalid-integration"];

    integration_timeout_out_of_range: rust(stack(
        api().route("/slow", Method::get(Integration::http("https://slow.example.com/").timeout_ms(30_000)))
    )) => ["invalid-integration"];

    integration_request_template_for_a_content_type_twice: rust(stack(
        api().route(
            "/orders",
            Method::post(
                Integration::http("https://orders.example.com/")
                    .request_template("application/json", "{}")
                    .request_template("application/json", "{\"a\": 1}"),
            ),
        )
    )) => ["invalid-integration"];

    lambda_qualifier_that_is_no_alias_or_version: rust(stack(
        api().route("/products", Method::get(lambda("get-product:live:1")))
    )) => ["invalid-function-name"];

    mock_response_status_out_of_range_in_a_file: yaml("\
api:
  name: shop
  routes:
    /old:
      GET: { public: true, mockResponse: { status: 99, body: gone } }
") => ["invalid-integration"];

    aws_integration_role_given_with_a_generated_one: rust(stack(
        api().route(
            "/orders",
            Method::post(
                Integration::sqs_send_message("orders")
                    .role("arn:aws:iam::123456789012:role/sender")
                    .grant("kms:GenerateDataKey", "arn:aws:kms:eu-west-1:123456789012:key/k"),
            ),
        )
    )) => ["invalid-integration"];

    aws_service_integration_without_a_role: rust(stack(
        api().route(
            "/orders",
            Method::post(Integration::aws_service("sqs", "action/SendMessage", HttpMethod::Post)),
        )
    )) => ["invalid-integration"];

    dynamodb_update_item_without_a_template: rust(stack(
        api().route(
            "/items/{id}",
            Method::patch(Integration::dynamodb(apigw_synth::DynamoDbAction::UpdateItem, "items")),
        )
    )) => ["invalid-integration"];

    aws_integration_unknown_service_action_in_a_file: yaml("\
api:
  name: shop
  routes:
    /orders:
      POST:
        public: true
        aws: { action: sqs:SendMesage, queue: orders }
") => ["invalid-integration"];

    aws_integration_field_its_action_does_not_take_in_a_file: yaml("\
api:
  name: shop
  routes:
    /orders:
      POST:
        public: true
        aws: { action: sns:Publish, queue: orders }
") => ["missing-field", "unknown-field"];

    http_integration_url_that_is_not_http_in_a_file: yaml("\
api:
  name: shop
  routes:
    /files/{name}:
      GET:
        public: true
        httpProxy: { url: 'ftp://files.example.com/{name}', timeoutMs: 40 }
") => ["invalid-integration", "invalid-integration"];

    http_integration_path_parameter_the_route_lacks_in_a_file: yaml("\
api:
  name: shop
  routes:
    /orders:
      GET: { public: true, http: { url: 'https://orders.example.com/{id}' } }
") => ["invalid-integration"];

    integration_request_parameter_that_is_no_target_in_a_file: yaml("\
api:
  name: shop
  routes:
    /orders:
      GET:
        public: true
        httpProxy:
          url: https://orders.example.com/
          requestParameters: { method.request.header.X: context.requestId }
") => ["invalid-value"];

    model_schema_that_is_not_draft_4: yaml("\
api:
  name: shop
  models:
    Product:
      schema:
        type: object
        properties:
          kind: { const: book }
  routes:
    /products:
      POST: { mock: true, public: true, requestModels: { application/json: Product } }
") => ["invalid-model"];

    model_schema_of_a_later_draft: yaml("\
api:
  name: shop
  models:
    Product:
      schema: { $schema: \"https://json-schema.org/draft/2020-12/schema\", type: object }
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["invalid-model"];

    cors_method_that_is_none: yaml("\
api:
  name: shop
  cors:
    allowMethods: [GET, FETCH]
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["unknown-variant"];

    user_pool_domain_prefix_cognito_refuses_in_a_file: yaml("\
api:
  name: shop
  authorizers:
    customers:
      cognito:
        createUserPools: [{ name: shop-customers, domainPrefix: shop-cognito-login }]
  defaultAuthorizer: customers
  routes:
    /orders:
      GET: { lambda: list-orders }
") => ["invalid-user-pool-domain"];

    scope_no_created_pool_grants_in_a_file: yaml("\
api:
  name: shop
  authorizers:
    customers:
      cognito:
        createUserPools: [{ name: shop-customers }]
  defaultAuthorizer: customers
  routes:
    /orders:
      GET: { lambda: list-orders, scopes: [admin] }
") => ["scope-not-granted"];

    scope_no_created_pool_grants_in_rust: rust(Stack::new(
        "shop",
        RestApi::new("shop")
            .default_authorizer(
                CognitoUserPoolsAuthorizer::new("customers").user_pool(UserPool::new("shop-customers")),
            )
            .route("/orders", Method::get(lambda("list-orders")).scopes(["orders.read"])),
    )) => ["scope-not-granted"];

    client_scope_no_resource_server_of_the_pool_grants_in_a_file: yaml("\
api:
  name: shop
  authorizers:
    customers:
      cognito:
        createUserPools:
          - name: shop-customers
            publicClients:
              - name: shop-web
                callbackUrls: [https://shop.example.com/callback]
                scopes: [openid, orders/write]
  defaultAuthorizer: customers
  routes:
    /orders:
      GET: { lambda: list-orders, scopes: [orders/read] }
") => ["client-scope-not-granted"];

    client_scope_no_resource_server_of_the_pool_grants_in_rust: rust(Stack::new(
        "shop",
        RestApi::new("shop")
            .default_authorizer(CognitoUserPoolsAuthorizer::new("customers").user_pool(
                UserPool::new("shop-customers")
                    .machine_client(MachineClient::new("billing").scopes(["orders/read", "openid"])),
            ))
            .route("/orders", Method::get(lambda("list-orders")).scopes(["orders/read"])),
    )) => ["client-scope-not-granted"];

    machine_client_without_scopes_in_a_file: yaml("\
api:
  name: shop
  authorizers:
    customers:
      cognito:
        createUserPools:
          - name: shop-customers
            machineClients: [{ name: billing, scopes: [] }]
  defaultAuthorizer: customers
  routes:
    /orders:
      GET: { lambda: list-orders, scopes: [orders/read] }
") => ["machine-client-without-scopes"];

    machine_client_without_scopes_in_rust: rust(Stack::new(
        "shop",
        RestApi::new("shop")
            .default_authorizer(CognitoUserPoolsAuthorizer::new("customers").user_pool(
                UserPool::new("shop-customers").machine_client(MachineClient::new("billing")),
            ))
            .route("/orders", Method::get(lambda("list-orders")).scopes(["orders/read"])),
    )) => ["machine-client-without-scopes"];

    callback_url_that_is_not_https_in_a_file: yaml("\
api:
  name: shop
  authorizers:
    customers:
      cognito:
        createUserPools:
          - name: shop-customers
            publicClients:
              - name: shop-web
                callbackUrls: [http://localhost:3000/callback, http://shop.example.com/callback]
                logoutUrls: [https://shop.example.com/#bye]
  defaultAuthorizer: customers
  routes:
    /orders:
      GET: { lambda: list-orders }
") => ["insecure-client-url", "insecure-client-url"];

    callback_url_that_is_not_https_in_rust: rust(Stack::new(
        "shop",
        RestApi::new("shop")
            .default_authorizer(CognitoUserPoolsAuthorizer::new("customers").user_pool(
                UserPool::new("shop-customers").public_client(
                    PublicClient::new("shop-web").callback_url("http://localhost.example.com/cb"),
                ),
            ))
            .route("/orders", Method::get(lambda("list-orders"))),
    )) => ["insecure-client-url"];

    public_client_without_callback_url: rust(Stack::new(
        "shop",
        RestApi::new("shop")
            .default_authorizer(CognitoUserPoolsAuthorizer::new("customers").user_pool(
                UserPool::new("shop-customers").public_client(PublicClient::new("shop-web")),
            ))
            .route("/orders", Method::get(lambda("list-orders"))),
    )) => ["public-client-without-callback-url"];

    client_on_a_pool_the_stack_imports: rust(stack(
        RestApi::new("shop")
            .default_authorizer(CognitoUserPoolsAuthorizer::new("users").user_pool(
                pool().machine_client(MachineClient::new("billing").scope("orders/read")).client("web"),
            ))
            .route("/items", Method::get(lambda("list-items")))
    )) => ["client-on-imported-pool", "client-on-imported-pool"];

    two_app_clients_named_alike_in_a_file: yaml("\
api:
  name: shop
  authorizers:
    customers:
      cognito:
        createUserPools:
          - name: shop-customers
            client: web
            publicClients: [{ name: shop-web, callbackUrls: [https://shop.example.com/] }]
          - name: shop-partners
            machineClients: [{ name: web, scopes: [orders/read] }]
  defaultAuthorizer: customers
  routes:
    /orders:
      GET: { lambda: list-orders, scopes: [orders/read] }
") => ["duplicate-app-client"];

    two_app_clients_named_alike_in_rust: rust(Stack::new(
        "shop",
        RestApi::new("shop")
            .default_authorizer(CognitoUserPoolsAuthorizer::new("customers").user_pool(
                UserPool::new("shop-customers")
                    .client("web")
                    .public_client(PublicClient::new("web").callback_url("https://shop.example.com/")),
            ))
            .route("/orders", Method::get(lambda("list-orders"))),
    )) => ["duplicate-app-client"];

    private_endpoint_without_vpc_endpoints: yaml("\
api:
  name: shop
  endpoint: private
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["private-endpoint-without-vpc-endpoints"];

    private_endpoint_without_vpc_endpoints_in_rust: rust(Stack::new(
        "shop",
        RestApi::new("shop")
            .endpoint_type(EndpointType::Private)
            .route("/health", Method::get(Integration::mock()).public()),
    )) => ["private-endpoint-without-vpc-endpoints"];

    vpc_endpoints_on_a_regional_api_in_a_file: yaml("\
api:
  name: shop
  vpcEndpointIds: [vpce-0123456789abcdef0]
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["vpc-endpoints-without-private"];

    invalid_cidr_in_a_file: yaml("\
api:
  name: shop
  resourcePolicy:
    - effect: deny
      notSourceIps: [203.0.113.0/33, \"2001:db8::/32\", office]
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["invalid-cidr", "invalid-cidr"];

    invalid_cidr_in_rust: rust(Stack::new(
        "shop",
        RestApi::new("shop")
            .policy_statement(PolicyStatement::allow().source_ips(["10.0.0.0/8", "10.0.0/8"]))
            .route("/health", Method::get(Integration::mock()).public()),
    )) => ["invalid-cidr"];

    policy_statement_naming_a_missing_route_in_a_file: yaml("\
api:
  name: shop
  resourcePolicy:
    - effect: deny
      notSourceIps: [203.0.113.0/24]
      routes: [POST /orders, /admin]
  routes:
    /orders:
      GET: { mock: true, public: true }
") => ["policy-route-not-found", "policy-route-not-found"];

    policy_statement_naming_a_missing_route_in_rust: rust(Stack::new(
        "shop",
        RestApi::new("shop")
            .policy_statement(PolicyStatement::deny().route("/orders", HttpMethod::Delete))
            .route("/orders", Method::get(Integration::mock()).public()),
    )) => ["policy-route-not-found"];

    policy_statement_with_two_kinds_of_caller_in_a_file: yaml("\
api:
  name: shop
  resourcePolicy:
    - effect: allow
      sourceIps: [203.0.113.0/24]
      accounts: [\"123456789012\"]
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["policy-statement"];

    policy_statement_with_an_invalid_account_in_a_file: yaml("\
api:
  name: shop
  resourcePolicy:
    - effect: allow
      accounts: [\"12345\"]
  routes:
    /health:
      GET: { mock: true, public: true }
") => ["invalid-policy-statement"];

    comma_delimited_list_in_user_pool_arns: yaml("\
parameters:
  PoolArns: { type: CommaDelimitedList }
api:
  name: shop
  authorizers:
    users:
      cognito: { userPoolArns: [{ ref: PoolArns }] }
  defaultAuthorizer: users
  routes:
    /items:
      GET: { lambda: list-items }
") => ["list-parameter"];

    stage_variable_name_with_a_dash: yaml("\
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
  stage:
    name: prod
    variables: { log-level: info }
") => ["invalid-stage-variable"];

    same_path_parameter_twice_in_a_file: yaml("\
api:
  name: shop
  routes:
    /orders/{id}/lines/{id}:
      GET: { mock: true, public: true }
") => ["duplicate-path-parameter"];

    dot_segment_in_a_file: yaml("\
api:
  name: shop
  routes:
    /files/./secret:
      GET: { mock: true, public: true }
") => ["invalid-path-part"];

    output_named_like_the_created_user_pool_output: yaml("\
stack: shop
api:
  name: shop
  authorizers:
    customers:
      cognito:
        createUserPools: [{ name: orders-preview-customers, client: orders-preview-web }]
  defaultAuthorizer: customers
  routes:
    /orders:
      GET: { mock: true }
outputs:
  UserPoolOrdersPreviewCustomersId: my own value
") => ["output-name-taken"];

    // Issue 14, in stack files: the escape hatch keeps the rules.
    raw_method_without_authorization_in_a_file: yaml("\
stack: shop
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
resources:
  OpenDelete:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: { Ref: RestApi }
      ResourceId: { \"Fn::GetAtt\": [RestApi, RootResourceId] }
      HttpMethod: DELETE
      AuthorizationType: NONE
      Integration: { Type: MOCK }
") => ["raw-method-without-authorization"];

    override_that_removes_the_authorizer_in_a_file: yaml("\
stack: shop
parameters:
  PoolArn: { type: String }
api:
  name: shop
  authorizers:
    users:
      cognito:
        userPoolArns: [{ ref: PoolArn }]
  defaultAuthorizer: users
  routes:
    /items:
      GET: { lambda: list-items }
    /health:
      GET: { mock: true, public: true }
overrides:
  methods:
    GET /items: { AuthorizationType: NONE, AuthorizerId: null }
    GET /health: { OperationName: health }
") => ["raw-method-without-authorization"];

    raw_resource_taking_a_generated_logical_id_in_a_file: yaml("\
stack: shop
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
resources:
  RestApi:
    Type: AWS::SNS::Topic
") => ["raw-id-taken"];

    intrinsic_naming_a_missing_parameter_or_resource_in_a_file: yaml("\
stack: shop
api:
  name: shop
  cors:
    allowOrigins: [{ ref: FrontendOrigin }]
  routes:
    /health:
      GET: { mock: true, public: true }
    /orders:
      GET: { lambda: { resource: OrdersFunction }, public: true }
") => ["undeclared-parameter", "undeclared-parameter"];

    intrinsic_naming_a_missing_resource_in_a_raw_resource_in_a_file: yaml("\
stack: shop
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      DisplayName: { \"Fn::Sub\": \"${AWS::StackName}-${Missing}\" }
    DependsOn: [Nothing]
") => ["unknown-reference", "unknown-reference"];

    unreadable_raw_parts_in_a_file: yaml("\
stack: shop
api:
  name: shop
  routes:
    /health:
      GET: { mock: true, public: true }
resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      DisplayName: { Ref: not-an-id }
  Queue:
    Properties: {}
overrides:
  methods:
    FETCH /health: { OperationName: x }
") => ["invalid-raw", "missing-field", "invalid-value"];

    every_problem_in_a_file_in_one_run: yaml("\
stack: shop
parameters:
  PoolArn: { type: String }
api:
  name: shop
  authorizers:
    users:
      cognito: { userPoolArns: [{ ref: PoolArn }] }
      resultTtlSeconds: 9000
  routes:
    /items/{id}:
      GET: { lambda: get-item }
      PUT: { lambda: put-item, authorizer: users, iam: true }
    /items/{key}:
      DELETE: { lambda: delete item, authorizer: users }
    /files/{proxy+}/x:
      GET: { mock: true, public: true, scopes: [files/read] }
  stage:
    name: prod v1
outputs:
  Orders: { ref: OrdersArn }
") => [
        "ttl-out-of-range",
        "no-authorizer",
        "conflicting-authorization",
        "conflicting-path-parameters",
        "invalid-function-name",
        "greedy-not-last",
        "scopes-without-cognito",
        "invalid-stage-name",
        "undeclared-parameter"
    ];
}

/// `depth` block mappings, each inside the last.
fn nested_mappings(depth: usize) -> Vec<u8> {
    let mut text = String::from("api:\n");
    for i in 1..depth {
        text.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
    }
    text.into_bytes()
}

/// Nine anchors, each a list of nine aliases of the one before: 9^9 strings expanded.
fn laughs() -> Vec<u8> {
    let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (previous, name) in ('a'..='h').zip('b'..='i') {
        let aliases = vec![format!("*{previous}"); 9].join(", ");
        text.push_str(&format!("{name}: &{name} [{aliases}]\n"));
    }
    text.push_str("api: *i\n");
    text.into_bytes()
}

#[test]
fn every_problem_in_a_stack_is_reported_in_one_run() {
    let e = error(Stack::new(
        "shop",
        RestApi::new("shop")
            .route("/products/{id}", Method::put(lambda("update-product")))
            .route("/products/{id}", Method::put(lambda("update-product")))
            .route("/a b", Method::get(lambda("x")).public())
            .stage(Stage::new("")),
    ));
    assert_eq!(
        codes(&e),
        [
            "invalid-stage-name",
            "invalid-path-part",
            "no-authorizer",
            "duplicate-method"
        ]
    );
    support::with_snapshots(|| {
        insta::assert_snapshot!("bad-input-several-problems", e.to_string())
    });
}

#[test]
fn problems_of_every_stack_are_reported_together() {
    let good = stack(api());
    let bad = Stack::new(
        "admin",
        RestApi::new("admin").route("/users", Method::get(lambda("x"))),
    );
    let e = synthesize_all(&[good.clone(), bad, good]).unwrap_err();
    assert_eq!(codes(&e), ["no-authorizer", "duplicate-stack"]);
}

#[test]
fn stacks_whose_names_differ_only_in_case_are_an_error_naming_both() {
    let lower = stack(api());
    let upper = Stack::new("Shop", api()).parameter(Parameter::string("PoolArn"));
    let e = synthesize_all(&[lower, upper]).unwrap_err();
    assert_eq!(codes(&e), ["stack-names-differ-in-case"]);
    assert_eq!(
        e.problems[0].to_string(),
        "Shop: stacks `Shop` and `shop` differ only in case: their templates would be one file \
         on a case-insensitive file system (macOS, Windows); rename one"
    );
}

#[test]
fn the_message_names_stack_method_and_path() {
    let e = error(stack(
        RestApi::new("eshop-fcj")
            .authorizer(authorizer())
            .route("/products/{id}", Method::put(lambda("update-product"))),
    ));
    assert!(matches!(e.problems[0].kind, ProblemKind::NoAuthorizer));
    assert_eq!(
        e.problems[0].to_string(),
        "shop: PUT /products/{id}: method has no authorizer; call .public() to make it public on purpose"
    );
}

#[test]
fn a_public_method_needs_no_authorizer() {
    let ok = stack(
        RestApi::new("shop")
            .authorizer(authorizer())
            .route("/health", Method::get(Integration::mock()).public()),
    );
    assert!(synthesize(&ok).is_ok());
}

// The environment: `out/` unusable, a full disk, stack files that are not files. `out/` is
// made unusable in ways that stop root too (tests run as root here, where `chmod` does not).

/// Runs the binary in `dir`; returns the exit status and stderr.
fn synth_in(dir: &Path, args: &[&str]) -> (bool, String) {
    let output = support::bin().current_dir(dir).args(args).output().unwrap();
    assert!(
        output.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.success(), stderr)
}

#[test]
fn out_that_is_a_file() {
    let dir = checkout();
    fs::remove_dir_all(dir.path().join("out")).unwrap();
    fs::write(dir.path().join("out"), "not a directory\n").unwrap();
    let (ok, stderr) = synth_in(dir.path(), &["synth", "--stacks", "stacks"]);
    assert!(!ok);
    assert_eq!(
        fs::read_to_string(dir.path().join("out")).unwrap(),
        "not a directory\n"
    );
    support::with_snapshots(|| insta::assert_snapshot!("bad-input-out_that_is_a_file", stderr));
}

#[test]
fn out_below_a_file() {
    let dir = checkout();
    fs::write(dir.path().join("build"), "a file\n").unwrap();
    let (ok, stderr) = synth_in(
        dir.path(),
        &["synth", "--stacks", "stacks", "--out", "build/out"],
    );
    assert!(!ok);
    assert_eq!(
        fs::read_to_string(dir.path().join("build")).unwrap(),
        "a file\n"
    );
    support::with_snapshots(|| insta::assert_snapshot!("bad-input-out_below_a_file", stderr));
}

#[test]
fn a_directory_where_one_template_goes_leaves_the_other_templates_alone() {
    let dir = checkout();
    let out = dir.path().join("out");
    // eshop-fcj's template is stale, so it would be rewritten; orders-preview's can't be.
    fs::write(out.join("eshop-fcj.template.json"), "stale\n").unwrap();
    fs::remove_file(out.join("orders-preview.template.json")).unwrap();
    fs::create_dir(out.join("orders-preview.template.json")).unwrap();
    let before = tree(&out);
    let (ok, stderr) = synth_in(dir.path(), &["synth", "--stacks", "stacks"]);
    assert!(!ok);
    assert!(before == tree(&out), "out/ changed");
    support::with_snapshots(|| {
        insta::assert_snapshot!("bad-input-a_directory_where_a_template_goes", stderr)
    });
}

fn out_file(name: &str, contents: &str) -> OutFile {
    OutFile {
        name: name.to_owned(),
        contents: contents.to_owned(),
    }
}

/// A disk that fills after `budget` bytes, as `write(2)` does: a short write, then
/// `ENOSPC`.
struct Disk(usize);

impl Steps for Disk {
    fn write(&mut self, file: &mut fs::File, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        let n = self.0.min(bytes.len());
        file.write_all(&bytes[..n])?;
        self.0 -= n;
        if n < bytes.len() {
            return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
        }
        Ok(())
    }
}

#[test]
fn a_full_disk_leaves_out_as_it_was_and_no_temporary_file() {
    let dir = checkout();
    let out = dir.path().join("out");
    let before = tree(&out);
    let files = [
        out_file("eshop-fcj.template.json", "new eshop\n"),
        out_file("orders-preview.template.json", "new orders\n"),
    ];
    // Room for the first file and half of the second.
    let e = write_all_with(&out, &files, Scope::AllStacks, &mut Disk(15)).unwrap_err();
    assert_eq!(e.cause.kind(), std::io::ErrorKind::StorageFull);
    assert_eq!(
        e.to_string(),
        format!(
            "write {}: no storage space; nothing was written",
            out.join("orders-preview.template.json").display()
        )
    );
    assert!(
        before == tree(&out),
        "out/ changed: {:?}",
        tree(&out).keys()
    );
}

#[test]
fn a_full_disk_leaves_no_directory_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("build/out");
    let files = [out_file("nested/a.template.json", "a\n")];
    assert!(write_all_with(&out, &files, Scope::AllStacks, &mut Disk(0)).is_err());
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "build/ left behind"
    );
}

#[test]
fn stack_file_that_is_a_directory() {
    let dir = checkout();
    let (ok, stderr) = synth_in(
        dir.path(),
        &["synth", "--stacks", "stacks", "--stack-file", "stacks"],
    );
    assert!(!ok);
    support::with_snapshots(|| {
        insta::assert_snapshot!("bad-input-stack_file_that_is_a_directory", stderr)
    });
}

#[test]
fn stack_file_that_does_not_exist() {
    let dir = checkout();
    let before = tree(&dir.path().join("out"));
    let (ok, stderr) = synth_in(
        dir.path(),
        &[
            "synth",
            "--stacks",
            "stacks",
            "--stack-file",
            "stacks/shop.yaml",
        ],
    );
    assert!(!ok);
    assert!(before == tree(&dir.path().join("out")));
    support::with_snapshots(|| {
        insta::assert_snapshot!("bad-input-stack_file_that_does_not_exist", stderr)
    });
}

// Not a bad input, on purpose: ANY beside explicit verbs.

#[test]
fn any_beside_explicit_verbs_is_allowed_and_each_keeps_its_own_authorization() {
    // API Gateway accepts it and an explicit verb wins over ANY for its own requests; each
    // is a method marked public or authorized on its own, so nothing opens by accident.
    let template = synthesize(&stack(
        api()
            .route("/files", Method::get(lambda("read-file")).public())
            .route("/files", Method::parse("ANY", lambda("write-file"))),
    ))
    .expect("ANY beside GET synthesizes");
    let json: serde_json::Value =
        serde_json::from_str(&apigw_synth::render(&template, apigw_synth::Format::Json)).unwrap();
    let auth_of = |verb: &str| {
        let resources = json["Resources"].as_object().unwrap();
        let (_, method) = resources
            .iter()
            .find(|(_, r)| {
                r["Type"] == "AWS::ApiGateway::Method"
                    && r["Properties"]["HttpMethod"] == verb
                    && r["Properties"]["ResourceId"]["Ref"]
                        .as_str()
                        .is_some_and(|id| id.contains("Files"))
            })
            .unwrap_or_else(|| panic!("no {verb} /files"));
        method["Properties"]["AuthorizationType"].clone()
    };
    assert_eq!(auth_of("GET"), "NONE");
    assert_eq!(auth_of("ANY"), "COGNITO_USER_POOLS");
}
