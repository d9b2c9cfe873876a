//! `apiKeySource: authorizer` (`ApiKeySourceType: AUTHORIZER`): API Gateway takes a method's
//! API key from the `usageIdentifierKey` its Lambda authorizer returns. A method that
//! requires a key without such an authorizer gets no key and refuses every request; synth
//! says so in a warning naming the stack, path and method, and still writes the template
//! (an imported API can hold such methods: its Lambda authorizer left out of the document).

use crate::{api_keys, support};

use apigw_synth::{
    ApiKeySource, Integration, LambdaAuthorizer, Method, RestApi, Warning, synthesize_stack,
};

/// [`api_keys::api`] (keys required everywhere but under `/open`, and again on
/// `/open/keyed`, behind Cognito) with keys read from `source` and one more keyed method,
/// `/partners`, behind a Lambda TOKEN authorizer.
fn api(source: ApiKeySource) -> RestApi {
    api_keys::api()
        .api_key_source(source)
        .authorizer(LambdaAuthorizer::token("partners").function("check-partner"))
        .route(
            "/partners",
            Method::get(Integration::lambda("partners")).authorizer("partners"),
        )
}

/// The (path, method) of each key warning synth gives `api`.
fn key_warnings(api: RestApi) -> Vec<(String, String)> {
    let synthesized =
        synthesize_stack(&api_keys::stack(api), apigw_synth::Format::Json).expect("synthesizes");
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
        key_warnings(api(ApiKeySource::Authorizer)),
        [
            ("/open/keyed".to_owned(), "GET".to_owned()),
            ("/orders".to_owned(), "GET".to_owned()),
            ("/orders/{id}".to_owned(), "GET".to_owned()),
        ]
    );
}

#[test]
fn keys_read_from_the_header_are_not_warned_of() {
    assert_eq!(key_warnings(api(ApiKeySource::Header)), []);
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
