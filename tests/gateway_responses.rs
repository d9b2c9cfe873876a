//! Gateway responses: each declared type becomes one `AWS::ApiGateway::GatewayResponse` with
//! its status, headers and templates, merged with the API's CORS headers (one resource per
//! type, a declared `DEFAULT_4XX` included); without CORS only what is declared; several
//! origins add no origin; they stay in the parent of a split stack; cfn-lint accepts them;
//! `diff` lists a changed header as access control. Misuse is in tests/bad_input.rs.

use crate::support;

use apigw_synth::review::{self, Subject};
use apigw_synth::testing::one_function_stack;
use apigw_synth::{
    Cors, Format, GatewayResponse, GatewayResponseType, Integration, Method, RestApi, Stack,
    render, synthesize, synthesize_stack,
};
use serde_json::Value as Json;

const SHOP: &str = "https://shop.example.com";

fn unauthorized() -> GatewayResponse {
    GatewayResponse::new(GatewayResponseType::Unauthorized)
        .header("WWW-Authenticate", "Bearer")
        .template(
            "application/json",
            r#"{"message": $context.error.messageString}"#,
        )
}

fn stack(api: RestApi) -> Stack {
    Stack::new(
        "shop",
        api.route("/health", Method::get(Integration::mock()).public()),
    )
}

fn template(stack: &Stack) -> Json {
    serde_json::from_str(&render(&synthesize(stack).unwrap(), Format::Json)).unwrap()
}

/// Every gateway response's properties, by response type.
fn responses(t: &Json) -> Vec<(String, Json)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::ApiGateway::GatewayResponse")
        .map(|r| {
            let p = r["Properties"].clone();
            (p["ResponseType"].as_str().unwrap().to_owned(), p)
        })
        .collect()
}

fn response(t: &Json, response_type: &str) -> Json {
    responses(t)
        .into_iter()
        .find(|(k, _)| k == response_type)
        .unwrap_or_else(|| panic!("no {response_type}"))
        .1
}

#[test]
fn a_declared_response_carries_its_status_headers_templates_and_the_cors_headers() {
    let api = RestApi::new("shop")
        .default_cors(Cors::new().allow_origins([SHOP]))
        .gateway_response(unauthorized().status_code(401));
    let r = response(&template(&stack(api)), "UNAUTHORIZED");
    assert_eq!(r["StatusCode"], "401");
    let headers = &r["ResponseParameters"];
    assert_eq!(
        headers["gatewayresponse.header.WWW-Authenticate"],
        "'Bearer'"
    );
    assert_eq!(
        headers["gatewayresponse.header.Access-Control-Allow-Origin"],
        format!("'{SHOP}'")
    );
    assert_eq!(headers["gatewayresponse.header.Vary"], "'Origin'");
    assert_eq!(
        r["ResponseTemplates"]["application/json"],
        r#"{"message": $context.error.messageString}"#
    );
}

#[test]
fn a_declared_default_4xx_is_one_resource_merged_with_the_cors_headers() {
    let api = RestApi::new("shop")
        .default_cors(Cors::new())
        .gateway_response(
            GatewayResponse::new(GatewayResponseType::Default4xx).header("X-Error", "yes"),
        );
    let t = template(&stack(api));
    let types: Vec<String> = responses(&t).into_iter().map(|(k, _)| k).collect();
    assert_eq!(types, ["DEFAULT_4XX", "DEFAULT_5XX"]);
    let headers = &response(&t, "DEFAULT_4XX")["ResponseParameters"];
    assert_eq!(headers["gatewayresponse.header.X-Error"], "'yes'");
    assert_eq!(
        headers["gatewayresponse.header.Access-Control-Allow-Origin"],
        "'*'"
    );
}

#[test]
fn without_cors_only_the_declared_responses_exist_with_only_their_headers() {
    let api = RestApi::new("shop").gateway_response(
        GatewayResponse::new(GatewayResponseType::MissingAuthenticationToken).status_code(404),
    );
    let t = template(&stack(api));
    let all = responses(&t);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].0, "MISSING_AUTHENTICATION_TOKEN");
    assert_eq!(all[0].1["StatusCode"], "404");
    assert!(all[0].1.get("ResponseParameters").is_none(), "{}", all[0].1);
}

#[test]
fn with_several_origins_a_declared_response_names_no_origin() {
    let api = RestApi::new("shop")
        .default_cors(Cors::new().allow_origins([SHOP, "http://localhost:3000"]))
        .gateway_response(unauthorized());
    let t = template(&stack(api));
    let all = responses(&t);
    assert_eq!(all.len(), 1, "no CORS-only DEFAULT_4XX/5XX");
    let headers = all[0].1["ResponseParameters"].as_object().unwrap();
    assert_eq!(
        headers.keys().collect::<Vec<_>>(),
        ["gatewayresponse.header.WWW-Authenticate"]
    );
}

#[test]
fn every_response_type_passes_cfn_lint() {
    let mut api = RestApi::new("shop").default_cors(Cors::new().allow_origins([SHOP]));
    for response_type in GatewayResponseType::ALL {
        api = api.gateway_response(
            GatewayResponse::new(response_type)
                .status_code(418)
                .header("X-Type", response_type.as_str())
                .template(
                    "application/json",
                    "{\"type\": \"$context.error.responseType\"}",
                ),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.template.json");
    std::fs::write(
        &path,
        render(&synthesize(&stack(api)).unwrap(), Format::Json),
    )
    .unwrap();
    let report = support::lint(&[path]);
    assert!(report.trim().is_empty(), "{report}");
}

#[test]
fn a_split_stack_keeps_its_gateway_responses_in_the_parent() {
    let big = one_function_stack("big-shop", 300, 1, "handler");
    let api = big.api().clone().gateway_response(unauthorized());
    let stack =
        Stack::new("big-shop", api).parameter(apigw_synth::Parameter::string("UserPoolArn"));
    let synthesized = synthesize_stack(&stack, Format::Json).unwrap();
    assert!(synthesized.files.len() > 1, "split");
    for (i, file) in synthesized.files.iter().enumerate() {
        let t: Json = serde_json::from_str(&file.contents).unwrap();
        let types: Vec<String> = responses(&t).into_iter().map(|(k, _)| k).collect();
        if i == 0 {
            assert_eq!(types, ["DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED"]);
        } else {
            assert!(types.is_empty(), "{}: {types:?}", file.path);
        }
    }
}

#[test]
fn a_changed_header_of_a_gateway_response_is_an_access_control_change() {
    let old = synthesize(&stack(
        RestApi::new("shop").gateway_response(unauthorized()),
    ))
    .unwrap();
    let changed = unauthorized().header("X-Frame-Options", "DENY");
    let new = synthesize(&stack(RestApi::new("shop").gateway_response(changed))).unwrap();
    let diff = review::diff(&review::model_of(&old), &review::model_of(&new));
    assert!(
        diff.access_control.iter().any(|c| {
            matches!(&c.subject, Subject::GatewayResponse { response_types } if response_types == &["UNAUTHORIZED"])
                && c.aspect.as_deref().is_some_and(|a| a.contains("X-Frame-Options"))
        }),
        "{diff:#?}"
    );
}
