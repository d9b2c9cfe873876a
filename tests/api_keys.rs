//! API keys and usage plans: `apiKeyRequired` flows down the tree like the authorizer (API,
//! subtree, method) and never reaches an `OPTIONS`; a key alone authorizes nothing; keys
//! carry no value in the template (generated, or a `NoEcho` parameter) and their ids are
//! outputs; usage plans are bound to stages by `Ref` (created after them) with throttle,
//! quota and per-method throttle, and hold their keys through usage-plan keys; all of it
//! stays in the parent of a split stack; cfn-lint accepts it; `diff` classes it as access
//! control; `tree` shows `PUBLIC, API key`.

use crate::support;

use apigw_synth::review::{self, Diff};
use apigw_synth::testing::split_templates;
use apigw_synth::{
    ApiKey, ApiKeySource, CognitoUserPoolsAuthorizer, Cors, Format, HttpMethod, Integration,
    Method, Parameter, ProblemKind, QuotaPeriod, Resource, RestApi, Stack, Stage, UsagePlan,
    UserPool, Value, render, synthesize,
};
use serde_json::{Value as Json, json};

fn users() -> CognitoUserPoolsAuthorizer {
    CognitoUserPoolsAuthorizer::new("users").user_pool(UserPool::from_parameter("PoolArn"))
}

fn gold() -> UsagePlan {
    UsagePlan::new("gold")
        .stage("prod")
        .throttle(100, 200)
        .quota(10_000, QuotaPeriod::Week)
        .quota_offset(2)
        .method_throttle("/orders/{id}", HttpMethod::Get, 10, 20)
        .api_key("partner-a")
}

/// An API requiring keys everywhere but under `/open`, with CORS (so generated preflights).
pub(crate) fn api() -> RestApi {
    api_with(gold())
}

/// [`api`] with `plan` as its usage plan.
fn api_with(plan: UsagePlan) -> RestApi {
    RestApi::new("shop")
        .default_authorizer(users())
        .default_cors(Cors::new())
        .api_key_required(true)
        .api_key(ApiKey::new("partner-a"))
        .usage_plan(plan)
        .route("/orders", Method::get(Integration::lambda("list-orders")))
        .route(
            "/orders/{id}",
            Method::get(Integration::lambda("get-order")),
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

pub(crate) fn stack(api: RestApi) -> Stack {
    Stack::new("shop", api).parameter(Parameter::string("PoolArn"))
}

fn json_of(stack: &Stack) -> Json {
    serde_json::to_value(synthesize(stack).expect("synthesizes")).unwrap()
}

fn of_type<'a>(t: &'a Json, kind: &str) -> Vec<(&'a String, &'a Json)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == kind)
        .collect()
}

/// `ApiKeyRequired` of the method `verb` on the resource whose id starts with `resource`.
fn key_required(t: &Json, resource: &str, verb: &str) -> bool {
    let (_, m) = of_type(t, "AWS::ApiGateway::Method")
        .into_iter()
        .find(|(_, m)| {
            m["Properties"]["HttpMethod"] == verb
                && m["Properties"]["ResourceId"]["Ref"]
                    .as_str()
                    .is_some_and(|r| r.starts_with(resource))
        })
        .unwrap_or_else(|| panic!("{verb} on {resource}"));
    m["Properties"]["ApiKeyRequired"] == true
}

#[test]
fn the_key_requirement_is_inherited_from_the_api_and_a_subtree_and_set_per_method() {
    let t = json_of(&stack(api()));
    assert!(key_required(&t, "ResourceOrders", "GET"));
    assert!(key_required(&t, "ResourceOrdersId", "GET"));
    assert!(
        !key_required(&t, "ResourceOpen", "GET"),
        "the subtree lifts it"
    );
    assert!(
        key_required(&t, "ResourceOpenKeyed", "GET"),
        "the method sets it again"
    );
}

#[test]
fn generated_preflights_never_require_a_key() {
    let t = json_of(&stack(api()));
    for (id, m) in of_type(&t, "AWS::ApiGateway::Method") {
        if m["Properties"]["HttpMethod"] == "OPTIONS" {
            assert!(m["Properties"].get("ApiKeyRequired").is_none(), "{id}");
        }
    }
}

#[test]
fn a_declared_options_does_not_inherit_the_requirement() {
    let api = api().resource(
        Resource::new("hooks")
            .no_cors()
            .method(Method::parse("OPTIONS", Integration::mock()).public()),
    );
    let t = json_of(&stack(api));
    assert!(!key_required(&t, "ResourceHooks", "OPTIONS"));
}

#[test]
fn a_declared_options_requiring_a_key_is_an_error() {
    let api = api().resource(
        Resource::new("hooks").no_cors().method(
            Method::parse("OPTIONS", Integration::mock())
                .public()
                .api_key_required(true),
        ),
    );
    let e = synthesize(&stack(api)).unwrap_err();
    assert!(
        e.problems
            .iter()
            .any(|p| p.kind == ProblemKind::ApiKeyOnOptions),
        "{e}"
    );
}

#[test]
fn a_key_alone_authorizes_nothing() {
    let api = RestApi::new("shop")
        .api_key_required(true)
        .route("/orders", Method::get(Integration::lambda("list-orders")));
    let e = synthesize(&Stack::new("shop", api)).unwrap_err();
    assert!(
        e.problems
            .iter()
            .any(|p| p.kind == ProblemKind::NoAuthorizer),
        "{e}"
    );
}

#[test]
fn keys_hold_no_value_in_clear_and_their_ids_are_outputs() {
    let api = api()
        .api_key(ApiKey::new("partner-b").value(Value::parameter("PartnerBKey")))
        .api_key_source(ApiKeySource::Authorizer);
    let stack = stack(api).parameter(Parameter::string("PartnerBKey").no_echo(true));
    let t = json_of(&stack);
    assert_eq!(
        t["Resources"]["RestApi"]["Properties"]["ApiKeySourceType"],
        "AUTHORIZER"
    );
    let keys = of_type(&t, "AWS::ApiGateway::ApiKey");
    assert_eq!(keys.len(), 2);
    let values: Vec<&Json> = keys
        .iter()
        .map(|(_, k)| &k["Properties"]["Value"])
        .collect();
    assert!(values.contains(&&Json::Null), "partner-a's is generated");
    assert!(values.contains(&&json!({"Ref": "PartnerBKey"})));
    for (id, _) in keys {
        let output = t["Outputs"]
            .as_object()
            .unwrap()
            .values()
            .find(|o| o["Value"] == json!({"Ref": id}))
            .unwrap_or_else(|| panic!("an output gives {id}"));
        assert!(
            output["Description"]
                .as_str()
                .unwrap()
                .contains("get-api-key --include-value")
        );
    }
}

#[test]
fn a_key_value_in_clear_text_or_from_a_visible_parameter_is_an_error() {
    for value in [
        Value::literal("0123456789abcdefghij"),
        Value::parameter("VisibleKey"),
    ] {
        let api = api().api_key(ApiKey::new("partner-b").value(value));
        let stack = stack(api).parameter(Parameter::string("VisibleKey"));
        let e = synthesize(&stack).unwrap_err();
        assert_eq!(
            e.problems.iter().map(|p| p.kind.code()).collect::<Vec<_>>(),
            ["api-key-value-in-clear"]
        );
    }
}

#[test]
fn a_usage_plan_is_bound_to_its_stage_by_ref_with_its_limits_and_keys() {
    let t = json_of(&stack(api()));
    let [(plan_id, plan)] = of_type(&t, "AWS::ApiGateway::UsagePlan")[..] else {
        panic!("one plan");
    };
    let p = &plan["Properties"];
    assert_eq!(p["UsagePlanName"], "gold");
    assert_eq!(
        p["ApiStages"],
        json!([{"ApiId": {"Ref": "RestApi"}, "Stage": {"Ref": "StageProd"},
                "Throttle": {"/orders/{id}/GET": {"BurstLimit": 20, "RateLimit": 10}}}])
    );
    assert_eq!(p["Throttle"], json!({"BurstLimit": 200, "RateLimit": 100}));
    assert_eq!(
        p["Quota"],
        json!({"Limit": 10000, "Offset": 2, "Period": "WEEK"})
    );
    let [(_, key)] = of_type(&t, "AWS::ApiGateway::UsagePlanKey")[..] else {
        panic!("one usage-plan key");
    };
    let (key_id, _) = of_type(&t, "AWS::ApiGateway::ApiKey")[0];
    assert_eq!(
        key["Properties"],
        json!({"KeyId": {"Ref": key_id}, "KeyType": "API_KEY", "UsagePlanId": {"Ref": plan_id}})
    );
}

#[test]
fn usage_plans_naming_what_the_api_lacks_are_errors() {
    let cases = [
        (UsagePlan::new("none"), "usage-plan-without-stage"),
        (UsagePlan::new("beta").stage("beta"), "invalid-usage-plan"),
        (
            UsagePlan::new("k").stage("prod").api_key("nobody"),
            "invalid-usage-plan",
        ),
        (
            UsagePlan::new("m")
                .stage("prod")
                .method_throttle("/orders", HttpMethod::Delete, 1, 1),
            "invalid-usage-plan",
        ),
    ];
    for (plan, code) in cases {
        let e = synthesize(&stack(api().usage_plan(plan))).unwrap_err();
        assert_eq!(
            e.problems.iter().map(|p| p.kind.code()).collect::<Vec<_>>(),
            [code],
            "{e}"
        );
    }
}

#[test]
fn api_keys_and_usage_plans_pass_cfn_lint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys.template.json");
    let api = api()
        .api_key(ApiKey::new("partner-b").value(Value::parameter("PartnerBKey")))
        .usage_plan(UsagePlan::new("free").stage("prod").api_key("partner-b"));
    let stack = stack(api).parameter(Parameter::string("PartnerBKey").no_echo(true));
    std::fs::write(&path, render(&synthesize(&stack).unwrap(), Format::Json)).unwrap();
    let report = support::lint(&[path]);
    assert!(report.trim().is_empty(), "{report}");
}

#[test]
fn a_split_stack_keeps_keys_and_plans_in_the_parent_and_the_requirement_on_its_methods() {
    let templates = split_templates(&stack(api()), 4).unwrap();
    assert!(templates.len() > 2);
    let parent = serde_json::to_value(&templates[0]).unwrap();
    for kind in [
        "AWS::ApiGateway::ApiKey",
        "AWS::ApiGateway::UsagePlan",
        "AWS::ApiGateway::UsagePlanKey",
    ] {
        assert_eq!(of_type(&parent, kind).len(), 1, "{kind} in the parent");
    }
    let mut required = 0;
    for nested in &templates[1..] {
        let nested = serde_json::to_value(nested).unwrap();
        assert!(of_type(&nested, "AWS::ApiGateway::UsagePlan").is_empty());
        required += of_type(&nested, "AWS::ApiGateway::Method")
            .iter()
            .filter(|(_, m)| m["Properties"]["ApiKeyRequired"] == true)
            .count();
    }
    assert_eq!(
        required, 3,
        "GET /orders, GET /orders/{{id}}, GET /open/keyed"
    );
}

fn diff(old: &Stack, new: &Stack) -> Diff {
    let old = synthesize(old).unwrap();
    let new = synthesize(new).unwrap();
    review::diff(&review::model_of(&old), &review::model_of(&new))
}

#[test]
fn key_requirements_keys_and_plan_limits_are_access_control() {
    let base = stack(api());
    let changes = [
        ("requirement lifted", stack(api().api_key_required(false))),
        ("key added", stack(api().api_key(ApiKey::new("partner-c")))),
        ("limit raised", stack(api_with(gold().throttle(1000, 2000)))),
    ];
    for (what, changed) in changes {
        let d = diff(&base, &changed);
        assert!(!d.access_control.is_empty(), "{what}: {d:?}");
    }
}

#[test]
fn tree_shows_a_public_method_with_a_key_as_public_with_a_key() {
    let api = api().route(
        "/status",
        Method::get(Integration::mock()).public_because("a status page"),
    );
    let t = synthesize(&stack(api)).unwrap();
    let model = review::model_of(&t);
    let status = &model.apis["shop"].routes["/status"].methods["GET"];
    assert!(status.describe_access().starts_with("PUBLIC, API key"));
}
