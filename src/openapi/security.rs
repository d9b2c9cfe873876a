//! Who may call: the authorizers, IAM and API keys as security schemes, and each method's
//! security requirement.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, Components, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme,
};
use serde_json::{Map, Value, json};

use super::api::{Api, of_type, texts};
use super::{ExportOptions, paths, text};

/// The scheme of IAM (SigV4-signed requests).
const SIGV4: &str = "sigv4";
/// The scheme of API keys.
const API_KEY: &str = "api_key";

/// The security schemes of one API: one per authorizer, plus IAM and API keys where a method
/// uses them.
pub(super) struct Schemes<'t> {
    /// Authorizer logical id → its scheme's name.
    names: BTreeMap<&'t str, String>,
    /// Scheme name → scheme, in the order they are written.
    schemes: IndexMap<String, SecurityScheme>,
}

impl<'t> Schemes<'t> {
    /// The schemes of `api`'s authorizers, and IAM and API keys when a method needs them.
    pub(super) fn of(
        api: &Api<'_>,
        resources: &'t Map<String, Value>,
        options: &ExportOptions,
    ) -> Self {
        let mut names = BTreeMap::new();
        let mut schemes = IndexMap::new();
        for (id, p) in of_type(api, resources, "AWS::ApiGateway::Authorizer") {
            let name = scheme_name(&text::property(p, "Name").unwrap_or_else(|| id.to_owned()));
            schemes.insert(name.clone(), authorizer(p, options));
            names.insert(id, name);
        }
        let methods: Vec<&Value> = paths::methods(api, resources).map(|(_, m)| m).collect();
        if methods.iter().any(|m| kind(m) == "AWS_IAM") {
            let mut extensions = IndexMap::new();
            if options.aws_extensions {
                extensions.insert("x-amazon-apigateway-authtype".into(), json!("awsSigv4"));
            }
            schemes.insert(
                SIGV4.into(),
                SecurityScheme::APIKey {
                    location: APIKeyLocation::Header,
                    name: "Authorization".into(),
                    description: Some("A request signed with AWS Signature Version 4".into()),
                    extensions,
                },
            );
        }
        if methods.iter().any(|m| key_required(m)) {
            schemes.insert(
                API_KEY.into(),
                SecurityScheme::APIKey {
                    location: APIKeyLocation::Header,
                    name: "x-api-key".into(),
                    description: Some(
                        "An API key of a usage plan of the stage; not authentication on its own"
                            .into(),
                    ),
                    extensions: IndexMap::new(),
                },
            );
        }
        Self { names, schemes }
    }

    /// What a caller of `method` must present: `Some(vec![])` for a public method without an
    /// API key, `None` where the template's authorization can't be named (an expression, an
    /// authorizer outside the template).
    pub(super) fn requirement(&self, method: &Value) -> Option<Vec<SecurityRequirement>> {
        let mut requirement = SecurityRequirement::new();
        match kind(method).as_str() {
            "NONE" => {}
            "AWS_IAM" => {
                requirement.insert(SIGV4.into(), Vec::new());
            }
            "COGNITO_USER_POOLS" | "CUSTOM" => {
                let id = method.get("AuthorizerId").and_then(text::ref_id)?;
                let scopes = match method.get("AuthorizationScopes") {
                    Some(Value::Array(scopes)) => scopes.iter().map(text::of).collect(),
                    _ => Vec::new(),
                };
                requirement.insert(self.names.get(id)?.clone(), scopes);
            }
            _ => return None,
        }
        if key_required(method) {
            requirement.insert(API_KEY.into(), Vec::new());
        }
        Some(if requirement.is_empty() {
            Vec::new()
        } else {
            vec![requirement]
        })
    }

    /// Writes the schemes into `document`'s components.
    pub(super) fn install(self, document: &mut OpenAPI) {
        if self.schemes.is_empty() {
            return;
        }
        let components = document.components.get_or_insert_with(Components::default);
        components.security_schemes = self
            .schemes
            .into_iter()
            .map(|(name, scheme)| (name, ReferenceOr::Item(scheme)))
            .collect();
    }
}

/// A method's `AuthorizationType`, upper-cased (`NONE` when absent).
fn kind(method: &Value) -> String {
    method
        .get("AuthorizationType")
        .map_or_else(|| "NONE".to_owned(), |v| text::of(v).to_uppercase())
}

/// Whether a method requires an API key.
fn key_required(method: &Value) -> bool {
    method.get("ApiKeyRequired").and_then(Value::as_bool) == Some(true)
}

/// `name` as a component name (letters, digits, `.`, `-`, `_`).
fn scheme_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '-' | '_' => c,
            _ => '_',
        })
        .collect()
}

/// The scheme of an authorizer: the header (or query string) its identity comes from, and
/// with the extensions, API Gateway's authorizer object.
fn authorizer(p: &Value, options: &ExportOptions) -> SecurityScheme {
    let kind = text::property(p, "Type").unwrap_or_default().to_uppercase();
    let sources = text::property(p, "IdentitySource").unwrap_or_default();
    let first = sources.split(',').next().unwrap_or_default().trim();
    let (location, name) = if let Some(h) = first.strip_prefix("method.request.header.") {
        (APIKeyLocation::Header, h.to_owned())
    } else if let Some(q) = first.strip_prefix("method.request.querystring.") {
        (APIKeyLocation::Query, q.to_owned())
    } else {
        (APIKeyLocation::Header, "Authorization".to_owned())
    };
    let mut extensions = IndexMap::new();
    if options.aws_extensions {
        let mut object = Map::new();
        let authtype = match kind.as_str() {
            "COGNITO_USER_POOLS" => {
                object.insert("type".into(), json!("cognito_user_pools"));
                if let Some(arns) = p.get("ProviderARNs") {
                    object.insert("providerARNs".into(), texts(arns));
                }
                "cognito_user_pools"
            }
            // TOKEN and REQUEST, as API Gateway's export writes them.
            _ => {
                object.insert("type".into(), json!(kind.to_lowercase()));
                "custom"
            }
        };
        for (from, to) in [
            ("AuthorizerUri", "authorizerUri"),
            ("AuthorizerCredentials", "authorizerCredentials"),
            (
                "IdentityValidationExpression",
                "identityValidationExpression",
            ),
            (
                "AuthorizerResultTtlInSeconds",
                "authorizerResultTtlInSeconds",
            ),
        ] {
            if let Some(value) = p.get(from) {
                object.insert(to.into(), texts(value));
            }
        }
        if kind == "REQUEST" && !sources.is_empty() {
            object.insert("identitySource".into(), json!(sources));
        }
        extensions.insert("x-amazon-apigateway-authtype".into(), json!(authtype));
        extensions.insert(
            "x-amazon-apigateway-authorizer".into(),
            Value::Object(object),
        );
    }
    let description = match kind.as_str() {
        "COGNITO_USER_POOLS" => "A token of the authorizer's Cognito user pools",
        "TOKEN" => "A token a Lambda authorizer checks",
        _ => "Request parameters a Lambda authorizer checks",
    };
    SecurityScheme::APIKey {
        location,
        name,
        description: Some(description.into()),
        extensions,
    }
}
