//! The project's two example stacks, synthesized in process for its `out/` and `snapshots/`:
//! the Rust stack of `templates/init/stack.rs`, built here with the same builder calls, and
//! the stack file of `templates/init/stack.yaml`, loaded as `synth` loads it.

use std::path::Path;

use super::ProjectError;
use super::files::Rendered;
use super::name::ProjectName;
use crate::out::OutFile;
use crate::{
    CognitoUserPoolsAuthorizer, Cors, Format, Integration, Method, Parameter, Resource, RestApi,
    Stack, Stage, USER_POOL_ARN_PATTERN, UserPool, stack_file,
};

/// The stack `templates/init/stack.rs` builds, for the project `name`. A project's own
/// `synth --check` compares the two (tests/init.rs).
pub(super) fn rust_stack(name: &ProjectName) -> Stack {
    let name = name.name.as_str();
    let user_pool_arn = Parameter::string("UserPoolArn")
        .description("ARN of the existing Cognito user pool")
        .allowed_pattern(USER_POOL_ARN_PATTERN)
        .constraint_description("must be a Cognito user pool ARN");

    let users = CognitoUserPoolsAuthorizer::new("users")
        .user_pool(UserPool::from_parameter("UserPoolArn"))
        .token_source("Authorization");

    let lambda = Integration::lambda;

    let api = RestApi::new(name)
        .description(format!("{name} API"))
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

    Stack::new(name, api).parameter(user_pool_arn)
}

/// The templates of both stacks, as `synth` writes them into `out/`.
pub(super) fn templates(
    name: &ProjectName,
    rendered: &Rendered,
) -> Result<Vec<OutFile>, ProjectError> {
    let file = stack_file::load_str(Path::new(&rendered.stack_file_path), &rendered.stack_file)
        .map_err(|e| stack_file::StacksError {
            rust: None,
            files: vec![e],
        })?;
    let synthesized = stack_file::synthesize_all(&[rust_stack(name)], &[file], Format::Json)?;
    Ok(synthesized
        .into_iter()
        .flat_map(|s| s.files)
        .map(|f| OutFile {
            name: f.path,
            contents: f.contents,
        })
        .collect())
}
