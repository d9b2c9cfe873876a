//! Who may call: security schemes as authorizers (Cognito, Lambda TOKEN and REQUEST), IAM
//! and API keys, and each operation's security requirement as its protection. A scheme API
//! Gateway does not check itself (OAuth2, OpenID Connect, HTTP) is listed as lossy and its
//! methods fall back to IAM: closed, never open.

use std::collections::BTreeMap;

use serde_json::Value;

use super::ImportError;
use super::api::Reader;
use super::integration::{Function, function_of, lambda_function_of};
use crate::stack_file::format::{
    AuthorizerSpec, CognitoSpec, Deferred, IdentitySourceSpec, LambdaAuthorizerSpec, LambdaSpec,
};

/// What a security scheme is to API Gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scheme {
    /// An authorizer of this name; Cognito ones take scopes.
    Authorizer { cognito: bool },
    /// IAM (SigV4).
    Iam,
    /// API keys (`x-api-key`).
    ApiKey,
    /// Something API Gateway does not check itself.
    Unchecked,
}

/// The document's security schemes, and the authorizers they declare.
#[derive(Debug, Default)]
pub(super) struct Schemes {
    schemes: BTreeMap<String, Scheme>,
    /// The authorizers, by scheme name.
    pub(super) authorizers: BTreeMap<String, Deferred<AuthorizerSpec>>,
}

/// Who may call one method.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Protection {
    /// The authorizer, with the scopes a token must carry one of.
    pub(super) authorizer: Option<(String, Vec<String>)>,
    /// IAM authorization.
    pub(super) iam: bool,
    /// An API key is required.
    pub(super) api_key: bool,
}

impl Protection {
    /// Nothing but, at most, an API key: anyone may call.
    pub(super) fn is_public(&self) -> bool {
        self.authorizer.is_none() && !self.iam
    }
}

impl Schemes {
    /// The schemes of the document (`components.securitySchemes`, Swagger's
    /// `securityDefinitions`).
    pub(super) fn read(reader: &mut Reader<'_>) -> Result<Self, ImportError> {
        let mut out = Schemes::default();
        let (container, base): (Option<&Value>, Vec<String>) = if reader.swagger {
            (
                reader.doc.get("securityDefinitions"),
                vec!["securityDefinitions".into()],
            )
        } else {
            (
                reader.doc.pointer("/components/securitySchemes"),
                vec!["components".into(), "securitySchemes".into()],
            )
        };
        let doc = reader.doc;
        let Some(schemes) = container.and_then(Value::as_object) else {
            return Ok(out);
        };
        for (name, scheme) in schemes {
            let scheme = crate::import::document::resolve(doc, scheme);
            let mut parts = base.clone();
            parts.push(name.clone());
            let kind = read_scheme(reader, &mut out, name, scheme, &parts)?;
            out.schemes.insert(name.clone(), kind);
        }
        Ok(out)
    }

    /// The protection of the operation at `parts`, from its `security` (else the
    /// document's). An undeclared scheme is an error.
    pub(super) fn protection(
        &self,
        reader: &mut Reader<'_>,
        operation: &Value,
        parts: &[String],
    ) -> Result<Protection, ImportError> {
        let mut protection = Protection::default();
        if let Some(auth) = operation.get("x-amazon-apigateway-auth") {
            let kind = auth.get("type").and_then(Value::as_str).unwrap_or_default();
            if kind.eq_ignore_ascii_case("aws_iam") {
                protection.iam = true;
                return Ok(protection);
            }
        }
        let (security, mut at) = match operation.get("security") {
            Some(s) => (Some(s), parts.to_vec()),
            None => (reader.doc.get("security"), Vec::new()),
        };
        at.push("security".into());
        let Some(alternatives) = security.and_then(Value::as_array) else {
            return Ok(protection);
        };
        if alternatives.len() > 1 {
            let mut later = at.clone();
            later.push("1".into());
            reader.lose(&later, "another way to authorize: a method has one authorization; only the first requirement is imported");
        }
        let Some(requirement) = alternatives.first().and_then(Value::as_object) else {
            return Ok(protection);
        };
        at.push("0".into());
        for (name, scopes) in requirement {
            let mut here = at.clone();
            here.push(name.clone());
            let Some(scheme) = self.schemes.get(name) else {
                return Err(ImportError::UnknownScheme {
                    file: reader.file.to_owned(),
                    pointer: reader.at(&here),
                    name: name.clone(),
                    declared: self.schemes.keys().cloned().collect(),
                });
            };
            let scopes: Vec<String> = scopes
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            match scheme {
                Scheme::Authorizer { cognito } => {
                    if protection.authorizer.is_some() || protection.iam {
                        reader.lose(&here, "a second authorizer: a method has one");
                        continue;
                    }
                    if !cognito && !scopes.is_empty() {
                        reader.lose(
                            &here,
                            "scopes on a Lambda authorizer: only Cognito checks scopes",
                        );
                    }
                    let scopes = if *cognito { scopes } else { Vec::new() };
                    protection.authorizer = Some((name.clone(), scopes));
                }
                Scheme::Iam => {
                    if protection.authorizer.is_some() {
                        reader.lose(
                            &here,
                            "IAM beside an authorizer: a method has one authorization",
                        );
                    } else {
                        protection.iam = true;
                    }
                }
                Scheme::ApiKey => protection.api_key = true,
                Scheme::Unchecked => {
                    reader.lose(
                        &here,
                        format!("scheme `{name}` is none API Gateway checks itself: the method requires IAM until you give it an authorizer"),
                    );
                    if protection.authorizer.is_none() {
                        protection.iam = true;
                    }
                }
            }
        }
        Ok(protection)
    }
}

/// One scheme: what it is, and the authorizer it declares, if any.
fn read_scheme(
    reader: &mut Reader<'_>,
    out: &mut Schemes,
    name: &str,
    scheme: &Value,
    parts: &[String],
) -> Result<Scheme, ImportError> {
    let text = |key: &str| scheme.get(key).and_then(Value::as_str).unwrap_or_default();
    let authtype = text("x-amazon-apigateway-authtype").to_ascii_lowercase();
    if let Some(authorizer) = scheme.get("x-amazon-apigateway-authorizer") {
        let mut at = parts.to_vec();
        at.push("x-amazon-apigateway-authorizer".into());
        let Some(spec) = authorizer_spec(reader, scheme, authorizer, &at)? else {
            return Ok(Scheme::Unchecked);
        };
        let cognito = spec.cognito.is_some();
        let deferred = Deferred::new(&spec).map_err(|e| reader.invalid(&at, &e.to_string()))?;
        out.authorizers.insert(name.to_owned(), deferred);
        return Ok(Scheme::Authorizer { cognito });
    }
    if authtype == "awssigv4" {
        return Ok(Scheme::Iam);
    }
    if text("type") == "apiKey"
        && text("in") == "header"
        && text("name").eq_ignore_ascii_case("x-api-key")
    {
        return Ok(Scheme::ApiKey);
    }
    Ok(Scheme::Unchecked)
}

/// The authorizer of `x-amazon-apigateway-authorizer` (at `at`); `None` (listed as lossy)
/// for a type stack files don't have.
fn authorizer_spec(
    reader: &mut Reader<'_>,
    scheme: &Value,
    authorizer: &Value,
    at: &[String],
) -> Result<Option<AuthorizerSpec>, ImportError> {
    let field = |key: &str| authorizer.get(key);
    let part = |key: &str| {
        let mut p = at.to_vec();
        p.push(key.to_owned());
        p
    };
    let kind = field("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_ascii_lowercase();
    // The header the token comes from: the identity source, else the scheme's `name`.
    let header = field("identitySource")
        .and_then(Value::as_str)
        .and_then(|s| s.trim().strip_prefix("method.request.header."))
        .map(str::to_owned)
        .or_else(|| {
            (scheme.get("in").and_then(Value::as_str) == Some("header"))
                .then(|| {
                    scheme
                        .get("name")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                })
                .flatten()
        });
    let token_source = header.filter(|h| h != "Authorization");
    let result_ttl_seconds = field("authorizerResultTtlInSeconds")
        .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
        .and_then(|v| u32::try_from(v).ok());
    let mut spec = AuthorizerSpec {
        cognito: None,
        lambda_token: None,
        lambda_request: None,
        token_source: None,
        result_ttl_seconds,
    };
    match kind.as_str() {
        "cognito_user_pools" => {
            let mut arns = Vec::new();
            for (i, arn) in field("providerARNs")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let mut p = part("providerARNs");
                p.push(i.to_string());
                let pointer = reader.at(&p);
                match reader.values.json(arn, &pointer) {
                    Some(v) => arns.push(v),
                    None => reader.lose(&p, "a user pool ARN the import can't read"),
                }
            }
            if field("identityValidationExpression").is_some() {
                reader.lose(
                    &part("identityValidationExpression"),
                    "a Cognito authorizer's validation expression: stack files don't set it",
                );
            }
            spec.cognito = Some(CognitoSpec {
                user_pool_arns: arns,
                create_user_pools: Vec::new(),
            });
            spec.token_source = token_source;
        }
        "token" | "request" => {
            let uri = field("authorizerUri")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let function = lambda_function_of(uri)
                .map_err(|problem| reader.uri_error(&part("authorizerUri"), uri, problem))?
                .ok_or_else(|| {
                    reader.uri_error(
                        &part("authorizerUri"),
                        uri,
                        "a Lambda authorizer's URI names a Lambda function",
                    )
                })?;
            let (function, function_arn) =
                match function_of(reader, function, &part("authorizerUri")) {
                    Function::Name(name) => (Some(LambdaSpec::Name(name)), None),
                    Function::Arn(arn) => (None, Some(arn)),
                };
            let credentials = field("authorizerCredentials")
                .and_then(Value::as_str)
                .map(|c| {
                    let pointer = reader.at(&part("authorizerCredentials"));
                    reader.values.value(c, &pointer)
                });
            let validation_expression = field("identityValidationExpression")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let mut lambda = LambdaAuthorizerSpec {
                function,
                function_arn,
                identity_sources: Vec::new(),
                validation_expression,
                credentials,
            };
            if kind == "token" {
                spec.lambda_token = Some(lambda);
                spec.token_source = token_source;
            } else {
                let sources = field("identitySource")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                for source in sources.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let read = if let Some(h) = source.strip_prefix("method.request.header.") {
                        Some(IdentitySourceSpec::Header(h.to_owned()))
                    } else if let Some(q) = source.strip_prefix("method.request.querystring.") {
                        Some(IdentitySourceSpec::QueryString(q.to_owned()))
                    } else if let Some(v) = source.strip_prefix("stageVariables.") {
                        Some(IdentitySourceSpec::StageVariable(v.to_owned()))
                    } else {
                        source
                            .strip_prefix("context.")
                            .map(|c| IdentitySourceSpec::Context(c.to_owned()))
                    };
                    match read {
                        Some(s) => lambda.identity_sources.push(s),
                        None => reader.lose(&part("identitySource"), format!("identity source `{source}`: stack files read headers, query strings, stage variables and context variables")),
                    }
                }
                spec.lambda_request = Some(lambda);
            }
        }
        other => {
            reader.lose(at, format!("authorizer type `{other}`: stack files have Cognito, TOKEN and REQUEST authorizers; its methods require IAM"));
            return Ok(None);
        }
    }
    Ok(Some(spec))
}
