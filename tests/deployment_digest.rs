//! The Deployment's logical id is a digest of what reaches the stage: it changes when a
//! method, integration, authorizer or gateway response changes, and only then.

use crate::support;

use apigw_synth::{
    CognitoUserPoolsAuthorizer, Cors, Integration, Method, Parameter, Resource, RestApi, Stack,
    Stage, UserPool, synthesize,
};

fn authorizer() -> CognitoUserPoolsAuthorizer {
    CognitoUserPoolsAuthorizer::new("users").user_pool(UserPool::from_parameter("PoolArn"))
}

fn api() -> RestApi {
    RestApi::new("shop")
        .default_cors(Cors::new())
        .route("/items", Method::get(Integration::lambda("list-items")))
        .route("/items/{id}", Method::put(Integration::lambda("put-item")))
}

fn deployment_id(api: RestApi) -> String {
    let stack = Stack::new("shop", api).parameter(Parameter::string("PoolArn"));
    let t = synthesize(&stack).expect("synthesizes");
    let ids: Vec<String> = t
        .resources
        .iter()
        .filter(|(_, r)| r.properties.type_name() == "AWS::ApiGateway::Deployment")
        .map(|(id, _)| id.to_string())
        .collect();
    assert_eq!(ids.len(), 1);
    ids[0].clone()
}

#[test]
fn unchanged_api_keeps_its_deployment_id() {
    let a = deployment_id(api().default_authorizer(authorizer()));
    let b = deployment_id(api().default_authorizer(authorizer()));
    assert_eq!(a, b);
}

#[test]
fn eshop_deployment_id_is_stable_across_syntheses() {
    let id = |_: ()| {
        synthesize(&support::stacks::eshop_fcj::stack())
            .unwrap()
            .resources
            .keys()
            .find(|k| k.as_str().starts_with("Deployment"))
            .unwrap()
            .to_string()
    };
    assert_eq!(id(()), id(()));
}

#[test]
fn adding_a_method_changes_the_deployment_id() {
    let before = deployment_id(api().default_authorizer(authorizer()));
    let after = deployment_id(api().default_authorizer(authorizer()).route(
        "/items/{id}",
        Method::delete(Integration::lambda("delete-item")),
    ));
    assert_ne!(before, after);
}

#[test]
fn changing_an_integration_target_changes_the_deployment_id() {
    let before = deployment_id(api().default_authorizer(authorizer()));
    let changed = RestApi::new("shop")
        .default_cors(Cors::new())
        .default_authorizer(authorizer())
        .route("/items", Method::get(Integration::lambda("list-items-v2")))
        .route("/items/{id}", Method::put(Integration::lambda("put-item")));
    assert_ne!(before, deployment_id(changed));
}

#[test]
fn changing_a_method_authorization_changes_the_deployment_id() {
    let before = deployment_id(api().default_authorizer(authorizer()));
    let scoped = api()
        .default_authorizer(authorizer())
        .default_scopes(["shop/read"]);
    assert_ne!(before, deployment_id(scoped));
}

#[test]
fn changing_the_authorizer_changes_the_deployment_id() {
    let before = deployment_id(api().default_authorizer(authorizer()));
    let after = deployment_id(api().default_authorizer(authorizer().result_ttl_seconds(0)));
    assert_ne!(before, after);
    let header = deployment_id(api().default_authorizer(authorizer().token_source("X-Token")));
    assert_ne!(before, header);
}

#[test]
fn changing_only_the_gateway_responses_changes_the_deployment_id() {
    // The resource overrides CORS, so only the API-level gateway responses differ.
    let with_api_cors = |origin: &str| {
        RestApi::new("shop")
            .default_authorizer(authorizer())
            .default_cors(Cors::new().allow_origins([origin]))
            .resource(
                Resource::new("items")
                    .cors(Cors::new())
                    .method(Method::get(Integration::lambda("list-items"))),
            )
    };
    let before = deployment_id(with_api_cors("*"));
    let after = deployment_id(with_api_cors("https://shop.example.com"));
    assert_ne!(before, after);
}

#[test]
fn changing_only_the_stage_keeps_the_deployment_id() {
    let before = deployment_id(api().default_authorizer(authorizer()));
    let after = deployment_id(
        api().default_authorizer(authorizer()).stage(
            Stage::new("prod")
                .description("Production")
                .variable("mode", "live"),
        ),
    );
    assert_eq!(before, after);
}
