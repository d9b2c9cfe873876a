//! `x-amazon-apigateway-integration`: where a method's requests go. A Lambda proxy becomes
//! `lambda`/`lambdaArn`, a plain mock `mock: true`, a CORS preflight goes to
//! [`cors`](super::cors), HTTP and AWS integrations (Lambda without proxy among them)
//! `http`, `httpProxy` or `aws` when synth writes them back exactly ([`backend`]); the rest
//! is listed as lossy.

mod aws;
mod backend;

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::ImportError;
use super::api::Reader;
use super::cors::Preflight;
use super::values::placeholders;
use crate::stack_file::format::{LambdaSpec, ValueSpec};

pub(super) use backend::Backend;

/// Where an imported method's requests go.
#[derive(Debug, Clone)]
pub(super) enum Target {
    /// A Lambda proxy integration.
    Lambda(LambdaSpec),
    /// A Lambda proxy integration, by ARN.
    LambdaArn(ValueSpec),
    /// A mock answering `200` (or a stand-in for an integration listed as lossy).
    Mock,
    /// A CORS preflight.
    Preflight(Preflight),
    /// The document gives no integration: a mock stands in, said so in the file.
    Missing,
    /// An HTTP or AWS integration, with the method request parameters it declares
    /// (`method.request.querystring.q`).
    Backend(Box<Backend>, BTreeSet<String>),
}

/// A Lambda function, as an integration or authorizer URI names it.
#[derive(Debug, Clone)]
pub(super) enum Function {
    /// `function:NAME` in the stack's own account and region.
    Name(String),
    /// Any other ARN, or one given at deploy time.
    Arn(ValueSpec),
}

/// The mock synth writes for `mock: true`.
fn plain_mock_templates() -> Value {
    json!({"application/json": "{\"statusCode\": 200}"})
}

/// Reads the integration of the operation at `parts`.
pub(super) fn read(
    reader: &mut Reader<'_>,
    integration: Option<&Value>,
    parts: &[String],
    method: &str,
) -> Result<Target, ImportError> {
    let Some(integration) = integration else {
        return Ok(Target::Missing);
    };
    let mut parts = parts.to_vec();
    parts.push("x-amazon-apigateway-integration".into());
    let integration = reader.resolve(integration);
    let Some(map) = integration.as_object() else {
        return Err(reader.invalid(&parts, "the integration is not a mapping"));
    };
    let kind = map
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_ascii_lowercase();
    let uri = map.get("uri");
    match kind.as_str() {
        "mock" => Ok(mock(reader, map, &parts)),
        "aws_proxy" | "aws" => {
            let Some(uri) = uri else {
                return Err(reader.invalid(&parts, "an AWS integration needs a `uri`"));
            };
            let text = uri_text(reader, uri, &parts)?;
            let function = lambda_function_of(&text)
                .map_err(|problem| reader.uri_error(&parts, &text, problem))?;
            if kind == "aws" {
                return Ok(service(reader, map, &parts, method, &text, function));
            }
            let Some(function) = function else {
                reader.lose(&parts, "an AWS_PROXY integration to a service other than Lambda: stack files have none; a mock stands in");
                return Ok(Target::Mock);
            };
            let mut uri_parts = parts.clone();
            uri_parts.push("uri".into());
            let function = function_of(reader, function, &uri_parts);
            proxy_details(reader, map, &parts, method);
            Ok(match function {
                Function::Name(name) => Target::Lambda(LambdaSpec::Name(name)),
                Function::Arn(arn) => Target::LambdaArn(arn),
            })
        }
        "http" | "http_proxy" => {
            let text = match uri {
                Some(uri) => uri_text(reader, uri, &parts)?,
                None => String::new(),
            };
            if !(text.starts_with("https://") || text.starts_with("http://")) {
                return Err(reader.uri_error(
                    &parts,
                    &text,
                    "an HTTP integration's URI is an `http://` or `https://` URL",
                ));
            }
            Ok(http(
                reader,
                map,
                &parts,
                method,
                &text,
                kind == "http_proxy",
            ))
        }
        other => Err(reader.invalid(
            &parts,
            &format!(
                "integration type `{other}` is none of aws_proxy, aws, http, http_proxy, mock"
            ),
        )),
    }
}

/// The route `VERB /path` as its verb and path.
fn split_route(route: &str) -> (&str, &str) {
    route.split_once(' ').unwrap_or((route, "/"))
}

/// An `http` or `http_proxy` integration to `url`, as `http`/`httpProxy` when synth writes it
/// back exactly; else listed as lossy, a mock standing in.
fn http(
    reader: &mut Reader<'_>,
    map: &Map<String, Value>,
    parts: &[String],
    route: &str,
    url: &str,
    proxy: bool,
) -> Target {
    let (verb, path) = split_route(route);
    let mut values = reader.values.clone();
    let mut at = parts.to_vec();
    at.push("uri".into());
    let url_spec = values.value(url, &reader.at(&at));
    let http_method = map
        .get("httpMethod")
        .and_then(Value::as_str)
        .filter(|m| !m.eq_ignore_ascii_case(verb))
        .map(str::to_ascii_uppercase);
    let vpc_link = map
        .get("connectionType")
        .and_then(Value::as_str)
        .filter(|t| t.eq_ignore_ascii_case("vpc_link"))
        .and_then(|_| map.get("connectionId"))
        .map(crate::openapi::as_texts)
        .and_then(|id| id.as_str().map(|id| values.value(id, &reader.at(parts))));
    let url_value = backend::api_value(&url_spec);
    let mut api = if proxy {
        crate::api::Integration::http_proxy(url_value)
    } else {
        crate::api::Integration::http(url_value)
    };
    if let Some(method) = http_method.as_deref().and_then(|m| m.parse().ok()) {
        api = api.http_method(method);
    }
    if let Some(link) = &vpc_link {
        api = api.vpc_link(backend::api_value(link));
    }
    let candidate = backend::Candidate {
        api: api.into(),
        spec: Backend::Http {
            spec: backend::http_spec(url_spec, http_method, vpc_link),
            proxy,
        },
    };
    match backend::settle(reader, map, parts, verb, path, vec![(candidate, values)]) {
        Some((backend, implied)) => Target::Backend(Box::new(backend), implied),
        None => {
            reader.lose(parts, format!("an HTTP integration to {url} that the stack file's `http`/`httpProxy` would not write as it is; a mock stands in"));
            Target::Mock
        }
    }
}

/// An `aws` integration (a service action, or a Lambda function without proxy), as `aws`
/// when synth writes it back exactly; else listed as lossy, a mock standing in.
fn service(
    reader: &mut Reader<'_>,
    map: &Map<String, Value>,
    parts: &[String],
    route: &str,
    uri: &str,
    function: Option<&str>,
) -> Target {
    let (verb, path) = split_route(route);
    let Some((service, target)) = aws::service_target(uri) else {
        reader.lose(
            parts,
            format!("an AWS integration to `{uri}`: not read; a mock stands in"),
        );
        return Target::Mock;
    };
    let text = |key: &str| match map.get(key).map(crate::openapi::as_texts) {
        Some(Value::String(text)) => Some(text),
        _ => None,
    };
    let source = aws::Source {
        service,
        target,
        http_method: text("httpMethod")
            .unwrap_or_else(|| "POST".to_owned())
            .to_ascii_uppercase(),
        credentials: text("credentials"),
        template: aws::json_template(map),
        function,
        at: reader.at(parts),
    };
    let candidates = aws::candidates(&source, &reader.values);
    match backend::settle(reader, map, parts, verb, path, candidates) {
        Some((backend, implied)) => Target::Backend(Box::new(backend), implied),
        None => {
            let what = if function.is_some() {
                "a Lambda integration without proxy that the stack file's `aws` (`lambda:InvokeFunction`, a function of the stack's own account and region by name) would not write as it is; a mock stands in".to_owned()
            } else {
                format!(
                    "an AWS service integration ({service} {target}) that the stack file's `aws` would not write as it is (a known action, or `service` and `target` with the document's `credentials`); a mock stands in"
                )
            };
            reader.lose(parts, what);
            Target::Mock
        }
    }
}

/// The text of a URI: a string, or the string of a `Fn::Sub` (as SAM bodies write them).
fn uri_text(reader: &Reader<'_>, uri: &Value, parts: &[String]) -> Result<String, ImportError> {
    match uri {
        Value::String(text) => Ok(text.clone()),
        Value::Object(map) => match map.get("Fn::Sub") {
            Some(Value::String(text)) => Ok(text.clone()),
            _ => Err(reader.uri_error(
                parts,
                &serde_json::to_string(uri).unwrap_or_default(),
                "an expression the import can't read: write the URI as text or `Fn::Sub`",
            )),
        },
        _ => Err(reader.uri_error(parts, &uri.to_string(), "a URI is text")),
    }
}

/// The function ARN inside a Lambda URI
/// (`arn:P:apigateway:R:lambda:path/2015-03-31/functions/ARN/invocations`), `None` for
/// another service's URI, an error for anything else.
pub(super) fn lambda_function_of(uri: &str) -> Result<Option<&str>, &'static str> {
    const SHAPE: &str = "an AWS integration URI is `arn:PARTITION:apigateway:REGION:SERVICE:path/…` or `…:action/…`";
    let Some(start) = uri
        .strip_prefix("arn:")
        .and_then(|_| uri.find(":apigateway:"))
    else {
        return Err(SHAPE);
    };
    let after = &uri[start + ":apigateway:".len()..];
    if let Some(at) = after.find(":lambda:path/") {
        let path = &after[at + ":lambda:path/".len()..];
        return path
            .strip_prefix("2015-03-31/functions/")
            .and_then(|f| f.strip_suffix("/invocations"))
            .filter(|f| !f.is_empty())
            .map(Some)
            .ok_or(
                "a Lambda URI is `…:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations`",
            );
    }
    if after.contains(":path/") || after.contains(":action/") {
        Ok(None)
    } else {
        Err(SHAPE)
    }
}

/// The function of an ARN found at `parts`: by name when it is `function:NAME` in the stack's
/// own account and region, else by ARN (a function resource of a template, `${F.Arn}`,
/// becomes the parameter `FArn`, listed as lossy).
pub(super) fn function_of(reader: &mut Reader<'_>, arn: &str, parts: &[String]) -> Function {
    const OWN: &str = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:";
    if let Some(name) = arn.strip_prefix(OWN)
        && !name.is_empty()
        && !name.contains(['$', ':', '/'])
    {
        return Function::Name(name.to_owned());
    }
    let at = reader.at(parts);
    Function::Arn(reader.values.value(arn, &at))
}

/// A mock: plain, a CORS preflight, or another answer (listed as lossy).
fn mock(reader: &mut Reader<'_>, map: &Map<String, Value>, parts: &[String]) -> Target {
    if let Some(preflight) = Preflight::of(map, reader.at(parts)) {
        return Target::Preflight(preflight);
    }
    let plain_responses = json!({"default": {"statusCode": "200"}});
    for (key, value) in map {
        let fine = match key.as_str() {
            "type" => true,
            "requestTemplates" => *value == plain_mock_templates(),
            "responses" => *value == plain_responses,
            "passthroughBehavior" => value
                .as_str()
                .is_some_and(|v| v.eq_ignore_ascii_case("when_no_match")),
            _ => false,
        };
        if !fine {
            let mut at = parts.to_vec();
            at.push(key.clone());
            reader.lose(
                &at,
                "a mock's own answer: `mock: true` answers 200 with an empty body",
            );
        }
    }
    Target::Mock
}

/// What a Lambda proxy integration sets besides its function: API Gateway's defaults pass,
/// a timeout and credentials become overrides of the method, the rest is listed as lossy.
fn proxy_details(
    reader: &mut Reader<'_>,
    map: &Map<String, Value>,
    parts: &[String],
    method: &str,
) {
    for (key, value) in map {
        let mut at = parts.to_vec();
        at.push(key.clone());
        let text = value.as_str().unwrap_or_default();
        match key.as_str() {
            "type" | "uri" | "cacheNamespace" => {}
            "httpMethod" if text.eq_ignore_ascii_case("POST") => {}
            "passthroughBehavior" if text.eq_ignore_ascii_case("when_no_match") => {}
            "connectionType" if text.eq_ignore_ascii_case("INTERNET") => {}
            "cacheKeyParameters" if value.as_array().is_some_and(Vec::is_empty) => {}
            // A proxy answers with what its function returns; API Gateway's export writes this.
            "responses" if *value == json!({"default": {"statusCode": "200"}}) => {}
            "timeoutInMillis" if value.as_u64() == Some(29_000) => {}
            "timeoutInMillis" if value.as_u64().is_some() => {
                reader.override_integration(method, "TimeoutInMillis", value.clone());
            }
            "credentials" if value.is_string() => {
                let cfn = cfn_text(value.as_str().unwrap_or_default());
                reader.override_integration(method, "Credentials", cfn);
            }
            _ => reader.lose(
                &at,
                format!("`{key}` of a Lambda proxy integration: stack files don't set it"),
            ),
        }
    }
}

/// `text` as a template writes it: a literal, or `Fn::Sub` when it has placeholders.
fn cfn_text(text: &str) -> Value {
    if placeholders(text).is_empty() {
        json!(text)
    } else {
        json!({"Fn::Sub": text})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lambda_uri_gives_its_function_arn() {
        let uri = "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:get-category/invocations";
        assert_eq!(
            lambda_function_of(uri),
            Ok(Some(
                "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:get-category"
            ))
        );
        assert_eq!(
            lambda_function_of("arn:aws:apigateway:us-east-1:s3:path/bucket/key"),
            Ok(None)
        );
        assert!(lambda_function_of("lambda:get-category").is_err());
        assert!(
            lambda_function_of("arn:aws:apigateway:us-east-1:lambda:path/functions/x").is_err()
        );
    }
}
