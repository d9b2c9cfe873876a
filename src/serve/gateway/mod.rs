//! The API as served: built once from the review model of the synthesized template (its
//! routes, methods, authorizers, scopes, keys, CORS preflights, gateway responses and
//! integrations), so that serve decides exactly what the template says.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use super::ServeError;
use super::authorize::Access;
use super::authorize::api_key::ApiKeys;
use super::authorize::cognito::{CognitoAuthorizer, Jwks};
use super::authorize::iam::{Credential, IamCredentials};
use super::authorize::lambda::LambdaAuthorizer;
use super::binary_media::BinaryMediaTypes;
use super::cors::Preflight;
use super::gateway_response::GatewayResponses;
use super::integration::Integration;
use super::integration::backend_tls::BackendTls;
use super::parameters::{LOCAL_ACCOUNT, Values};
use super::request_validator::{RequestValidation, model_schemas};
use super::routing::Router;
use super::throttling::Throttling;
use crate::api::ApiKeySource;
use crate::review::{ApiView, AuthorizationKind, TemplateModel};

mod access;
mod integration;
mod throttling;

use access::{api_keys, cognito_authorizers, lambda_authorizers};
use integration::integration;

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
    /// The credentials whose SigV4 signatures `AWS_IAM` methods accept. Default: none, and
    /// every `AWS_IAM` method refuses.
    pub credentials: IamCredentials,
    /// Where AWS service integrations are called (`http://127.0.0.1:4566` for LocalStack).
    /// Default: none, and they answer 501.
    pub aws_endpoint: Option<String>,
    /// The credentials AWS service calls are signed with. Default: LocalStack's
    /// `test`/`test`.
    pub aws_credentials: Credential,
    /// Certificates (PEM) `https://` backends are trusted by, besides the Mozilla roots.
    /// Default: none.
    pub backend_ca: Option<Vec<u8>>,
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
            credentials: IamCredentials::default(),
            aws_endpoint: None,
            aws_credentials: Credential {
                access_key: "test".to_owned(),
                secret: "test".to_owned(),
                session_token: None,
            },
            backend_ca: None,
        }
    }
}

/// The note of an API with Cognito authorizers and no keys.
const NO_KEYS: &str = "no --jwks: every Cognito method refuses (401)";

/// One method as served.
#[derive(Debug, Clone)]
pub(super) struct ServedMethod {
    /// Who may call it.
    pub(super) access: Access,
    /// Whether an API key is required.
    pub(super) api_key_required: bool,
    /// Where its requests go.
    pub(super) integration: Integration,
    /// What its request validator checks, when it has one.
    pub(super) validation: Option<RequestValidation>,
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
    /// Where a request's API key is read.
    pub(super) key_source: ApiKeySource,
    /// The stage's method throttling and the keys' usage plans.
    pub(super) throttling: Throttling,
    /// The credentials `AWS_IAM` methods accept.
    pub(super) iam: IamCredentials,
    /// The Cognito authorizers, by name.
    pub authorizers: BTreeMap<String, Arc<CognitoAuthorizer>>,
    /// The Lambda authorizers, by name.
    pub lambda_authorizers: BTreeMap<String, Arc<LambdaAuthorizer>>,
    pub(super) region: String,
    pub(super) timeout: Duration,
    /// The TLS client of `https://` backends.
    pub(super) backend_tls: BackendTls,
    pub(super) account: String,
    /// The API's `BinaryMediaTypes`.
    pub(super) binary: BinaryMediaTypes,
    /// What serve does not enforce for this API, one line each (printed at start).
    pub notes: Vec<String>,
}

impl Gateway {
    /// The served API of `template` (a synthesized template, nested stacks inlined).
    pub fn new(template: &Value, options: ServeOptions) -> Result<Self, ServeError> {
        Self::build(
            &crate::review::model(template),
            &model_schemas(template),
            options,
        )
    }

    /// The served API of a template's review model. The models' schemas are not in the
    /// review model: request bodies are not validated.
    pub fn from_model(model: &TemplateModel, options: ServeOptions) -> Result<Self, ServeError> {
        Self::build(model, &BTreeMap::new(), options)
    }

    fn build(
        model: &TemplateModel,
        schemas: &BTreeMap<String, Value>,
        options: ServeOptions,
    ) -> Result<Self, ServeError> {
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
        let binary = binary_media_types(api, &values);
        // Anything but `AUTHORIZER` (or no setting) is the header, as API Gateway reads it.
        let key_source = api
            .settings
            .get("ApiKeySourceType")
            .and_then(|v| values.fill(v).ok())
            .and_then(|v| ApiKeySource::parse(&v))
            .unwrap_or_default();
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
                if method.api_key_required
                    && key_source == ApiKeySource::Authorizer
                    && !matches!(access, Access::Lambda { .. })
                {
                    notes.push(format!(
                        "{verb} {path}: requires an API key from its Lambda authorizer and has \
                         none: every request refuses (403)"
                    ));
                }
                let integration =
                    integration(method, &values, &options, path, verb, &binary, &mut notes);
                let at = format!("{verb} {path}");
                let validation = RequestValidation::of(method, model, schemas, &mut notes, &at);
                methods.entry(path.clone()).or_default().insert(
                    verb.clone(),
                    ServedMethod {
                        access,
                        api_key_required: method.api_key_required,
                        integration,
                        validation,
                    },
                );
            }
        }
        let responses = GatewayResponses::new(&api.gateway_responses, &values)
            .map_err(|message| ServeError::Invalid { message })?;
        let raw_stage = api
            .stages
            .keys()
            .find(|s| values.fill(s).as_deref() == Ok(stage.as_str()))
            .map_or(stage.as_str(), String::as_str);
        let plans = throttling::plans_by_key(model, api, &stage, &values, &mut notes);
        let keys = api_keys(model, &values, &options.api_keys, &plans, &mut notes)?;
        let stage_throttles = throttling::stage_methods(api, raw_stage, &stage, &values);
        let throttling = throttling::throttling(model, stage_throttles, &plans);
        let jwks = options.jwks.clone().unwrap_or_default();
        if !authorizers.is_empty() && jwks.is_empty() {
            notes.push(NO_KEYS.to_owned());
        }
        let backend_tls =
            BackendTls::new(options.backend_ca.as_deref()).map_err(|why| ServeError::Invalid {
                message: format!("--backend-ca: {why}"),
            })?;
        let iam_methods = methods.values().flat_map(|m| m.values());
        if options.credentials.is_empty()
            && iam_methods
                .into_iter()
                .any(|m| matches!(m.access, Access::Iam))
        {
            notes.push("no --credentials: every AWS_IAM method refuses (403)".to_owned());
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
            key_source,
            throttling,
            iam: options.credentials.clone(),
            authorizers,
            lambda_authorizers,
            region: options.region.clone(),
            timeout: options.integration_timeout,
            backend_tls,
            account: LOCAL_ACCOUNT.to_owned(),
            binary,
            notes,
        })
    }

    /// The issuers of the pools from outside the template, whose keys can be fetched.
    pub fn issuers_to_fetch(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for a in self.authorizers.values() {
            for issuer in &a.issuers {
                if !a.created.contains(issuer) && !out.contains(issuer) {
                    out.push(issuer.clone());
                }
            }
        }
        out
    }

    /// Adds keys found after the API was built (fetched from the pools).
    pub fn add_keys(&mut self, jwks: Jwks) {
        self.jwks.extend(jwks);
        if !self.jwks.is_empty() {
            self.notes.retain(|n| n != NO_KEYS);
        }
    }

    /// The names of the API keys accepted.
    pub fn api_key_names(&self) -> Vec<&str> {
        self.keys.names()
    }

    /// What the stage throttles and the usage plans count, a line each.
    pub fn throttling_lines(&self) -> Vec<String> {
        self.throttling.describe()
    }

    /// Where a request's API key is read (the API's `ApiKeySourceType`).
    pub fn api_key_source(&self) -> ApiKeySource {
        self.key_source
    }

    /// The access key ids whose signatures `AWS_IAM` methods accept.
    pub fn iam_access_keys(&self) -> Vec<&str> {
        self.iam.access_keys()
    }

    /// The API's binary media types (`BinaryMediaTypes`), as listed.
    pub fn binary_media_types(&self) -> &[String] {
        self.binary.patterns()
    }

    /// The region served (of SigV4 scopes and pseudo parameters).
    pub fn region(&self) -> &str {
        &self.region
    }
}

/// The API's `BinaryMediaTypes` (`BinaryMediaTypes[0]`, … of its settings), values filled.
fn binary_media_types(api: &ApiView, values: &Values) -> BinaryMediaTypes {
    let mut listed: Vec<(usize, String)> = api
        .settings
        .iter()
        .filter_map(|(key, value)| {
            let index = key
                .strip_prefix("BinaryMediaTypes[")?
                .strip_suffix(']')?
                .parse()
                .ok()?;
            Some((index, values.fill(value).unwrap_or_else(|_| value.clone())))
        })
        .collect();
    listed.sort();
    BinaryMediaTypes::new(listed.into_iter().map(|(_, t)| t))
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
