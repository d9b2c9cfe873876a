//! Production stages (issue 12): access logs and X-Ray tracing on by default, method
//! settings stage-wide and per method, caching, the account's CloudWatch role, and every
//! check a stage fails by design skipped with its reason, in Rust and in stack files alike.

use crate::support;

use apigw_synth::stack_file;
use apigw_synth::{
    ACCESS_LOG_FIELDS, AccessLog, Canary, CognitoUserPoolsAuthorizer, DomainName, Format,
    HttpMethod, Integration, LoggingLevel, Method, MethodSettings, Note, Parameter, RestApi, Stack,
    Stage, USER_POOL_ARN_PATTERN, UserPool, Value, Warning, render, synthesize, synthesize_stack,
};
use serde_json::{Value as Json, json};

/// The stack of tests/fixtures/production-stage.yaml, in Rust.
fn production() -> Stack {
    let users =
        CognitoUserPoolsAuthorizer::new("users").user_pool(UserPool::from_parameter("UserPoolArn"));
    let api = RestApi::new("production")
        .cloudwatch_role(true)
        .tag("team", "orders")
        .tag("cost-center", "4711")
        .domain(
            DomainName::new(
                "api.production.example.com",
                Value::parameter("CertificateArn"),
            )
            .base_path("", "prod")
            .base_path("dev", "dev")
            .route53_alias(Value::parameter("HostedZoneId"))
            .tag("exposure", "public"),
        )
        .domain(
            DomainName::new(
                "partners.production.example.com",
                Value::parameter("CertificateArn"),
            )
            .mutual_tls("s3://production-truststore/partners.pem")
            .truststore_version("3")
            .base_path("v1", "prod"),
        )
        .default_authorizer(users)
        .route(
            "/health",
            Method::get(Integration::mock())
                .public_because("load balancer health check")
                .settings(MethodSettings::new().throttling(5, 10)),
        )
        .route(
            "/orders",
            Method::get(Integration::lambda("list-orders"))
                .settings(MethodSettings::new().caching(300).metrics(true)),
        )
        .route("/orders", Method::post(Integration::lambda("create-order")))
        .stage(
            Stage::new("prod")
                .description("Production")
                .access_log(
                    AccessLog::log_group()
                        .retention_days(731)
                        .kms_key(Value::parameter("LogKeyArn")),
                )
                .cache_cluster("0.5")
                .settings(
                    MethodSettings::new()
                        .logging(LoggingLevel::Error)
                        .metrics(false)
                        .throttling(100, 200),
                )
                .method_settings(
                    "/orders",
                    HttpMethod::Post,
                    MethodSettings::new()
                        .throttling(10, 20)
                        .logging(LoggingLevel::Info),
                )
                .canary(Canary::new(10.0).variable("backend", "v2"))
                .tag("environment", "production")
                .variable("backend", "v1")
                .web_acl(Value::parameter("WebAclArn")),
        )
        .stage(
            Stage::new("dev")
                .description("Development")
                .access_log(AccessLog::log_group().retention_days(14))
                .settings(
                    MethodSettings::new()
                        .logging(LoggingLevel::Info)
                        .throttling(10, 20),
                )
                .tag("environment", "development")
                .tag("team", "orders-dev"),
        );
    Stack::new("production", api)
        .parameter(
            // As a stack file gives a user pool parameter.
            Parameter::string("UserPoolArn")
                .allowed_pattern(USER_POOL_ARN_PATTERN)
                .constraint_description("must be a Cognito user pool ARN"),
        )
        .parameter(
            Parameter::string("LogKeyArn").description("KMS key that encrypts the access logs"),
        )
        .parameter(
            Parameter::string("CertificateArn")
                .description("ACM certificate of the custom domains"),
        )
        .parameter(
            Parameter::string("HostedZoneId")
                .description("Route 53 hosted zone of production.example.com"),
        )
        .parameter(
            Parameter::string("WebAclArn").description("WAFv2 web ACL (REGIONAL) in front of prod"),
        )
}

/// A minimal API with `stage`.
fn with_stage(stage: Stage) -> Stack {
    let api = RestApi::new("small")
        .route("/ping", Method::get(Integration::mock()).public())
        .stage(stage);
    Stack::new("small", api)
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

fn skips(resource: &Json) -> Vec<(String, String)> {
    resource["Metadata"]["checkov"]["skip"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["comment"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_stage_logs_to_a_log_group_kept_a_year_and_traces_by_default() {
    let t = json_of(&with_stage(Stage::new("prod")));
    let group = resource(&t, "AccessLogsProd");
    assert_eq!(group["Type"], "AWS::Logs::LogGroup");
    assert_eq!(group["Properties"], json!({ "RetentionInDays": 365 }));
    let stage = &resource(&t, "StageProd")["Properties"];
    assert_eq!(stage["TracingEnabled"], true);
    assert_eq!(
        stage["AccessLogSetting"]["DestinationArn"]["Fn::Sub"],
        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${AccessLogsProd}"
    );
    assert!(stage.get("MethodSettings").is_none());
    assert!(stage.get("CacheClusterEnabled").is_none());
}

#[test]
fn the_access_log_format_is_one_json_object_with_every_documented_field() {
    let t = json_of(&with_stage(Stage::new("prod")));
    let format = resource(&t, "StageProd")["Properties"]["AccessLogSetting"]["Format"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!format.contains('\n'));
    // With each `$context` variable replaced by a value, the line is JSON with every field.
    let sample = format.replace("$context.error.messageString", "\"Unauthorized\"");
    let sample = regex::Regex::new(r"\$context\.[A-Za-z.]+")
        .unwrap()
        .replace_all(&sample, "v");
    let line: Json = serde_json::from_str(&sample).expect("the format is JSON");
    let fields: Vec<&str> = ACCESS_LOG_FIELDS.iter().map(|(name, _)| *name).collect();
    let keys: Vec<&str> = line
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = fields.clone();
    sorted.sort_unstable();
    assert_eq!(keys, sorted);
    for wanted in [
        "sourceIp",
        "sub",
        "resourcePath",
        "status",
        "authorizerError",
        "apiKeyId",
    ] {
        assert!(fields.contains(&wanted), "{wanted}");
    }
}

#[test]
fn each_check_a_default_stage_fails_by_design_is_skipped_with_its_reason() {
    let t = json_of(&with_stage(Stage::new("prod")));
    let stage = skips(resource(&t, "StageProd"));
    assert_eq!(stage.len(), 1);
    assert_eq!(stage[0].0, "CKV_AWS_120");
    assert!(stage[0].1.contains("billed by the hour"), "{}", stage[0].1);
    let group = skips(resource(&t, "AccessLogsProd"));
    assert_eq!(group.len(), 1);
    assert_eq!(group[0].0, "CKV_AWS_158");
}

#[test]
fn access_logs_turned_off_say_why_in_the_template() {
    let t = json_of(&with_stage(
        Stage::new("prod").access_log(AccessLog::off("a throwaway load-test stage")),
    ));
    assert!(t["Resources"].get("AccessLogsProd").is_none());
    let stage = resource(&t, "StageProd");
    assert!(stage["Properties"].get("AccessLogSetting").is_none());
    assert!(skips(stage).contains(&(
        "CKV_AWS_76".to_owned(),
        "access logs turned off by the stack: a throwaway load-test stage".to_owned()
    )));
}

#[test]
fn tracing_turned_off_is_skipped_with_its_reason() {
    let t = json_of(&with_stage(Stage::new("prod").tracing(false)));
    let stage = resource(&t, "StageProd");
    assert_eq!(stage["Properties"]["TracingEnabled"], false);
    assert!(skips(stage).iter().any(|(id, _)| id == "CKV_AWS_73"));
}

#[test]
fn an_existing_destination_creates_no_log_group() {
    let stack = with_stage(
        Stage::new("prod").access_log(AccessLog::destination(Value::parameter("AccessLogArn"))),
    )
    .parameter(Parameter::string("AccessLogArn"));
    let t = json_of(&stack);
    assert!(t["Resources"].get("AccessLogsProd").is_none());
    assert_eq!(
        resource(&t, "StageProd")["Properties"]["AccessLogSetting"]["DestinationArn"],
        json!({ "Ref": "AccessLogArn" })
    );
}

#[test]
fn a_log_group_with_a_kms_key_needs_no_skip() {
    let t = json_of(&production());
    let group = resource(&t, "AccessLogsProd");
    assert_eq!(
        group["Properties"],
        json!({
            "RetentionInDays": 731,
            "KmsKeyId": { "Ref": "LogKeyArn" },
            "Tags": [
                { "Key": "cost-center", "Value": "4711" },
                { "Key": "environment", "Value": "production" },
                { "Key": "team", "Value": "orders" },
            ],
        })
    );
    assert!(group.get("Metadata").is_none());
}

#[test]
fn method_settings_merge_the_stage_the_method_and_the_stage_override_in_that_order() {
    let t = json_of(&production());
    let stage = &resource(&t, "StageProd")["Properties"];
    assert_eq!(
        stage["MethodSettings"],
        json!([
            { "ResourcePath": "/*", "HttpMethod": "*", "LoggingLevel": "ERROR",
              "MetricsEnabled": false, "ThrottlingRateLimit": 100, "ThrottlingBurstLimit": 200 },
            { "ResourcePath": "/~1health", "HttpMethod": "GET", "LoggingLevel": "ERROR",
              "MetricsEnabled": false, "ThrottlingRateLimit": 5, "ThrottlingBurstLimit": 10 },
            { "ResourcePath": "/~1orders", "HttpMethod": "GET", "LoggingLevel": "ERROR",
              "MetricsEnabled": true, "ThrottlingRateLimit": 100, "ThrottlingBurstLimit": 200,
              "CachingEnabled": true, "CacheTtlInSeconds": 300, "CacheDataEncrypted": true },
            { "ResourcePath": "/~1orders", "HttpMethod": "POST", "LoggingLevel": "INFO",
              "MetricsEnabled": false, "ThrottlingRateLimit": 10, "ThrottlingBurstLimit": 20 },
        ])
    );
    assert_eq!(stage["CacheClusterEnabled"], true);
    assert_eq!(stage["CacheClusterSize"], "0.5");
    // Caching is on: no caching skip.
    assert!(skips(resource(&t, "StageProd")).is_empty());
}

#[test]
fn the_cloudwatch_role_is_created_on_request_retained_and_awaited_by_the_stage() {
    let t = json_of(&production());
    for id in ["ApiGatewayCloudWatchRole", "ApiGatewayAccount"] {
        let r = resource(&t, id);
        assert_eq!(r["DeletionPolicy"], "Retain", "{id}");
        assert_eq!(r["UpdateReplacePolicy"], "Retain", "{id}");
    }
    assert_eq!(
        resource(&t, "ApiGatewayAccount")["Properties"]["CloudWatchRoleArn"],
        json!({ "Fn::GetAtt": ["ApiGatewayCloudWatchRole", "Arn"] })
    );
    assert_eq!(
        resource(&t, "StageProd")["DependsOn"],
        json!(["ApiGatewayAccount"])
    );
    let s = synthesize_stack(&production(), Format::Json).unwrap();
    assert!(s.notes.is_empty(), "{:?}", s.notes);
}

#[test]
fn logging_without_the_role_gets_a_note_saying_how_to_set_it() {
    let s = synthesize_stack(&with_stage(Stage::new("prod")), Format::Json).unwrap();
    assert_eq!(
        s.notes,
        [Note::CloudWatchRole {
            stack: "small".to_owned()
        }]
    );
    let message = s.notes[0].to_string();
    assert!(
        message.contains("CloudWatch Logs role ARN must be set"),
        "{message}"
    );
    let off = with_stage(Stage::new("prod").access_log(AccessLog::off("no logs here")));
    assert!(
        synthesize_stack(&off, Format::Json)
            .unwrap()
            .notes
            .is_empty()
    );
}

#[test]
fn data_trace_warns_that_bodies_and_tokens_reach_the_logs() {
    let stack = with_stage(Stage::new("prod").settings(MethodSettings::new().data_trace(true)));
    let s = synthesize_stack(&stack, Format::Json).unwrap();
    assert!(
        s.warnings
            .iter()
            .any(|w| matches!(w, Warning::DataTrace { stage, .. } if stage == "prod")),
        "{:?}",
        s.warnings
    );
    assert!(s.warnings[0].to_string().contains("authorization tokens"));
}

#[test]
fn a_public_method_carries_its_reason_for_checkov() {
    let t = json_of(&production());
    let (id, health) = t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(id, _)| id.starts_with("MethodHealthGET"))
        .unwrap();
    assert_eq!(
        skips(health),
        [(
            "CKV_AWS_59".to_owned(),
            "public on purpose: load balancer health check".to_owned()
        )],
        "{id}"
    );
}

#[test]
fn the_stack_file_and_the_rust_stack_give_the_same_template() {
    let path = support::root().join("tests/fixtures/production-stage.yaml");
    let loaded = stack_file::load(&path).expect("the fixture loads");
    let from_file = synthesize(loaded.stack()).expect("synthesizes");
    let from_rust = synthesize(&production()).unwrap();
    let (file, rust) = (
        render(&from_file, Format::Json),
        render(&from_rust, Format::Json),
    );
    let diff = similar::TextDiff::from_lines(&file, &rust)
        .unified_diff()
        .to_string();
    assert!(file == rust, "{diff}");
}

#[test]
fn a_production_stage_passes_cfn_lint_and_checkov() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, stack) in [
        ("production", production()),
        (
            "off",
            with_stage(
                Stage::new("dev")
                    .access_log(AccessLog::off("a dev stage"))
                    .tracing(false),
            ),
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
fn several_stages_serve_one_deployment_each_with_its_own_logs_settings_and_url() {
    let t = json_of(&production());
    let prod = resource(&t, "StageProd");
    let dev = resource(&t, "StageDev");
    assert_eq!(
        prod["Properties"]["DeploymentId"],
        dev["Properties"]["DeploymentId"]
    );
    let deployments = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::ApiGateway::Deployment")
        .count();
    assert_eq!(deployments, 1);
    assert_eq!(
        resource(&t, "AccessLogsDev")["Properties"]["RetentionInDays"],
        14
    );
    assert_eq!(
        dev["Properties"]["MethodSettings"][0],
        json!({ "ResourcePath": "/*", "HttpMethod": "*", "LoggingLevel": "INFO",
                "ThrottlingRateLimit": 10, "ThrottlingBurstLimit": 20 })
    );
    // Both stages wait for the account's role.
    assert_eq!(dev["DependsOn"], json!(["ApiGatewayAccount"]));
    assert_eq!(
        t["Outputs"]["InvokeUrlDev"]["Value"]["Fn::Sub"],
        "https://${RestApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${StageDev}/"
    );
    assert!(
        t["Outputs"]["InvokeUrl"]["Value"]["Fn::Sub"]
            .as_str()
            .unwrap()
            .ends_with("/${StageProd}/")
    );
}

#[test]
fn a_canary_takes_its_share_with_its_own_variables() {
    let t = json_of(&production());
    assert_eq!(
        resource(&t, "StageProd")["Properties"]["CanarySetting"],
        json!({ "PercentTraffic": 10.0, "StageVariableOverrides": { "backend": "v2" } })
    );
    assert!(
        resource(&t, "StageDev")["Properties"]
            .get("CanarySetting")
            .is_none()
    );
}

#[test]
fn tags_reach_the_api_each_stage_and_its_log_group_the_stage_winning() {
    let t = json_of(&production());
    let tags = |id: &str| resource(&t, id)["Properties"]["Tags"].clone();
    assert_eq!(
        tags("RestApi"),
        json!([{ "Key": "cost-center", "Value": "4711" }, { "Key": "team", "Value": "orders" }])
    );
    let dev = json!([
        { "Key": "cost-center", "Value": "4711" },
        { "Key": "environment", "Value": "development" },
        { "Key": "team", "Value": "orders-dev" },
    ]);
    assert_eq!(tags("StageDev"), dev);
    assert_eq!(tags("AccessLogsDev"), dev);
}

#[test]
fn the_first_stage_replaces_the_default_and_later_ones_add() {
    let one = json_of(&with_stage(Stage::new("live")));
    assert!(one["Resources"].get("StageProd").is_none());
    assert!(one["Resources"].get("StageLive").is_some());
    let api = RestApi::new("small")
        .route("/ping", Method::get(Integration::mock()).public())
        .stage(Stage::new("a"))
        .stage(Stage::new("b"));
    let two = json_of(&Stack::new("small", api));
    assert!(two["Resources"].get("StageA").is_some());
    assert!(two["Resources"].get("StageB").is_some());
    assert!(two["Outputs"].get("InvokeUrlB").is_some());
}
