//! Bad stacks fail synth with every problem named by stack, path and method; nothing else.
//! Each case's full message is a snapshot.

mod support;

use apigw_synth::{
    CognitoUserPoolsAuthorizer, Cors, Integration, Method, Parameter, ProblemKind, Resource,
    RestApi, Stack, Stage, SynthError, UserPool, synthesize, synthesize_all,
};

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

macro_rules! bad_input {
    ($($name:ident: $stack:expr => [$($code:literal),+];)*) => {$(
        #[test]
        fn $name() {
            let e = error($stack);
            assert_eq!(codes(&e), [$($code),+]);
            support::with_snapshots(|| {
                insta::assert_snapshot!(concat!("bad-input-", stringify!($name)), e.to_string());
            });
        }
    )*};
}

bad_input! {
    duplicate_sibling_path_part: stack(
        api()
            .resource(Resource::new("orders").method(Method::get(lambda("a"))))
            .resource(Resource::new("orders").method(Method::post(lambda("b"))))
    ) => ["duplicate-path-part"];

    invalid_path_part: stack(api().route("/items/{id", Method::get(lambda("get-item"))))
        => ["invalid-path-part"];

    empty_path_part_from_a_double_slash: stack(api().route("/items//x", Method::get(lambda("x"))))
        => ["invalid-path-part"];

    route_without_leading_slash: stack(api().route("items/{id}", Method::get(lambda("x"))))
        => ["route-without-leading-slash"];

    sibling_path_parameters: stack(
        api()
            .route("/items/{id}", Method::get(lambda("a")))
            .route("/items/{itemId}", Method::put(lambda("b")))
    ) => ["conflicting-path-parameters"];

    greedy_path_part_not_last: stack(api().route("/files/{proxy+}/meta", Method::get(lambda("x"))))
        => ["greedy-not-last"];

    duplicate_method_on_a_resource: stack(api().route("/items", Method::get(lambda("other"))))
        => ["duplicate-method"];

    invalid_http_method: stack(api().route("/items", Method::parse("FETCH", lambda("x"))))
        => ["invalid-http-method"];

    method_without_authorizer_and_not_public: stack(
        RestApi::new("shop")
            .authorizer(authorizer())
            .route("/products/{id}", Method::put(lambda("update-product")))
    ) => ["no-authorizer"];

    scopes_on_a_public_method: stack(
        api().route("/health", Method::get(Integration::mock()).public().scopes(["shop/read"]))
    ) => ["scopes-without-cognito"];

    scopes_on_an_iam_method: stack(api().route("/admin", Method::post(lambda("x")).iam().scopes(["a"])))
        => ["scopes-without-cognito"];

    public_method_with_an_authorizer: stack(
        api().route("/x", Method::get(lambda("x")).public().authorizer("users"))
    ) => ["conflicting-authorization"];

    unknown_authorizer: stack(api().route("/x", Method::get(lambda("x")).authorizer("admins")))
        => ["unknown-authorizer"];

    authorizer_with_no_user_pool: stack(
        RestApi::new("shop")
            .default_authorizer(CognitoUserPoolsAuthorizer::new("users"))
            .route("/items", Method::get(lambda("list-items")))
    ) => ["authorizer-without-user-pool"];

    authorizers_named_alike: stack(api().authorizer(authorizer()))
        => ["duplicate-authorizer"];

    authorizer_ttl_out_of_range: stack(
        RestApi::new("shop")
            .default_authorizer(authorizer().result_ttl_seconds(7200))
            .route("/items", Method::get(lambda("list-items")))
    ) => ["ttl-out-of-range"];

    invalid_user_pool_arn: stack(
        RestApi::new("shop")
            .default_authorizer(CognitoUserPoolsAuthorizer::new("users").user_pool(UserPool::from_arn("us-east-1_abc")))
            .route("/items", Method::get(lambda("list-items")))
    ) => ["invalid-user-pool-arn"];

    undeclared_parameter: Stack::new("shop", api()) => ["undeclared-parameter"];

    invalid_stage_name: stack(api().stage(Stage::new("prod stage!"))) => ["invalid-stage-name"];

    api_with_no_methods: stack(RestApi::new("shop").default_authorizer(authorizer()))
        => ["no-methods"];

    invalid_function_name: stack(api().route("/x", Method::get(lambda("get product"))))
        => ["invalid-function-name"];

    options_declared_where_cors_generates_it: stack(
        api().default_cors(Cors::new()).route("/items", Method::parse("OPTIONS", Integration::mock()))
    ) => ["options-with-cors"];

    cors_credentials_with_any_origin: stack(api().default_cors(Cors::new().allow_credentials(true)))
        => ["invalid-cors"];

    invalid_stack_name: Stack::new("shop_api", api()).parameter(Parameter::string("PoolArn"))
        => ["invalid-stack-name"];

    logical_id_collision: stack(api()).parameter(Parameter::string("RestApi"))
        => ["logical-id-collision"];

    more_than_500_resources_in_a_template: stack(
        (0..260).fold(api(), |api, i| api.route(&format!("/r{i}"), Method::get(lambda("x"))))
    ) => ["too-many-resources"];
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
