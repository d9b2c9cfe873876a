//! APIs defined by an OpenAPI body (a RestApi's `Body`, SAM's `DefinitionBody`) are read by
//! `tree` and `diff` as the resources they stand for: the same view as a synthesized
//! template's, and access-control changes inside the body are access control; a body read
//! that way is no access-control change of its own (beside the API's own resources, it is),
//! and an API without an endpoint type reads as the edge-optimized one it is.

use crate::support;

use std::path::Path;
use std::process::Output;

use serde_json::{Value, json};

fn run(args: &[&str]) -> Output {
    support::tool()
        .current_dir(support::root())
        .args(args)
        .output()
        .expect("run apigw-synth")
}

/// The OpenAPI export of the committed eshop-fcj template.
fn eshop_body() -> Value {
    let output = run(&[
        "openapi",
        "--template",
        "out/eshop-fcj.template.json",
        "--format",
        "json",
    ]);
    assert!(output.status.success(), "{}", support::text(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// A SAM template whose API is `body`, on stage `eshop`.
fn sam_template(dir: &Path, name: &str, body: &Value) -> String {
    let template = json!({
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {"Api": {"Type": "AWS::Serverless::Api", "Properties": {
            "StageName": "eshop", "DefinitionBody": body}}}});
    let path = dir.join(name);
    std::fs::write(&path, template.to_string()).unwrap();
    path.display().to_string()
}

/// The tree's route lines (below the API and stage lines).
fn routes(tree: &Output) -> Vec<String> {
    let text = String::from_utf8_lossy(&tree.stdout);
    text.lines()
        .skip_while(|l| *l != "/")
        .map(str::to_owned)
        .collect()
}

#[test]
fn tree_shows_an_api_defined_by_a_sam_body_as_the_synthesized_one() {
    let dir = tempfile::tempdir().unwrap();
    let sam = sam_template(dir.path(), "sam.json", &eshop_body());
    let from_body = run(&["tree", "--template", &sam, "--color", "never"]);
    let synthesized = run(&[
        "tree",
        "--template",
        "out/eshop-fcj.template.json",
        "--color",
        "never",
    ]);
    assert!(from_body.status.success(), "{}", support::text(&from_body));
    assert!(routes(&from_body).len() > 10);
    assert_eq!(routes(&from_body), routes(&synthesized));
}

#[test]
fn diff_from_a_sam_body_to_the_synthesized_template_shows_no_method_change() {
    let dir = tempfile::tempdir().unwrap();
    let sam = sam_template(dir.path(), "sam.json", &eshop_body());
    let output = run(&[
        "diff",
        "--old",
        &sam,
        "--new",
        "out/eshop-fcj.template.json",
    ]);
    let text = support::text(&output);
    assert!(
        text.contains("Lambda permission for `get-category`"),
        "{text}"
    );
    for verb in ["GET /", "POST /", "PUT /", "DELETE /", "CORS /"] {
        assert!(!text.contains(verb), "{verb} in {text}");
    }
}

#[test]
fn making_an_operation_of_a_body_public_is_an_access_control_change() {
    let dir = tempfile::tempdir().unwrap();
    let body = eshop_body();
    let old = sam_template(dir.path(), "old.json", &body);
    let mut changed = body.clone();
    changed["paths"]["/products"]["get"]["security"] = json!([]);
    let new = sam_template(dir.path(), "new.json", &changed);
    let output = run(&[
        "diff",
        "--old",
        &old,
        "--new",
        &new,
        "--fail-on",
        "security",
    ]);
    let text = support::text(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    let access = text.split("Other changes").next().unwrap();
    assert!(
        access.contains("GET /products: authorization → `PUBLIC`"),
        "{text}"
    );
}

#[test]
fn a_swagger_2_body_with_a_lambda_authorizer_and_an_api_key_is_read() {
    let body = json!({
        "swagger": "2.0", "info": {"title": "pets", "version": "1"},
        "securityDefinitions": {
            "owner": {"type": "apiKey", "name": "X-Token", "in": "header",
                      "x-amazon-apigateway-authtype": "custom",
                      "x-amazon-apigateway-authorizer": {"type": "token",
                          "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:check/invocations"}},
            "key": {"type": "apiKey", "name": "x-api-key", "in": "header"}},
        "paths": {"/pets": {
            "get": {"security": [{"owner": [], "key": []}],
                    "x-amazon-apigateway-integration": {"type": "mock"}},
            "post": {"security": [],
                     "x-amazon-apigateway-integration": {"type": "mock"}}}}});
    let template = json!({"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi",
        "Properties": {"Body": body}}}});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pets.json");
    std::fs::write(&path, template.to_string()).unwrap();
    let output = run(&[
        "tree",
        "--template",
        path.to_str().unwrap(),
        "--color",
        "never",
    ]);
    let text = support::text(&output);
    assert!(
        text.contains("GET   CUSTOM owner (Lambda TOKEN), API key"),
        "{text}"
    );
    assert!(text.contains("POST  PUBLIC"), "{text}");
}

#[test]
fn a_body_read_as_its_routes_is_another_change_and_beside_the_apis_own_resources_access_control() {
    use apigw_synth::review::{diff, model};
    let body = eshop_body();
    let sam = json!({"Resources": {"Api": {"Type": "AWS::Serverless::Api", "Properties": {
        "StageName": "eshop", "DefinitionBody": body}}}});
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(support::root().join("out/eshop-fcj.template.json")).unwrap(),
    )
    .unwrap();
    let changes = diff(&model(&sam), &model(&committed));
    let body_change =
        |c: &&apigw_synth::review::Change| c.aspect.as_deref() == Some("DefinitionBody");
    assert!(
        changes.other.iter().any(|c| body_change(&c)),
        "{changes:#?}"
    );
    assert!(
        !changes.access_control.iter().any(|c| body_change(&c)),
        "{changes:#?}"
    );
    // The same body added to the committed template's own RestApi, beside its resources.
    let mut mixed = committed.clone();
    mixed["Resources"]["RestApi"]["Properties"]["Body"] = body;
    let changes = diff(&model(&committed), &model(&mixed));
    assert!(
        changes
            .access_control
            .iter()
            .any(|c| c.aspect.as_deref() == Some("Body")),
        "{changes:#?}"
    );
}

#[test]
fn an_api_without_an_endpoint_type_reads_as_edge() {
    use apigw_synth::review::{diff, model};
    let api = |properties: Value| {
        json!({"Resources": {
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": properties},
            "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
                "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
                "HttpMethod": "GET", "AuthorizationType": "AWS_IAM", "Integration": {"Type": "MOCK"}}}}})
    };
    let none = api(json!({"Name": "pets"}));
    let edge = api(json!({"Name": "pets", "EndpointConfiguration": {"Types": ["EDGE"]}}));
    let regional = api(json!({"Name": "pets", "EndpointConfiguration": {"Types": ["REGIONAL"]}}));
    let same = diff(&model(&none), &model(&edge));
    assert!(
        same.access_control.is_empty() && same.other.is_empty(),
        "{same:#?}"
    );
    let changed = diff(&model(&none), &model(&regional));
    let change = changed
        .access_control
        .iter()
        .find(|c| c.aspect.as_deref() == Some("EndpointConfiguration.Types[0]"))
        .unwrap_or_else(|| panic!("{changed:#?}"));
    assert_eq!(
        (change.old.as_deref(), change.new.as_deref()),
        (Some("EDGE"), Some("REGIONAL"))
    );
}
