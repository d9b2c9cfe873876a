//! An API defined by an OpenAPI body (a RestApi's `Body`, SAM's `DefinitionBody` of an
//! `AWS::Serverless::Api`) as the API Gateway resources it stands for: resources, methods,
//! authorizers, gateway responses. Review reads such an API as it reads any other, so `diff`
//! between a SAM template and a synthesized one shows only real differences.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

/// The keys of an OpenAPI path item that hold operations, with the method each stands for
/// as API Gateway names it (read here and by `import`).
pub(crate) const VERBS: [(&str, &str); 8] = [
    ("get", "GET"),
    ("put", "PUT"),
    ("post", "POST"),
    ("delete", "DELETE"),
    ("options", "OPTIONS"),
    ("head", "HEAD"),
    ("patch", "PATCH"),
    ("x-amazon-apigateway-any-method", "ANY"),
];

/// What an expanded API's `Body` (or `DefinitionBody`) reads as when it alone defines the
/// API's routes: the routes are compared, the mark is no access control of its own.
pub(crate) const BODY_MARK: &str = "an OpenAPI body, read as the routes it defines";

/// What it reads as beside resources or methods the template declares for the same API
/// itself: API Gateway replaces the API's definition with the body on an update, so the
/// mark is access control.
const MIXED_BODY_MARK: &str =
    "an OpenAPI body beside the API's own resources, read as the routes it defines";

/// `template` with every API defined by an inline OpenAPI (or Swagger 2) body expanded into
/// API Gateway resources, its body replaced by a mark; `None` when it has no such API.
pub fn expand_bodies(template: &Value) -> Option<Value> {
    let resources = template.get("Resources")?.as_object()?;
    let with_body: Vec<(&String, &Value)> = resources
        .iter()
        .filter(|(_, r)| body_of(r).is_some())
        .collect();
    if with_body.is_empty() {
        return None;
    }
    let mut expanded = template.clone();
    let out = expanded.get_mut("Resources")?.as_object_mut()?;
    for (id, resource) in with_body {
        let body = body_of(resource)?;
        let mut api = resource.clone();
        api["Type"] = json!("AWS::ApiGateway::RestApi");
        let mixed = resources.values().any(|r| {
            matches!(
                r.get("Type").and_then(Value::as_str),
                Some("AWS::ApiGateway::Resource" | "AWS::ApiGateway::Method")
            ) && r.pointer("/Properties/RestApiId") == Some(&json!({"Ref": id}))
        });
        if let Some(properties) = api.get_mut("Properties").and_then(Value::as_object_mut) {
            // The body itself stays as a mark (so that adding or removing one is a change to
            // the API), its content read as the routes below.
            let mark = if mixed { MIXED_BODY_MARK } else { BODY_MARK };
            for key in ["Body", "DefinitionBody"] {
                if properties.contains_key(key) {
                    properties.insert(key.into(), json!(mark));
                }
            }
            // SAM's endpoint (`REGIONAL`, `{Type: REGIONAL}`) as a RestApi's.
            if let Some(endpoint) = properties.get_mut("EndpointConfiguration") {
                let kind = match endpoint {
                    Value::String(_) => Some(endpoint.clone()),
                    Value::Object(c) if !c.contains_key("Types") => c.remove("Type"),
                    _ => None,
                };
                match (kind, endpoint) {
                    (Some(kind), Value::Object(c)) => {
                        c.insert("Types".into(), json!([kind]));
                    }
                    (Some(kind), other) => *other = json!({"Types": [kind]}),
                    (None, _) => {}
                }
            }
            let stage = properties.remove("StageName");
            if !properties.contains_key("Name")
                && let Some(title) = body.pointer("/info/title")
            {
                properties.insert("Name".into(), title.clone());
            }
            for (key, extension) in [
                ("BinaryMediaTypes", "x-amazon-apigateway-binary-media-types"),
                ("ApiKeySourceType", "x-amazon-apigateway-api-key-source"),
                ("Policy", "x-amazon-apigateway-policy"),
            ] {
                if let Some(value) = body.get(extension) {
                    properties.entry(key).or_insert_with(|| value.clone());
                }
            }
            // SAM's stage, as SAM creates it.
            if let Some(stage) = stage {
                out.insert(
                    format!("{id}.openapi.stage"),
                    json!({"Type": "AWS::ApiGateway::Stage", "Properties": {
                        "RestApiId": {"Ref": id}, "StageName": stage}}),
                );
            }
        }
        out.insert(id.clone(), api);
        for (child, resource) in Expansion::new(id, body).resources() {
            out.insert(child, resource);
        }
    }
    Some(expanded)
}

/// The inline OpenAPI body of an API resource, when it has one.
fn body_of(resource: &Value) -> Option<&Value> {
    let key = match resource.get("Type")?.as_str()? {
        "AWS::ApiGateway::RestApi" => "Body",
        "AWS::Serverless::Api" => "DefinitionBody",
        _ => return None,
    };
    resource
        .pointer(&format!("/Properties/{key}"))
        .filter(|b| b.get("paths").is_some())
}

/// One API's body being expanded.
struct Expansion<'b> {
    api: &'b str,
    body: &'b Value,
    /// Security scheme name → the authorizer resource's logical id, for the schemes that
    /// are authorizers.
    authorizers: BTreeMap<&'b str, String>,
}

impl<'b> Expansion<'b> {
    fn new(api: &'b str, body: &'b Value) -> Self {
        let authorizers = schemes(body)
            .filter(|(_, s)| s.get("x-amazon-apigateway-authorizer").is_some())
            .map(|(name, _)| (name, format!("{api}.openapi.authorizer.{name}")))
            .collect();
        Self {
            api,
            body,
            authorizers,
        }
    }

    /// Every resource the body stands for, by logical id.
    fn resources(&self) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        let root = json!({"Fn::GetAtt": [self.api, "RootResourceId"]});
        let mut created: BTreeMap<String, String> = BTreeMap::new();
        let paths = self.body.get("paths").and_then(Value::as_object);
        for (path, item) in paths.into_iter().flatten() {
            // Each prefix of the path once.
            let mut parent = root.clone();
            let mut prefix = String::new();
            for part in path.split('/').filter(|p| !p.is_empty()) {
                prefix.push('/');
                prefix.push_str(part);
                let id = match created.get(&prefix) {
                    Some(id) => id.clone(),
                    None => {
                        let id = format!("{}.openapi.resource{prefix}", self.api);
                        out.push((
                            id.clone(),
                            json!({"Type": "AWS::ApiGateway::Resource", "Properties": {
                                "RestApiId": {"Ref": self.api}, "ParentId": parent,
                                "PathPart": part}}),
                        ));
                        created.insert(prefix.clone(), id.clone());
                        id
                    }
                };
                parent = json!({"Ref": id});
            }
            for (key, verb) in VERBS {
                if let Some(operation) = item.get(key) {
                    let id = format!("{}.openapi.method.{verb}{path}", self.api);
                    out.push((id, self.method(verb, &parent, operation)));
                }
            }
        }
        for (name, scheme) in schemes(self.body) {
            if let Some(id) = self.authorizers.get(name) {
                out.push((id.clone(), self.authorizer(name, scheme)));
            }
        }
        let responses = self
            .body
            .get("x-amazon-apigateway-gateway-responses")
            .and_then(Value::as_object);
        for (kind, response) in responses.into_iter().flatten() {
            let mut properties = renamed(
                response,
                &[
                    ("statusCode", "StatusCode"),
                    ("responseParameters", "ResponseParameters"),
                    ("responseTemplates", "ResponseTemplates"),
                ],
            );
            properties.insert("RestApiId".into(), json!({"Ref": self.api}));
            properties.insert("ResponseType".into(), json!(kind));
            out.push((
                format!("{}.openapi.gatewayresponse.{kind}", self.api),
                json!({"Type": "AWS::ApiGateway::GatewayResponse", "Properties": properties}),
            ));
        }
        out
    }

    /// An operation as an `AWS::ApiGateway::Method` on the resource `parent`.
    fn method(&self, verb: &str, parent: &Value, operation: &Value) -> Value {
        let mut properties = Map::new();
        properties.insert("RestApiId".into(), json!({"Ref": self.api}));
        properties.insert("ResourceId".into(), parent.clone());
        properties.insert("HttpMethod".into(), json!(verb));
        // An operation without `security` has the document's.
        let security = operation
            .get("security")
            .or_else(|| self.body.get("security"))
            .and_then(Value::as_array);
        let mut kind = "NONE";
        let requirement = security.and_then(|s| s.first()).and_then(Value::as_object);
        for (name, scopes) in requirement.into_iter().flatten() {
            let scheme = schemes(self.body).find(|(n, _)| n == name).map(|(_, s)| s);
            let authtype = scheme
                .and_then(|s| s.get("x-amazon-apigateway-authtype"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_ascii_lowercase();
            if let Some(id) = self.authorizers.get(name.as_str()) {
                kind = if authtype == "cognito_user_pools" {
                    "COGNITO_USER_POOLS"
                } else {
                    "CUSTOM"
                };
                properties.insert("AuthorizerId".into(), json!({"Ref": id}));
                if matches!(scopes.as_array(), Some(s) if !s.is_empty()) {
                    properties.insert("AuthorizationScopes".into(), scopes.clone());
                }
            } else if authtype == "awssigv4" {
                kind = "AWS_IAM";
            } else if scheme.and_then(|s| s.get("type")).and_then(Value::as_str) == Some("apiKey") {
                properties.insert("ApiKeyRequired".into(), json!(true));
            }
        }
        properties.insert("AuthorizationType".into(), json!(kind));
        if let Some(integration) = operation.get("x-amazon-apigateway-integration") {
            properties.insert("Integration".into(), self::integration(integration));
        }
        json!({"Type": "AWS::ApiGateway::Method", "Properties": properties})
    }

    /// A scheme with `x-amazon-apigateway-authorizer` as an `AWS::ApiGateway::Authorizer`.
    fn authorizer(&self, name: &str, scheme: &Value) -> Value {
        let authorizer = &scheme["x-amazon-apigateway-authorizer"];
        let mut properties = renamed(
            authorizer,
            &[
                ("providerARNs", "ProviderARNs"),
                ("authorizerUri", "AuthorizerUri"),
                ("authorizerCredentials", "AuthorizerCredentials"),
                (
                    "identityValidationExpression",
                    "IdentityValidationExpression",
                ),
                (
                    "authorizerResultTtlInSeconds",
                    "AuthorizerResultTtlInSeconds",
                ),
            ],
        );
        let kind = authorizer
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_uppercase();
        let source = match authorizer.get("identitySource") {
            Some(source) => source.clone(),
            None => {
                let place = match scheme.get("in").and_then(Value::as_str) {
                    Some("query") => "querystring",
                    _ => "header",
                };
                let header = scheme
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("Authorization");
                json!(format!("method.request.{place}.{header}"))
            }
        };
        properties.insert("RestApiId".into(), json!({"Ref": self.api}));
        properties.insert("Name".into(), json!(name));
        properties.insert("Type".into(), json!(kind));
        properties.insert("IdentitySource".into(), source);
        json!({"Type": "AWS::ApiGateway::Authorizer", "Properties": properties})
    }
}

/// The body's security schemes (OpenAPI 3's `components.securitySchemes`, Swagger 2's
/// `securityDefinitions`), by name.
fn schemes(body: &Value) -> impl Iterator<Item = (&str, &Value)> {
    let schemes = body
        .pointer("/components/securitySchemes")
        .or_else(|| body.get("securityDefinitions"))
        .and_then(Value::as_object);
    schemes
        .into_iter()
        .flatten()
        .map(|(name, scheme)| (name.as_str(), scheme))
}

/// `x-amazon-apigateway-integration` as a method's `Integration`.
fn integration(integration: &Value) -> Value {
    let mut properties = renamed(
        integration,
        &[
            ("httpMethod", "IntegrationHttpMethod"),
            ("uri", "Uri"),
            ("credentials", "Credentials"),
            ("connectionType", "ConnectionType"),
            ("connectionId", "ConnectionId"),
            ("contentHandling", "ContentHandling"),
            ("timeoutInMillis", "TimeoutInMillis"),
            ("requestParameters", "RequestParameters"),
            ("requestTemplates", "RequestTemplates"),
            ("cacheKeyParameters", "CacheKeyParameters"),
        ],
    );
    for (from, to) in [
        ("type", "Type"),
        ("passthroughBehavior", "PassthroughBehavior"),
    ] {
        if let Some(text) = integration.get(from).and_then(Value::as_str) {
            properties.insert(to.into(), json!(text.to_ascii_uppercase()));
        }
    }
    let responses: Vec<Value> = integration
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(pattern, response)| {
            let mut r = renamed(
                response,
                &[
                    ("statusCode", "StatusCode"),
                    ("responseParameters", "ResponseParameters"),
                    ("responseTemplates", "ResponseTemplates"),
                    ("contentHandling", "ContentHandling"),
                ],
            );
            if pattern != "default" {
                r.insert("SelectionPattern".into(), json!(pattern));
            }
            Value::Object(r)
        })
        .collect();
    if !responses.is_empty() {
        properties.insert("IntegrationResponses".into(), Value::Array(responses));
    }
    Value::Object(properties)
}

/// The keys of `object` named in `names` (OpenAPI name → CloudFormation name), renamed.
fn renamed(object: &Value, names: &[(&str, &str)]) -> Map<String, Value> {
    names
        .iter()
        .filter_map(|(from, to)| Some(((*to).to_owned(), object.get(*from)?.clone())))
        .collect()
}
