//! Lambda integrations beyond a proxy by name, and mocks with an answer: a function's alias
//! or version (the permission follows it), Lambda non-proxy (request templates, integration
//! responses, a permission rather than a role), and a MOCK answering a chosen status and
//! body (shown by `tree` and `diff`); builders and stack files alike. HTTP and AWS service integrations are in
//! tests/integrations.rs and tests/aws_integrations.rs.

use std::path::Path;

use apigw_synth::review;
use apigw_synth::{Integration, IntegrationResponse, Method, RestApi, Stack, synthesize};
use serde_json::{Value as Json, json};

fn template(stack: &Stack) -> Json {
    serde_json::to_value(synthesize(stack).unwrap()).unwrap()
}

/// The properties of every resource of `kind`.
fn of_type<'t>(t: &'t Json, kind: &str) -> Vec<(&'t String, &'t Json)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == kind)
        .map(|(id, r)| (id, &r["Properties"]))
        .collect()
}

/// The properties of the method `verb` on the resource whose path part is `part`.
fn method<'t>(t: &'t Json, part: &str, verb: &str) -> &'t Json {
    let (resource, _) = of_type(t, "AWS::ApiGateway::Resource")
        .into_iter()
        .find(|(_, r)| r["PathPart"] == part)
        .unwrap_or_else(|| panic!("no resource {part}"));
    of_type(t, "AWS::ApiGateway::Method")
        .into_iter()
        .find(|(_, m)| m["HttpMethod"] == verb && m["ResourceId"]["Ref"] == resource.as_str())
        .map(|(_, m)| m)
        .unwrap_or_else(|| panic!("no {verb} on {part}"))
}

fn integration<'t>(t: &'t Json, part: &str, verb: &str) -> &'t Json {
    &method(t, part, verb)["Integration"]
}

#[test]
fn a_function_alias_is_invoked_and_the_permission_follows_it() {
    let api = RestApi::new("shop").route(
        "/products/{id}",
        Method::get(Integration::lambda("get-product:live")).iam(),
    );
    let t = template(&Stack::new("shop", api));
    let m = method(&t, "{id}", "GET");
    let uri = m["Integration"]["Uri"]["Fn::Sub"].as_str().unwrap();
    assert!(
        uri.ends_with(":function:get-product:live/invocations"),
        "{uri}"
    );
    let permissions: Vec<&Json> = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::Lambda::Permission")
        .collect();
    assert_eq!(permissions.len(), 1);
    assert_eq!(
        permissions[0]["Properties"]["FunctionName"],
        "get-product:live"
    );
    let text = review::render_tree(
        &review::model_of(
            &synthesize(&Stack::new(
                "shop",
                RestApi::new("shop").route(
                    "/p",
                    Method::get(Integration::lambda("get-product:7")).iam(),
                ),
            ))
            .unwrap(),
        ),
        false,
    );
    assert!(text.contains("get-product:7"), "{text}");
}

#[test]
fn a_mock_answers_its_status_and_body_in_rust_and_in_a_stack_file() {
    let api = RestApi::new("shop").route(
        "/old",
        Method::get(Integration::mock_response(410, r#"{"message": "gone"}"#)).public(),
    );
    let t = template(&Stack::new("shop", api));
    let m = method(&t, "old", "GET");
    assert_eq!(
        m["Integration"]["RequestTemplates"]["application/json"],
        "{\"statusCode\": 410}"
    );
    assert_eq!(
        m["Integration"]["IntegrationResponses"],
        json!([{"StatusCode": "410", "ResponseTemplates": {"application/json": "{\"message\": \"gone\"}"}}])
    );
    assert_eq!(m["MethodResponses"], json!([{"StatusCode": "410"}]));
    let yaml = "api:\n  name: shop\n  routes:\n    /old:\n      GET: { public: true, mockResponse: { status: 410, body: '{\"message\": \"gone\"}' } }\n";
    let loaded = apigw_synth::stack_file::load_str(Path::new("shop.yaml"), yaml).unwrap();
    let from_file = serde_json::to_value(loaded.synthesize().unwrap()).unwrap();
    assert_eq!(from_file["Resources"], t["Resources"]);
}

#[test]
fn tree_and_diff_show_a_mocks_status_when_it_is_not_200() {
    let api = |status: u16| {
        let mock = Integration::mock_response(status, r#"{"message": "gone"}"#);
        let api = RestApi::new("shop")
            .route("/old", Method::get(mock).public())
            .route("/health", Method::get(Integration::mock()).public());
        review::model_of(&synthesize(&Stack::new("shop", api)).unwrap())
    };
    let text = review::render_tree(&api(410), false);
    let line = |path: &str| {
        let at = text.find(path).unwrap_or_else(|| panic!("{text}"));
        text[at..].lines().nth(1).unwrap_or_default().to_owned()
    };
    assert!(line("/old").ends_with("→ MOCK 410"), "{text}");
    assert!(line("/health").ends_with("→ MOCK"), "{text}");
    let diff = review::diff(&api(410), &api(404));
    // What a public method answers is access control.
    let change = diff
        .access_control
        .iter()
        .find(|c| c.aspect.as_deref() == Some("integration"))
        .unwrap_or_else(|| panic!("{diff:#?}"));
    assert_eq!(
        (change.old.as_deref(), change.new.as_deref()),
        (Some("MOCK 410"), Some("MOCK 404"))
    );
}

#[test]
fn a_lambda_non_proxy_integration_maps_its_event_and_answer_and_is_permitted_not_roled() {
    let api = RestApi::new("shop").route(
        "/products/{id}",
        Method::get(
            Integration::lambda_non_proxy("get-product:live")
                .request_template("application/json", "{\"id\": \"$input.params('id')\"}")
                .response(IntegrationResponse::new(200))
                .response(
                    IntegrationResponse::new(404)
                        .selection_pattern("Not found.*")
                        .template("application/json", "{\"message\": \"no such product\"}"),
                ),
        )
        .iam(),
    );
    let t = template(&Stack::new("shop", api));
    let i = integration(&t, "{id}", "GET");
    assert_eq!(i["Type"], "AWS");
    assert_eq!(i["IntegrationHttpMethod"], "POST");
    let uri = i["Uri"]["Fn::Sub"].as_str().unwrap();
    assert!(
        uri.ends_with(":function:get-product:live/invocations"),
        "{uri}"
    );
    assert!(i.get("Credentials").is_none(), "invoked by a permission");
    assert_eq!(
        i["IntegrationResponses"][1]["SelectionPattern"],
        "Not found.*"
    );
    let permissions = of_type(&t, "AWS::Lambda::Permission");
    assert_eq!(permissions.len(), 1);
    assert_eq!(permissions[0].1["FunctionName"], "get-product:live");
    assert!(of_type(&t, "AWS::IAM::Role").is_empty());
    let yaml = "api:\n  name: shop\n  routes:\n    /products/{id}:\n      GET:\n        iam: true\n        aws:\n          action: lambda:InvokeFunction\n          function: get-product:live\n          requestTemplates: { application/json: '{\"id\": \"$input.params(''id'')\"}' }\n          responses:\n            - status: 200\n            - { status: 404, selectionPattern: Not found.*, templates: { application/json: '{\"message\": \"no such product\"}' } }\n";
    let loaded = apigw_synth::stack_file::load_str(Path::new("shop.yaml"), yaml)
        .unwrap_or_else(|e| panic!("{e}"));
    let from_file = serde_json::to_value(loaded.synthesize().unwrap()).unwrap();
    assert_eq!(from_file["Resources"], t["Resources"]);
    let text = review::render_tree(
        &review::model_of(
            &synthesize(&Stack::new(
                "shop",
                RestApi::new("shop").route(
                    "/p",
                    Method::get(Integration::lambda_non_proxy("get-product")).iam(),
                ),
            ))
            .unwrap(),
        ),
        false,
    );
    assert!(text.contains("get-product (Lambda, non-proxy)"), "{text}");
}
