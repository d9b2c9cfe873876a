//! `diff` by meaning: each kind of change to the eshop-fcj stack is reported once, in the
//! right section (access control first), and rewrites that change nothing report nothing.

use crate::support;

use apigw_synth::review::{self, Change, ChangeKind, Diff, StackDiff, Subject};
use apigw_synth::{
    AccessLog, CognitoUserPoolsAuthorizer, Cors, EndpointType, HttpMethod, Integration, Method,
    MethodSettings, Parameter, RestApi, Stack, Stage, USER_POOL_ARN_PATTERN, UserPool, synthesize,
};
use support::stacks::eshop_fcj;

const ADMINS: &str = "cognito-authorizer-admins";

/// The eshop-fcj stack with `api` in place of its own (same parameter).
fn with_api(api: RestApi) -> Stack {
    let user_pool_arn = Parameter::string("UserPoolArn")
        .description("ARN of the existing Cognito user pool")
        .allowed_pattern(USER_POOL_ARN_PATTERN)
        .constraint_description("must be a Cognito user pool ARN");
    Stack::new("eshop-fcj", api).parameter(user_pool_arn)
}

/// The eshop-fcj API, to extend.
fn eshop_api() -> RestApi {
    eshop_fcj::stack().api().clone()
}

fn admins() -> CognitoUserPoolsAuthorizer {
    CognitoUserPoolsAuthorizer::new(ADMINS).user_pool(UserPool::from_parameter("UserPoolArn"))
}

fn compare(old: &Stack, new: &Stack) -> Diff {
    let old = synthesize(old).expect("old stack synthesizes");
    let new = synthesize(new).expect("new stack synthesizes");
    review::diff(&review::model_of(&old), &review::model_of(&new))
}

fn text(diff: &Diff) -> String {
    let stack = StackDiff {
        name: "eshop-fcj".to_owned(),
        old: "before".to_owned(),
        new: "after".to_owned(),
        diff: diff.clone(),
    };
    review::render_text(&[stack], false)
}

/// Compares, snapshots the text as `name`, and returns the diff for further checks.
fn snapshot(name: &str, old: &Stack, new: &Stack) -> Diff {
    let diff = compare(old, new);
    support::with_snapshots(|| insta::assert_snapshot!(name, text(&diff)));
    diff
}

fn is_method(c: &Change, verb: &str, at: &str) -> bool {
    matches!(&c.subject, Subject::Method { method, path } if method == verb && path == at)
}

#[test]
fn the_test_helper_rebuilds_eshop_fcj_exactly() {
    assert!(compare(&eshop_fcj::stack(), &with_api(eshop_api())).is_empty());
}

#[test]
fn an_added_method_is_listed_with_its_authorization() {
    let new =
        with_api(eshop_api().route("/orders", Method::post(Integration::lambda("create-order"))));
    let diff = snapshot("diff_method_added", &eshop_fcj::stack(), &new);
    assert!(
        diff.access_control
            .iter()
            .any(|c| is_method(c, "POST", "/orders") && c.kind == ChangeKind::Added)
    );
}

#[test]
fn a_removed_method_is_listed_with_the_authorization_it_had() {
    let old = with_api(eshop_api().route(
        "/orders/{id}",
        Method::delete(Integration::lambda("delete-product")),
    ));
    let diff = snapshot("diff_method_removed", &old, &eshop_fcj::stack());
    assert!(
        diff.access_control
            .iter()
            .any(|c| is_method(c, "DELETE", "/orders/{id}") && c.kind == ChangeKind::Removed)
    );
}

#[test]
fn a_new_public_method_says_public() {
    let new = with_api(eshop_api().route("/health", Method::get(Integration::mock()).public()));
    let diff = snapshot("diff_public_method_added", &eshop_fcj::stack(), &new);
    let added = diff
        .access_control
        .iter()
        .find(|c| is_method(c, "GET", "/health"));
    assert_eq!(added.and_then(|c| c.new.as_deref()), Some("PUBLIC"));
}

#[test]
fn making_a_method_public_is_an_access_control_change() {
    let old = with_api(eshop_api().route("/health", Method::get(Integration::mock())));
    let new = with_api(eshop_api().route("/health", Method::get(Integration::mock()).public()));
    let diff = snapshot("diff_public_toggled", &old, &new);
    let change = diff
        .access_control
        .iter()
        .find(|c| is_method(c, "GET", "/health"));
    assert_eq!(
        change.and_then(|c| c.aspect.as_deref()),
        Some("authorization")
    );
    assert_eq!(change.and_then(|c| c.new.as_deref()), Some("PUBLIC"));
}

#[test]
fn switching_a_method_to_another_authorizer_is_an_access_control_change() {
    let old = with_api(
        eshop_api()
            .authorizer(admins())
            .route("/reports", Method::get(Integration::lambda("get-report"))),
    );
    let new = with_api(eshop_api().authorizer(admins()).route(
        "/reports",
        Method::get(Integration::lambda("get-report")).authorizer(ADMINS),
    ));
    let diff = snapshot("diff_authorizer_changed", &old, &new);
    assert!(
        diff.access_control
            .iter()
            .any(|c| is_method(c, "GET", "/reports"))
    );
}

#[test]
fn removing_an_authorizer_reports_it_and_the_methods_it_protected() {
    let old = with_api(eshop_api().authorizer(admins()).route(
        "/reports",
        Method::get(Integration::lambda("get-report")).authorizer(ADMINS),
    ));
    let new =
        with_api(eshop_api().route("/reports", Method::get(Integration::lambda("get-report"))));
    let diff = snapshot("diff_authorizer_removed", &old, &new);
    assert!(diff.access_control.iter().any(|c| {
        matches!(&c.subject, Subject::Authorizer { name } if name == ADMINS)
            && c.kind == ChangeKind::Removed
    }));
}

#[test]
fn scopes_added_and_removed_are_listed_one_by_one() {
    let route = |scopes: [&str; 2]| {
        with_api(eshop_api().route(
            "/orders",
            Method::get(Integration::lambda("list-orders")).scopes(scopes),
        ))
    };
    let diff = snapshot(
        "diff_scopes",
        &route(["orders/read", "orders/admin"]),
        &route(["orders/read", "orders/write"]),
    );
    let scope_changes: Vec<_> = diff
        .access_control
        .iter()
        .filter(|c| c.aspect.as_deref() == Some("scope"))
        .map(|c| (c.kind, c.old.clone().or(c.new.clone())))
        .collect();
    assert_eq!(
        scope_changes,
        [
            (ChangeKind::Removed, Some("orders/admin".to_owned())),
            (ChangeKind::Added, Some("orders/write".to_owned()))
        ]
    );
}

#[test]
fn a_changed_token_header_is_an_authorizer_change() {
    let api = |header: &str| {
        with_api(eshop_api().authorizer(admins().token_source(header)).route(
            "/reports",
            Method::get(Integration::lambda("get-report")).authorizer(ADMINS),
        ))
    };
    let diff = snapshot(
        "diff_authorizer_identity_source",
        &api("Authorization"),
        &api("X-Admin-Token"),
    );
    assert!(
        diff.access_control
            .iter()
            .any(|c| c.aspect.as_deref() == Some("IdentitySource"))
    );
}

#[test]
fn a_trusted_user_pool_added_is_an_authorizer_change() {
    let partner = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Partner1";
    let api = |auth: CognitoUserPoolsAuthorizer| {
        with_api(eshop_api().authorizer(auth).route(
            "/reports",
            Method::get(Integration::lambda("get-report")).authorizer(ADMINS),
        ))
    };
    let diff = snapshot(
        "diff_authorizer_user_pools",
        &api(admins()),
        &api(admins().user_pool(UserPool::from_arn(partner))),
    );
    assert!(
        diff.access_control
            .iter()
            .any(|c| c.aspect.as_deref() == Some("ProviderARNs"))
    );
}

#[test]
fn widening_the_cors_origin_to_any_site_shows_once_for_all_routes_and_gateway_responses() {
    let old =
        with_api(eshop_api().default_cors(Cors::new().allow_origins(["https://shop.example.com"])));
    let diff = snapshot("diff_cors_origin_widened", &old, &eshop_fcj::stack());
    let origin_lines: Vec<&Change> = diff
        .access_control
        .iter()
        .filter(|c| c.new.as_deref().is_some_and(|n| n.contains('*')))
        .collect();
    assert_eq!(
        origin_lines.len(),
        2,
        "one CORS line and one gateway-response line"
    );
    assert!(origin_lines.iter().any(|c| matches!(&c.subject, Subject::GatewayResponse { response_types } if response_types.len() == 2)));
}

#[test]
fn changed_cors_headers_are_an_access_control_change() {
    let new = with_api(eshop_api().default_cors(Cors::new().allow_headers([
        "Content-Type",
        "Authorization",
        "X-Tenant",
    ])));
    let diff = snapshot("diff_cors_headers", &eshop_fcj::stack(), &new);
    assert!(
        diff.access_control
            .iter()
            .any(|c| c.aspect.as_deref() == Some("Access-Control-Allow-Headers"))
    );
}

#[test]
fn a_lambda_permission_widened_to_more_paths_is_an_access_control_change() {
    let new =
        with_api(eshop_api().route("/search", Method::get(Integration::lambda("get-product"))));
    let diff = snapshot("diff_permission_widened", &eshop_fcj::stack(), &new);
    assert!(diff.access_control.iter().any(|c| {
        matches!(&c.subject, Subject::LambdaPermission { function } if function == "get-product")
            && c.aspect.as_deref() == Some("source")
    }));
}

#[test]
fn a_new_integration_target_is_an_other_change_by_route_and_method() {
    let old = with_api(eshop_api().route(
        "/reports",
        Method::get(Integration::lambda("get-report-v1")),
    ));
    let new =
        with_api(eshop_api().route("/reports", Method::get(Integration::lambda("get-report"))));
    let diff = snapshot("diff_integration_changed", &old, &new);
    let change = diff.other.iter().find(|c| is_method(c, "GET", "/reports"));
    assert_eq!(
        change.and_then(|c| c.aspect.as_deref()),
        Some("integration")
    );
}

#[test]
fn a_pure_reorder_of_routes_reports_no_change() {
    let authorizer = CognitoUserPoolsAuthorizer::new("cognito-authorizer-eshop-fcj")
        .user_pool(UserPool::from_parameter("UserPoolArn"))
        .token_source("Authorization");
    let lambda = Integration::lambda;
    // The routes of stacks/eshop_fcj.rs, last first, each resource's methods reversed.
    let api = RestApi::new("eshop-fcj")
        .description("eshop-fcj")
        .endpoint_type(EndpointType::Regional)
        .binary_media_type("multipart/form-data")
        .default_authorizer(authorizer)
        .default_cors(Cors::new().allow_origins(["*"]))
        .route("/upload-image", Method::post(lambda("get-presigned-url")))
        .route("/products/{id}", Method::delete(lambda("delete-product")))
        .route("/products/{id}", Method::put(lambda("update-product")))
        .route("/products/{id}", Method::get(lambda("get-product")))
        .route("/products", Method::post(lambda("create-product")))
        .route("/products", Method::get(lambda("get-product")))
        .route(
            "/categories/{id}",
            Method::delete(lambda("delete-category")),
        )
        .route("/categories/{id}", Method::put(lambda("update-category")))
        .route("/categories/{id}", Method::get(lambda("get-category")))
        .route("/categories", Method::post(lambda("create-category")))
        .route("/categories", Method::get(lambda("get-category")))
        .stage(Stage::new("eshop").description("Dev environment"));
    let diff = snapshot(
        "diff_reorder_no_change",
        &eshop_fcj::stack(),
        &with_api(api),
    );
    assert!(diff.is_empty());
}

#[test]
fn a_new_deployment_id_alone_is_one_redeployed_stage() {
    let template = synthesize(&eshop_fcj::stack()).expect("eshop-fcj synthesizes");
    let old = serde_json::to_value(&template).expect("template is JSON");
    // The same template with the Deployment under another logical id.
    let mut new = old.clone();
    let resources = new["Resources"].as_object_mut().expect("Resources");
    let old_id = resources
        .keys()
        .find(|k| k.starts_with("Deployment"))
        .cloned()
        .expect("a Deployment");
    let deployment = resources.remove(&old_id).expect("the Deployment");
    resources.insert("Deployment0123456789ABCDEF".to_owned(), deployment);
    resources["StageEshop"]["Properties"]["DeploymentId"]["Ref"] =
        "Deployment0123456789ABCDEF".into();

    let diff = review::diff(&review::model(&old), &review::model(&new));
    support::with_snapshots(|| insta::assert_snapshot!("diff_deployment_only", text(&diff)));
    assert!(diff.access_control.is_empty());
    assert_eq!(diff.other.len(), 1);
    assert_eq!(diff.other[0].kind, ChangeKind::Redeployed);
}

/// A small API deployed to `stage` alone (the eshop API has its stage already, and an API
/// takes each stage name once).
fn staged(stage: Stage) -> Stack {
    let api = RestApi::new("eshop-fcj")
        .route(
            "/products",
            Method::get(Integration::lambda("get-product")).iam(),
        )
        .stage(stage);
    with_api(api)
}

#[test]
fn stage_settings_are_other_changes() {
    let old = staged(Stage::new("eshop").description("Dev environment"));
    let new = staged(Stage::new("eshop").description("Production"));
    let diff = snapshot("diff_stage_description", &old, &new);
    assert!(diff.access_control.is_empty());
    assert!(!diff.other.is_empty());
}

#[test]
fn api_settings_are_other_changes_and_redeploy_the_stage() {
    let new = with_api(eshop_api().binary_media_type("image/png"));
    let diff = snapshot("diff_api_setting", &eshop_fcj::stack(), &new);
    assert!(diff.access_control.is_empty());
    assert!(diff.other.iter().any(|c| c.kind == ChangeKind::Redeployed));
}

/// The eshop stage with throttling and access logs, as production runs it.
fn guarded_stage() -> Stage {
    Stage::new("eshop")
        .description("Dev environment")
        .settings(MethodSettings::new().throttling(100, 200))
}

#[test]
fn weakening_a_stage_is_an_access_control_change() {
    let old = staged(guarded_stage());
    let new = staged(
        Stage::new("eshop")
            .description("Dev environment")
            .access_log(AccessLog::off("too expensive"))
            .tracing(false)
            .settings(
                MethodSettings::new()
                    .throttling(1000, 2000)
                    .data_trace(true),
            ),
    );
    let diff = snapshot("diff_stage_weakened", &old, &new);
    let aspects: Vec<&str> = diff
        .access_control
        .iter()
        .filter_map(|c| c.aspect.as_deref())
        .collect();
    for wanted in [
        "AccessLogSetting.DestinationArn",
        "TracingEnabled",
        "MethodSettings.* /*.ThrottlingRateLimit",
        "MethodSettings.* /*.ThrottlingBurstLimit",
        "MethodSettings.* /*.DataTraceEnabled",
    ] {
        assert!(aspects.contains(&wanted), "{wanted} not in {aspects:?}");
    }
}

#[test]
fn tightening_throttling_and_settings_for_one_more_method_are_other_changes() {
    let old = staged(guarded_stage());
    let new = staged(
        guarded_stage()
            .settings(MethodSettings::new().throttling(50, 100).metrics(true))
            .method_settings(
                "/products",
                HttpMethod::Get,
                MethodSettings::new().throttling(10, 20),
            ),
    );
    let diff = snapshot("diff_stage_tightened", &old, &new);
    assert!(diff.access_control.is_empty(), "{diff:?}");
    assert!(!diff.other.is_empty());
}

#[test]
fn a_new_public_method_shows_why_it_is_public() {
    let new = with_api(eshop_api().route(
        "/health",
        Method::get(Integration::mock()).public_because("uptime checks carry no token"),
    ));
    let diff = snapshot("diff_public_method_with_reason", &eshop_fcj::stack(), &new);
    let added = diff
        .access_control
        .iter()
        .find(|c| is_method(c, "GET", "/health"))
        .expect("GET /health is listed");
    assert_eq!(
        added.new.as_deref(),
        Some("PUBLIC (public on purpose: uptime checks carry no token)")
    );
}

/// Issue 14: what the escape hatch adds that can grant access (roles, policies, permissions)
/// is listed as access control; what grants nothing (a function's code) is not.
#[test]
fn raw_iam_policy_and_permission_resources_are_access_control() {
    use serde_json::json;
    let old = with_api(eshop_api());
    let new = with_api(eshop_api())
        .resource(
            "ReportsRole",
            "AWS::IAM::Role",
            json!({"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}),
        )
        .resource(
            "ReportsPolicy",
            "AWS::IAM::ManagedPolicy",
            json!({"PolicyDocument": {"Version": "2012-10-17", "Statement": []}}),
        )
        .resource(
            "ReportsInvoke",
            "AWS::Lambda::Permission",
            json!({"Action": "lambda:InvokeFunction", "FunctionName": "reports", "Principal": "*"}),
        )
        .resource(
            "ReportsFunction",
            "AWS::Lambda::Function",
            json!({"Runtime": "python3.12", "Handler": "index.handler", "Role": {"Fn::GetAtt": ["ReportsRole", "Arn"]}, "Code": {"ZipFile": "x"}}),
        );
    let diff = compare(&old, &new);
    let rendered = |changes: &[Change]| -> String {
        changes
            .iter()
            .map(|c| format!("{:?}\n", c.subject))
            .collect()
    };
    let access = rendered(&diff.access_control);
    // A permission is known by the function it opens, whatever its logical id.
    for id in [
        "ReportsRole",
        "ReportsPolicy",
        "LambdaPermission { function: \"reports\" }",
    ] {
        assert!(access.contains(id), "{id} is access control:\n{access}");
    }
    assert!(!access.contains("ReportsFunction"), "{access}");
    assert!(
        rendered(&diff.other).contains("ReportsFunction"),
        "{}",
        rendered(&diff.other)
    );
}
