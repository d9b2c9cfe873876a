//! `openapi`: every committed stack exports an OpenAPI 3.0 document the pinned validator
//! accepts, with and without API Gateway's extensions; each method is an operation with its
//! security; the export is deterministic; a template without one REST API is an error;
//! `synth --openapi` writes each document beside its template, and `--check` compares it.

use crate::support;

use std::process::Output;

use apigw_synth::openapi::{ExportOptions, export};
use serde_json::{Value, json};

/// Runs the repository's program (its stacks) in the repository.
fn run(args: &[&str]) -> Output {
    support::bin()
        .current_dir(support::root())
        .args(args)
        .output()
        .expect("run apigw-synth")
}

fn document(args: &[&str]) -> Value {
    let mut all = vec!["openapi"];
    all.extend(args);
    all.extend(["--format", "json"]);
    let output = run(&all);
    assert!(output.status.success(), "{}", support::text(&output));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// Every operation of `document`: (path, verb, operation).
fn operations(document: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (verb, operation) in item.as_object().expect("path item") {
            out.push((path.clone(), verb.clone(), operation.clone()));
        }
    }
    out
}

#[test]
fn every_committed_stack_exports_a_document_the_validator_accepts() {
    let dir = tempfile::tempdir().unwrap();
    for stack in ["eshop-fcj", "orders-preview", "tasks"] {
        for extensions in [true, false] {
            let mut args = vec!["openapi", stack];
            if !extensions {
                args.push("--no-aws-extensions");
            }
            let output = run(&args);
            assert!(output.status.success(), "{}", support::text(&output));
            let file = dir.path().join(format!("{stack}-{extensions}.yaml"));
            std::fs::write(&file, &output.stdout).unwrap();
            if let Err(e) = support::validate_openapi(&file) {
                panic!("{stack} (extensions {extensions}): {e}");
            }
        }
    }
}

#[test]
fn each_method_of_eshop_is_an_operation_behind_its_cognito_authorizer() {
    let document = document(&["eshop-fcj"]);
    let template: Value = serde_json::from_str(
        &std::fs::read_to_string(support::root().join("out/eshop-fcj.template.json")).unwrap(),
    )
    .unwrap();
    let methods = template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::ApiGateway::Method")
        .count();
    let operations = operations(&document);
    assert_eq!(operations.len(), methods);
    for (path, verb, operation) in &operations {
        if verb == "options" {
            assert_eq!(operation["security"], json!([]), "{path} preflight");
            continue;
        }
        assert_eq!(
            operation["security"],
            json!([{ "cognito-authorizer-eshop-fcj": [] }]),
            "{verb} {path}"
        );
        assert_eq!(
            operation["x-amazon-apigateway-integration"]["type"], "aws_proxy",
            "{verb} {path}"
        );
    }
    let scheme = &document["components"]["securitySchemes"]["cognito-authorizer-eshop-fcj"];
    assert_eq!(scheme["x-amazon-apigateway-authtype"], "cognito_user_pools");
    assert_eq!(scheme["name"], "Authorization");
}

#[test]
fn a_path_parameter_is_declared_on_each_operation_of_its_path() {
    let document = document(&["eshop-fcj"]);
    let get = &document["paths"]["/categories/{id}"]["get"];
    assert_eq!(
        get["parameters"],
        json!([{ "in": "path", "name": "id", "required": true,
                 "schema": { "type": "string" }, "style": "simple" }])
    );
}

#[test]
fn without_aws_extensions_the_document_has_no_extension_and_no_preflight() {
    let document = document(&["eshop-fcj", "--no-aws-extensions"]);
    let text = document.to_string();
    assert!(!text.contains("x-amazon-apigateway"), "{text}");
    assert!(!text.contains("x-apigw-synth"), "{text}");
    assert!(
        operations(&document)
            .iter()
            .all(|(_, verb, _)| verb != "options")
    );
    assert!(!operations(&document).is_empty());
}

#[test]
fn the_template_parameters_are_declared_in_an_extension_of_the_document() {
    let document = document(&["eshop-fcj"]);
    let template: Value = serde_json::from_str(
        &std::fs::read_to_string(support::root().join("out/eshop-fcj.template.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(document["x-apigw-synth-parameters"], template["Parameters"]);
    assert_eq!(
        document["x-apigw-synth-parameters"]["UserPoolArn"]["Description"],
        "ARN of the existing Cognito user pool"
    );
}

#[test]
fn public_methods_have_an_empty_security_requirement() {
    let document = document(&["orders-preview"]);
    let public: Vec<_> = operations(&document)
        .into_iter()
        .filter(|(_, _, o)| o["security"] == json!([]))
        .collect();
    assert!(!public.is_empty());
}

#[test]
fn the_export_is_deterministic() {
    let first = run(&["openapi", "eshop-fcj"]);
    let second = run(&["openapi", "eshop-fcj"]);
    assert!(first.status.success());
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn a_template_file_exports_as_its_stack_does() {
    let from_stack = run(&["openapi", "eshop-fcj"]);
    let from_file = support::tool()
        .current_dir(support::root())
        .args(["openapi", "--template", "out/eshop-fcj.template.json"])
        .output()
        .unwrap();
    assert!(from_file.status.success(), "{}", support::text(&from_file));
    assert_eq!(from_stack.stdout, from_file.stdout);
}

#[test]
fn a_split_stack_exports_every_method_of_its_nested_templates() {
    let dir = tempfile::tempdir().unwrap();
    let stacks = dir.path().join("stacks");
    std::fs::create_dir(&stacks).unwrap();
    let text = apigw_synth::testing::generated_stack_file("wide", 300, 5);
    std::fs::write(stacks.join("wide.yaml"), text).unwrap();
    let output = support::tool()
        .current_dir(dir.path())
        .args(["openapi", "wide", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", support::text(&output));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    let methods = operations(&document)
        .into_iter()
        .filter(|(_, verb, _)| verb != "options")
        .count();
    assert_eq!(methods, 300 * 5);
    let file = dir.path().join("wide.json");
    std::fs::write(&file, &output.stdout).unwrap();
    support::validate_openapi(&file).unwrap();
}

/// A template with a TOKEN authorizer, an API key method, a validator and a model.
fn lambda_authorizer_template() -> Value {
    json!({"Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
            "Name": "pets", "ApiKeySourceType": "HEADER", "BinaryMediaTypes": ["image/png"]}},
        "Pets": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": {"Ref": "Api"}, "PathPart": "pets",
            "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}}},
        "Token": {"Type": "AWS::ApiGateway::Authorizer", "Properties": {
            "RestApiId": {"Ref": "Api"}, "Name": "owner-check", "Type": "TOKEN",
            "IdentitySource": "method.request.header.X-Token",
            "IdentityValidationExpression": "^Bearer .+$",
            "AuthorizerResultTtlInSeconds": 300,
            "AuthorizerUri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${CheckArn}/invocations"}}},
        "Body": {"Type": "AWS::ApiGateway::RequestValidator", "Properties": {
            "RestApiId": {"Ref": "Api"}, "Name": "body", "ValidateRequestBody": true}},
        "NewPet": {"Type": "AWS::ApiGateway::Model", "Properties": {
            "RestApiId": {"Ref": "Api"}, "Name": "NewPet", "ContentType": "application/json",
            "Schema": {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
                       "required": ["name"], "properties": {"name": {"type": "string"}}}}},
        "PostPets": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "Pets"}, "HttpMethod": "POST",
            "AuthorizationType": "CUSTOM", "AuthorizerId": {"Ref": "Token"},
            "RequestValidatorId": {"Ref": "Body"},
            "RequestModels": {"application/json": "NewPet"},
            "Integration": {"Type": "MOCK"}}},
        "GetPets": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "Pets"}, "HttpMethod": "GET",
            "AuthorizationType": "NONE", "ApiKeyRequired": true,
            "Integration": {"Type": "MOCK"}}}
    }})
}

#[test]
fn a_lambda_token_authorizer_is_a_scheme_with_its_authorizer_object() {
    let document = export(&lambda_authorizer_template(), &ExportOptions::default()).unwrap();
    let document = serde_json::to_value(&document).unwrap();
    let scheme = &document["components"]["securitySchemes"]["owner-check"];
    assert_eq!(scheme["name"], "X-Token");
    assert_eq!(scheme["x-amazon-apigateway-authtype"], "custom");
    assert_eq!(
        scheme["x-amazon-apigateway-authorizer"],
        json!({"type": "token",
               "authorizerUri": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${CheckArn}/invocations",
               "identityValidationExpression": "^Bearer .+$",
               "authorizerResultTtlInSeconds": 300})
    );
    assert_eq!(
        document["paths"]["/pets"]["post"]["security"],
        json!([{ "owner-check": [] }])
    );
}

#[test]
fn an_api_key_method_requires_the_api_key_scheme_and_public_stays_visible() {
    let document = export(&lambda_authorizer_template(), &ExportOptions::default()).unwrap();
    let document = serde_json::to_value(&document).unwrap();
    assert_eq!(
        document["paths"]["/pets"]["get"]["security"],
        json!([{ "api_key": [] }])
    );
    assert_eq!(
        document["components"]["securitySchemes"]["api_key"]["name"],
        "x-api-key"
    );
    assert_eq!(document["x-amazon-apigateway-api-key-source"], "HEADER");
    assert_eq!(
        document["x-amazon-apigateway-binary-media-types"],
        json!(["image/png"])
    );
}

#[test]
fn models_are_schemas_and_validators_are_named_per_operation() {
    let document = export(&lambda_authorizer_template(), &ExportOptions::default()).unwrap();
    let document = serde_json::to_value(&document).unwrap();
    assert_eq!(
        document["components"]["schemas"]["NewPet"],
        json!({"type": "object", "required": ["name"],
               "properties": {"name": {"type": "string"}}})
    );
    let post = &document["paths"]["/pets"]["post"];
    assert_eq!(
        post["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/NewPet"
    );
    assert_eq!(post["x-amazon-apigateway-request-validator"], "body");
    assert_eq!(
        document["x-amazon-apigateway-request-validators"]["body"],
        json!({"validateRequestBody": true, "validateRequestParameters": false})
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pets.json");
    std::fs::write(&file, document.to_string()).unwrap();
    support::validate_openapi(&file).unwrap();
}

#[test]
fn a_template_without_a_rest_api_is_an_error_and_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("empty.json");
    std::fs::write(
        &file,
        r#"{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}"#,
    )
    .unwrap();
    let output = support::tool()
        .args(["openapi", "--template"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no AWS::ApiGateway::RestApi"), "{stderr}");
}

#[test]
fn a_template_with_two_rest_apis_names_them() {
    let template = json!({"Resources": {
        "A": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a"}},
        "B": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "b"}}}});
    let e = export(&template, &ExportOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the template has several REST APIs (A, B); an OpenAPI document describes one"
    );
}

#[test]
fn resources_whose_parents_loop_are_an_error() {
    let template = json!({"Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a"}},
        "X": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": {"Ref": "Api"}, "PathPart": "x", "ParentId": {"Ref": "Y"}}},
        "Y": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": {"Ref": "Api"}, "PathPart": "y", "ParentId": {"Ref": "X"}}}}});
    let e = export(&template, &ExportOptions::default()).unwrap_err();
    assert!(e.to_string().contains("loops back"), "{e}");
}

#[test]
fn a_stage_named_by_a_parameter_is_a_server_variable_with_the_parameter_default() {
    let document = document(&["tasks"]);
    let server = &document["servers"][0];
    assert_eq!(
        server["url"],
        "https://{restApiId}.execute-api.{region}.amazonaws.com/{Environment}"
    );
    assert_eq!(server["variables"]["Environment"]["default"], "qa");
}

/// `synth --openapi` in a directory of stack files: a small stack and a split one.
fn synth_with_openapi(dir: &std::path::Path, args: &[&str]) -> Output {
    support::tool()
        .current_dir(dir)
        .arg("synth")
        .args(args)
        .output()
        .unwrap()
}

/// A directory with stacks/small.yaml (one template) and, when `split`, stacks/wide.yaml
/// (300 routes: a parent and nested templates).
fn stacks(split: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let stacks = dir.path().join("stacks");
    std::fs::create_dir(&stacks).unwrap();
    if split {
        let wide = apigw_synth::testing::generated_stack_file("wide", 300, 5);
        std::fs::write(stacks.join("wide.yaml"), wide).unwrap();
    }
    let small = apigw_synth::testing::generated_stack_file("small", 3, 2);
    std::fs::write(stacks.join("small.yaml"), small).unwrap();
    dir
}

#[test]
fn synth_openapi_writes_each_apis_document_beside_its_template_as_openapi_exports_it() {
    let dir = stacks(true);
    let output = synth_with_openapi(dir.path(), &["--openapi"]);
    assert!(output.status.success(), "{}", support::text(&output));
    for (stack, file) in [
        ("small", "out/small.openapi.yaml"),
        ("wide", "out/wide/wide.openapi.yaml"),
    ] {
        let written = std::fs::read_to_string(dir.path().join(file)).expect(file);
        let exported = support::tool()
            .current_dir(dir.path())
            .args(["openapi", stack])
            .output()
            .unwrap();
        assert!(exported.status.success(), "{}", support::text(&exported));
        assert_eq!(
            written,
            String::from_utf8(exported.stdout).unwrap(),
            "{file}"
        );
        assert!(support::stdout(&output).contains(&format!("wrote {file}")));
    }
    support::validate_openapi(&dir.path().join("out/small.openapi.yaml")).unwrap();
}

#[test]
fn synth_check_with_openapi_passes_after_synth_openapi_and_finds_a_changed_document() {
    let dir = stacks(false);
    let output = synth_with_openapi(dir.path(), &["--openapi"]);
    assert!(output.status.success(), "{}", support::text(&output));
    let check = synth_with_openapi(dir.path(), &["--openapi", "--check"]);
    assert!(check.status.success(), "{}", support::text(&check));

    let document = dir.path().join("out/small.openapi.yaml");
    let edited = std::fs::read_to_string(&document).unwrap() + "# edited\n";
    std::fs::write(&document, edited).unwrap();
    let check = synth_with_openapi(dir.path(), &["--openapi", "--check"]);
    assert_eq!(support::code(&check), 1, "{}", support::text(&check));
    assert!(support::text(&check).contains("small.openapi.yaml"));
}

#[test]
fn synth_without_openapi_removes_the_documents_a_previous_run_wrote() {
    let dir = stacks(false);
    let output = synth_with_openapi(dir.path(), &["--openapi"]);
    assert!(output.status.success(), "{}", support::text(&output));
    let output = synth_with_openapi(dir.path(), &[]);
    assert!(output.status.success(), "{}", support::text(&output));
    assert!(!dir.path().join("out/small.openapi.yaml").exists());
    assert!(
        support::stdout(&output).contains("removed out/small.openapi.yaml (no stack produces it)"),
        "{}",
        support::text(&output)
    );
}
