//! Where the API answers: one server per stage at its execute-api URL, and one per custom
//! domain base path mapping.

use indexmap::IndexMap;
use openapiv3::{Server, ServerVariable};
use serde_json::{Map, Value};

use super::api::Api;
use super::text;

/// The servers of `api`: each stage's default endpoint, then each base path mapping of a
/// custom domain to it. `${X}` in a name becomes the server variable `{X}`.
pub(super) fn of(
    api: &Api<'_>,
    resources: &Map<String, Value>,
    parameters: Option<&Map<String, Value>>,
) -> Vec<Server> {
    let mut servers = Vec::new();
    for (_, p) in super::api::of_type(api, resources, "AWS::ApiGateway::Stage") {
        let Some(stage) = text::property(p, "StageName") else {
            continue;
        };
        let url = format!("https://{{restApiId}}.execute-api.{{region}}.amazonaws.com/{stage}");
        // The stage's description after its name, where `import` reads it back.
        let description = match text::property(p, "Description") {
            Some(d) => format!("Stage {stage}: {d}"),
            None => format!("Stage {stage}"),
        };
        let mut server = with_variables(&url, Some(description), parameters);
        let variables = server.variables.get_or_insert_with(IndexMap::new);
        variables.insert(
            "restApiId".into(),
            variable(
                "restApiId",
                "The REST API's id (the stack's RestApiId output)",
            ),
        );
        variables.insert("region".into(), variable("us-east-1", "The stack's region"));
        variables.sort_keys();
        servers.push(server);
    }
    let mappings = resources
        .values()
        .filter(|r| {
            r.get("Type").and_then(Value::as_str) == Some("AWS::ApiGateway::BasePathMapping")
        })
        .filter_map(|r| r.get("Properties"))
        .filter(|p| api.is(p.get("RestApiId")));
    for p in mappings {
        let Some(domain) = domain_text(p.get("DomainName"), resources) else {
            continue;
        };
        let base = text::property(p, "BasePath").unwrap_or_default();
        let url = format!("https://{domain}/{base}");
        let url = url.strip_suffix('/').unwrap_or(&url).to_owned();
        let description = Some(format!("Custom domain {domain}"));
        servers.push(with_variables(&url, description, parameters));
    }
    servers
}

/// A domain name: a `Ref` to the template's `AWS::ApiGateway::DomainName` gives its
/// `DomainName`.
fn domain_text(value: Option<&Value>, resources: &Map<String, Value>) -> Option<String> {
    let value = value?;
    let named = text::ref_id(value)
        .and_then(|id| resources.get(id))
        .and_then(|r| r.pointer("/Properties/DomainName"));
    Some(text::of(named.unwrap_or(value)))
}

/// A server variable with a default.
fn variable(default: &str, description: &str) -> ServerVariable {
    ServerVariable {
        enumeration: Vec::new(),
        default: default.to_owned(),
        description: Some(description.to_owned()),
        extensions: IndexMap::new(),
    }
}

/// A server at `url`, where each `${X}` (a value CloudFormation computes) becomes the variable
/// `{X}`, its default the parameter `X`'s default, else the placeholder's name.
fn with_variables(
    url: &str,
    description: Option<String>,
    parameters: Option<&Map<String, Value>>,
) -> Server {
    let mut variables = IndexMap::new();
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(start) = rest.find("${") {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 2..start + end];
        out.push_str(&rest[..start]);
        let variable_name: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        out.push('{');
        out.push_str(&variable_name);
        out.push('}');
        let default = parameters
            .and_then(|p| p.get(name))
            .and_then(|p| p.get("Default"))
            .map_or_else(|| name.to_owned(), text::of);
        variables.insert(
            variable_name,
            variable(&default, &format!("The value of {name} at deploy time")),
        );
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    Server {
        url: out,
        description,
        variables: (!variables.is_empty()).then_some(variables),
        extensions: IndexMap::new(),
    }
}
