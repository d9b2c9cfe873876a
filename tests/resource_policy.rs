//! Resource policies and private APIs: typed statements become the RestApi's `Policy` with
//! `execute-api` ARNs computed from the routes; without an allow of its own the policy gets
//! one for callers that do not sign with IAM (so IAM-authorized methods stay closed); a
//! private API writes its VPC endpoints into the endpoint configuration and denies every
//! other caller; a stack file says the same as the builders; the policy stays on the API in
//! the parent of a split stack; cfn-lint and checkov accept it; `diff` classes statements
//! and the endpoint as access control; `tree` and `access` show the effect.

use crate::support;

use apigw_synth::review::{self, access_view, render_access_text, render_tree};
use apigw_synth::stack_file;
use apigw_synth::testing::split_templates;
use apigw_synth::{
    CognitoUserPoolsAuthorizer, EndpointType, Format, HttpMethod, Integration, Method, Parameter,
    PolicyStatement, RestApi, Stack, Stage, UserPool, Value, render, synthesize,
};
use serde_json::{Value as Json, json};

fn users() -> CognitoUserPoolsAuthorizer {
    CognitoUserPoolsAuthorizer::new("users").user_pool(UserPool::from_parameter("PoolArn"))
}

/// An API whose `POST /orders` only the office may call, with a public health check and an
/// IAM-authorized admin route.
fn api() -> RestApi {
    RestApi::new("shop")
        .default_authorizer(users())
        .policy_statement(
            PolicyStatement::deny()
                .not_source_ips(["203.0.113.0/24", "2001:db8::/32"])
                .route("/orders", HttpMethod::Post),
        )
        .route("/orders", Method::get(Integration::lambda("list-orders")))
        .route("/orders", Method::post(Integration::lambda("create-order")))
        .route(
            "/orders/{id}",
            Method::get(Integration::lambda("get-order")),
        )
        .route("/health", Method::get(Integration::mock()).public())
        .route("/admin", Method::delete(Integration::lambda("admin")).iam())
        .stage(Stage::new("prod"))
}

fn stack(api: RestApi) -> Stack {
    Stack::new("shop", api).parameter(Parameter::string("PoolArn"))
}

fn private() -> RestApi {
    api()
        .endpoint_type(EndpointType::Private)
        .vpc_endpoint(Value::parameter("VpceId"))
}

fn private_stack() -> Stack {
    stack(private()).parameter(Parameter::string("VpceId"))
}

fn rest_api(stack: &Stack) -> Json {
    let t = serde_json::to_value(synthesize(stack).expect("synthesizes")).unwrap();
    t["Resources"]["RestApi"]["Properties"].clone()
}

#[test]
fn a_statement_names_its_routes_as_execute_api_arns_and_an_allow_for_unsigned_callers_follows() {
    let policy = &rest_api(&stack(api()))["Policy"];
    assert_eq!(
        policy,
        &json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
             "Resource": ["execute-api:/*/POST/orders"],
             "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}},
            {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
             "Resource": ["execute-api:/*"],
             "Condition": {"Null": {"aws:PrincipalArn": ["true"]}}}
        ]})
    );
}

#[test]
fn a_path_statement_covers_the_path_and_everything_under_it_and_parameters_match_any_value() {
    let api = api().policy_statement(
        PolicyStatement::allow()
            .accounts(["123456789012"])
            .path("/orders")
            .route("/orders/{id}", HttpMethod::Get),
    );
    let statement = &rest_api(&stack(api))["Policy"]["Statement"][1];
    assert_eq!(statement["Principal"], json!({"AWS": ["123456789012"]}));
    assert_eq!(
        statement["Resource"],
        json!([
            "execute-api:/*/*/orders",
            "execute-api:/*/*/orders/*",
            "execute-api:/*/GET/orders/*"
        ])
    );
    let statements = rest_api(&stack(
        RestApi::new("x")
            .policy_statement(PolicyStatement::allow().source_ips(["10.0.0.0/8"]))
            .route("/x", Method::get(Integration::mock()).public()),
    ))["Policy"]["Statement"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(statements, 1, "an allow of the stack's own: none generated");
}

#[test]
fn an_api_without_statements_has_no_policy() {
    let t = rest_api(&stack(api_without_policy()));
    assert!(t.get("Policy").is_none());
}

fn api_without_policy() -> RestApi {
    RestApi::new("shop")
        .default_authorizer(users())
        .route("/orders", Method::get(Integration::lambda("list-orders")))
        .stage(Stage::new("prod"))
}

#[test]
fn a_private_api_writes_its_vpc_endpoints_and_denies_every_other_caller() {
    let t = rest_api(&private_stack());
    assert_eq!(
        t["EndpointConfiguration"],
        json!({"Types": ["PRIVATE"], "VpcEndpointIds": [{"Ref": "VpceId"}]})
    );
    let statements = t["Policy"]["Statement"].as_array().unwrap();
    assert_eq!(
        statements[1],
        json!({"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
               "Resource": ["execute-api:/*"],
               "Condition": {"StringNotEquals": {"aws:SourceVpce": [{"Ref": "VpceId"}]}}})
    );
    assert_eq!(statements[2]["Effect"], "Allow");
}

#[test]
fn the_stack_file_says_what_the_builders_say() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.yaml");
    std::fs::write(
        &path,
        r#"
parameters:
  PoolArn: { type: String }
  VpceId: { type: String }
api:
  name: shop
  endpoint: private
  vpcEndpointIds: [{ ref: VpceId }]
  authorizers:
    users: { cognito: { userPoolArns: [{ ref: PoolArn }] } }
  defaultAuthorizer: users
  resourcePolicy:
    - effect: deny
      notSourceIps: [203.0.113.0/24, "2001:db8::/32"]
      routes: [POST /orders]
  routes:
    /orders:
      GET: { lambda: list-orders }
      POST: { lambda: create-order }
    /orders/{id}:
      GET: { lambda: get-order }
    /health:
      GET: { mock: true, public: true }
    /admin:
      DELETE: { lambda: admin, iam: true }
  stage: { name: prod }
"#,
    )
    .unwrap();
    let from_file = stack_file::load(&path).expect("loads");
    assert_eq!(rest_api(from_file.stack()), rest_api(&private_stack()));
}

#[test]
fn a_split_stack_keeps_the_policy_on_the_api_in_the_parent() {
    let templates = split_templates(&private_stack(), 4).unwrap();
    assert!(templates.len() > 2);
    let parent = serde_json::to_value(&templates[0]).unwrap();
    assert_eq!(
        parent["Resources"]["RestApi"]["Properties"]["Policy"],
        rest_api(&private_stack())["Policy"]
    );
}

#[test]
fn policies_and_private_endpoints_pass_cfn_lint_and_checkov() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let account = api().policy_statement(
        PolicyStatement::allow()
            .principals(["arn:aws:iam::123456789012:role/partner"])
            .route("/admin", HttpMethod::Delete),
    );
    for (name, stack) in [("regional", stack(account)), ("private", private_stack())] {
        let path = dir.path().join(format!("{name}.template.json"));
        std::fs::write(&path, render(&synthesize(&stack).unwrap(), Format::Json)).unwrap();
        files.push(path);
    }
    let report = support::lint(&files);
    assert!(report.trim().is_empty(), "{report}");
    support::assert_checkov_clean(&files);
}

fn diff_of(old: &Stack, new: &Stack) -> review::Diff {
    let old = synthesize(old).unwrap();
    let new = synthesize(new).unwrap();
    review::diff(&review::model_of(&old), &review::model_of(&new))
}

#[test]
fn statements_added_removed_or_widened_and_the_endpoint_are_access_control() {
    let base = stack(api());
    let widened = stack(
        api_without_policy()
            .route("/orders", Method::post(Integration::lambda("create-order")))
            .route(
                "/orders/{id}",
                Method::get(Integration::lambda("get-order")),
            )
            .route("/health", Method::get(Integration::mock()).public())
            .route("/admin", Method::delete(Integration::lambda("admin")).iam())
            .policy_statement(
                PolicyStatement::deny()
                    .not_source_ips(["203.0.0.0/16", "2001:db8::/32"])
                    .route("/orders", HttpMethod::Post),
            ),
    );
    let changes = [
        ("statement removed", stack(api_without_policy())),
        ("range widened", widened),
        ("private", private_stack()),
    ];
    for (what, changed) in changes {
        let d = diff_of(&base, &changed);
        assert!(!d.access_control.is_empty(), "{what}: {d:?}");
    }
    let added = diff_of(&stack(api_without_policy()), &stack(api()));
    assert!(!added.access_control.is_empty(), "statement added");
}

#[test]
fn access_and_tree_show_what_the_policy_does_to_each_method() {
    let t = synthesize(&private_stack()).unwrap();
    let model = review::model_of(&t);
    let text = render_access_text(&access_view(&model), false);
    assert!(
        text.contains("PRIVATE endpoint, through VPC endpoints ${VpceId}"),
        "{text}"
    );
    let post = text
        .lines()
        .find(|l| l.trim_start().starts_with("POST /orders"))
        .unwrap();
    assert!(
        post.contains("policy: Deny anyone unless source IP in 203.0.113.0/24, 2001:db8::/32"),
        "{post}"
    );
    assert!(post.contains("policy: Deny anyone unless through VPC endpoint ${VpceId}"));
    let get = text
        .lines()
        .find(|l| l.trim_start().starts_with("GET /orders "))
        .unwrap();
    assert!(!get.contains("source IP"), "{get}");
    let tree = render_tree(&model, false);
    assert!(
        tree.contains("endpoint PRIVATE through ${VpceId}"),
        "{tree}"
    );
    assert!(tree.contains(
        "resource policy: Deny anyone unless source IP in 203.0.113.0/24, 2001:db8::/32 on execute-api:/*/POST/orders"
    ));
}

#[test]
fn a_public_method_no_statement_allows_is_shown_as_unreachable() {
    let api = RestApi::new("x")
        .policy_statement(
            PolicyStatement::allow()
                .source_ips(["10.0.0.0/8"])
                .route("/a", HttpMethod::Get),
        )
        .route("/a", Method::get(Integration::mock()).public())
        .route("/b", Method::get(Integration::mock()).public());
    let t = synthesize(&Stack::new("x", api)).unwrap();
    let view = access_view(&review::model_of(&t));
    let methods = &view.apis[0].methods;
    assert!(!methods[0].policy_allows_nobody, "/a is allowed from 10/8");
    assert!(methods[1].policy_allows_nobody, "/b: nobody");
}
