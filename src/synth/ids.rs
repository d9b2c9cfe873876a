//! Logical ids of every generated construct, derived from paths and names only.

use sha2::{Digest, Sha256};

use crate::api::{HttpMethod, RequestValidation};
use crate::cfn::{LogicalId, MAX_LOGICAL_ID_LEN, pascal_case};

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

/// The hosted UI's domain of a created user pool.
pub(crate) fn user_pool_domain(pool: &str) -> LogicalId {
    LogicalId::derive("UserPoolDomain", pool, pool)
}

/// A resource server of a created user pool, by its identifier.
pub(crate) fn user_pool_resource_server(pool: &str, identifier: &str) -> LogicalId {
    LogicalId::derive(
        "ResourceServer",
        identifier,
        &format!("{pool}/{identifier}"),
    )
}

/// The invoke permission of one function; `key` identifies the function uniquely.
pub(crate) fn permission(readable: &str, key: &str) -> LogicalId {
    LogicalId::derive("Permission", readable, key)
}

/// The model named `name`.
pub(crate) fn model(name: &str) -> LogicalId {
    LogicalId::readable("Model", name)
}

/// The request validator of one kind of validation.
pub(crate) fn request_validator(validation: RequestValidation) -> LogicalId {
    let readable = match validation {
        RequestValidation::Body => "Body",
        RequestValidation::Parameters => "Parameters",
        RequestValidation::BodyAndParameters => "BodyAndParameters",
    };
    LogicalId::readable("RequestValidator", readable)
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

/// The ids of the resources and methods along the path being walked, depth first: each
/// level derives its ids from its parent's (the PascalCase words so far, and SHA-256 states
/// that have hashed the path so far), so a resource costs time for its own part only and a
/// route thousands of parts deep is hashed once, not once per resource. The ids are those
/// [`resource`] and [`method`] derive from the whole path.
pub(crate) struct PathIds {
    /// The root, then one level per part of the current path.
    levels: Vec<Level>,
}

struct Level {
    /// PascalCase of the path (capped: an id holds at most 255 characters).
    words: String,
    /// SHA-256 state over the path (the raw text of [`resource`]).
    resource: Sha256,
    /// SHA-256 state over `<VERB> <path>` for each verb of [`HttpMethod::ALL`] (the raw
    /// text of [`method`]).
    methods: [Sha256; HttpMethod::ALL.len()],
}

impl PathIds {
    /// At the root `/`.
    pub(crate) fn new() -> Self {
        let methods = HttpMethod::ALL.map(|verb| {
            let mut h = Sha256::new();
            h.update(verb.as_str().as_bytes());
            h.update(b" /");
            h
        });
        let mut resource = Sha256::new();
        resource.update(b"/");
        Self {
            levels: vec![Level {
                words: String::new(),
                resource,
                methods,
            }],
        }
    }

    /// Moves to the child `part` of the resource at `depth` of the current path (the root
    /// is at depth 0), leaving whatever was below that resource.
    pub(crate) fn enter(&mut self, depth: usize, part: &str) {
        self.levels.truncate(depth + 1);
        let Some(parent) = self.levels.last() else {
            return;
        };
        // The root's path `/` already ends in the separator.
        let separator: &[u8] = if depth == 0 { b"" } else { b"/" };
        let feed = |state: &Sha256| {
            let mut h = state.clone();
            h.update(separator);
            h.update(part.as_bytes());
            h
        };
        let mut words = parent.words.clone();
        if words.len() < MAX_LOGICAL_ID_LEN {
            words.push_str(&pascal_case(part));
            words.truncate(MAX_LOGICAL_ID_LEN);
        }
        let level = Level {
            words,
            resource: feed(&parent.resource),
            methods: std::array::from_fn(|i| feed(&parent.methods[i])),
        };
        self.levels.push(level);
    }

    fn current(&self) -> Option<&Level> {
        self.levels.last()
    }

    /// The id of the current resource: [`resource`] of its path.
    pub(crate) fn resource(&self) -> LogicalId {
        match self.current() {
            Some(level) => {
                let digest = level.resource.clone().finalize();
                LogicalId::from_digest("Resource", &[&level.words], &digest)
            }
            None => resource("/"),
        }
    }

    /// The id of the `verb` method on the current resource: [`method`] of its path.
    pub(crate) fn method(&self, verb: HttpMethod) -> LogicalId {
        let (Some(level), Some(i)) = (
            self.current(),
            HttpMethod::ALL.iter().position(|v| *v == verb),
        ) else {
            return method("/", verb);
        };
        let digest = level.methods[i].clone().finalize();
        let words = if self.levels.len() == 1 {
            "Root"
        } else {
            &level.words
        };
        LogicalId::from_digest("Method", &[words, &pascal_case(verb.as_str())], &digest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_along_a_path_are_those_of_the_whole_path() {
        let mut ids = PathIds::new();
        for verb in HttpMethod::ALL {
            assert_eq!(ids.method(verb), method("/", verb));
        }
        let parts = ["products", "{id}", "image-upload", "v1.2", "{proxy+}"];
        let mut path = String::new();
        for (depth, part) in parts.iter().enumerate() {
            ids.enter(depth, part);
            path.push('/');
            path.push_str(part);
            assert_eq!(ids.resource(), resource(&path), "{path}");
            for verb in HttpMethod::ALL {
                assert_eq!(ids.method(verb), method(&path, verb), "{verb} {path}");
            }
        }
        // Back up to a sibling of `/products/{id}`.
        ids.enter(1, "{key}");
        assert_eq!(ids.resource(), resource("/products/{key}"));
        assert_eq!(
            ids.method(HttpMethod::Get),
            method("/products/{key}", HttpMethod::Get)
        );
    }

    #[test]
    fn ids_of_a_path_past_the_id_length_are_those_of_the_whole_path() {
        let mut ids = PathIds::new();
        let mut path = String::new();
        for depth in 0..200 {
            ids.enter(depth, "segment");
            path.push_str("/segment");
        }
        assert_eq!(ids.resource(), resource(&path));
        assert_eq!(
            ids.method(HttpMethod::Delete),
            method(&path, HttpMethod::Delete)
        );
    }
}
