//! Every builder option the eshop stack does not use still yields a template cfn-lint
//! accepts: created user pools with a client, Lambda by ARN, mock and IAM methods, scopes,
//! greedy paths, ANY, per-resource CORS and authorizer overrides, several authorizers.

use crate::support;

use apigw_synth::{
    CognitoUserPoolsAuthorizer, Cors, Format, Integration, Method, Parameter, Resource, RestApi,
    Stack, Stage, UserPool, Value, render, synthesize,
};
use serde_json::{Value as Json, json};

fn kitchen_sink() -> Stack {
    let staff = CognitoUserPoolsAuthorizer::new("staff")
        .user_pool(UserPool::new("shop-staff").client("backoffice"))
        .result_ttl_seconds(0);
    let customers = CognitoUserPoolsAuthorizer::new("customers")
        .user_pool(UserPool::from_arn(
            "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123",
        ))
        .user_pool(UserPool::from_parameter("PartnerPoolArn"))
        .token_source("X-Customer-Token");
    let api = RestApi::new("kitchen-sink")
        .authorizer(staff)
        .default_authorizer(customers)
        .default_cors(
            Cors::new()
                .allow_origins(["https://shop.example.com"])
                .allow_credentials(true)
                .max_age_seconds(600),
        )
        .method(Method::get(Integration::mock()).public())
        .route("/health", Method::get(Integration::mock()).public())
        .route(
            "/orders",
            Method::get(Integration::lambda_arn(Value::parameter(
                "OrdersFunctionArn",
            )))
            .scopes(["shop/orders.read"]),
        )
        .route(
            "/reports",
            Method::get(Integration::lambda_arn(
                "arn:aws:lambda:eu-west-1:123456789012:function:reports:live",
            ))
            .iam(),
        )
        .resource(
            Resource::new("admin")
                .default_authorizer("staff")
                .no_cors()
                .resource(
                    Resource::new("{proxy+}")
                        .method(Method::any(Integration::lambda("admin-proxy"))),
                ),
        )
        .stage(Stage::new("v1").variable("mode", "test").tracing(true));
    Stack::new("kitchen-sink", api)
        .description("Every option at once")
        .parameter(Parameter::string("PartnerPoolArn"))
        .parameter(Parameter::string("OrdersFunctionArn"))
        .output("PartnerPool", Value::parameter("PartnerPoolArn"))
}

fn template() -> Json {
    let t = synthesize(&kitchen_sink()).expect("kitchen sink synthesizes");
    serde_json::from_str(&render(&t, Format::Json)).unwrap()
}

fn method<'a>(t: &'a Json, prefix: &str) -> &'a Json {
    let (_, m) = t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(id, _)| id.starts_with(prefix))
        .unwrap_or_else(|| panic!("no resource {prefix}*"));
    &m["Properties"]
}

#[test]
fn kitchen_sink_passes_cfn_lint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kitchen-sink.template.json");
    let t = synthesize(&kitchen_sink()).unwrap();
    std::fs::write(&path, render(&t, Format::Json)).unwrap();
    let report = support::lint(&[path]);
    assert!(report.trim().is_empty(), "{report}");
}

#[test]
fn created_user_pool_has_a_client_and_feeds_the_authorizer() {
    let t = template();
    let staff = method(&t, "AuthorizerStaff");
    assert_eq!(staff["ProviderARNs"][0]["Fn::GetAtt"][1], "Arn");
    assert_eq!(staff["AuthorizerResultTtlInSeconds"], 0);
    assert_eq!(
        method(&t, "UserPoolShopStaff")["UserPoolName"],
        "shop-staff"
    );
    assert_eq!(
        method(&t, "UserPoolClientBackoffice")["GenerateSecret"],
        false
    );
}

#[test]
fn authorizer_reads_the_configured_header_from_every_pool() {
    let t = template();
    let customers = method(&t, "AuthorizerCustomers");
    assert_eq!(
        customers["IdentitySource"],
        "method.request.header.X-Customer-Token"
    );
    assert_eq!(customers["ProviderARNs"].as_array().unwrap().len(), 2);
}

#[test]
fn resource_default_authorizer_overrides_the_api_default_in_its_subtree() {
    let t = template();
    let proxy = method(&t, "MethodAdminProxyANY");
    let authorizer = proxy["AuthorizerId"]["Ref"].as_str().unwrap();
    assert!(authorizer.starts_with("AuthorizerStaff"), "{authorizer}");
}

#[test]
fn no_cors_removes_the_preflight_from_a_subtree() {
    let t = template();
    let ids: Vec<&String> = t["Resources"].as_object().unwrap().keys().collect();
    assert!(ids.iter().any(|id| id.starts_with("MethodOrdersOPTIONS")));
    assert!(!ids.iter().any(
        |id| id.starts_with("MethodAdminProxyOPTIONS") || id.starts_with("MethodAdminOPTIONS")
    ));
}

#[test]
fn root_methods_get_a_preflight_on_the_root_resource() {
    let t = template();
    let root = method(&t, "MethodRootOPTIONS");
    assert_eq!(
        root["ResourceId"]["Fn::GetAtt"],
        json!(["RestApi", "RootResourceId"])
    );
}

#[test]
fn scopes_go_on_cognito_methods_only() {
    let t = template();
    assert_eq!(
        method(&t, "MethodOrdersGET")["AuthorizationScopes"],
        json!(["shop/orders.read"])
    );
    let reports = method(&t, "MethodReportsGET");
    assert_eq!(reports["AuthorizationType"], "AWS_IAM");
    assert!(reports.get("AuthorizerId").is_none());
}

#[test]
fn public_methods_have_no_authorization() {
    let t = template();
    let health = method(&t, "MethodHealthGET");
    assert_eq!(health["AuthorizationType"], "NONE");
    assert_eq!(health["Integration"]["Type"], "MOCK");
}

#[test]
fn lambda_by_arn_parameter_is_invoked_and_permitted_through_the_parameter() {
    let t = template();
    let uri = method(&t, "MethodOrdersGET")["Integration"]["Uri"]["Fn::Sub"]
        .as_str()
        .unwrap();
    assert!(
        uri.ends_with("/functions/${OrdersFunctionArn}/invocations"),
        "{uri}"
    );
    assert_eq!(
        method(&t, "PermissionOrdersFunctionArn")["FunctionName"],
        json!({"Ref": "OrdersFunctionArn"})
    );
}

#[test]
fn preflight_for_one_origin_varies_on_origin_and_allows_credentials() {
    let t = template();
    let p = &method(&t, "MethodOrdersOPTIONS")["Integration"]["IntegrationResponses"][0]["ResponseParameters"];
    assert_eq!(
        p["method.response.header.Access-Control-Allow-Origin"],
        "'https://shop.example.com'"
    );
    assert_eq!(p["method.response.header.Vary"], "'Origin'");
    assert_eq!(
        p["method.response.header.Access-Control-Allow-Credentials"],
        "'true'"
    );
    assert_eq!(p["method.response.header.Access-Control-Max-Age"], "'600'");
}

#[test]
fn any_method_allows_every_verb_in_its_preflight() {
    let api = RestApi::new("p").default_cors(Cors::new()).route(
        "/{proxy+}",
        Method::any(Integration::lambda("proxy")).public(),
    );
    let t = synthesize(&Stack::new("p", api)).unwrap();
    let json = render(&t, Format::Json);
    assert!(
        json.contains("'GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS'"),
        "{json}"
    );
}
