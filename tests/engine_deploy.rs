//! A real CloudFormation engine accepts what we emit: LocalStack's community runtime, on
//! loopback, driven by the real `aws` CLI (see tests/engine/README.md). The eshop-fcj
//! template reaches CREATE_COMPLETE and reads back as specified, an update that changes one
//! method moves the stage to a new deployment, an unchanged update is a no-op, a random API
//! deploys too, and `aws cloudformation deploy` itself applies the committed template.
//! What the engine cannot check (authorizer enforcement, Lambda execution) is printed as
//! NOT CHECKED by deploy_check.py.

mod support;

use support::engine::{Engine, POOL, text};

use std::path::{Path, PathBuf};
use std::process::Output;

use apigw_synth::{
    Format, Integration, Method, Parameter, Resource, Stack, USER_POOL_ARN_PATTERN, Value, render,
    synthesize,
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
/// (qualified) ARN behind IAM, one by an ARN parameter behind a named authorizer, and an
/// `OPTIONS` method the stack declares public with a Lambda behind it (CORS off there).
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
        .resource(
            Resource::new("declared-options")
                .no_cors()
                .method(Method::parse("OPTIONS", Integration::lambda("engine-options")).public()),
        );
    Stack::new("random", api)
        .parameter(Parameter::string("PoolArn"))
        .parameter(Parameter::string("EngineFunctionArn"))
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
    Stack::new("random", api)
        .parameter(Parameter::string("PoolArn"))
        .parameter(Parameter::string("EngineFunctionArn"))
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
    engine.stop();
}
