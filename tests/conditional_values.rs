//! `Fn::If` in values (issue 14): `Value::if_condition` / `{ if: [Condition, a, b] }` writes
//! `Fn::If` wherever a value goes, names a declared condition, is read on both branches by
//! the checks that read literals (a CORS origin), is picked by the parent of a split stack
//! (conditions stay there), passes cfn-lint and checkov, and a change to its condition is
//! access control in `diff` when the value feeds access control.

use crate::support;

use apigw_synth::{
    Cors, Format, Integration, Method, Parameter, RestApi, Stack, Value, render, review,
    stack_file, synthesize, synthesize_stack,
};
use serde_json::{Value as Json, json};

fn is_prod(equals: &str) -> Json {
    json!({"Fn::Equals": [{"Ref": "Environment"}, equals]})
}

/// The origin and the function both picked by the condition `IsProd`.
fn conditional(api: RestApi, condition: Json) -> Stack {
    let api = api
        .default_cors(Cors::new().allow_origins([Value::if_condition(
            "IsProd",
            "https://shop.example.com",
            Value::parameter("PreviewOrigin"),
        )]))
        .route(
            "/orders",
            Method::get(Integration::lambda_arn(Value::if_condition(
                "IsProd",
                Value::parameter("ProdFunctionArn"),
                Value::parameter("PreviewFunctionArn"),
            )))
            .iam(),
        );
    Stack::new("shop", api)
        .parameter(Parameter::string("Environment").default_value("preview"))
        .parameter(Parameter::string("PreviewOrigin"))
        .parameter(Parameter::string("ProdFunctionArn"))
        .parameter(Parameter::string("PreviewFunctionArn"))
        .condition("IsProd", condition)
}

fn json_of(stack: &Stack) -> Json {
    serde_json::from_str(&render(
        &synthesize(stack).expect("synthesizes"),
        Format::Json,
    ))
    .unwrap()
}

fn of_type<'a>(t: &'a Json, resource_type: &str) -> Vec<&'a Json> {
    t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == resource_type)
        .collect()
}

#[test]
fn an_if_value_writes_fn_if_naming_its_condition() {
    let t = json_of(&conditional(RestApi::new("shop"), is_prod("prod")));
    let origin =
        json!({"Fn::If": ["IsProd", "https://shop.example.com", {"Ref": "PreviewOrigin"}]});
    let responses = of_type(&t, "AWS::ApiGateway::GatewayResponse");
    assert!(!responses.is_empty());
    for r in responses {
        assert_eq!(
            r["Properties"]["ResponseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"],
            json!({"Fn::Join": ["", ["'", origin, "'"]]})
        );
    }
    let permissions = of_type(&t, "AWS::Lambda::Permission");
    assert_eq!(
        permissions[0]["Properties"]["FunctionName"],
        json!({"Fn::If": ["IsProd", {"Ref": "ProdFunctionArn"}, {"Ref": "PreviewFunctionArn"}]})
    );
}

#[test]
fn the_stack_file_writes_if_as_the_builders_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.yaml");
    std::fs::write(
        &path,
        r#"stack: shop
parameters:
  Environment: { type: String, default: preview }
  PreviewOrigin: { type: String }
  ProdFunctionArn: { type: String }
  PreviewFunctionArn: { type: String }
conditions:
  IsProd: { "Fn::Equals": [{ Ref: Environment }, prod] }
api:
  name: shop
  cors:
    allowOrigins: [{ if: [IsProd, "https://shop.example.com", { ref: PreviewOrigin }] }]
  routes:
    /orders:
      GET:
        lambdaArn: { if: [IsProd, { ref: ProdFunctionArn }, { ref: PreviewFunctionArn }] }
        iam: true
"#,
    )
    .unwrap();
    let loaded = stack_file::load(&path).expect("loads");
    let from_file = render(&synthesize(loaded.stack()).unwrap(), Format::Json);
    let from_rust = render(
        &synthesize(&conditional(RestApi::new("shop"), is_prod("prod"))).unwrap(),
        Format::Json,
    );
    assert!(from_file == from_rust, "the file and the builders differ");
}

#[test]
fn the_parent_of_a_split_stack_picks_and_the_nested_stacks_read_the_pick() {
    // Past 500 resources: synth splits by itself, as it writes.
    let mut api = RestApi::new("shop");
    for k in 0..260 {
        api.add_route(
            &format!("/area{k}"),
            Method::get(Integration::lambda("list-items")).iam(),
        );
    }
    let stack = conditional(api, is_prod("prod"));
    let written = synthesize_stack(&stack, Format::Json).expect("synthesizes");
    assert!(written.files.len() > 1, "the stack is split");
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (i, f) in written.files.iter().enumerate() {
        let ifs = f.contents.contains("\"Fn::If\"");
        assert_eq!(ifs, i == 0, "{}: only the parent picks", f.path);
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &f.contents).unwrap();
        paths.push(path);
    }
    // The conditional function's method went into a nested stack, which reads the pick.
    let nested_pick = written.files[1..]
        .iter()
        .any(|f| f.contents.contains("ProdFunctionArn") || f.contents.contains("\"IfIsProd"));
    assert!(nested_pick, "a nested template reads the parent's pick");
    // cfn-lint follows each nested stack from the parent: its parameters are declared and
    // filled. Linted in full: the parent and the nested templates reading the pick (the
    // others share one shape, linted by large_api; each costs cfn-lint seconds).
    let picks: Vec<_> = written
        .files
        .iter()
        .zip(paths)
        .enumerate()
        .filter(|(i, (f, _))| {
            *i == 0 || f.contents.contains("ProdFunctionArn") || f.contents.contains("\"IfIsProd")
        })
        .map(|(_, (_, p))| p)
        .collect();
    let report = support::lint(&picks);
    assert!(report.trim().is_empty(), "{report}");
}

#[test]
fn templates_with_if_values_pass_cfn_lint_and_checkov() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.template.json");
    std::fs::write(
        &path,
        render(
            &synthesize(&conditional(RestApi::new("shop"), is_prod("prod"))).unwrap(),
            Format::Json,
        ),
    )
    .unwrap();
    let report = support::lint(std::slice::from_ref(&path));
    assert!(report.trim().is_empty(), "{report}");
    support::assert_checkov_clean(&[path]);
}

#[test]
fn a_changed_condition_feeding_the_cors_origin_is_access_control() {
    let old = synthesize(&conditional(RestApi::new("shop"), is_prod("prod"))).unwrap();
    let new = synthesize(&conditional(RestApi::new("shop"), is_prod("preview"))).unwrap();
    let diff = review::diff(&review::model_of(&old), &review::model_of(&new));
    let access: Vec<String> = diff
        .access_control
        .iter()
        .map(|c| format!("{c:?}"))
        .collect();
    assert!(
        access.iter().any(|c| c.contains("IsProd")),
        "{access:#?}\nother: {:#?}",
        diff.other
    );
}
