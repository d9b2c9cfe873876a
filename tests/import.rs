//! `import`: OpenAPI documents and CloudFormation/SAM templates become stack files.
//!
//! Round trips: export → import → synth gives the original template byte for byte, for
//! eshop-fcj (but the one thing an OpenAPI document has no place for, its parameter's
//! description) and for random APIs (what a document carries: routes, methods, Cognito and
//! Lambda authorizers, IAM, public methods and their reasons, scopes, API-wide CORS,
//! gateway responses, models and validation, response models, HTTP and AWS service
//! integrations, the resource policy and a private API's VPC endpoints, the stage's name and
//! description); committed fixtures (tests/fixtures/import/) for every kind of backend and
//! of policy statement, through their export and their template; a
//! template → import → synth gives it back whole. Then the bad-input catalogue of `import`:
//! each case fails with a message naming the file and the JSON pointer, exit 1, and nothing
//! written. Finally what import makes of documents it can only partly carry.

use crate::support;

use std::fs;
use std::path::{Path, PathBuf};

use apigw_synth::import::{ImportOptions, import_file, import_str};
use apigw_synth::openapi::{ExportOptions, export, to_yaml};
use apigw_synth::{Format, Stack, render, synthesize};
use proptest::strategy::{Strategy, ValueTree};
use support::random_api::{AccessLogDraw, ApiSpec, ResourceSpec, api_spec, build_portable, runner};

/// The template of `stack`, as `synth` writes it.
fn template_text(stack: &Stack) -> String {
    render(
        &synthesize(stack).expect("the stack synthesizes"),
        Format::Json,
    )
}

/// `template`'s OpenAPI export, as `openapi` prints it.
fn export_text(template: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(template).unwrap();
    to_yaml(&export(&value, &ExportOptions::default()).expect("the template exports"))
}

/// Imports `text` (named `file`) and synthesizes the stack file it writes: the template.
fn import_then_synth(text: &str, file: &str) -> String {
    let imported = import_str(text, Path::new(file), &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        imported.lossy.is_empty(),
        "lossy: {:#?}\n{}",
        imported.lossy,
        imported.to_yaml()
    );
    let loaded = apigw_synth::stack_file::load_str(Path::new("stacks/x.yaml"), &imported.to_yaml())
        .unwrap_or_else(|e| panic!("{e}\n{}", imported.to_yaml()));
    render(
        &loaded
            .synthesize()
            .unwrap_or_else(|e| panic!("{e}\n{}", imported.to_yaml())),
        Format::Json,
    )
}

#[test]
fn eshop_fcj_round_trips_through_its_export_byte_for_byte() {
    let original = template_text(&support::stacks::eshop_fcj::stack());
    let again = import_then_synth(&export_text(&original), "eshop-fcj.openapi.yaml");
    assert_same(&original, &again, "eshop-fcj through its export");
}

#[test]
fn eshop_fcj_round_trips_through_its_template_byte_for_byte() {
    let committed = support::root().join("out/eshop-fcj.template.json");
    let imported = import_file(&committed, &ImportOptions::default()).unwrap();
    assert!(imported.lossy.is_empty(), "{:#?}", imported.lossy);
    let again = render(
        &imported.check(Path::new("stacks/eshop-fcj.yaml")).unwrap(),
        Format::Json,
    );
    assert_eq!(again, fs::read_to_string(committed).unwrap());
}

/// `spec` without what an OpenAPI document does not carry: stage settings besides the name
/// and description, per-resource CORS (a stack file's is API-wide), method settings, API
/// keys and usage plans, domains and the CloudWatch role.
fn portable(spec: &ApiSpec) -> ApiSpec {
    fn resources(tree: &[ResourceSpec]) -> Vec<ResourceSpec> {
        // A resource without a method at or below it has no route in a stack file.
        tree.iter()
            .filter(|r| support::random_api::has_method(std::slice::from_ref(*r)))
            .map(|r| {
                let mut r = r.clone();
                r.cors = None;
                for m in &mut r.methods {
                    m.throttled = None;
                }
                r.children = resources(&r.children);
                r
            })
            .collect()
    }
    let mut spec = spec.clone();
    spec.keyless = true;
    spec.tree = resources(&spec.tree);
    support::random_api::declare_options_where_valid(&mut spec.tree, spec.cors);
    let stage = &mut spec.stage;
    stage.access_log = AccessLogDraw::Default;
    stage.tracing = true;
    stage.throttling = None;
    stage.metrics = false;
    stage.logging = None;
    stage.cache = false;
    stage.cloudwatch_role = false;
    stage.canary = None;
    stage.extra_stage = false;
    stage.domain = None;
    stage.mutual_tls = false;
    stage.web_acl = false;
    spec
}

#[test]
fn random_apis_round_trip_through_their_export_byte_for_byte() {
    let mut runner = runner(16);
    for _ in 0..16 {
        let spec = portable(&api_spec().new_tree(&mut runner).unwrap().current());
        let stack = build_portable(&spec, "a random stage");
        let original = template_text(&stack);
        let document = export_text(&original);
        let again = import_then_synth(&document, "random.openapi.yaml");
        if again != original {
            let diff = similar::TextDiff::from_lines(&original, &again);
            panic!(
                "{spec:#?}\n{document}\n{}",
                diff.unified_diff().context_radius(3)
            );
        }
    }
}

/// The template of the committed stack file `tests/fixtures/import/NAME.yaml`.
fn fixture_template(name: &str) -> String {
    let path = support::root().join(format!("tests/fixtures/import/{name}.yaml"));
    let loaded = apigw_synth::stack_file::load(&path).unwrap_or_else(|e| panic!("{e}"));
    render(&loaded.synthesize().unwrap(), Format::Json)
}

/// Asserts `again` is `original`, showing the difference when it is not.
fn assert_same(original: &str, again: &str, context: &str) {
    if again != original {
        let diff = similar::TextDiff::from_lines(original, again);
        panic!("{context}\n{}", diff.unified_diff().context_radius(3));
    }
}

#[test]
fn http_aws_and_non_proxy_lambda_integrations_round_trip_through_their_export_byte_for_byte() {
    let original = fixture_template("backends");
    let document = export_text(&original);
    let again = import_then_synth(&document, "backends.openapi.yaml");
    assert_same(&original, &again, &document);
}

#[test]
fn http_aws_and_non_proxy_lambda_integrations_round_trip_through_their_template_byte_for_byte() {
    let original = fixture_template("backends");
    let again = import_then_synth(&original, "backends.template.json");
    assert_same(&original, &again, "");
}

#[test]
fn a_resource_policy_and_vpc_endpoints_round_trip_through_their_export_byte_for_byte() {
    let original = fixture_template("private");
    let document = export_text(&original);
    let again = import_then_synth(&document, "private.openapi.yaml");
    assert_same(&original, &again, &document);
}

#[test]
fn a_resource_policy_and_vpc_endpoints_round_trip_through_their_template_byte_for_byte() {
    let original = fixture_template("private");
    let again = import_then_synth(&original, "private.template.json");
    assert_same(&original, &again, "");
}

#[test]
fn user_pools_and_app_clients_a_template_creates_round_trip_through_it_byte_for_byte() {
    // orders-preview creates its pool with a client, a public and a machine client and a
    // domain; its one output of its own is listed (stack files declare it under `outputs`).
    let committed = support::root().join("out/orders-preview.template.json");
    let original = fs::read_to_string(&committed).unwrap();
    let imported = import_file(&committed, &ImportOptions::default()).unwrap();
    let lossy: Vec<String> = imported.lossy.iter().map(|l| l.pointer.clone()).collect();
    assert_eq!(lossy, ["/Outputs/OrdersFunction"], "{:#?}", imported.lossy);
    let yaml = imported.to_yaml();
    assert!(yaml.contains("createUserPools:"), "{yaml}");
    assert!(!yaml.contains("UserPoolOrdersPreviewCustomers"), "{yaml}");
    let again = render(
        &imported
            .check(Path::new("stacks/orders-preview.yaml"))
            .unwrap(),
        Format::Json,
    );
    let output = "    \"OrdersFunction\": {\n      \"Value\": {\n        \"Ref\": \"OrdersFunctionArn\"\n      }\n    },\n";
    assert!(original.contains(output));
    assert_same(&original.replacen(output, "", 1), &again, &yaml);
}

#[test]
fn a_rest_apis_policy_and_vpc_endpoints_beside_its_body_are_imported_as_the_bodys_own() {
    let original = fixture_template("private");
    let mut document: serde_json::Value = serde_yaml::from_str(&export_text(&original)).unwrap();
    let from_document = import_str(
        &serde_json::to_string(&document).unwrap(),
        Path::new("private.json"),
        &ImportOptions::default(),
    )
    .unwrap();
    let body = document.as_object_mut().unwrap();
    let policy = body.remove("x-amazon-apigateway-policy").unwrap();
    let ids = body
        .remove("x-amazon-apigateway-endpoint-configuration")
        .unwrap()["vpcEndpointIds"]
        .clone();
    let template = serde_json::json!({"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi",
        "Properties": {"Body": document, "Policy": policy,
            "EndpointConfiguration": {"Types": ["PRIVATE"], "VpcEndpointIds": ids}}}}});
    let from_template = import_str(
        &serde_json::to_string(&template).unwrap(),
        Path::new("private.json"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert!(from_template.lossy.is_empty(), "{:#?}", from_template.lossy);
    assert_eq!(from_template.to_yaml(), from_document.to_yaml());
}

#[test]
fn a_sam_definition_body_is_imported_with_its_stage() {
    let original = template_text(&support::stacks::eshop_fcj::stack());
    let document: serde_json::Value = serde_yaml::from_str(&export_text(&original)).unwrap();
    let sam = serde_json::json!({
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {"Api": {"Type": "AWS::Serverless::Api", "Properties": {
            "StageName": "eshop", "DefinitionBody": document}}}});
    let imported = import_str(
        &serde_json::to_string(&sam).unwrap(),
        Path::new("sam.json"),
        &ImportOptions::default(),
    )
    .unwrap();
    let lossy: Vec<String> = imported.lossy.iter().map(ToString::to_string).collect();
    assert_eq!(
        lossy,
        ["sam.json#/Transform: the template's `Transform`: not imported"]
    );
    let yaml = imported.to_yaml();
    assert!(yaml.contains("  stage:\n    name: eshop\n"), "{yaml}");
    assert!(
        yaml.contains("defaultAuthorizer: cognito-authorizer-eshop-fcj"),
        "{yaml}"
    );
    imported.check(Path::new("stacks/eshop-fcj.yaml")).unwrap();
}

#[test]
fn a_template_apis_endpoint_type_is_imported_edge_without_one() {
    let original = template_text(&support::stacks::eshop_fcj::stack());
    let document: serde_json::Value = serde_yaml::from_str(&export_text(&original)).unwrap();
    let endpoint = |configuration: Option<serde_json::Value>| {
        let mut properties = serde_json::json!({"StageName": "eshop", "DefinitionBody": document});
        if let Some(c) = configuration {
            properties["EndpointConfiguration"] = c;
        }
        let sam = serde_json::json!({"Resources": {"Api": {
            "Type": "AWS::Serverless::Api", "Properties": properties}}});
        let text = serde_json::to_string(&sam).unwrap();
        let imported = import_str(&text, Path::new("sam.json"), &ImportOptions::default()).unwrap();
        assert!(imported.lossy.is_empty(), "{:#?}", imported.lossy);
        let yaml = imported.to_yaml();
        yaml.lines()
            .find_map(|l| l.strip_prefix("  endpoint: ").map(str::to_owned))
            .unwrap_or_else(|| "regional".to_owned())
    };
    // SAM and CloudFormation create an edge-optimized API without an endpoint type.
    assert_eq!(endpoint(None), "edge");
    assert_eq!(endpoint(Some(serde_json::json!("REGIONAL"))), "regional");
    assert_eq!(endpoint(Some(serde_json::json!({"Type": "EDGE"}))), "edge");
    // A RestApi's resources, through their export: the RestApi's own `Types`.
    let mut template: serde_json::Value = serde_json::from_str(&original).unwrap();
    let text = template.to_string();
    let imported = import_str(&text, Path::new("eshop.json"), &ImportOptions::default()).unwrap();
    assert!(
        !imported.to_yaml().contains("  endpoint: "),
        "eshop-fcj is regional"
    );
    template["Resources"]["RestApi"]["Properties"]
        .as_object_mut()
        .unwrap()
        .remove("EndpointConfiguration");
    let text = template.to_string();
    let imported = import_str(&text, Path::new("eshop.json"), &ImportOptions::default()).unwrap();
    assert!(
        imported.to_yaml().contains("  endpoint: edge\n"),
        "{}",
        imported.to_yaml()
    );
}

#[test]
fn a_method_without_authorization_is_public_with_a_comment_saying_so() {
    let document = r#"
openapi: 3.0.1
info: { title: pets, version: "1" }
paths:
  /pets:
    get:
      responses: {}
"#;
    let imported = import_str(document, Path::new("pets.yaml"), &ImportOptions::default()).unwrap();
    let yaml = imported.to_yaml();
    assert!(
        yaml.starts_with("# yaml-language-server: $schema=stack.schema.json\n"),
        "{yaml}"
    );
    let public = yaml.find("      GET:\n").unwrap();
    let comments: Vec<&str> = yaml[..public].trim_end().lines().rev().take(2).collect();
    assert!(
        comments[1].starts_with("      # public: the source requires no authorization"),
        "{yaml}"
    );
    assert!(
        comments[0]
            .starts_with("      # mock: the source gives no x-amazon-apigateway-integration"),
        "{yaml}"
    );
    assert!(yaml[public..].contains("public: true"), "{yaml}");
    imported.check(Path::new("stacks/pets.yaml")).unwrap();
}

#[test]
fn a_swagger_2_document_with_aws_extensions_is_imported() {
    let document = r##"{
  "swagger": "2.0",
  "info": {"title": "orders", "version": "1"},
  "securityDefinitions": {
    "users": {"type": "apiKey", "in": "header", "name": "Authorization",
      "x-amazon-apigateway-authtype": "cognito_user_pools",
      "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools",
        "providerARNs": ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"]}}},
  "x-amazon-apigateway-request-validators": {"body": {"validateRequestBody": true, "validateRequestParameters": false}},
  "definitions": {"Order": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}},
  "paths": {"/orders": {"post": {
    "security": [{"users": ["orders/write"]}],
    "parameters": [{"in": "body", "name": "order", "schema": {"$ref": "#/definitions/Order"}}],
    "x-amazon-apigateway-request-validator": "body",
    "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST",
      "uri": "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:orders/invocations"}}}}
}"##;
    let imported = import_str(
        document,
        Path::new("orders.json"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert!(imported.lossy.is_empty(), "{:#?}", imported.lossy);
    let yaml = imported.to_yaml();
    for expected in [
        "lambdaArn: arn:aws:lambda:eu-west-1:123456789012:function:orders",
        "scopes:\n        - orders/write",
        "requestModels:\n          application/json: Order",
    ] {
        assert!(yaml.contains(expected), "{expected}\n{yaml}");
    }
    imported.check(Path::new("stacks/orders.yaml")).unwrap();
}

// The catalogue: through the binary, a temporary directory, `--out` a file that must not
// appear.

/// Runs `import` on `name` holding `bytes`; asserts exit 1, nothing on stdout, no file
/// written; returns stderr.
fn refused(name: &str, bytes: &[u8], extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(name), bytes).unwrap();
    refused_file(dir.path(), Path::new(name), extra)
}

/// [`refused`] on `file` (relative to `dir`), already there.
fn refused_file(dir: &Path, file: &Path, extra: &[&str]) -> String {
    let out: PathBuf = dir.join("stacks/imported.yaml");
    let output = support::tool()
        .current_dir(dir)
        .arg("import")
        .arg(file)
        .arg("--out")
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    let stderr = support::stderr(&output);
    assert_eq!(support::code(&output), 1, "{stderr}");
    assert!(output.stdout.is_empty());
    assert!(!out.exists(), "{stderr}");
    assert!(!dir.join("stacks").exists(), "{stderr}");
    stderr
}

/// A minimal OpenAPI document around one path item.
fn document(paths: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.1\ninfo: {{title: shop, version: '1'}}\npaths:\n{paths}\ncomponents:\n{components}\n"
    )
}

const MOCK: &str = "x-amazon-apigateway-integration: {type: mock, requestTemplates: {application/json: '{\"statusCode\": 200}'}, responses: {default: {statusCode: '200'}}}";

#[test]
fn catalogue_not_openapi_at_all() {
    let stderr = refused("notes.yaml", b"title: my notes\nitems: [a, b]\n", &[]);
    assert!(
        stderr.contains("notes.yaml#: not an OpenAPI document: it has no `openapi: 3.x`"),
        "{stderr}"
    );
}

#[test]
fn catalogue_a_ref_cycle() {
    let paths = format!(
        "  /a:\n    post:\n      requestBody: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/A'}}}}}}}}\n      {MOCK}\n"
    );
    let components = "  schemas:\n    A: {properties: {b: {$ref: '#/components/schemas/B'}}}\n    B: {items: {$ref: '#/components/schemas/A'}}";
    let stderr = refused("shop.yaml", document(&paths, components).as_bytes(), &[]);
    assert!(stderr.contains("shop.yaml#/components/schemas/A: `$ref`s loop: #/components/schemas/A → #/components/schemas/B → #/components/schemas/A"), "{stderr}");
}

#[test]
fn catalogue_a_ref_to_a_remote_url_is_never_fetched() {
    let paths = format!(
        "  /a:\n    get:\n      parameters: [{{$ref: 'https://example.com/params.yaml#/Q'}}]\n      {MOCK}\n"
    );
    let stderr = refused("shop.yaml", document(&paths, "  {}").as_bytes(), &[]);
    assert!(stderr.contains("shop.yaml#/paths/~1a/get/parameters/0/$ref: `$ref: https://example.com/params.yaml#/Q` points outside the document"), "{stderr}");
}

#[test]
fn catalogue_a_path_api_gateway_rejects() {
    let paths = format!("  /files/{{path+}}/meta:\n    get:\n      {MOCK}\n");
    let stderr = refused("shop.yaml", document(&paths, "  {}").as_bytes(), &[]);
    assert!(stderr.contains("shop.yaml#/paths/~1files~1{path+}~1meta: path `/files/{path+}/meta`: `{path+}` takes the rest of the path, so it comes last"), "{stderr}");
}

#[test]
fn catalogue_an_unknown_security_scheme() {
    let paths = format!("  /a:\n    get:\n      security: [{{users: []}}]\n      {MOCK}\n");
    let stderr = refused(
        "shop.yaml",
        document(
            &paths,
            "  securitySchemes: {admins: {type: apiKey, in: header, name: X-Admin}}",
        )
        .as_bytes(),
        &[],
    );
    assert!(stderr.contains("shop.yaml#/paths/~1a/get/security/0/users: security scheme `users` is not declared (declared: admins)"), "{stderr}");
}

#[test]
fn catalogue_an_integration_uri_that_cannot_be_read() {
    let paths = "  /a:\n    get:\n      x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, uri: 'lambda:get-a'}\n";
    let stderr = refused(
        "shop.yaml",
        document(paths, "  {}").as_bytes(),
        &["--allow-lossy"],
    );
    assert!(stderr.contains("shop.yaml#/paths/~1a/get/x-amazon-apigateway-integration: integration URI `lambda:get-a` can't be read"), "{stderr}");
}

#[test]
fn catalogue_an_aws_integration_uri_naming_no_service_action() {
    let paths = "  /a:\n    post:\n      x-amazon-apigateway-integration: {type: aws, httpMethod: POST, uri: 'arn:aws:apigateway:us-east-1:sqs'}\n";
    let stderr = refused(
        "shop.yaml",
        document(paths, "  {}").as_bytes(),
        &["--allow-lossy"],
    );
    assert!(stderr.contains("shop.yaml#/paths/~1a/post/x-amazon-apigateway-integration: integration URI `arn:aws:apigateway:us-east-1:sqs` can't be read"), "{stderr}");
}

#[test]
fn catalogue_an_http_integration_uri_that_is_no_url() {
    let paths = "  /a:\n    get:\n      x-amazon-apigateway-integration: {type: http, httpMethod: GET, uri: 'backend.example.com/a'}\n";
    let stderr = refused(
        "shop.yaml",
        document(paths, "  {}").as_bytes(),
        &["--allow-lossy"],
    );
    assert!(stderr.contains("shop.yaml#/paths/~1a/get/x-amazon-apigateway-integration: integration URI `backend.example.com/a` can't be read"), "{stderr}");
}

#[test]
fn catalogue_a_response_naming_an_undeclared_model() {
    let paths = format!(
        "  /a:\n    get:\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Missing'}}}}}}}}}}\n      {MOCK}\n"
    );
    let stderr = refused(
        "shop.yaml",
        document(&paths, "  schemas: {}").as_bytes(),
        &["--allow-lossy"],
    );
    assert!(
        stderr.contains("shop.yaml#/paths/~1a/get/responses/200/content/application~1json/schema"),
        "{stderr}"
    );
    assert!(stderr.contains("#/components/schemas/Missing"), "{stderr}");
}

#[test]
fn catalogue_a_50_mb_document_is_refused_by_its_size_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.yaml");
    fs::File::create(&file)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    let stderr = refused_file(dir.path(), Path::new("huge.yaml"), &[]);
    assert!(
        stderr.contains("huge.yaml: has more than 16777216 bytes"),
        "{stderr}"
    );
}

#[test]
fn catalogue_a_yaml_alias_bomb() {
    let mut text =
        String::from("openapi: 3.0.1\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (previous, name) in ('a'..='h').zip('b'..='i') {
        let aliases = vec![format!("*{previous}"); 9].join(", ");
        text.push_str(&format!("{name}: &{name} [{aliases}]\n"));
    }
    text.push_str("paths: *i\n");
    let stderr = refused("bomb.yaml", text.as_bytes(), &[]);
    assert!(stderr.contains("bomb.yaml:"), "{stderr}");
    assert!(
        stderr.contains("aliases (`*name`) expand to too many values"),
        "{stderr}"
    );
}

#[test]
fn lossy_parts_are_listed_with_file_and_pointer_and_nothing_is_written_without_allow_lossy() {
    let paths = "  /a:\n    get:\n      security: [{oauth: [read]}]\n      x-amazon-apigateway-integration: {type: aws, httpMethod: POST, uri: 'arn:aws:apigateway:us-east-1:glue:action/StartJobRun'}\n";
    let text = document(
        paths,
        "  securitySchemes: {oauth: {type: oauth2, flows: {}}}",
    );
    let stderr = refused("shop.yaml", text.as_bytes(), &[]);
    assert!(stderr.contains("lossy: shop.yaml#/paths/~1a/get/security/0/oauth: scheme `oauth` is none API Gateway checks itself: the method requires IAM"), "{stderr}");
    assert!(stderr.contains("lossy: shop.yaml#/paths/~1a/get/x-amazon-apigateway-integration: an AWS service integration (glue action/StartJobRun) that the stack file's `aws` would not write as it is"), "{stderr}");
    assert!(
        stderr.contains("error: 2 parts of shop.yaml can't be carried by a stack file"),
        "{stderr}"
    );

    // With --allow-lossy: written, listed still, and closed (IAM), never public.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("shop.yaml"), text).unwrap();
    let output = support::tool()
        .current_dir(dir.path())
        .args(["import", "shop.yaml", "--allow-lossy"])
        .output()
        .unwrap();
    assert_eq!(support::code(&output), 0, "{}", support::stderr(&output));
    let written = fs::read_to_string(dir.path().join("stacks/shop.yaml")).unwrap();
    assert!(written.contains("iam: true"), "{written}");
    assert!(!written.contains("public: true"), "{written}");
    assert!(support::stderr(&output).contains("lossy: shop.yaml#/paths/~1a/get/security/0/oauth"));
}

#[test]
fn an_existing_stack_file_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("stacks")).unwrap();
    fs::write(dir.path().join("stacks/shop.yaml"), "mine").unwrap();
    let paths = format!("  /a:\n    get:\n      {MOCK}\n");
    fs::write(
        dir.path().join("shop.openapi.yaml"),
        document(&paths, "  {}"),
    )
    .unwrap();
    let output = support::tool()
        .current_dir(dir.path())
        .args(["import", "shop.openapi.yaml"])
        .output()
        .unwrap();
    assert_eq!(support::code(&output), 1);
    assert!(support::stderr(&output).contains("stacks/shop.yaml exists already"));
    assert_eq!(
        fs::read_to_string(dir.path().join("stacks/shop.yaml")).unwrap(),
        "mine"
    );
}

#[test]
fn a_sam_body_and_its_imported_stack_synthesized_differ_in_no_access_control() {
    use apigw_synth::review::{diff, model, model_of};
    let original = template_text(&support::stacks::eshop_fcj::stack());
    let document: serde_json::Value = serde_yaml::from_str(&export_text(&original)).unwrap();
    // eshop-fcj as a SAM template: its API defined by the body (no endpoint type: edge),
    // beside the parameter and the Lambda permissions eshop-fcj's template declares (a SAM
    // API whose body calls functions outside the template needs them to invoke those).
    let template: serde_json::Value = serde_json::from_str(&original).unwrap();
    let mut resources = serde_json::json!({"Api": {"Type": "AWS::Serverless::Api", "Properties": {
        "StageName": "eshop", "DefinitionBody": document}}});
    for (id, resource) in template["Resources"].as_object().unwrap() {
        if resource["Type"] == "AWS::Lambda::Permission" {
            let text = resource.to_string().replace("${RestApi}", "${Api}");
            resources[id] = serde_json::from_str(&text).unwrap();
        }
    }
    let sam = serde_json::json!({
        "Transform": "AWS::Serverless-2016-10-31",
        "Parameters": template["Parameters"],
        "Resources": resources});
    let imported = import_str(
        &serde_json::to_string(&sam).unwrap(),
        Path::new("sam.json"),
        &ImportOptions::default(),
    )
    .unwrap();
    let synthesized = imported.check(Path::new("stacks/eshop-fcj.yaml")).unwrap();
    let changes = diff(&model(&sam), &model_of(&synthesized));
    assert!(
        changes.access_control.is_empty(),
        "{:#?}",
        changes.access_control
    );

    // The SAM body with one operation's authorizer removed: that is access control.
    let mut open = sam.clone();
    open["Resources"]["Api"]["Properties"]["DefinitionBody"]["paths"]["/products"]["get"]["security"] =
        serde_json::json!([]);
    let changes = diff(&model(&open), &model_of(&synthesized));
    assert!(!changes.access_control.is_empty());
}

#[test]
fn api_gateways_own_empty_model_is_not_declared_again() {
    let paths = format!(
        "  /a:\n    post:\n      requestBody: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/Empty'}}}}}}}}\n      {MOCK}\n"
    );
    let text = document(
        &paths,
        "  schemas:\n    Empty: {title: Empty Schema, type: object}",
    );
    let imported = import_str(&text, Path::new("shop.yaml"), &ImportOptions::default()).unwrap();
    assert!(imported.lossy.is_empty(), "{:#?}", imported.lossy);
    assert!(imported.spec.api.models.is_empty());
    imported.check(Path::new("stacks/shop.yaml")).unwrap();
}

#[test]
fn parameters_an_export_declares_are_imported_as_declared_and_a_malformed_one_is_lossy() {
    let paths = format!("  /a:\n    get:\n      {MOCK}\n");
    let text = format!(
        "{}x-apigw-synth-parameters:\n  Tier: {{Type: String, Description: the plan, AllowedPattern: '[a-z]+', Default: gold}}\n  Broken: 3\n",
        document(&paths, "  {}")
    );
    let imported = import_str(&text, Path::new("shop.yaml"), &ImportOptions::default()).unwrap();
    let yaml = imported.to_yaml();
    assert!(yaml.contains("description: the plan"), "{yaml}");
    assert!(yaml.contains("allowedPattern: '[a-z]+'"), "{yaml}");
    let lossy: Vec<String> = imported.lossy.iter().map(ToString::to_string).collect();
    assert_eq!(
        lossy,
        [
            "shop.yaml#/x-apigw-synth-parameters/Broken: parameter `Broken` not declared as an object: not imported"
        ]
    );
}
