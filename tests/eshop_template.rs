//! The eshop-fcj template has every fact the stack promises: authorizer on every method,
//! unauthorized MOCK preflights, CORS on gateway errors, scoped permissions, a content-hashed
//! deployment behind a separate stage, and the outputs.

use crate::support;

use apigw_synth::{Format, USER_POOL_ARN_PATTERN, render, synthesize};
use serde_json::Value;

fn template() -> Value {
    let t = synthesize(&support::stacks::eshop_fcj::stack()).expect("eshop-fcj synthesizes");
    serde_json::from_str(&render(&t, Format::Json)).unwrap()
}

fn resources_of<'a>(t: &'a Value, kind: &str) -> Vec<(&'a String, &'a Value)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == kind)
        .collect()
}

/// `/categories/{id}` of a method, rebuilt from the resource chain.
fn path_of(t: &Value, resource_id: &Value) -> String {
    if resource_id.get("Fn::GetAtt").is_some() {
        return "/".into();
    }
    let id = resource_id["Ref"].as_str().unwrap();
    let r = &t["Resources"][id]["Properties"];
    let parent = path_of(t, &r["ParentId"]);
    let part = r["PathPart"].as_str().unwrap();
    if parent == "/" {
        format!("/{part}")
    } else {
        format!("{parent}/{part}")
    }
}

fn routes(t: &Value) -> Vec<(String, String, String)> {
    let mut routes: Vec<_> = resources_of(t, "AWS::ApiGateway::Method")
        .into_iter()
        .map(|(_, m)| {
            let p = &m["Properties"];
            let target = p["Integration"]["Uri"]["Fn::Sub"]
                .as_str()
                .map(|u| {
                    u.split(":function:")
                        .nth(1)
                        .unwrap()
                        .trim_end_matches("/invocations")
                        .to_owned()
                })
                .unwrap_or_else(|| p["Integration"]["Type"].as_str().unwrap().to_owned());
            (
                path_of(t, &p["ResourceId"]),
                p["HttpMethod"].as_str().unwrap().to_owned(),
                target,
            )
        })
        .collect();
    routes.sort();
    routes
}

#[test]
fn template_matches_snapshot() {
    let t = synthesize(&support::stacks::eshop_fcj::stack()).unwrap();
    support::with_snapshots(|| {
        insta::assert_snapshot!("eshop-fcj.template.json", render(&t, Format::Json));
    });
}

#[test]
fn rest_api_is_regional_with_multipart_binary_media() {
    let t = template();
    let api = &t["Resources"]["RestApi"]["Properties"];
    assert_eq!(api["Name"], "eshop-fcj");
    assert_eq!(api["Description"], "eshop-fcj");
    assert_eq!(
        api["EndpointConfiguration"]["Types"],
        serde_json::json!(["REGIONAL"])
    );
    assert_eq!(
        api["BinaryMediaTypes"],
        serde_json::json!(["multipart/form-data"])
    );
}

#[test]
fn every_route_integrates_its_function_by_lambda_proxy() {
    let t = template();
    let expected = [
        ("/categories", "GET", "get-category"),
        ("/categories", "OPTIONS", "MOCK"),
        ("/categories", "POST", "create-category"),
        ("/categories/{id}", "DELETE", "delete-category"),
        ("/categories/{id}", "GET", "get-category"),
        ("/categories/{id}", "OPTIONS", "MOCK"),
        ("/categories/{id}", "PUT", "update-category"),
        ("/products", "GET", "get-product"),
        ("/products", "OPTIONS", "MOCK"),
        ("/products", "POST", "create-product"),
        ("/products/{id}", "DELETE", "delete-product"),
        ("/products/{id}", "GET", "get-product"),
        ("/products/{id}", "OPTIONS", "MOCK"),
        ("/products/{id}", "PUT", "update-product"),
        ("/upload-image", "OPTIONS", "MOCK"),
        ("/upload-image", "POST", "get-presigned-url"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(routes(&t), expected);
    for (_, m) in resources_of(&t, "AWS::ApiGateway::Method") {
        let i = &m["Properties"]["Integration"];
        if i["Type"] == "AWS_PROXY" {
            assert_eq!(i["IntegrationHttpMethod"], "POST");
        }
    }
}

#[test]
fn authorizer_is_cognito_on_the_user_pool_parameter_reading_the_authorization_header() {
    let t = template();
    let authorizers = resources_of(&t, "AWS::ApiGateway::Authorizer");
    assert_eq!(authorizers.len(), 1);
    let a = &authorizers[0].1["Properties"];
    assert_eq!(a["Name"], "cognito-authorizer-eshop-fcj");
    assert_eq!(a["Type"], "COGNITO_USER_POOLS");
    assert_eq!(
        a["ProviderARNs"],
        serde_json::json!([{"Ref": "UserPoolArn"}])
    );
    assert_eq!(a["IdentitySource"], "method.request.header.Authorization");
}

#[test]
fn every_non_options_method_uses_the_authorizer() {
    let t = template();
    let authorizer_id = resources_of(&t, "AWS::ApiGateway::Authorizer")[0].0.clone();
    for (id, m) in resources_of(&t, "AWS::ApiGateway::Method") {
        let p = &m["Properties"];
        if p["HttpMethod"] != "OPTIONS" {
            assert_eq!(p["AuthorizationType"], "COGNITO_USER_POOLS", "{id}");
            assert_eq!(
                p["AuthorizerId"],
                serde_json::json!({"Ref": authorizer_id}),
                "{id}"
            );
        }
    }
}

#[test]
fn every_resource_has_an_unauthorized_mock_preflight_listing_its_methods() {
    let t = template();
    let routes = routes(&t);
    let resources = resources_of(&t, "AWS::ApiGateway::Resource");
    let preflights: Vec<_> = resources_of(&t, "AWS::ApiGateway::Method")
        .into_iter()
        .filter(|(_, m)| m["Properties"]["HttpMethod"] == "OPTIONS")
        .collect();
    assert_eq!(preflights.len(), resources.len());
    for (id, m) in preflights {
        let p = &m["Properties"];
        assert_eq!(p["AuthorizationType"], "NONE", "{id}");
        assert!(
            p.get("AuthorizerId").is_none() && p.get("AuthorizationScopes").is_none(),
            "{id}"
        );
        assert_eq!(p["Integration"]["Type"], "MOCK");
        let headers = &p["Integration"]["IntegrationResponses"][0]["ResponseParameters"];
        assert_eq!(
            headers["method.response.header.Access-Control-Allow-Origin"],
            "'*'"
        );
        assert_eq!(
            headers["method.response.header.Access-Control-Allow-Headers"],
            "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'"
        );
        let path = path_of(&t, &p["ResourceId"]);
        let mut methods: Vec<String> = routes
            .iter()
            .filter(|r| r.0 == path && r.1 != "OPTIONS")
            .map(|r| r.1.clone())
            .collect();
        let allowed = headers["method.response.header.Access-Control-Allow-Methods"]
            .as_str()
            .unwrap()
            .trim_matches('\'')
            .split(',')
            .map(str::to_owned)
            .collect::<Vec<_>>();
        methods.sort();
        let mut listed: Vec<String> = allowed
            .iter()
            .filter(|m| *m != "OPTIONS")
            .cloned()
            .collect();
        listed.sort();
        assert_eq!(listed, methods, "{path}");
        assert_eq!(
            allowed.last().map(String::as_str),
            Some("OPTIONS"),
            "{path}"
        );
    }
}

#[test]
fn gateway_4xx_and_5xx_responses_carry_the_cors_headers() {
    let t = template();
    let mut types = Vec::new();
    for (_, g) in resources_of(&t, "AWS::ApiGateway::GatewayResponse") {
        let p = &g["Properties"];
        types.push(p["ResponseType"].as_str().unwrap().to_owned());
        let h = &p["ResponseParameters"];
        assert_eq!(
            h["gatewayresponse.header.Access-Control-Allow-Origin"],
            "'*'"
        );
        assert_eq!(
            h["gatewayresponse.header.Access-Control-Allow-Headers"],
            "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'"
        );
    }
    types.sort();
    assert_eq!(types, ["DEFAULT_4XX", "DEFAULT_5XX"]);
}

#[test]
fn permissions_let_api_gateway_invoke_each_function_from_this_api_only() {
    let t = template();
    let permissions = resources_of(&t, "AWS::Lambda::Permission");
    let mut functions: Vec<&str> = permissions
        .iter()
        .map(|(_, p)| p["Properties"]["FunctionName"].as_str().unwrap())
        .collect();
    functions.sort();
    assert_eq!(
        functions,
        [
            "create-category",
            "create-product",
            "delete-category",
            "delete-product",
            "get-category",
            "get-presigned-url",
            "get-product",
            "update-category",
            "update-product"
        ]
    );
    for (id, p) in permissions {
        let p = &p["Properties"];
        assert_eq!(p["Principal"], "apigateway.amazonaws.com", "{id}");
        assert_eq!(p["Action"], "lambda:InvokeFunction", "{id}");
        let arn = p["SourceArn"]["Fn::Sub"].as_str().unwrap();
        assert!(
            arn.starts_with(
                "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${RestApi}/"
            ),
            "{arn}"
        );
        assert_ne!(
            arn.rsplit_once("${RestApi}").unwrap().1,
            "/*/*/*",
            "{id} is not scoped: {arn}"
        );
    }
}

#[test]
fn deployment_depends_on_every_method_and_has_no_stage_name() {
    let t = template();
    let deployments = resources_of(&t, "AWS::ApiGateway::Deployment");
    assert_eq!(deployments.len(), 1);
    let (id, d) = deployments[0];
    assert!(
        id.starts_with("Deployment") && id.len() == "Deployment".len() + 16,
        "{id}"
    );
    assert!(d["Properties"].get("StageName").is_none());
    let depends: Vec<&str> = d["DependsOn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for (method, _) in resources_of(&t, "AWS::ApiGateway::Method") {
        assert!(
            depends.contains(&method.as_str()),
            "{method} missing from DependsOn"
        );
    }
    for (response, _) in resources_of(&t, "AWS::ApiGateway::GatewayResponse") {
        assert!(
            depends.contains(&response.as_str()),
            "{response} missing from DependsOn"
        );
    }
}

#[test]
fn stage_eshop_points_at_the_deployment() {
    let t = template();
    let stages = resources_of(&t, "AWS::ApiGateway::Stage");
    assert_eq!(stages.len(), 1);
    let s = &stages[0].1["Properties"];
    assert_eq!(s["StageName"], "eshop");
    assert_eq!(s["Description"], "Dev environment");
    let deployment = resources_of(&t, "AWS::ApiGateway::Deployment")[0].0;
    assert_eq!(s["DeploymentId"], serde_json::json!({"Ref": deployment}));
}

#[test]
fn outputs_are_the_invoke_url_and_the_api_id() {
    let t = template();
    assert_eq!(
        t["Outputs"]["InvokeUrl"]["Value"]["Fn::Sub"],
        "https://${RestApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${StageEshop}/"
    );
    assert_eq!(
        t["Outputs"]["RestApiId"]["Value"],
        serde_json::json!({"Ref": "RestApi"})
    );
}

#[test]
fn user_pool_parameter_accepts_pool_arns_and_rejects_others() {
    let t = template();
    let p = &t["Parameters"]["UserPoolArn"];
    assert_eq!(p["Type"], "String");
    assert!(p["Description"].as_str().is_some_and(|d| !d.is_empty()));
    let pattern = regex::Regex::new(p["AllowedPattern"].as_str().unwrap()).unwrap();
    assert_eq!(p["AllowedPattern"], USER_POOL_ARN_PATTERN);
    assert!(
        pattern.is_match("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123")
    );
    assert!(
        pattern.is_match("arn:aws-cn:cognito-idp:cn-north-1:123456789012:userpool/cn-north-1_x1")
    );
    assert!(!pattern.is_match("arn:aws:lambda:eu-west-1:123456789012:function:get-product"));
    assert!(!pattern.is_match("eu-west-1_AbCdEf123"));
}

#[test]
fn template_fits_inline_deploy_limit() {
    let t = synthesize(&support::stacks::eshop_fcj::stack()).unwrap();
    let bytes = render(&t, Format::Json).len();
    assert!(
        bytes < 51_200,
        "{bytes} bytes: `aws cloudformation deploy` would need --s3-bucket"
    );
}

#[test]
fn synthesis_is_byte_identical_across_runs() {
    let a = render(
        &synthesize(&support::stacks::eshop_fcj::stack()).unwrap(),
        Format::Json,
    );
    let b = render(
        &synthesize(&support::stacks::eshop_fcj::stack()).unwrap(),
        Format::Json,
    );
    assert_eq!(a, b);
    assert!(a.ends_with("}\n"));
}
