//! Logical ids of every generated construct, derived from paths and names only.

use crate::api::HttpMethod;
use crate::cfn::LogicalId;

/// The API itself (one per stack).
pub(crate) fn rest_api() -> LogicalId {
    LogicalId::readable("RestApi", "")
}

/// The resource at `path` (never the root, which API Gateway creates).
pub(crate) fn resource(path: &str) -> LogicalId {
    LogicalId::derive("Resource", path, path)
}

/// The `verb` method at `path`.
pub(crate) fn method(path: &str, verb: HttpMethod) -> LogicalId {
    let readable = if path == "/" { "Root" } else { path };
    LogicalId::derive(
        "Method",
        &format!("{readable}/{}", verb.as_str()),
        &format!("{} {path}", verb.as_str()),
    )
}

/// The authorizer named `name`.
pub(crate) fn authorizer(name: &str) -> LogicalId {
    LogicalId::derive("Authorizer", name, name)
}

/// A user pool the stack creates.
pub(crate) fn user_pool(name: &str) -> LogicalId {
    LogicalId::derive("UserPool", name, name)
}

/// The app client of a created user pool.
pub(crate) fn user_pool_client(pool: &str, client: &str) -> LogicalId {
    LogicalId::derive("UserPoolClient", client, &format!("{pool}/{client}"))
}

/// The invoke permission of one function; `key` identifies the function uniquely.
pub(crate) fn permission(readable: &str, key: &str) -> LogicalId {
    LogicalId::derive("Permission", readable, key)
}

/// A gateway response such as `DEFAULT_4XX`.
pub(crate) fn gateway_response(response_type: &str) -> LogicalId {
    LogicalId::readable("GatewayResponse", &response_type.replace('_', ""))
}

/// The deployment; `digest` changes whenever anything that reaches the stage does.
pub(crate) fn deployment(digest: &str) -> LogicalId {
    LogicalId::readable("Deployment", digest)
}

/// The stage named `name`.
pub(crate) fn stage(name: &str) -> LogicalId {
    LogicalId::readable("Stage", name)
}

/// The output holding the invoke URL of the stage `name` (the first stage's is `InvokeUrl`).
pub(crate) fn invoke_url(stage: &str) -> LogicalId {
    LogicalId::readable("InvokeUrl", stage)
}

/// The custom domain named (or given by the parameter) `key`.
pub(crate) fn domain(key: &str) -> LogicalId {
    LogicalId::derive("Domain", key, key)
}

/// The base path mapping of `path` on the domain `key`.
pub(crate) fn base_path_mapping(key: &str, path: &str) -> LogicalId {
    let shown = if path.is_empty() { "Root" } else { path };
    LogicalId::derive("BasePathMapping", shown, &format!("{key}/{path}"))
}

/// The Route 53 alias record of the domain `key`.
pub(crate) fn domain_record(key: &str) -> LogicalId {
    LogicalId::derive("DomainRecord", key, key)
}

/// The web ACL association of the stage `name`.
pub(crate) fn web_acl_association(stage: &str) -> LogicalId {
    LogicalId::readable("WebAcl", stage)
}

/// The log group the stage named `name` writes its access logs to.
pub(crate) fn access_log_group(stage: &str) -> LogicalId {
    LogicalId::readable("AccessLogs", stage)
}

/// The role API Gateway writes CloudWatch logs with (one per account and region).
pub(crate) fn cloudwatch_role() -> LogicalId {
    LogicalId::readable("ApiGatewayCloudWatchRole", "")
}

/// The account-wide API Gateway settings that point at that role.
pub(crate) fn account() -> LogicalId {
    LogicalId::readable("ApiGatewayAccount", "")
}

/// The logical id of a declared parameter (validated during resolution), which also names
/// the stack's own outputs.
pub(crate) fn parameter(name: &str) -> LogicalId {
    LogicalId::new(name).unwrap_or_else(|_| LogicalId::readable("Parameter", name))
}
