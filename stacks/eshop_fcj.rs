//! eshop-fcj: the shop's REST API, every method behind the Cognito authorizer.
//!
//! The console steps this replaces, in order: create the REGIONAL API `eshop-fcj` with binary
//! media type `multipart/form-data`; create the Cognito authorizer; create each resource and
//! method with its Lambda proxy integration and pick the authorizer; enable CORS; deploy to
//! stage `eshop`.

use apigw_synth::{
    CognitoUserPoolsAuthorizer, Cors, EndpointType, Integration, Method, Parameter, Resource,
    RestApi, Stack, Stage, USER_POOL_ARN_PATTERN, UserPool,
};

/// The eshop-fcj stack.
pub(crate) fn stack() -> Stack {
    let user_pool_arn = Parameter::string("UserPoolArn")
        .description("ARN of the existing Cognito user pool")
        .allowed_pattern(USER_POOL_ARN_PATTERN)
        .constraint_description("must be a Cognito user pool ARN");

    let authorizer = CognitoUserPoolsAuthorizer::new("cognito-authorizer-eshop-fcj")
        .user_pool(UserPool::from_parameter("UserPoolArn"))
        .token_source("Authorization");

    let lambda = Integration::lambda;

    let api = RestApi::new("eshop-fcj")
        .description("eshop-fcj")
        .endpoint_type(EndpointType::Regional)
        .binary_media_type("multipart/form-data")
        .default_authorizer(authorizer)
        .default_cors(Cors::new().allow_origins(["*"]))
        .resource(
            Resource::new("categories")
                .method(Method::get(lambda("get-category")))
                .method(Method::post(lambda("create-category")))
                .resource(
                    Resource::new("{id}")
                        .method(Method::get(lambda("get-category")))
                        .method(Method::put(lambda("update-category")))
                        .method(Method::delete(lambda("delete-category"))),
                ),
        )
        .resource(
            Resource::new("products")
                .method(Method::get(lambda("get-product")))
                .method(Method::post(lambda("create-product")))
                .resource(
                    Resource::new("{id}")
                        .method(Method::get(lambda("get-product")))
                        .method(Method::put(lambda("update-product")))
                        .method(Method::delete(lambda("delete-product"))),
                ),
        )
        .resource(Resource::new("upload-image").method(Method::post(lambda("get-presigned-url"))))
        .stage(Stage::new("eshop").description("Dev environment"));

    Stack::new("eshop-fcj", api).parameter(user_pool_arn)
}
