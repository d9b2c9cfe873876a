//! The API as served: built once from the review model of the synthesized template (its
//! routes, methods, authorizers, scopes, keys, CORS preflights, gateway responses and
//! integrations), so that serve decides exactly what the template says.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use super::ServeError;
use super::authorize::Access;
use super::authorize::api_key::ApiKeys;
use super::authorize::cognito::{CognitoAuthorizer, Jwks};
use super::authorize::lambda::{IdentitySource, LambdaAuthorizer, LambdaKind};
use super::cors::Preflight;
use super::gateway_response::GatewayResponses;
use super::integration::Integration;
use super::integration::http_proxy::HttpProxy;
use super::integration::lambda_proxy::invoke_url;
use super::integration::mock::MockIntegration;
use super::parameters::{LOCAL_ACCOUNT, Values};
use super::routing::Router;
use crate::review::{ApiView, AuthorizationKind, IntegrationTarget, TemplateModel};

/// How to serve: what the command line gives.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The stage to serve. Default: the API's only stage.
    pub stage: Option<String>,
    /// The JWKS of the Cognito pools (the `keys` document of the pool's
    /// `.well-known/jwks.json`). Default: none, and every Cognito method refuses.
    pub jwks: Option<Jwks>,
    /// API key values by key name, for keys whose value the template does not hold.
    pub api_keys: BTreeMap<String, String>,
    /// The Lambda Invoke API's base URL for every function. Default: none.
    pub lambda_endpoint: Option<String>,
    /// A function's own Invoke API base URL, by function name.
    pub functions: BTreeMap<String, String>,
    /// Template parameter values, by name. Default: each parameter's default.
    pub parameters: BTreeMap<String, String>,
    /// The region of pseudo parameters and of the pools the template creates. Default:
    /// `us-east-1`.
    pub region: String,
    /// How long an integration may take. Default: 29 s, API Gateway's limit.
    pub integration_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            stage: None,
            jwks: None,
            api_keys: BTreeMap::new(),
            lambda_endpoint: None,
            functions: BTreeMap::new(),
            parameters: BTreeMap::new(),
            region: "us-east-1".to_owned(),
            integration_timeout: Duration::from_secs(29),
        }
    }
}

/// One method as served.
#[derive(Debug, Clone)]
pub(super) struct ServedMethod {
    /// Who may call it.
    pub(super) access: Access,
    /// Whether an API key is required.
    pub(super) api_key_required: bool,
    /// Where its requests go.
    pub(super) integration: Integration,
}

/// The API as served.
#[derive(Debug)]
pub struct Gateway {
    /// The API's name.
    pub name: String,
    /// The stage served.
    pub stage: String,
    /// The stage's variables.
    pub stage_variables: BTreeMap<String, String>,
    pub(super) router: Router,
    /// Methods by resource path, then HTTP method (`ANY` included).
    pub(super) methods: BTreeMap<String, BTreeMap<String, ServedMethod>>,
    /// CORS preflights by resource path.
    pub(super) preflights: BTreeMap<String, Preflight>,
    pub(super) responses: GatewayResponses,
    pub(super) jwks: Jwks,
    pub(super) keys: ApiKeys,
    /// The Cognito authorizers, by name.
    pub authorizers: BTreeMap<String, Arc<CognitoAuthorizer>>,
    /// The Lambda authorizers, by name.
    pub lambda_authorizers: BTreeMap<String, Arc<LambdaAuthorizer>>,
    pub(super) region: String,
    pub(super) timeout: Duration,
    pub(super) account: String,
    /// What serve does not enforce for this API, one line each (printed at start).
    pub notes: Vec<String>,
}

impl Gateway {
    /// The served API of `template` (a synthesized template, nested stacks inlined).
    pub fn new(template: &Value, options: ServeOptions) -> Result<Self, ServeError> {
        Self::from_model(&crate::review::model(template), options)
    }

    /// The served API of a template's review model.
    pub fn from_model(model: &TemplateModel, options: ServeOptions) -> Result<Self, ServeError> {
        let api = match model.apis.values().collect::<Vec<_>>().as_slice() {
            [one] => *one,
            [] => return Err(ServeError::NoApi),
            several => {
                return Err(ServeError::SeveralApis {
                    names: several.iter().map(|a| a.name.clone()).collect(),
                });
            }
        };
        let values = Values::new(model, &options.parameters, &options.region);
        let unfilled = |what: String| {
            move |name: String| ServeError::Unresolved {
                what: what.clone(),
                name,
            }
        };
        let mut notes = Vec::new();

        let (stage, stage_variables) = stage(api, &options, &values)?;
        let authorizers = cognito_authorizers(model, api, &values)?;
        let lambda_authorizers = lambda_authorizers(api, &values, &options, &mut notes);
        let mut methods: BTreeMap<String, BTreeMap<String, ServedMethod>> = BTreeMap::new();
        let mut preflights = BTreeMap::new();
        for (path, route) in &api.routes {
            if let Some(cors) = &route.cors {
                let mut filled = BTreeMap::new();
                for (name, value) in cors {
                    let v = values
                        .fill(value)
                        .map_err(unfilled(format!("{path}: CORS header {name}")))?;
                    filled.insert(name.clone(), v);
                }
                preflights.insert(
                    path.clone(),
                    Preflight::new(&filled, route.cors_status.as_deref()),
                );
            }
            for (verb, method) in &route.methods {
                let access = match &method.authorization.kind {
                    AuthorizationKind::None => Access::Public,
                    AuthorizationKind::CognitoUserPools => {
                        let name = method.authorization.authorizer.clone().unwrap_or_default();
                        match authorizers.get(&name) {
                            Some(a) => Access::Cognito {
                                authorizer: a.clone(),
                                scopes: method.authorization.scopes.clone(),
                            },
                            None => Access::Unserved {
                                what: format!("Cognito authorizer {name} (not in the template)"),
                            },
                        }
                    }
                    AuthorizationKind::AwsIam => Access::Iam,
                    AuthorizationKind::Custom => {
                        let name = method.authorization.authorizer.clone().unwrap_or_default();
                        match lambda_authorizers.get(&name) {
                            Some(a) => Access::Lambda {
                                authorizer: a.clone(),
                            },
                            None => Access::Unserved {
                                what: format!("Lambda authorizer {name} (not in the template)"),
                            },
                        }
                    }
                    AuthorizationKind::Other(kind) => Access::Unserved {
                        what: format!("authorization type {kind}"),
                    },
                };
                if let Some((_, rule)) = access.unserved() {
                    notes.push(format!("{verb} {path}: {rule}"));
                }
                let integration = integration(method, &values, &options, path, verb, &mut notes);
                methods.entry(path.clone()).or_default().insert(
                    verb.clone(),
                    ServedMethod {
                        access,
                        api_key_required: method.api_key_required,
                        integration,
                    },
                );
            }
        }
        let responses = GatewayResponses::new(&api.gateway_responses, &values)
            .map_err(|message| ServeError::Invalid { message })?;
        let keys = api_keys(model, &values, &options.api_keys, &mut notes)?;
        let jwks = options.jwks.clone().unwrap_or_default();
        if !authorizers.is_empty() && jwks.is_empty() {
            notes.push("no --jwks: every Cognito method refuses (401)".to_owned());
        }
        Ok(Self {
            name: api.name.clone(),
            stage,
            stage_variables,
            router: Router::new(api.routes.keys()),
            methods,
            preflights,
            responses,
            jwks,
            keys,
            authorizers,
            lambda_authorizers,
            region: options.region.clone(),
            timeout: options.integration_timeout,
            account: LOCAL_ACCOUNT.to_owned(),
            notes,
        })
    }

    /// The names of the API keys accepted.
    pub fn api_key_names(&self) -> Vec<&str> {
        self.keys.names()
    }
}

/// The stage to serve and its variables.
fn stage(
    api: &ApiView,
    options: &ServeOptions,
    values: &Values,
) -> Result<(String, BTreeMap<String, String>), ServeError> {
    let mut stages = BTreeMap::new();
    for (name, view) in &api.stages {
        let name = values.fill(name).map_err(|p| ServeError::Unresolved {
            what: format!("stage {name}"),
            name: p,
        })?;
        stages.insert(name, view);
    }
    let name = match &options.stage {
        Some(s) if stages.contains_key(s) => s.clone(),
        Some(s) => {
            return Err(ServeError::NoSuchStage {
                stage: s.clone(),
                stages: stages.keys().cloned().collect(),
            });
        }
        None => match stages.keys().collect::<Vec<_>>().as_slice() {
            [one] => (*one).clone(),
            _ => {
                return Err(ServeError::NameTheStage {
                    stages: stages.keys().cloned().collect(),
                });
            }
        },
    };
    let mut variables = BTreeMap::new();
    for (key, value) in &stages[&name].details {
        if let Some(var) = key.strip_prefix("Variables.") {
            variables.insert(
                var.to_owned(),
                values.fill(value).unwrap_or_else(|_| value.clone()),
            );
        }
    }
    Ok((name, variables))
}

/// The Cognito authorizers of `api`, by name: their issuers from the pools' ARNs, and the
/// clients of the pools the template creates.
fn cognito_authorizers(
    model: &TemplateModel,
    api: &ApiView,
    values: &Values,
) -> Result<BTreeMap<String, Arc<CognitoAuthorizer>>, ServeError> {
    // Pool logical id → its clients' local ids.
    let mut clients_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (id, other) in &model.others {
        if other.resource_type == "AWS::Cognito::UserPoolClient"
            && let Some(pool) = other.details.get("Properties.UserPoolId")
            && let Some(pool) = pool.strip_prefix("${").and_then(|p| p.strip_suffix('}'))
            && let Ok(client) = values.fill(&format!("${{{id}}}"))
        {
            clients_of
                .entry(pool.to_owned())
                .or_default()
                .insert(client);
        }
    }
    let mut out = BTreeMap::new();
    for (name, view) in &api.authorizers {
        let props = &view.properties;
        if props.get("Type").map(String::as_str) != Some("COGNITO_USER_POOLS") {
            continue;
        }
        let header = props
            .get("IdentitySource")
            .and_then(|s| s.strip_prefix("method.request.header."))
            .unwrap_or("Authorization")
            .to_owned();
        let mut issuers = Vec::new();
        let mut clients = Some(BTreeSet::new());
        for arn in props
            .get("ProviderARNs")
            .map(String::as_str)
            .unwrap_or("")
            .split(", ")
        {
            let filled = values.fill(arn).map_err(|p| ServeError::Unresolved {
                what: format!("authorizer {name}: user pool {arn}"),
                name: p,
            })?;
            let issuer =
                CognitoAuthorizer::issuer_of(&filled).ok_or_else(|| ServeError::Invalid {
                    message: format!("authorizer {name}: {filled} is not a user pool ARN"),
                })?;
            issuers.push(issuer);
            // A pool the template creates (`${Pool.Arn}`) has the clients it creates; a
            // pool from outside has clients serve can't know.
            let created = arn
                .strip_prefix("${")
                .and_then(|a| a.strip_suffix(".Arn}"))
                .and_then(|pool| clients_of.get(pool));
            match (created, clients.as_mut()) {
                (Some(ids), Some(all)) => all.extend(ids.iter().cloned()),
                _ => clients = None,
            }
        }
        out.insert(
            name.clone(),
            Arc::new(CognitoAuthorizer {
                name: name.clone(),
                header,
                issuers,
                clients,
            }),
        );
    }
    Ok(out)
}

/// The Lambda authorizers (TOKEN, REQUEST) of `api`, by name: the function from the
/// authorizer's URI, its endpoint, identity sources and TTL (default 300 s).
fn lambda_authorizers(
    api: &ApiView,
    values: &Values,
    options: &ServeOptions,
    notes: &mut Vec<String>,
) -> BTreeMap<String, Arc<LambdaAuthorizer>> {
    let mut out = BTreeMap::new();
    for (name, view) in &api.authorizers {
        let props = &view.properties;
        let kind = match props.get("Type").map(String::as_str) {
            Some("TOKEN") => LambdaKind::Token,
            Some("REQUEST") => LambdaKind::Request,
            _ => continue,
        };
        let uri = props.get("AuthorizerUri").cloned().unwrap_or_default();
        let arn = uri
            .split_once("functions/")
            .map_or(uri.as_str(), |(_, r)| r)
            .trim_end_matches("/invocations");
        let filled = values
            .fill(arn)
            .unwrap_or_else(|_| arn.replace("${", "").replace('}', ""));
        let function = function_name(&filled);
        let url = options
            .functions
            .get(&function)
            .or(options.lambda_endpoint.as_ref())
            .map(|base| invoke_url(base, &function));
        if url.is_none() {
            notes.push(format!(
                "Lambda authorizer {name}: {function} has no endpoint (--lambda-endpoint or --function {function}=URL): 500"
            ));
        }
        if props.contains_key("IdentityValidationExpression") {
            notes.push(format!(
                "Lambda authorizer {name}: IdentityValidationExpression is not applied"
            ));
        }
        let sources = IdentitySource::parse_list(
            props
                .get("IdentitySource")
                .map_or("method.request.header.Authorization", String::as_str),
        );
        let ttl = props
            .get("AuthorizerResultTtlInSeconds")
            .and_then(|t| t.parse().ok())
            .unwrap_or(300);
        out.insert(
            name.clone(),
            Arc::new(LambdaAuthorizer::new(
                name.clone(),
                kind,
                function,
                url,
                sources,
                Duration::from_secs(ttl),
            )),
        );
    }
    out
}

/// A method's integration as served.
fn integration(
    method: &crate::review::MethodView,
    values: &Values,
    options: &ServeOptions,
    path: &str,
    verb: &str,
    notes: &mut Vec<String>,
) -> Integration {
    match &method.integration {
        IntegrationTarget::Mock { .. } => {
            let details = method
                .details
                .iter()
                .map(|(k, v)| (k.clone(), values.fill(v).unwrap_or_else(|_| v.clone())))
                .collect();
            Integration::Mock(MockIntegration::from_details(&details))
        }
        IntegrationTarget::Lambda {
            function,
            proxy: true,
        } => {
            // A function given by a parameter with no value here is named by the parameter.
            let filled = values
                .fill(function)
                .unwrap_or_else(|_| function.replace("${", "").replace('}', ""));
            let name = function_name(&filled);
            let endpoint = options
                .functions
                .get(&name)
                .or(options.lambda_endpoint.as_ref())
                .map(|base| invoke_url(base, &name));
            if endpoint.is_none() {
                notes.push(format!(
                    "{verb} {path}: Lambda {name} has no endpoint (--lambda-endpoint or --function {name}=URL): 502"
                ));
            }
            Integration::LambdaProxy {
                function: name,
                endpoint,
            }
        }
        IntegrationTarget::Http {
            proxy: true,
            uri: Some(uri),
            ..
        } if values.fill(uri).is_ok_and(|u| u.starts_with("http://")) => {
            let details: BTreeMap<String, String> = method
                .details
                .iter()
                .map(|(k, v)| (k.clone(), values.fill(v).unwrap_or_else(|_| v.clone())))
                .collect();
            let url = values.fill(uri).unwrap_or_else(|_| uri.clone());
            Integration::HttpProxy(HttpProxy::from_details(url, &details))
        }
        other @ (IntegrationTarget::Lambda { proxy: false, .. }
        | IntegrationTarget::Http { .. }
        | IntegrationTarget::AwsService { .. }
        | IntegrationTarget::Other { .. }
        | IntegrationTarget::Missing) => {
            let what = format!("integration {other} is not served (501)");
            notes.push(format!("{verb} {path}: {what}"));
            Integration::Unserved { what }
        }
    }
}

/// A function's name from its name or ARN (`arn:aws:lambda:r:a:function:NAME[:alias]`).
fn function_name(text: &str) -> String {
    match text.split_once(":function:") {
        Some((_, rest)) => rest.split(':').next().unwrap_or(rest).to_owned(),
        None => text.to_owned(),
    }
}

/// The API keys accepted: each enabled key of the template in a usage plan, with its value
/// from the template or `given` (by key name); a name in `given` that no key has is an error.
fn api_keys(
    model: &TemplateModel,
    values: &Values,
    given: &BTreeMap<String, String>,
    notes: &mut Vec<String>,
) -> Result<ApiKeys, ServeError> {
    let planned: BTreeSet<String> = model
        .others
        .values()
        .filter(|o| o.resource_type == "AWS::ApiGateway::UsagePlanKey")
        .filter_map(|o| o.details.get("Properties.KeyId").cloned())
        .collect();
    let mut keys = Vec::new();
    let mut names = BTreeSet::new();
    for (id, other) in &model.others {
        if other.resource_type != "AWS::ApiGateway::ApiKey" {
            continue;
        }
        let name = other
            .details
            .get("Properties.Name")
            .cloned()
            .unwrap_or_else(|| id.clone());
        names.insert(name.clone());
        if other.details.get("Properties.Enabled").map(String::as_str) == Some("false")
            || !planned.contains(&format!("${{{id}}}"))
        {
            continue;
        }
        let value = given.get(&name).cloned().or_else(|| {
            other
                .details
                .get("Properties.Value")
                .and_then(|v| values.fill(v).ok())
        });
        match value {
            Some(v) => keys.push((name, v)),
            None => notes.push(format!("API key {name}: no value (--api-key {name}=VALUE)")),
        }
    }
    if let Some(unknown) = given.keys().find(|n| !names.contains(*n)) {
        return Err(ServeError::Invalid {
            message: format!(
                "--api-key {unknown}: the template has no such key (keys: {})",
                names.into_iter().collect::<Vec<_>>().join(", ")
            ),
        });
    }
    Ok(ApiKeys::new(keys))
}
