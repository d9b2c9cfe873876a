//! CORS for several origins: the preflight answers with the request's `Origin` only when
//! it equals an allowed origin exactly (a response mapping template compares each, literal
//! or given at deploy time), with `Vary: Origin`; one origin keeps its static header;
//! `exposeHeaders` and an explicit `allowMethods`; API Gateway's own errors carry no origin
//! they can't choose; a split stack passes an origin parameter to the nested preflights;
//! `diff` lists an origin added as access control. The engine run (tests/engine_deploy.rs)
//! sends the preflights over HTTP.

use crate::support;

use apigw_synth::review::{self, Subject};
use apigw_synth::testing::one_function_stack;
use apigw_synth::{
    Cors, Format, HttpMethod, Integration, Method, Parameter, RestApi, Stack, Value, render,
    synthesize, synthesize_stack,
};
use serde_json::Value as Json;

const SHOP: &str = "https://shop.example.com";
const LOCAL: &str = "http://localhost:3000";

fn stack(cors: Cors) -> Stack {
    let api = RestApi::new("spa")
        .default_cors(cors)
        .route("/orders", Method::get(Integration::mock()).public())
        .route("/orders", Method::post(Integration::mock()).public());
    Stack::new("spa", api).parameter(Parameter::string("PreviewOrigin"))
}

fn template(stack: &Stack) -> Json {
    let t = synthesize(stack).expect("synthesizes");
    serde_json::from_str(&render(&t, Format::Json)).unwrap()
}

/// The properties of the only resource whose logical id starts with `prefix`.
fn resource<'a>(t: &'a Json, prefix: &str) -> &'a Json {
    let mut found = t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(id, _)| id.starts_with(prefix));
    let (_, r) = found.next().unwrap_or_else(|| panic!("no {prefix}*"));
    assert!(found.next().is_none(), "several {prefix}*");
    &r["Properties"]
}

fn preflight_response(t: &Json) -> &Json {
    &resource(t, "MethodOrdersOPTIONS")["Integration"]["IntegrationResponses"][0]
}

fn gateway_responses(t: &Json) -> usize {
    t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::ApiGateway::GatewayResponse")
        .count()
}

#[test]
fn one_origin_is_a_static_header_without_a_template() {
    let t = template(&stack(Cors::new().allow_origins([SHOP])));
    let response = preflight_response(&t);
    assert_eq!(
        response["ResponseParameters"]["method.response.header.Access-Control-Allow-Origin"],
        format!("'{SHOP}'")
    );
    assert!(response.get("ResponseTemplates").is_none(), "{response}");
    assert_eq!(gateway_responses(&t), 2);
}

#[test]
fn several_origins_are_compared_exactly_by_the_preflights_template() {
    let t = template(&stack(Cors::new().allow_origins([SHOP, LOCAL])));
    let response = preflight_response(&t);
    let headers = &response["ResponseParameters"];
    assert!(
        headers
            .get("method.response.header.Access-Control-Allow-Origin")
            .is_none(),
        "no static origin, so no other origin ever gets one: {headers}"
    );
    assert_eq!(headers["method.response.header.Vary"], "'Origin'");
    let template = response["ResponseTemplates"]["application/json"]
        .as_str()
        .expect("a literal template");
    assert!(
        template.contains(&format!(
            "#if($origin == '{SHOP}' || $origin == '{LOCAL}')\n"
        )),
        "{template}"
    );
    assert!(
        template.contains(
            "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)"
        ),
        "{template}"
    );
    assert!(
        !template.contains("matches"),
        "no pattern matching: {template}"
    );
    let declared = &resource(&t, "MethodOrdersOPTIONS")["MethodResponses"][0]["ResponseParameters"];
    assert_eq!(
        declared["method.response.header.Access-Control-Allow-Origin"],
        false
    );
}

#[test]
fn an_origin_from_a_parameter_is_a_placeholder_in_the_template() {
    let cors = Cors::new().allow_origins([Value::literal(SHOP), Value::parameter("PreviewOrigin")]);
    let t = template(&stack(cors));
    let template = preflight_response(&t)["ResponseTemplates"]["application/json"]["Fn::Sub"]
        .as_str()
        .expect("a Fn::Sub template");
    assert!(
        template.contains(&format!(
            "$origin == '{SHOP}' || $origin == '${{PreviewOrigin}}')"
        )),
        "{template}"
    );
}

#[test]
fn several_origins_leave_api_gateways_own_errors_without_cors_headers() {
    let t = template(&stack(Cors::new().allow_origins([SHOP, LOCAL])));
    assert_eq!(gateway_responses(&t), 0);
}

#[test]
fn exposed_headers_go_on_api_gateways_own_errors() {
    let cors = Cors::new()
        .allow_origins([SHOP])
        .expose_headers(["X-Request-Id", "ETag"]);
    let t = template(&stack(cors));
    let response = resource(&t, "GatewayResponseDEFAULT4XX");
    assert_eq!(
        response["ResponseParameters"]["gatewayresponse.header.Access-Control-Expose-Headers"],
        "'X-Request-Id,ETag'"
    );
}

#[test]
fn explicit_allowed_methods_replace_the_resources_own() {
    let cors = Cors::new().allow_methods([HttpMethod::Get, HttpMethod::Put, HttpMethod::Delete]);
    let t = template(&stack(cors));
    assert_eq!(
        preflight_response(&t)["ResponseParameters"]["method.response.header.Access-Control-Allow-Methods"],
        "'GET,PUT,DELETE,OPTIONS'"
    );
}

#[test]
fn several_origins_and_every_option_pass_cfn_lint() {
    let cors = Cors::new()
        .allow_origins([
            Value::literal(SHOP),
            Value::parameter("PreviewOrigin"),
            Value::literal(LOCAL),
        ])
        .allow_methods([HttpMethod::Get, HttpMethod::Post])
        .allow_credentials(true)
        .max_age_seconds(600);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spa.template.json");
    std::fs::write(
        &path,
        render(&synthesize(&stack(cors)).unwrap(), Format::Json),
    )
    .unwrap();
    let report = support::lint(&[path]);
    assert!(report.trim().is_empty(), "{report}");
}

#[test]
fn a_split_stack_passes_an_origin_parameter_to_every_nested_preflight() {
    let big = one_function_stack("big-spa", 300, 1, "handler");
    let api = big.api().clone().default_cors(
        Cors::new().allow_origins([Value::literal(SHOP), Value::parameter("PreviewOrigin")]),
    );
    let stack = Stack::new("big-spa", api)
        .parameter(Parameter::string("UserPoolArn"))
        .parameter(Parameter::string("PreviewOrigin"));
    let synthesized = synthesize_stack(&stack, Format::Json).expect("synthesizes");
    assert!(synthesized.files.len() > 1, "split");
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    let mut preflights = 0;
    for file in &synthesized.files {
        let t: Json = serde_json::from_str(&file.contents).unwrap();
        let resources = t["Resources"].as_object().unwrap();
        for method in resources.values().filter(|r| {
            r["Type"] == "AWS::ApiGateway::Method" && r["Properties"]["HttpMethod"] == "OPTIONS"
        }) {
            preflights += 1;
            let template = &method["Properties"]["Integration"]["IntegrationResponses"][0]["ResponseTemplates"]
                ["application/json"]["Fn::Sub"];
            assert!(
                template.as_str().unwrap().contains("${PreviewOrigin}"),
                "{template}"
            );
            assert!(
                t["Parameters"].get("PreviewOrigin").is_some(),
                "{} declares the origin it reads",
                file.path
            );
        }
        let path = dir.path().join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &file.contents).unwrap();
        paths.push(path);
    }
    assert_eq!(preflights, 300, "one preflight per resource");
    // The parent and one nested template: the nested ones share one shape (every template
    // of a large split is linted by large_api), and each costs cfn-lint seconds.
    paths.truncate(2);
    let report = support::lint(&paths);
    assert!(report.trim().is_empty(), "{report}");
}

#[test]
fn an_origin_added_is_an_access_control_change_naming_every_origin() {
    let old = synthesize(&stack(Cors::new().allow_origins([SHOP]))).unwrap();
    let new = synthesize(&stack(Cors::new().allow_origins([SHOP, LOCAL]))).unwrap();
    let diff = review::diff(&review::model_of(&old), &review::model_of(&new));
    let change = diff
        .access_control
        .iter()
        .find(|c| matches!(&c.subject, Subject::Cors { .. }))
        .expect("a CORS change");
    assert_eq!(
        change.new.as_deref(),
        Some(format!("{SHOP} or {LOCAL}").as_str())
    );
    assert_eq!(change.old.as_deref(), Some(SHOP));
}
