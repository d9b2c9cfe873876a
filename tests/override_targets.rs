//! Overrides of Lambda invoke permissions (by function or by a method calling it) and of API
//! resources (issue 14), in builders and stack files, and raw methods shown by `tree` and
//! counted by `list` with their authorization. Misuse is in tests/bad_input.rs.

use crate::support;

use apigw_synth::{
    Format, Generated, HttpMethod, Integration, Method, Parameter, RestApi, Stack, Value, render,
    review, stack_file, synthesize,
};
use serde_json::{Value as Json, json};

fn api() -> RestApi {
    RestApi::new("orders")
        .route(
            "/orders",
            Method::get(Integration::lambda("list-orders")).iam(),
        )
        .route(
            "/orders/{id}",
            Method::delete(Integration::lambda_arn(Value::parameter("DeleteArn"))).iam(),
        )
        .route("/health", Method::get(Integration::mock()).public())
}

fn stack() -> Stack {
    Stack::new("orders", api()).parameter(Parameter::string("DeleteArn"))
}

fn permission_of(t: &Json, function: &Json) -> Json {
    t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| {
            r["Type"] == "AWS::Lambda::Permission" && r["Properties"]["FunctionName"] == *function
        })
        .unwrap_or_else(|| panic!("no permission of {function}"))
        .clone()
}

fn json_of(stack: &Stack) -> Json {
    serde_json::from_str(&render(
        &synthesize(stack).expect("synthesizes"),
        Format::Json,
    ))
    .unwrap()
}

const ACCOUNT: &str = "SourceAccount";

#[test]
fn a_permission_override_by_function_changes_that_functions_permission_only() {
    let stack = stack().override_properties(
        Generated::permission("list-orders"),
        json!({ACCOUNT: {"Ref": "AWS::AccountId"}}),
    );
    let t = json_of(&stack);
    let list = permission_of(&t, &json!("list-orders"));
    assert_eq!(
        list["Properties"][ACCOUNT],
        json!({"Ref": "AWS::AccountId"})
    );
    let delete = permission_of(&t, &json!({"Ref": "DeleteArn"}));
    assert!(delete["Properties"].get(ACCOUNT).is_none());
}

#[test]
fn a_permission_override_by_method_and_by_arn_parameter_reach_the_same_permission() {
    for target in [
        Generated::permission_of("/orders/{id}", HttpMethod::Delete),
        Generated::permission("DeleteArn"),
    ] {
        let t =
            json_of(&stack().override_properties(target.clone(), json!({ACCOUNT: "123456789012"})));
        let delete = permission_of(&t, &json!({"Ref": "DeleteArn"}));
        assert_eq!(delete["Properties"][ACCOUNT], "123456789012", "{target:?}");
    }
}

#[test]
fn the_stack_file_addresses_permissions_as_the_builders_do() {
    assert_file_gives(
        r#"stack: orders
parameters:
  DeleteArn: { type: String }
api:
  name: orders
  routes:
    /orders:
      GET: { lambda: list-orders, iam: true }
    /orders/{id}:
      DELETE: { lambdaArn: { ref: DeleteArn }, iam: true }
    /health:
      GET: { mock: true, public: true }
overrides:
  permissions:
    list-orders: { SourceAccount: { Ref: "AWS::AccountId" } }
    DELETE /orders/{id}: { SourceAccount: "123456789012" }
"#,
        &stack()
            .override_properties(
                Generated::permission("list-orders"),
                json!({ACCOUNT: {"Ref": "AWS::AccountId"}}),
            )
            .override_properties(
                Generated::permission_of("/orders/{id}", HttpMethod::Delete),
                json!({ACCOUNT: "123456789012"}),
            ),
    );
}

#[test]
fn a_widened_permission_override_is_access_control_in_diff() {
    let old = synthesize(&stack()).unwrap();
    let new = synthesize(&stack().override_properties(
        Generated::permission("list-orders"),
        json!({"SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:*"}}),
    ))
    .unwrap();
    let diff = review::diff(&review::model_of(&old), &review::model_of(&new));
    let access: Vec<String> = diff
        .access_control
        .iter()
        .map(|c| format!("{c:?}"))
        .collect();
    assert!(
        access.iter().any(|c| c.contains("list-orders")),
        "{access:#?}"
    );
}

#[test]
fn templates_with_permission_overrides_pass_cfn_lint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.template.json");
    let stack = stack().override_properties(
        Generated::permission("list-orders"),
        json!({ACCOUNT: {"Ref": "AWS::AccountId"}}),
    );
    std::fs::write(&path, render(&synthesize(&stack).unwrap(), Format::Json)).unwrap();
    let report = support::lint(&[path]);
    assert!(report.trim().is_empty(), "{report}");
}

/// A stack with raw methods: one on a generated resource, one on a raw resource.
fn with_raw_methods(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("rawm.yaml");
    std::fs::write(
        &path,
        r#"stack: rawm
api:
  name: rawm
  routes:
    /health:
      GET: { mock: true, public: true }
resources:
  Extra:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: { Ref: RestApi }
      ParentId: { "Fn::GetAtt": [RestApi, RootResourceId] }
      PathPart: extra
  ExtraGet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: { Ref: RestApi }
      ResourceId: { Ref: Extra }
      HttpMethod: GET
      AuthorizationType: AWS_IAM
      Integration: { Type: MOCK }
"#,
    )
    .unwrap();
    path
}

#[test]
fn tree_shows_raw_methods_with_their_authorization_and_list_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = with_raw_methods(dir.path());
    let o = support::bin()
        .arg("tree")
        .arg("--stack-file")
        .arg(&file)
        .arg("rawm")
        .current_dir(support::root())
        .output()
        .unwrap();
    let tree = support::stdout(&o);
    let extra: Vec<&str> = tree.lines().skip_while(|l| l.trim() != "/extra").collect();
    assert!(
        extra
            .get(1)
            .is_some_and(|l| l.contains("GET") && l.contains("AWS_IAM")),
        "{tree}"
    );
    let o = support::bin()
        .arg("list")
        .arg("--stack-file")
        .arg(&file)
        .current_dir(support::root())
        .output()
        .unwrap();
    let list = support::stdout(&o);
    let row = list
        .lines()
        .find(|l| l.starts_with("rawm.template.json"))
        .unwrap_or_else(|| panic!("{list}"));
    let columns: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(columns[2], "2", "GET /health and the raw GET /extra: {row}");
}

#[test]
fn an_overridden_api_resource_keeps_its_place_and_its_public_method() {
    // An API resource has no property beyond its place (PathPart, ParentId, RestApiId: the
    // routes'), so an override names none of them; the resource it leaves stays placed,
    // and the public method under it stays public for the secure-by-default check.
    let stack = stack().override_properties(Generated::resource("/health"), json!({}));
    let t = json_of(&stack);
    let health = t["Resources"].as_object().unwrap().values().find(|r| {
        r["Type"] == "AWS::ApiGateway::Resource" && r["Properties"]["PathPart"] == "health"
    });
    assert!(health.is_some(), "the resource stays");
}

#[test]
fn an_overridden_permission_moves_into_a_nested_stack_with_its_references_wired() {
    // Past 500 resources: synth splits by itself; the permission goes with its routes.
    let mut api = api();
    for k in 0..260 {
        api.add_route(
            &format!("/area{k}"),
            Method::get(Integration::lambda("list-areas")).iam(),
        );
    }
    let stack = Stack::new("orders", api)
        .parameter(Parameter::string("DeleteArn"))
        .override_properties(
            Generated::permission("list-areas"),
            json!({ACCOUNT: {"Ref": "AWS::AccountId"}}),
        );
    let written = apigw_synth::synthesize_stack(&stack, Format::Json).expect("synthesizes");
    assert!(written.files.len() > 1, "the stack is split");
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for f in &written.files {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &f.contents).unwrap();
        paths.push(path);
    }
    let overridden = written
        .files
        .iter()
        .filter(|f| f.contents.contains("\"SourceAccount\""))
        .count();
    assert_eq!(
        overridden, 1,
        "one template holds the overridden permission"
    );
    // The parent and the template holding the override: the other nested ones share one
    // shape (every template of a large split is linted by large_api), and each costs
    // cfn-lint seconds.
    let linted: Vec<_> = written
        .files
        .iter()
        .zip(paths)
        .enumerate()
        .filter(|(i, (f, _))| *i == 0 || f.contents.contains("\"SourceAccount\""))
        .map(|(_, (_, p))| p)
        .collect();
    let report = support::lint(&linted);
    assert!(report.trim().is_empty(), "{report}");
}

/// A stack with the stages `prod` and `preview`.
fn two_stages() -> Stack {
    Stack::new(
        "orders",
        api()
            .stage(apigw_synth::Stage::new("prod"))
            .stage(apigw_synth::Stage::new("preview")),
    )
    .parameter(Parameter::string("DeleteArn"))
}

/// The properties of the stage named `name`.
fn stage_named<'t>(t: &'t Json, name: &str) -> &'t Json {
    t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["Type"] == "AWS::ApiGateway::Stage" && r["Properties"]["StageName"] == name)
        .map(|r| &r["Properties"])
        .unwrap_or_else(|| panic!("no stage {name}"))
}

#[test]
fn a_stage_is_addressed_by_its_label_and_the_others_are_left_alone() {
    let stack = two_stages().override_properties(
        Generated::stage("preview"),
        json!({"Description": "the preview of the next release"}),
    );
    let t: Json =
        serde_json::from_str(&render(&synthesize(&stack).unwrap(), Format::Json)).unwrap();
    assert_eq!(
        stage_named(&t, "preview")["Description"],
        "the preview of the next release"
    );
    assert!(stage_named(&t, "prod").get("Description").is_none());
}

#[test]
fn the_stack_file_addresses_stages_by_label_as_the_builders_do() {
    assert_file_gives(
        r#"stack: orders
parameters:
  DeleteArn: { type: String }
api:
  name: orders
  stage: { name: prod }
  stages:
    - name: preview
  routes:
    /orders:
      GET: { lambda: list-orders, iam: true }
    /orders/{id}:
      DELETE: { lambdaArn: { ref: DeleteArn }, iam: true }
    /health:
      GET: { mock: true, public: true }
overrides:
  stages:
    preview: { Description: the preview of the next release }
"#,
        &two_stages().override_properties(
            Generated::stage("preview"),
            json!({"Description": "the preview of the next release"}),
        ),
    );
}

/// `yaml`, loaded as `synth` loads a stack file, synthesizes to the template of `rust`.
fn assert_file_gives(yaml: &str, rust: &Stack) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.yaml");
    std::fs::write(&path, yaml).unwrap();
    let loaded = stack_file::load(&path).expect("loads");
    let from_file = render(&synthesize(loaded.stack()).unwrap(), Format::Json);
    let from_rust = render(&synthesize(rust).unwrap(), Format::Json);
    assert!(from_file == from_rust, "the file and the builders differ");
}
