//! `apiKeySource: authorizer` (`ApiKeySourceType: AUTHORIZER`): API Gateway takes a method's
//! API key from the `usageIdentifierKey` its Lambda authorizer returns. A method that
//! requires a key without such an authorizer gets no key and refuses every request; synth
//! says so in a warning naming the stack, path and method, and still writes the template
//! (an imported API can hold such methods: its Lambda authorizer left out of the document).

use crate::support;

use apigw_synth::{
    ApiKey, ApiKeySource, CognitoUserPoolsAuthorizer, Integration, LambdaAuthorizer, Method,
    Parameter, Resource, RestApi, Stack, Stage, UsagePlan, UserPool, Warning, synthesize_stack,
};

/// An API keyed everywhere but under `/open` (and again on `/open/keyed`), behind `default`
/// for every method but `/partners`, which a Lambda TOKEN authorizer protects.
fn api(default: CognitoUserPoolsAuthorizer, source: ApiKeySource) -> RestApi {
    RestApi::new("shop")
        .default_authorizer(default)
        .authorizer(LambdaAuthorizer::token("partners").function("check-partner"))
        .api_key_source(source)
        .api_key_required(true)
        .api_key(ApiKey::new("partner-a"))
        .usage_plan(UsagePlan::new("gold").stage("prod").api_key("partner-a"))
        .route("/orders", Method::get(Integration::lambda("list-orders")))
        .route(
            "/partners",
            Method::get(Integration::lambda("partners")).authorizer("partners"),
        )
        .resource(
            Resource::new("open")
                .api_key_required(false)
                .method(Method::get(Integration::lambda("open")))
                .resource(
                    Resource::new("keyed")
                        .method(Method::get(Integration::lambda("keyed")).api_key_required(true)),
                ),
        )
        .stage(Stage::new("prod"))
}

fn users() -> CognitoUserPoolsAuthorizer {
    CognitoUserPoolsAuthorizer::new("users").user_pool(UserPool::from_parameter("PoolArn"))
}

/// The (path, method) of each key warning synth gives `api`.
fn key_warnings(api: RestApi) -> Vec<(String, String)> {
    let stack = Stack::new("shop", api).parameter(Parameter::string("PoolArn"));
    let synthesized = synthesize_stack(&stack, apigw_synth::Format::Json).expect("synthesizes");
    synthesized
        .warnings
        .into_iter()
        .filter_map(|w| match w {
            Warning::KeyWithoutLambdaAuthorizer {
                stack,
                path,
                method,
            } => {
                assert_eq!(stack, "shop");
                Some((path, method))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn each_keyed_method_without_a_lambda_authorizer_is_warned_of() {
    assert_eq!(
        key_warnings(api(users(), ApiKeySource::Authorizer)),
        [
            ("/open/keyed".to_owned(), "GET".to_owned()),
            ("/orders".to_owned(), "GET".to_owned()),
        ]
    );
}

#[test]
fn keys_read_from_the_header_are_not_warned_of() {
    assert_eq!(key_warnings(api(users(), ApiKeySource::Header)), []);
}

#[test]
fn the_warning_names_the_stack_method_path_and_the_refusal() {
    let warning = Warning::KeyWithoutLambdaAuthorizer {
        stack: "shop".to_owned(),
        path: "/orders".to_owned(),
        method: "GET".to_owned(),
    };
    let text = warning.to_string();
    assert!(
        text.starts_with("shop: GET /orders: requires an API key"),
        "{text}"
    );
    assert!(text.contains("no Lambda authorizer"), "{text}");
    assert!(text.ends_with("(403 Forbidden)"), "{text}");
}

#[test]
fn synth_prints_the_warning_and_still_writes_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let stacks = dir.path().join("stacks");
    std::fs::create_dir(&stacks).unwrap();
    std::fs::write(
        stacks.join("keyed.yaml"),
        "\
stack: keyed
api:
  name: keyed
  apiKeySource: authorizer
  apiKeys: { partner-a: {} }
  usagePlans:
    gold: { stages: [prod], apiKeys: [partner-a] }
  routes:
    /status:
      GET: { mock: true, public: true, publicReason: uptime checks, apiKeyRequired: true }
  stage:
    name: prod
",
    )
    .unwrap();
    let o = support::tool()
        .current_dir(dir.path())
        .args(["synth", "keyed"])
        .output()
        .unwrap();
    assert_eq!(support::code(&o), 0, "{}", support::text(&o));
    assert!(
        support::stderr(&o).contains(
            "warning: keyed: GET /status: requires an API key, which `apiKeySource: authorizer` \
             takes from the usageIdentifierKey a Lambda authorizer returns"
        ),
        "{}",
        support::text(&o)
    );
    assert!(dir.path().join("out/keyed.template.json").exists());
}
