//! __NAME__: the API, every method behind the Cognito authorizer `users` unless it says it is
//! public. Change it, then run `cargo run -- synth` and commit `out/` with it.

use apigw_synth::{
    CognitoUserPoolsAuthorizer, Cors, Integration, Method, Parameter, Resource, RestApi, Stack,
    Stage, USER_POOL_ARN_PATTERN, UserPool,
};

/// The `__NAME__` stack.
pub(crate) fn stack() -> Stack {
    // The user pool exists already: its ARN is a parameter of the deployment.
    let user_pool_arn = Parameter::string("UserPoolArn")
        .description("ARN of the existing Cognito user pool")
        .allowed_pattern(USER_POOL_ARN_PATTERN)
        .constraint_description("must be a Cognito user pool ARN");

    let users = CognitoUserPoolsAuthorizer::new("users")
        .user_pool(UserPool::from_parameter("UserPoolArn"))
        .token_source("Authorization");

    // Lambda proxy integrations of functions that exist already, by name.
    let lambda = Integration::lambda;

    let api = RestApi::new("__NAME__")
        .description("__NAME__ API")
        .default_authorizer(users)
        .default_cors(Cors::new().allow_origins(["https://www.example.com"]))
        .route("/health", Method::get(Integration::mock()).public())
        .resource(
            Resource::new("items")
                .method(Method::get(lambda("list-items")))
                .method(Method::post(lambda("create-item")))
                .resource(
                    Resource::new("{id}")
                        .method(Method::get(lambda("get-item")))
                        .method(Method::delete(lambda("delete-item"))),
                ),
        )
        .stage(Stage::new("prod").description("Production"));

    Stack::new("__NAME__", api).parameter(user_pool_arn)
}
