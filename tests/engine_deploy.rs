//! A real CloudFormation engine accepts what we emit: LocalStack's community runtime, on
//! loopback, driven by the real `aws` CLI (see tests/engine/README.md). The eshop-fcj
//! template reaches CREATE_COMPLETE and reads back as specified, an update that changes one
//! method moves the stage to a new deployment, an unchanged update is a no-op, a random API
//! deploys too, and `aws cloudformation deploy` itself applies the committed template.
//! What the engine cannot check (authorizer enforcement, Lambda execution) is printed as
//! NOT CHECKED by deploy_check.py. The same run deploys stacks/tasks.yaml, the escape hatch
//! and intrinsics a ported API needs (a function in the same stack, an SSM-typed parameter,
//! the CORS origin and the stage name from parameters, exported pool and client outputs, a
//! method override), reads it back with the `aws` CLI and calls it over HTTP, and
//! stacks/partners.yaml, whose Lambda authorizers read back with their URI and permissions,
//! stacks/orders-preview.yaml, whose created pool, resource server, domain and app clients
//! the engine accepts without Cognito (each printed NOT CHECKED with what it says), a private
//! API whose endpoint configuration and policy read back, and the integrations of
//! tests/engine/integrations.rs, called over HTTP.

mod support;

#[path = "engine/integrations.rs"]
mod integrations;

use support::engine::{Engine, POOL, text};

use std::path::{Path, PathBuf};
use std::process::Output;

use apigw_synth::{
    Cors, Format, GatewayResponse, GatewayResponseType, Integration, LambdaAuthorizer, Method,
    Model, Parameter, Resource, Stack, USER_POOL_ARN_PATTERN, Value, render, synthesize,
};

/// The updates here are chosen to avoid the engine's known update limits, so that nothing in
/// them is skipped: deploy_check.py marks checks it skips for those as `engine limit`.
fn assert_fully_checked(o: &Output) {
    let out = String::from_utf8_lossy(&o.stdout);
    let skipped: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with("NOT CHECKED  engine limit:"))
        .collect();
    assert!(
        skipped.is_empty(),
        "skipped checks:\n{}",
        skipped.join("\n")
    );
}

fn write(dir: &Path, name: &str, stack: &Stack) -> PathBuf {
    let path = dir.join(name);
    let t = synthesize(stack).expect("synthesizes");
    std::fs::write(&path, render(&t, Format::Json)).unwrap();
    path
}

/// eshop-fcj with one method added: `GET /products/{id}/reviews` → `get-product`.
///
/// Chosen so that no existing preflight or permission changes: LocalStack's community
/// engine drops a MOCK method's integration responses when it updates a Method in place,
/// and loses an `AWS::Lambda::Permission` it replaces (both work on AWS). Those two update
/// paths are therefore not checked here.
fn eshop_changed() -> Stack {
    let eshop = support::stacks::eshop_fcj::stack();
    let api = eshop.api().clone().route(
        "/products/{id}/reviews",
        Method::get(Integration::lambda("get-product")),
    );
    Stack::new("eshop-fcj", api).parameter(
        Parameter::string("UserPoolArn")
            .description("ARN of the existing Cognito user pool")
            .allowed_pattern(USER_POOL_ARN_PATTERN),
    )
}

/// How many seeded random APIs to deploy (the first ones of `random_api::sample`).
const RANDOM_APIS: usize = 3;

/// A seeded random API plus what the generator never produces: a Lambda function by literal
/// (qualified) ARN behind IAM, one by an ARN parameter behind a named authorizer, one behind a
/// Lambda TOKEN authorizer invoked with a role (credentials, so no permission), an
/// `OPTIONS` method the stack declares public with a Lambda behind it (CORS off there), and
/// CORS for three origins, one from a parameter (deploy_check.py sends a preflight from each,
/// which must get its origin back, and one from another origin, which must get none), and a
/// declared `BAD_REQUEST_BODY` gateway response answering 422 (read back by
/// deploy_check.py), and a method with a model, a required query string parameter and a
/// response model (read back), which deploy_check.py calls without the parameter (400), with
/// a body the model refuses (422, the custom response's status) and with both right.
fn random(spec: &support::random_api::ApiSpec) -> Stack {
    let api = support::random_api::build(spec, false, "d")
        .api()
        .clone()
        .route(
            "/engine/by-arn",
            Method::get(Integration::lambda_arn(
                "arn:aws:lambda:us-east-1:000000000000:function:engine-by-arn:live",
            ))
            .iam(),
        )
        .route(
            "/engine/by-parameter/{id}",
            Method::post(Integration::lambda_arn(Value::parameter(
                "EngineFunctionArn",
            )))
            .authorizer("auth-0")
            .scopes(["api/write"]),
        )
        .authorizer(
            LambdaAuthorizer::token("engine-role")
                .function("engine-token-check")
                .credentials("arn:aws:iam::000000000000:role/engine-authorizer-invoker")
                .result_ttl_seconds(0),
        )
        .route(
            "/engine/by-role",
            Method::get(Integration::lambda("engine-by-role")).authorizer("engine-role"),
        )
        .resource(
            Resource::new("declared-options")
                .no_cors()
                .method(Method::parse("OPTIONS", Integration::lambda("engine-options")).public()),
        )
        .resource(
            Resource::new("origins")
                .cors(Cors::new().allow_origins([
                    Value::literal("https://shop.example.com"),
                    Value::parameter("EngineOrigin"),
                    Value::literal("http://localhost:3000"),
                ]))
                .method(Method::get(Integration::mock()).public()),
        )
        .model(Model::new(
            "EngineProduct",
            serde_json::json!({
                "type": "object",
                "required": ["name"],
                "properties": { "name": { "type": "string" } }
            }),
        ))
        .route(
            "/engine/validated",
            Method::post(Integration::mock())
                .public()
                .request_model("application/json", "EngineProduct")
                .required_query("dryRun")
                .response_model(200, "application/json", "EngineProduct"),
        )
        .gateway_response(
            // Not API Gateway's 400, so that the answer shows whose response it is.
            GatewayResponse::new(GatewayResponseType::BadRequestBody)
                .status_code(422)
                .header("X-Error", "validation")
                .template(
                    "application/json",
                    r#"{"message": "$context.error.validationErrorString"}"#,
                ),
        );
    random_stack(spec, api)
}

/// The random stack of `spec` with `api`: its parameters, the stage's name among them when
/// a parameter gives it.
fn random_stack(spec: &support::random_api::ApiSpec, api: apigw_synth::RestApi) -> Stack {
    let stack = Stack::new("random", api)
        .parameter(Parameter::string("PoolArn"))
        .parameter(Parameter::string("EngineFunctionArn"))
        .parameter(Parameter::string("EngineOrigin").default_value("https://preview.example.com"));
    if support::random_api::stage_named_by_parameter(&spec.stage) {
        return stack.parameter(Parameter::string("TestStageName").default_value("test"));
    }
    stack
}

/// [`random`] with one public route added, backed by a function no other method uses, so the
/// update adds a resource, a method, a permission and a deployment, and changes nothing in place
/// that the engine cannot update (see [`eshop_changed`]).
fn random_changed(spec: &support::random_api::ApiSpec) -> Stack {
    let stack = random(spec);
    let api = stack.api().clone().route(
        "/engine/added",
        Method::delete(Integration::lambda("engine-added")).public(),
    );
    random_stack(spec, api)
}

#[test]
fn templates_deploy_to_a_local_cloudformation_engine() {
    let engine = Engine::start();
    let dir = tempfile::tempdir().unwrap();
    let committed = support::root().join("out/eshop-fcj.template.json");
    let changed = write(dir.path(), "eshop-changed.template.json", &eshop_changed());
    let pool = format!("UserPoolArn={POOL}");

    // Create, read back, update with one method changed, update unchanged, delete.
    let o = engine.deploy_check(
        &committed,
        "eshop-fcj",
        &[
            "--param",
            &pool,
            "--update-template",
            changed.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "eshop-fcj failed on the engine");
    assert_fully_checked(&o);

    // Seeded random APIs deploy and read back too, each with one route added by the update.
    // Their SQS methods send to `random-queue` (tests/support/random_api.rs), made here so
    // that a valid request gets the queue's answer, not its absence.
    let queue = engine.aws(&["sqs", "create-queue", "--queue-name", "random-queue"]);
    assert!(queue.status.success(), "create-queue: {}", text(&queue));
    for (i, spec) in support::random_api::sample(RANDOM_APIS).iter().enumerate() {
        let name = format!("random-{i}");
        let random = write(dir.path(), &format!("{name}.template.json"), &random(spec));
        let changed = write(
            dir.path(),
            &format!("{name}-changed.template.json"),
            &random_changed(spec),
        );
        let o = engine.deploy_check(
            &random,
            &name,
            &[
                "--param",
                &format!("PoolArn={POOL}"),
                "--update-template",
                changed.to_str().unwrap(),
            ],
        );
        assert!(
            o.status.success(),
            "random API {i} failed on the engine: {spec:#?}"
        );
        assert_fully_checked(&o);
    }

    // A production stage (tests/fixtures/production-stage.yaml): the account's CloudWatch
    // role, a log group with a KMS key, a cache cluster, method settings, two stages, custom
    // domains with base path mappings and a Route 53 alias record (in a hosted zone made
    // here), a web ACL. Created, read back, deleted; its update paths are the eshop ones.
    let production = support::root().join("tests/fixtures/production-stage.yaml");
    let loaded = apigw_synth::stack_file::load(&production).expect("the fixture loads");
    let path = write(dir.path(), "production.template.json", loaded.stack());
    let zone = engine.aws(&[
        "route53",
        "create-hosted-zone",
        "--name",
        "production.example.com",
        "--caller-reference",
        "apigw-synth-production",
        "--query",
        "HostedZone.Id",
        "--output",
        "text",
    ]);
    assert!(zone.status.success(), "create-hosted-zone: {}", text(&zone));
    let zone = String::from_utf8_lossy(&zone.stdout).trim().to_owned();
    let zone = zone.trim_start_matches("/hostedzone/");
    let o = engine.deploy_check(
        &path,
        "production",
        &[
            "--param",
            &pool,
            "--param",
            "LogKeyArn=arn:aws:kms:us-east-1:000000000000:key/0b7e0b8d-6f0e-4f6e-9a55-3a1c7c0d9e11",
            "--param",
            "CertificateArn=arn:aws:acm:us-east-1:000000000000:certificate/0b7e0b8d-6f0e-4f6e-9a55-3a1c7c0d9e11",
            "--param",
            &format!("HostedZoneId={zone}"),
            "--param",
            "WebAclArn=arn:aws:wafv2:us-east-1:000000000000:regional/webacl/production/0b7e0b8d-6f0e-4f6e-9a55-3a1c7c0d9e11",
            "--no-update",
        ],
    );
    assert!(
        o.status.success(),
        "the production stage failed on the engine"
    );
    assert_fully_checked(&o);
    tasks_deploys_with_its_parameters(&engine, dir.path());
    created_pool_and_private_api(&engine, dir.path());

    // Lambda authorizers and API keys (stacks/partners.yaml): a TOKEN authorizer by function
    // name and a REQUEST one by an ARN parameter, each read back (type, URI, identity
    // sources, TTL, validation expression) with its invoke permission scoped to the
    // authorizer's ARN; two keys (one generated, one from a NoEcho parameter), a usage plan
    // with its stage, throttle, quota and per-method throttle, and over HTTP each
    // key-required method refused (403) without a key and let through with a created one.
    let partners = support::root().join("out/partners.template.json");
    let o = engine.deploy_check(
        &partners,
        "partners",
        &[
            "--param",
            "PartnerBKey=partner-b-0123456789abcdef",
            "--no-update",
        ],
    );
    assert!(o.status.success(), "partners failed on the engine");
    assert_fully_checked(&o);

    // Integrations (tests/engine/integrations.rs): an HTTP_PROXY method reaches a server on
    // 127.0.0.1 with the mapped path, query string and headers.
    integrations::integrations_reach_their_backends(&engine, dir.path());

    // The real deploy command, once (it polls every 30 s).
    let o = engine.aws(&[
        "cloudformation",
        "deploy",
        "--template-file",
        committed.to_str().unwrap(),
        "--stack-name",
        "eshop-fcj-cli",
        "--parameter-overrides",
        &pool,
    ]);
    assert!(
        o.status.success(),
        "aws cloudformation deploy failed:\n{}",
        text(&o)
    );
    let o = engine.aws(&[
        "cloudformation",
        "describe-stacks",
        "--stack-name",
        "eshop-fcj-cli",
        "--query",
        "Stacks[0].StackStatus",
        "--output",
        "text",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "CREATE_COMPLETE",
        "{}",
        text(&o)
    );
    eshop_export_imports(&engine, &committed, dir.path());
    engine.stop();
}

/// API Gateway's own export of the deployed eshop-fcj (`get-export --export-type oas30
/// --parameters extensions=apigateway`, as for an API built in the console), imported with
/// `--allow-lossy` and synthesized: the same routes and methods, each calling the same
/// function.
fn eshop_export_imports(engine: &Engine, committed: &Path, dir: &Path) {
    use apigw_synth::import::{ImportOptions, import_file};
    use apigw_synth::review::{model, model_of, read_template};
    let o = engine.aws(&[
        "cloudformation",
        "describe-stacks",
        "--stack-name",
        "eshop-fcj-cli",
        "--query",
        "Stacks[0].Outputs[?OutputKey=='RestApiId'].OutputValue",
        "--output",
        "text",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let id = String::from_utf8_lossy(&o.stdout).trim().to_owned();
    let export = dir.join("eshop-fcj.export.json");
    let o = engine.aws(&[
        "apigateway",
        "get-export",
        "--rest-api-id",
        &id,
        "--stage-name",
        "eshop",
        "--export-type",
        "oas30",
        "--parameters",
        "extensions=apigateway",
        "--accepts",
        "application/json",
        export.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "get-export: {}", text(&o));
    let options = ImportOptions {
        stack: Some("eshop-fcj".to_owned()),
    };
    let imported = import_file(&export, &options).expect("the engine's export imports");
    for lossy in &imported.lossy {
        println!("import of the engine's export, lossy: {lossy}");
    }
    let template = imported
        .check(Path::new("stacks/eshop-fcj.yaml"))
        .expect("the imported engine export synthesizes");
    let ours = model(&read_template(committed).unwrap());
    let theirs = model_of(&template);
    let methods = |m: &apigw_synth::review::TemplateModel| -> Vec<(String, String, String)> {
        let api = m.apis.values().next().expect("one API");
        api.routes
            .iter()
            .flat_map(|(path, route)| {
                // CORS preflights apart: LocalStack's export drops their 204 answers.
                route
                    .methods
                    .iter()
                    .filter(|(verb, _)| verb.as_str() != "OPTIONS")
                    .map(move |(verb, method)| {
                        let target = method.integration.describe();
                        // A function by name, or the ARN API Gateway gives it: its name.
                        let function = target.rsplit(':').next().unwrap_or_default().to_owned();
                        (path.clone(), verb.clone(), function)
                    })
            })
            .collect()
    };
    assert_eq!(methods(&theirs), methods(&ours));
    println!(
        "NOT CHECKED  the authorization of the imported export: LocalStack's exporter writes no \
         security schemes, security requirements or gateway responses (API Gateway's own export \
         does), so every method imports as public"
    );
    println!(
        "NOT CHECKED  the CORS preflights of the imported export: LocalStack's exporter keeps an \
         integration's 200 answer only, and synth's preflights answer 204"
    );
}

/// The placeholder function the engine creates in place of the stack's own (see
/// [`tasks_deploys_with_its_parameters`]).
const TASKS_PLACEHOLDER: &str = "arn:aws:lambda:us-east-1:000000000000:function:tasks-placeholder";

/// stacks/tasks.yaml on the engine, with deploy-time values for its parameters (the stage
/// name `uat` where the template's default is `qa`, the CORS origin, and the SSM parameter naming the staff pool's ARN), read back with
/// the `aws` CLI and called over HTTP.
fn tasks_deploys_with_its_parameters(engine: &Engine, dir: &Path) {
    let committed = std::fs::read_to_string(support::root().join("out/tasks.template.json"))
        .expect("out/tasks.template.json");
    // The engine's CloudFormation can't create an `AWS::Lambda::Function` offline (its
    // lambda-runtime download fails): the function is created with the CLI instead, and the
    // template points at it where it read the stack's own.
    println!(
        "  NOT CHECKED  AWS::Lambda::Function TasksFunction: the engine's CloudFormation can't \
         create a Lambda function offline (lambda-runtime install fails); the template is \
         deployed with {TASKS_PLACEHOLDER} in its place (the URI and permission that read it \
         are checked by cfn-lint and tests/escape_hatch.rs)"
    );
    let mut template: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let removed = template["Resources"]
        .as_object_mut()
        .unwrap()
        .remove("TasksFunction");
    assert!(
        removed.is_some(),
        "stacks/tasks.yaml declares TasksFunction"
    );
    let text = serde_json::to_string(&template)
        .unwrap()
        .replace(
            r#"{"Fn::GetAtt":["TasksFunction","Arn"]}"#,
            &format!("\"{TASKS_PLACEHOLDER}\""),
        )
        .replace(
            r#"{"Ref":"TasksFunction"}"#,
            &format!("\"{TASKS_PLACEHOLDER}\""),
        )
        .replace("${TasksFunction.Arn}", TASKS_PLACEHOLDER);
    assert!(
        !text.contains("\"TasksFunction\""),
        "every reference replaced"
    );
    let path = dir.join("tasks-engine.template.json");
    std::fs::write(&path, text).unwrap();

    let zip = dir.join("placeholder.zip");
    let py = "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n    z.writestr('index.py', 'def handler(e, c):\\n    return {\"statusCode\": 200}\\n')\n";
    let o = std::process::Command::new(support::engine::venv_python())
        .args(["-c", py])
        .arg(&zip)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text_of(&o));
    let ok = |o: Output, what: &str| {
        assert!(o.status.success(), "{what}:\n{}", text_of(&o));
        String::from_utf8_lossy(&o.stdout).trim().to_owned()
    };
    ok(
        engine.aws(&[
            "lambda",
            "create-function",
            "--function-name",
            "tasks-placeholder",
            "--runtime",
            "python3.12",
            "--role",
            "arn:aws:iam::000000000000:role/lambda-role",
            "--handler",
            "index.handler",
            "--zip-file",
            &format!("fileb://{}", zip.display()),
        ]),
        "placeholder function",
    );
    ok(
        engine.aws(&[
            "ssm",
            "put-parameter",
            "--name",
            "/tasks/staff-user-pool-arn",
            "--type",
            "String",
            "--value",
            POOL,
        ]),
        "SSM parameter",
    );
    ok(
        engine.aws(&[
            "cloudformation",
            "create-stack",
            "--stack-name",
            "tasks",
            "--capabilities",
            "CAPABILITY_IAM",
            "--template-body",
            &format!("file://{}", path.display()),
            "--parameters",
            "ParameterKey=FrontendOrigin,ParameterValue=https://app.example.com",
            "ParameterKey=Environment,ParameterValue=uat",
        ]),
        "create-stack tasks",
    );
    let describe = |query: &str| {
        ok(
            engine.aws(&[
                "cloudformation",
                "describe-stacks",
                "--stack-name",
                "tasks",
                "--query",
                query,
                "--output",
                "text",
            ]),
            query,
        )
    };
    let mut status = String::new();
    for _ in 0..180 {
        status = describe("Stacks[0].StackStatus");
        if !status.ends_with("IN_PROGRESS") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
    assert_eq!(status, "CREATE_COMPLETE", "tasks on the engine");
    println!(
        "  ok  tasks: CREATE_COMPLETE with FrontendOrigin, Environment, the staff pool ARN from SSM"
    );

    let api = describe("Stacks[0].Outputs[?OutputKey=='RestApiId'].OutputValue");
    let exports = describe("Stacks[0].Outputs[?ExportName].[OutputKey,ExportName]");
    let mut exports: Vec<&str> = exports.split_whitespace().collect();
    exports.sort_unstable();
    assert_eq!(
        exports,
        [
            "UserPoolClientTasksWebId",
            "UserPoolTasksCustomersId",
            "tasks-UserPoolClientId",
            "tasks-UserPoolId"
        ],
    );
    println!(
        "  ok  outputs UserPoolTasksCustomersId and UserPoolClientTasksWebId exported by name"
    );
    println!(
        "  NOT CHECKED  the values of the pool and client outputs: the engine has no Cognito (they read `unknown`)"
    );
    let apigateway = |args: &[&str], what: &str| {
        let mut all = vec!["apigateway"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--rest-api-id", &api, "--output", "text"]);
        ok(engine.aws(&all), what)
    };
    // The stage takes the Environment parameter's value (the template's default is `qa`).
    assert_eq!(
        apigateway(&["get-stages", "--query", "item[].stageName"], "stages"),
        "uat"
    );
    let url = describe("Stacks[0].Outputs[?OutputKey=='InvokeUrl'].OutputValue");
    assert!(url.ends_with("/uat/"), "InvokeUrl {url}");
    println!("  ok  stage uat, named by the Environment parameter; InvokeUrl ends in /uat/");
    let staff = apigateway(
        &[
            "get-authorizers",
            "--query",
            "items[?name=='staff'].providerARNs[]",
        ],
        "authorizers",
    );
    assert_eq!(staff, POOL);
    println!("  ok  authorizer staff trusts the pool whose ARN the SSM parameter holds");
    let origin = apigateway(
        &[
            "get-gateway-response",
            "--response-type",
            "DEFAULT_4XX",
            "--query",
            "responseParameters.\"gatewayresponse.header.Access-Control-Allow-Origin\"",
        ],
        "gateway response",
    );
    assert_eq!(origin, "'https://app.example.com'");
    println!("  ok  DEFAULT_4XX carries the FrontendOrigin parameter's value");
    let resources = apigateway(
        &["get-resources", "--query", "items[?path=='/tasks'].id"],
        "resources",
    );
    let timeout = apigateway(
        &[
            "get-integration",
            "--resource-id",
            &resources,
            "--http-method",
            "POST",
            "--query",
            "timeoutInMillis",
        ],
        "POST /tasks integration",
    );
    assert_eq!(timeout, "10000");
    println!("  ok  POST /tasks: the override's TimeoutInMillis 10000");

    // Over HTTP: the preflight answers with the parameter's origin; the public route answers.
    let base = format!("{}/_aws/execute-api/{api}/uat", engine.endpoint());
    let py = "import sys, urllib.request\nreq = urllib.request.Request(sys.argv[2], method=sys.argv[1], headers={'Origin': 'https://app.example.com', 'Access-Control-Request-Method': 'GET'})\ntry:\n    r = urllib.request.urlopen(req, timeout=30)\nexcept urllib.error.HTTPError as e:\n    r = e\nprint(r.status, r.headers.get('Access-Control-Allow-Origin'))\n";
    let call = |verb: &str, path: &str| {
        let o = std::process::Command::new(support::engine::venv_python())
            .args(["-c", py, verb, &format!("{base}{path}")])
            .output()
            .unwrap();
        ok(o, path)
    };
    assert_eq!(call("OPTIONS", "/tasks"), "204 https://app.example.com");
    println!(
        "  ok  OPTIONS /tasks over HTTP: 204, Access-Control-Allow-Origin https://app.example.com"
    );
    assert!(call("GET", "/health").starts_with("200 "));
    println!("  ok  GET /health over HTTP at stage uat: 200 (public)");
    println!("  NOT CHECKED  the Cognito authorizers on /tasks: the engine runs no authorizers");
}

/// stacks/orders-preview.yaml, whose user pool the stack creates with a resource server, a
/// hosted-UI domain and three app clients (SDK sign-in, a public browser client, a machine
/// client): CREATE_COMPLETE with the function tasks made, its API read back; each Cognito
/// resource, which the engine accepts without creating, printed NOT CHECKED with what the
/// template says of it. Then a private API behind a VPC endpoint: its endpoint
/// configuration and the policy admitting the endpoint read back.
fn created_pool_and_private_api(engine: &Engine, dir: &Path) {
    let orders = support::root().join("out/orders-preview.template.json");
    let o = engine.deploy_check(
        &orders,
        "orders-preview",
        &[
            "--param",
            &format!("OrdersFunctionArn={TASKS_PLACEHOLDER}"),
            "--no-update",
        ],
    );
    assert!(o.status.success(), "orders-preview failed on the engine");
    assert_fully_checked(&o);
    let out = String::from_utf8_lossy(&o.stdout);
    for what in [
        "AWS::Cognito::UserPoolClient (client orders-preview-spa, no secret, flows code, \
         scopes openid email orders/read, callback URLs https://shop.example.com/callback \
         http://localhost:3000/callback, logout URLs https://shop.example.com/)",
        "AWS::Cognito::UserPoolClient (client orders-preview-billing, secret generated, flows \
         client_credentials, scopes orders/read)",
        "AWS::Cognito::UserPoolResourceServer (resource server orders granting orders/read)",
        "AWS::Cognito::UserPoolDomain (hosted-UI domain prefix orders-preview-fcj)",
    ] {
        assert!(
            out.lines()
                .any(|l| l.contains("NOT CHECKED") && l.contains(what)),
            "NOT CHECKED for {what}"
        );
    }

    let private = Stack::new(
        "private-orders",
        apigw_synth::RestApi::new("private-orders")
            .endpoint_type(apigw_synth::EndpointType::Private)
            .vpc_endpoint("vpce-0123456789abcdef0")
            .route("/health", Method::get(Integration::mock()).public()),
    );
    let path = write(dir, "private-orders.template.json", &private);
    let o = engine.deploy_check(&path, "private-orders", &["--no-update"]);
    assert!(o.status.success(), "the private API failed on the engine");
    assert_fully_checked(&o);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("endpointConfiguration.vpcEndpointIds"),
        "the VPC endpoints read back"
    );
}

fn text_of(o: &Output) -> String {
    text(o)
}
