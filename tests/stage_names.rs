//! The stage name given at deploy time (issue 14): a stage named by a `String` parameter (or
//! computed, with an explicit id) writes the parameter into `StageName` and keeps logical ids
//! readable and stable, derived from its label (the parameter's name or its id), never from
//! a value; base path mappings, per-stage method settings, the invoke URL outputs, a split
//! stack, stack files, `tree` and `list` all name it so; the templates pass cfn-lint and
//! checkov.

use crate::support;

use apigw_synth::testing::split_templates;
use apigw_synth::{
    DomainName, Format, HttpMethod, Integration, Method, MethodSettings, Parameter, RestApi, Stack,
    Stage, Value, render, stack_file, synthesize,
};
use serde_json::{Value as Json, json};

const CERTIFICATE: &str =
    "arn:aws:acm:eu-west-1:123456789012:certificate/0b7e0b8d-6f0e-4f6e-9a55-3a1c7c0d9e11";

/// An API whose one stage is named by the parameter `Environment`.
fn environment_stack(stage: Stage) -> Stack {
    let api = RestApi::new("small")
        .route("/ping", Method::get(Integration::mock()).public())
        .stage(stage);
    Stack::new("small", api).parameter(Parameter::string("Environment").default_value("qa"))
}

fn json_of(stack: &Stack) -> Json {
    let t = synthesize(stack).expect("synthesizes");
    serde_json::from_str(&render(&t, Format::Json)).unwrap()
}

fn resource<'a>(t: &'a Json, id: &str) -> &'a Json {
    t["Resources"]
        .get(id)
        .unwrap_or_else(|| panic!("no resource {id}"))
}

#[test]
fn a_stage_named_by_a_parameter_refs_it_and_takes_its_ids_from_the_parameters_name() {
    let t = json_of(&environment_stack(Stage::new(Value::parameter(
        "Environment",
    ))));
    let stage = resource(&t, "StageEnvironment");
    assert_eq!(
        stage["Properties"]["StageName"],
        json!({"Ref": "Environment"})
    );
    assert_eq!(
        resource(&t, "AccessLogsEnvironment")["Type"],
        "AWS::Logs::LogGroup"
    );
    assert_eq!(
        t["Outputs"]["InvokeUrl"]["Value"],
        json!({"Fn::Sub":
            "https://${RestApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${StageEnvironment}/"})
    );
}

#[test]
fn the_ids_stay_put_whatever_the_parameters_default() {
    let ids = |default: &str| {
        let api = environment_stack(Stage::new(Value::parameter("Environment")))
            .api()
            .clone();
        let stack = Stack::new("small", api)
            .parameter(Parameter::string("Environment").default_value(default));
        let t = json_of(&stack);
        t["Resources"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("qa"), ids("production"));
}

#[test]
fn a_computed_name_takes_its_ids_from_the_explicit_id() {
    let t = json_of(&environment_stack(
        Stage::new(Value::sub("${Environment}-v2")).id("V2"),
    ));
    assert_eq!(
        resource(&t, "StageV2")["Properties"]["StageName"],
        json!({"Fn::Sub": "${Environment}-v2"})
    );
    assert!(t["Resources"].get("AccessLogsV2").is_some());
}

#[test]
fn base_paths_and_per_stage_method_settings_reach_a_stage_named_by_a_parameter() {
    let api = RestApi::new("small")
        .domain(DomainName::new("api.example.com", CERTIFICATE).base_path("", "Environment"))
        .route("/ping", Method::get(Integration::mock()).public())
        .stage(Stage::new(Value::parameter("Environment")).method_settings(
            "/ping",
            HttpMethod::Get,
            MethodSettings::new().throttling(5, 10),
        ));
    let stack = Stack::new("small", api).parameter(Parameter::string("Environment"));
    let t = json_of(&stack);
    let mappings: Vec<&Json> = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::ApiGateway::BasePathMapping")
        .collect();
    assert_eq!(mappings.len(), 1);
    assert_eq!(
        mappings[0]["Properties"]["Stage"],
        json!({"Ref": "StageEnvironment"})
    );
    let settings = &resource(&t, "StageEnvironment")["Properties"]["MethodSettings"];
    assert!(
        settings
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["ResourcePath"] == "/~1ping" && s["ThrottlingRateLimit"] == 5),
        "{settings}"
    );
}

#[test]
fn the_stack_file_names_the_stage_as_the_rust_stack_does() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.yaml");
    std::fs::write(
        &path,
        "\
stack: small
parameters:
  Environment: { type: String, default: qa }
api:
  name: small
  routes:
    /ping:
      GET: { mock: true, public: true }
  stages:
    - name: { ref: Environment }
      methodSettings:
        /ping:
          GET: { throttling: { rateLimit: 5, burstLimit: 10 } }
    - name: { sub: \"${Environment}-v2\" }
      id: V2
",
    )
    .unwrap();
    let loaded = stack_file::load(&path).expect("loads");
    let from_file = render(&synthesize(loaded.stack()).unwrap(), Format::Json);
    let api = RestApi::new("small")
        .route("/ping", Method::get(Integration::mock()).public())
        .stage(Stage::new(Value::parameter("Environment")).method_settings(
            "/ping",
            HttpMethod::Get,
            MethodSettings::new().throttling(5, 10),
        ))
        .stage(Stage::new(Value::sub("${Environment}-v2")).id("V2"));
    let stack =
        Stack::new("small", api).parameter(Parameter::string("Environment").default_value("qa"));
    let from_rust = render(&synthesize(&stack).unwrap(), Format::Json);
    assert!(from_file == from_rust, "the file and the builders differ");
}

#[test]
fn a_stage_named_by_a_parameter_stays_in_the_parent_of_a_split_stack() {
    let mut api = RestApi::new("big").stage(Stage::new(Value::parameter("Environment")));
    for k in 0..12 {
        api.add_route(
            &format!("/area{k}/{{id}}"),
            Method::get(Integration::lambda("list-items")).iam(),
        );
    }
    let stack = Stack::new("big", api).parameter(Parameter::string("Environment"));
    let templates = split_templates(&stack, 8).expect("splits");
    assert!(templates.len() > 2, "{} templates", templates.len());
    let json = |t: &apigw_synth::cfn::Template| serde_json::to_value(t).unwrap();
    let parent = json(&templates[0]);
    assert_eq!(
        parent["Resources"]["StageEnvironment"]["Properties"]["StageName"],
        json!({"Ref": "Environment"})
    );
    assert!(parent["Parameters"].get("Environment").is_some());
    for nested in &templates[1..] {
        assert!(json(nested)["Resources"].get("StageEnvironment").is_none());
    }
}

#[test]
fn stages_named_at_deploy_time_pass_cfn_lint_and_checkov() {
    let dir = tempfile::tempdir().unwrap();
    let api = RestApi::new("small")
        .domain(DomainName::new("api.example.com", CERTIFICATE).base_path("", "Environment"))
        .route("/ping", Method::get(Integration::mock()).public())
        .stage(Stage::new(Value::parameter("Environment")));
    let mut paths = Vec::new();
    for (name, stack) in [
        (
            "parameter",
            Stack::new("small", api).parameter(Parameter::string("Environment")),
        ),
        (
            "computed",
            environment_stack(Stage::new(Value::sub("${Environment}-v2")).id("V2")),
        ),
    ] {
        let path = dir.path().join(format!("{name}.template.json"));
        std::fs::write(&path, render(&synthesize(&stack).unwrap(), Format::Json)).unwrap();
        paths.push(path);
    }
    let report = support::lint(&paths);
    assert!(report.trim().is_empty(), "{report}");
    support::assert_checkov_clean(&paths);
}

#[test]
fn tree_and_list_name_the_stage_by_its_parameter() {
    let o = support::bin()
        .args(["tree", "tasks"])
        .current_dir(support::root())
        .output()
        .unwrap();
    let tree = support::stdout(&o);
    assert!(tree.contains("API tasks (stage ${Environment})"), "{tree}");
    let o = support::bin()
        .args(["list"])
        .current_dir(support::root())
        .output()
        .unwrap();
    let list = support::stdout(&o);
    assert!(list.contains("tasks/${Environment}"), "{list}");
}
