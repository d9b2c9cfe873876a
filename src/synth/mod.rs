//! The synth pass: resolves a [`Stack`](crate::Stack), validates it, and emits its template.

mod cors;
mod deployment;
mod fragments;
mod ids;
mod names;
mod nested;
mod owner;
mod permissions;
mod resolve;
mod synthesized;

use std::collections::{BTreeMap, BTreeSet};

use crate::api::{
    HttpMethod, IntegrationKind, LambdaFunction, NewUserPool, Stack, UserPoolSource, Value,
};
use crate::cfn::apigateway::{self, ApiResource, EndpointConfiguration};
use crate::cfn::cognito;
use crate::cfn::{
    Attribute, Expr, LogicalId, Output, Parameter, Properties, Pseudo, Resource, SubPart, Template,
};
use crate::error::{ProblemKind, SynthError};

use fragments::{Fragment, Fragments};
use owner::Owner;
use resolve::{Auth, Problems, ResolvedApi};

pub use crate::budget::MAX_RESOURCES;

pub(crate) use names::stack_name_clash;
pub use synthesized::{SynthFile, Synthesized, synthesize_stack, synthesize_stacks};

/// Synthesizes one stack into its template, or every problem found. A stack over
/// CloudFormation's limits fails here with [`ProblemKind::TooManyResources`];
/// [`synthesize_stack`] splits it into nested stacks instead.
pub fn synthesize(stack: &Stack) -> Result<Template, SynthError> {
    let flat = flat(stack)?;
    let template = flat.template;
    if template.resources.len() > MAX_RESOURCES {
        let mut problems = Problems::new(&stack.name);
        problems.stack(ProblemKind::TooManyResources(template.resources.len()));
        return Err(SynthError {
            problems: problems.list,
        });
    }
    Ok(template)
}

/// A stack synthesized into one template, before any split.
pub(crate) struct Flat<'a> {
    /// The resolved API (resources in depth-first, sorted order; index 0 is `/`).
    pub(crate) api: ResolvedApi<'a>,
    /// Every resource of the stack in one template.
    pub(crate) template: Template,
    /// Where each resource belongs and what it weighs, in the order of
    /// `template.resources`, so that a split walks both together instead of looking every
    /// id up.
    pub(crate) placed: Vec<Placed>,
    /// The text of every resource, rendered as it was emitted.
    pub(crate) fragments: Fragments,
}

/// Where a resource belongs, and its rendering.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    /// The API resource (index into the resolved API's resources) that a resource, method or
    /// permission belongs to: what a nested-stack split moves together. `None` for the
    /// API-wide ones.
    pub(crate) place: Option<usize>,
    /// Its text, its size in the template and, if it reaches the stage, its hash.
    pub(crate) fragment: Fragment,
}

/// Resolves, validates and emits `stack` into one template, however large.
pub(crate) fn flat(stack: &Stack) -> Result<Flat<'_>, SynthError> {
    let mut problems = Problems::new(&stack.name);
    let api = resolve::resolve(stack, &mut problems);
    if !problems.list.is_empty() {
        return Err(SynthError {
            problems: problems.list,
        });
    }
    let (template, placed, fragments) = Emitter::new(stack, &mut problems).emit(&api);
    if !problems.list.is_empty() {
        return Err(SynthError {
            problems: problems.list,
        });
    }
    Ok(Flat {
        api,
        template,
        placed,
        fragments,
    })
}

/// Synthesizes every stack; fails with the problems of all of them (including duplicate
/// stack names) when any has one.
pub fn synthesize_all(stacks: &[Stack]) -> Result<Vec<(String, Template)>, SynthError> {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut seen = names::StackNames::default();
    for stack in stacks {
        if let Some(clash) = seen.add(&stack.name) {
            let mut p = Problems::new(&stack.name);
            p.stack(clash);
            problems.extend(p.list);
            continue;
        }
        match synthesize(stack) {
            Ok(t) => out.push((stack.name.clone(), t)),
            Err(e) => problems.extend(e.problems),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(SynthError { problems })
    }
}

struct Emitter<'s, 'p, 'n> {
    stack: &'s Stack,
    problems: &'p mut Problems<'n>,
    template: Template,
    rest_api: LogicalId,
    /// The logical id of each authorizer, by name (derived once, referenced by every method).
    authorizer_ids: BTreeMap<String, LogicalId>,
    /// Where each resource in `template` belongs and what it weighs, in the template's order.
    placed: Vec<Placed>,
    /// What each resource in `template` was emitted for, in the template's order: to report
    /// a collision with one emitted later.
    owners: Vec<Owner>,
    /// Resources emitted but not yet in `template`: collected in a `Vec` and moved into the
    /// map in one sorted bulk build, which is much cheaper than thousands of inserts, and
    /// where equal ids end up side by side.
    pending: Vec<Pending>,
    fragments: Fragments,
}

/// A resource emitted but not yet in the template.
struct Pending {
    id: LogicalId,
    resource: Resource,
    owner: Owner,
    placed: Placed,
}

impl<'s, 'p, 'n> Emitter<'s, 'p, 'n> {
    fn new(stack: &'s Stack, problems: &'p mut Problems<'n>) -> Self {
        Self {
            stack,
            problems,
            template: Template::default(),
            rest_api: ids::rest_api(),
            authorizer_ids: BTreeMap::new(),
            placed: Vec::new(),
            owners: Vec::new(),
            pending: Vec::new(),
            fragments: Fragments::default(),
        }
    }

    fn insert(&mut self, id: LogicalId, owner: impl Into<Owner>, resource: Resource) {
        self.insert_placed(id, owner.into(), resource, None);
    }

    /// [`Self::insert`] for a resource that belongs to the API resource `place`. It is
    /// rendered now, while it is in the cache.
    fn insert_placed(
        &mut self,
        id: LogicalId,
        owner: Owner,
        resource: Resource,
        place: Option<usize>,
    ) {
        let fragment = self.fragments.render(&id, &resource);
        self.pending.push(Pending {
            id,
            resource,
            owner,
            placed: Placed { place, fragment },
        });
    }

    /// Moves the pending resources into the template, keeping `placed` and `owners` in its
    /// order. Of resources with the same logical id, or with a parameter's, the first one
    /// stays and each other one is reported as a collision.
    fn flush(&mut self, api: &ResolvedApi<'_>) {
        let pending = std::mem::take(&mut self.pending);
        // (emission index, problem): reported in the order the resources were emitted.
        let mut collisions = Vec::new();
        if self.template.resources.is_empty() {
            // Sort small (id, index) pairs rather than whole resources (ids are shared, so
            // copying one is cheap), then take each resource once, in that order.
            let mut order: Vec<(LogicalId, usize)> = pending
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.clone(), i))
                .collect();
            order.sort_unstable();
            let mut slots: Vec<Option<Pending>> = pending.into_iter().map(Some).collect();
            let mut resources: Vec<(LogicalId, Resource)> = Vec::with_capacity(order.len());
            for (_, emitted) in order {
                let Some(p) = slots[emitted].take() else {
                    continue;
                };
                // Equal ids come one after another, in the order they were emitted.
                let previous = match (resources.last(), self.owners.last()) {
                    (Some((last, _)), Some(owner)) if *last == p.id => Some(owner.describe(api)),
                    _ => self.parameter_owner(&p.id),
                };
                if let Some(previous) = previous {
                    let owner = p.owner.describe(api);
                    collisions.push((emitted, collision(&p.id, previous, owner)));
                    continue;
                }
                self.placed.push(p.placed);
                self.owners.push(p.owner);
                resources.push((p.id, p.resource));
            }
            self.template.resources = resources.into_iter().collect();
        } else {
            // Few resources come after the first flush: insert each at its position in the
            // template's order.
            for (emitted, p) in pending.into_iter().enumerate() {
                let at = self.template.resources.range(..&p.id).count();
                let previous = if self.template.resources.contains_key(&p.id) {
                    Some(self.owners[at].describe(api))
                } else {
                    self.parameter_owner(&p.id)
                };
                if let Some(previous) = previous {
                    let owner = p.owner.describe(api);
                    collisions.push((emitted, collision(&p.id, previous, owner)));
                    continue;
                }
                self.placed.insert(at, p.placed);
                self.owners.insert(at, p.owner);
                self.template.resources.insert(p.id, p.resource);
            }
        }
        collisions.sort_by_key(|c| c.0);
        for (_, kind) in collisions {
            self.problems.stack(kind);
        }
    }

    /// ``parameter `name` `` when `id` is a declared parameter's logical id.
    fn parameter_owner(&self, id: &LogicalId) -> Option<String> {
        if !self.template.parameters.contains_key(id) {
            return None;
        }
        let p = self
            .stack
            .parameters
            .iter()
            .find(|p| parameter_id(&p.name) == *id)?;
        Some(format!("parameter `{}`", p.name))
    }

    fn api_ref(&self) -> Expr {
        Expr::Ref(self.rest_api.clone())
    }

    fn value(&self, value: &Value) -> Expr {
        match value {
            Value::Literal(s) => Expr::literal(s),
            Value::Parameter(p) => Expr::Ref(parameter_id(p)),
        }
    }

    fn emit(mut self, api: &ResolvedApi<'_>) -> (Template, Vec<Placed>, Fragments) {
        let stack = self.stack;
        let rest = &stack.api;
        self.template.description = Some(
            stack
                .description
                .clone()
                .unwrap_or_else(|| format!("API Gateway REST API {} (apigw-synth)", rest.name)),
        );
        for p in &stack.parameters {
            // Parameters share the logical id namespace with resources (see `flush`).
            self.template.parameters.insert(
                parameter_id(&p.name),
                Parameter {
                    kind: p.kind.as_str().into(),
                    description: p.description.clone(),
                    default: p.default.clone(),
                    allowed_pattern: p.allowed_pattern.clone(),
                    constraint_description: p.constraint_description.clone(),
                },
            );
        }

        self.insert(
            self.rest_api.clone(),
            "the RestApi".to_owned(),
            Resource::new(apigateway::RestApi {
                name: rest.name.clone(),
                description: rest.description.clone(),
                binary_media_types: rest.binary_media_types.clone(),
                endpoint_configuration: EndpointConfiguration {
                    types: vec![rest.endpoint.as_str().to_owned()],
                },
            }),
        );

        self.authorizers(api);
        let methods = self.resources_and_methods(api);
        self.gateway_responses(api);
        for (id, permission, first) in permissions::permissions(api, &self.rest_api, parameter_id) {
            let owner = Owner::Described(format!("the invoke permission {id}"));
            self.insert_placed(id, owner, Resource::new(permission), Some(first));
        }
        self.flush(api);
        self.deployment_and_stage(methods);
        self.outputs();
        self.flush(api);
        (self.template, self.placed, self.fragments)
    }

    fn authorizers(&mut self, api: &ResolvedApi<'_>) {
        let mut created: BTreeSet<&str> = BTreeSet::new();
        for a in &api.authorizers {
            let mut provider_arns = Vec::new();
            for pool in &a.pools {
                match &pool.0 {
                    UserPoolSource::Imported(v) => provider_arns.push(self.value(v)),
                    UserPoolSource::Created(new) => {
                        let id = ids::user_pool(&new.name);
                        if created.insert(&new.name) {
                            self.user_pool(new, &id);
                        }
                        provider_arns.push(Expr::GetAtt(id, Attribute::Arn));
                    }
                }
            }
            let id = ids::authorizer(&a.name);
            self.authorizer_ids.insert(a.name.clone(), id.clone());
            self.insert(
                id,
                format!("authorizer `{}`", a.name),
                Resource::new(apigateway::Authorizer {
                    name: a.name.clone(),
                    rest_api_id: self.api_ref(),
                    kind: "COGNITO_USER_POOLS".into(),
                    provider_arns,
                    identity_source: format!("method.request.header.{}", a.token_header),
                    authorizer_result_ttl_in_seconds: a.result_ttl,
                }),
            );
        }
    }

    fn user_pool(&mut self, pool: &NewUserPool, id: &LogicalId) {
        self.insert(
            id.clone(),
            format!("user pool `{}`", pool.name),
            Resource::new(cognito::UserPool {
                user_pool_name: pool.name.clone(),
                username_attributes: vec!["email".to_owned()],
                auto_verified_attributes: vec!["email".to_owned()],
            }),
        );
        self.template.outputs.insert(
            LogicalId::readable(id.as_str(), "Id"),
            Output {
                description: Some(format!("Id of user pool {}", pool.name)),
                value: Expr::Ref(id.clone()),
            },
        );
        if let Some(client) = &pool.client {
            let client_id = ids::user_pool_client(&pool.name, client);
            self.insert(
                client_id.clone(),
                format!("user pool client `{client}`"),
                Resource::new(cognito::UserPoolClient {
                    user_pool_id: Expr::Ref(id.clone()),
                    client_name: client.clone(),
                    generate_secret: false,
                    explicit_auth_flows: vec![
                        "ALLOW_USER_SRP_AUTH".to_owned(),
                        "ALLOW_REFRESH_TOKEN_AUTH".to_owned(),
                    ],
                }),
            );
            self.template.outputs.insert(
                LogicalId::readable(client_id.as_str(), "Id"),
                Output {
                    description: Some(format!("Id of app client {client}")),
                    value: Expr::Ref(client_id),
                },
            );
        }
    }

    /// Emits resources and methods; returns the ids of every method.
    fn resources_and_methods(&mut self, api: &ResolvedApi<'_>) -> Vec<LogicalId> {
        let mut resource_ids: Vec<Expr> = Vec::with_capacity(api.resources.len());
        let mut method_ids = Vec::new();
        for (index, r) in api.resources.iter().enumerate() {
            let resource_id = match r.parent {
                None => Expr::GetAtt(self.rest_api.clone(), Attribute::RootResourceId),
                Some(parent) => {
                    let id = ids::resource(&r.path);
                    self.insert_placed(
                        id.clone(),
                        Owner::Resource(index),
                        Resource::new(ApiResource {
                            parent_id: resource_ids[parent].clone(),
                            path_part: r.part.to_owned(),
                            rest_api_id: self.api_ref(),
                        }),
                        Some(index),
                    );
                    Expr::Ref(id)
                }
            };

            for m in &r.methods {
                let id = ids::method(&r.path, m.verb);
                let method = self.method(m, resource_id.clone());
                method_ids.push(id.clone());
                self.insert_placed(
                    id,
                    Owner::Method(index, m.verb),
                    Resource::new(method),
                    Some(index),
                );
            }

            let has_methods = !r.methods.is_empty();
            if let Some(cors) = r.cors.filter(|_| r.parent.is_some() || has_methods) {
                let verbs: Vec<HttpMethod> = r.methods.iter().map(|m| m.verb).collect();
                let id = ids::method(&r.path, HttpMethod::Options);
                method_ids.push(id.clone());
                let preflight = cors::preflight(cors, &verbs, resource_id.clone(), self.api_ref());
                self.insert_placed(
                    id,
                    Owner::Preflight(index),
                    Resource::new(preflight),
                    Some(index),
                );
            }
            resource_ids.push(resource_id);
        }
        method_ids
    }

    fn method(&self, m: &resolve::ResolvedMethod<'_>, resource_id: Expr) -> apigateway::Method {
        let (authorization_type, authorizer_id) = match m.auth {
            Auth::Cognito(name) => {
                let id = match self.authorizer_ids.get(name) {
                    Some(id) => id.clone(),
                    None => ids::authorizer(name),
                };
                ("COGNITO_USER_POOLS", Some(Expr::Ref(id)))
            }
            Auth::Iam => ("AWS_IAM", None),
            Auth::None => ("NONE", None),
        };
        let (integration, method_responses) = match &m.integration.0 {
            IntegrationKind::Lambda(f) => (
                apigateway::Integration {
                    kind: "AWS_PROXY".into(),
                    integration_http_method: Some("POST".into()),
                    uri: Some(self.lambda_uri(f)),
                    request_templates: BTreeMap::new(),
                    integration_responses: Vec::new(),
                },
                Vec::new(),
            ),
            IntegrationKind::Mock => (
                apigateway::Integration {
                    kind: "MOCK".into(),
                    integration_http_method: None,
                    uri: None,
                    request_templates: BTreeMap::from([(
                        "application/json".into(),
                        "{\"statusCode\": 200}".into(),
                    )]),
                    integration_responses: vec![apigateway::IntegrationResponse {
                        status_code: "200".into(),
                        response_parameters: BTreeMap::new(),
                        response_templates: BTreeMap::new(),
                    }],
                },
                vec![apigateway::MethodResponse {
                    status_code: "200".into(),
                    response_parameters: BTreeMap::new(),
                }],
            ),
        };
        apigateway::Method {
            http_method: m.verb.as_str().into(),
            resource_id,
            rest_api_id: self.api_ref(),
            authorization_type: authorization_type.into(),
            authorizer_id,
            authorization_scopes: m.scopes.clone(),
            integration,
            method_responses,
        }
    }

    fn lambda_uri(&self, function: &LambdaFunction) -> Expr {
        // One `Fn::Sub` per Lambda method: built with its exact length and adjacent texts
        // merged, since a 10,000-method API holds 10,000 of them.
        let mut parts: Vec<SubPart> = Vec::with_capacity(11);
        parts.extend([
            "arn:".into(),
            Pseudo::Partition.into(),
            ":apigateway:".into(),
            Pseudo::Region.into(),
        ]);
        match function {
            LambdaFunction::Name(name) => parts.extend([
                ":lambda:path/2015-03-31/functions/arn:".into(),
                Pseudo::Partition.into(),
                ":lambda:".into(),
                Pseudo::Region.into(),
                ":".into(),
                Pseudo::AccountId.into(),
                format!(":function:{name}/invocations").into(),
            ]),
            LambdaFunction::Arn(Value::Literal(arn)) => {
                parts.push(format!(":lambda:path/2015-03-31/functions/{arn}/invocations").into())
            }
            LambdaFunction::Arn(Value::Parameter(p)) => parts.extend([
                ":lambda:path/2015-03-31/functions/".into(),
                SubPart::Ref(parameter_id(p)),
                "/invocations".into(),
            ]),
        }
        Expr::Sub(parts)
    }

    fn gateway_responses(&mut self, api: &ResolvedApi<'_>) {
        let Some(cors) = api.api_cors else { return };
        for response_type in cors::GATEWAY_RESPONSE_TYPES {
            let response = cors::gateway_response(cors, response_type, self.api_ref());
            self.insert(
                ids::gateway_response(response_type),
                format!("gateway response {response_type}"),
                Resource::new(response),
            );
        }
    }

    /// The deployment and the stage; the resources that reach the stage are all flushed.
    fn deployment_and_stage(&mut self, methods: Vec<LogicalId>) {
        let hashes = self.placed.iter().map(|p| p.fragment.hash.as_ref());
        let digest = deployment::digest(self.template.resources.keys().zip(hashes));
        let deployment_id = ids::deployment(&digest);
        // The deployment must come after every method (CloudFormation rejects a deployment
        // of an API without methods) and after the gateway responses it snapshots.
        let mut depends_on = methods;
        depends_on.extend(
            self.template
                .resources
                .iter()
                .filter(|(_, r)| matches!(r.properties, Properties::GatewayResponse(_)))
                .map(|(id, _)| id.clone()),
        );
        self.insert(
            deployment_id.clone(),
            "the deployment".to_owned(),
            Resource::new(apigateway::Deployment {
                rest_api_id: self.api_ref(),
                description: None,
            })
            .depends_on(depends_on),
        );
        let stage = &self.stack.api.stage;
        self.insert(
            ids::stage(&stage.name),
            format!("stage `{}`", stage.name),
            Resource::new(apigateway::Stage {
                rest_api_id: self.api_ref(),
                deployment_id: Expr::Ref(deployment_id),
                stage_name: stage.name.clone(),
                description: stage.description.clone(),
                variables: stage.variables.clone(),
                tracing_enabled: stage.tracing,
            }),
        );
    }

    fn outputs(&mut self) {
        let stage_id = ids::stage(&self.stack.api.stage.name);
        let stage_name = &self.stack.api.stage.name;
        let url = Expr::sub([
            "https://".into(),
            SubPart::Ref(self.rest_api.clone()),
            ".execute-api.".into(),
            Pseudo::Region.into(),
            ".".into(),
            Pseudo::UrlSuffix.into(),
            "/".into(),
            SubPart::Ref(stage_id),
            "/".into(),
        ]);
        self.template.outputs.insert(
            LogicalId::readable("InvokeUrl", ""),
            Output {
                description: Some(format!("Invoke URL of stage {stage_name}")),
                value: url,
            },
        );
        self.template.outputs.insert(
            LogicalId::readable("RestApiId", ""),
            Output {
                description: Some("Id of the REST API".to_owned()),
                value: self.api_ref(),
            },
        );
        for output in &self.stack.outputs {
            let value = self.value(&output.value);
            self.template.outputs.insert(
                parameter_id(&output.name),
                Output {
                    description: output.description.clone(),
                    value,
                },
            );
        }
    }
}

/// The logical id of a declared parameter (validated during resolution).
fn parameter_id(name: &str) -> LogicalId {
    LogicalId::new(name).unwrap_or_else(|_| LogicalId::readable("Parameter", name))
}

/// Two generated things with one logical id: `previous` keeps it.
fn collision(id: &LogicalId, previous: String, owner: String) -> ProblemKind {
    ProblemKind::LogicalIdCollision(id.to_string(), format!("{previous} and {owner}"))
}
