//! Generated APIs of any size, for the large-API tests and the benchmarks, as builders or as
//! stack files, and any stack split as `synth` splits the large ones. Deterministic: the same
//! arguments give the same stack, and the same bytes. Hidden from the docs: a hook for the
//! tests, benches and fuzz targets, not part of the API. (Always compiled: a `testing`
//! feature turned on by a dev-dependency of the crate on itself made the unit tests wait for
//! the library's build, 25 s more of CI on 2 cores.)

use std::collections::BTreeMap;

use crate::cfn::Template;
use crate::stack_file::format::{
    ApiSpec, AuthorizerSpec, CognitoSpec, CorsSpec, Deferred, EndpointSpec, IntrinsicSpec,
    LambdaSpec, MethodSettingsSpec, MethodSpec, ParameterSpec, ParameterTypeSpec,
    RouteSettingsSpec, RouteSpec, StackSpec, StageSpec, ThrottlingSpec, ValueSpec,
};
use crate::{
    CognitoUserPoolsAuthorizer, Cors, HttpMethod, IdentitySource, Integration, LambdaAuthorizer,
    Method, MethodSettings, Parameter, RestApi, Stack, Stage, SynthError, UserPool, Value,
};

/// The stage-wide throttling of generated stacks: (rate, burst).
const STAGE_THROTTLING: (u32, u32) = (100, 200);
/// The throttling generated stacks give `GET` on their first resource, on the stage.
const FIRST_GET_THROTTLING: (u32, u32) = (10, 20);

/// The verbs generated resources get, in order.
pub const VERBS: [HttpMethod; 5] = [
    HttpMethod::Get,
    HttpMethod::Post,
    HttpMethod::Put,
    HttpMethod::Patch,
    HttpMethod::Delete,
];

/// The path of generated resource `k`: ten resources per top-level service,
/// `/svc007`, `/svc007/{id}`, `/svc007/{id}/part1` … `/svc007/{id}/part8`.
pub fn resource_path(k: usize) -> String {
    let service = format!("/svc{:03}", k / 10);
    match k % 10 {
        0 => service,
        1 => format!("{service}/{{id}}"),
        j => format!("{service}/{{id}}/part{}", j - 1),
    }
}

/// A stack `name` whose API has `resources` resources (besides `/`) with `methods` methods
/// each (at most 5), behind one Cognito authorizer with CORS, each resource's methods
/// calling the resource's own Lambda function. Its stage `prod` throttles every method
/// (100 requests per second, bursts of 200) and `GET` of the first resource more (10, 20).
pub fn generated_stack(name: &str, resources: usize, methods: usize) -> Stack {
    let mut api = base_api(name);
    for k in 0..resources {
        let path = resource_path(k);
        let function = format!("fn-{}", k);
        for verb in VERBS.iter().take(methods) {
            api.add_route(&path, Method::new(*verb, Integration::lambda(&function)));
        }
    }
    stack(name, api)
}

/// [`generated_stack`] with a Lambda `TOKEN` authorizer `partners` (function
/// `check-partner-token`) beside the Cognito one, protecting every tenth resource's subtree
/// root (`/svc007`, …) and a Lambda `REQUEST` authorizer `webhooks` (reading the header
/// `X-Signature` and the query string `tenant`) protecting each service's `{id}` resource.
pub fn lambda_authorized_stack(name: &str, resources: usize, methods: usize) -> Stack {
    let partners = LambdaAuthorizer::token("partners")
        .function("check-partner-token")
        .validation_expression("^Bearer [A-Za-z0-9._-]+$");
    let webhooks = LambdaAuthorizer::request("webhooks")
        .function_arn(Value::parameter("WebhookAuthorizerArn"))
        .identity_source(IdentitySource::header("X-Signature"))
        .identity_source(IdentitySource::query_string("tenant"))
        .result_ttl_seconds(60);
    let mut api = base_api(name).authorizer(partners).authorizer(webhooks);
    for k in 0..resources {
        let path = resource_path(k);
        let function = format!("fn-{}", k);
        for verb in VERBS.iter().take(methods) {
            let method = Method::new(*verb, Integration::lambda(&function));
            let method = match k % 10 {
                0 => method.authorizer("partners"),
                1 => method.authorizer("webhooks"),
                _ => method,
            };
            api.add_route(&path, method);
        }
    }
    stack(name, api).parameter(Parameter::string("WebhookAuthorizerArn"))
}

/// A stack whose `resources × methods` methods all call the one function `function`.
pub fn one_function_stack(name: &str, resources: usize, methods: usize, function: &str) -> Stack {
    let mut api = base_api(name);
    for k in 0..resources {
        let path = resource_path(k);
        for verb in VERBS.iter().take(methods) {
            api.add_route(&path, Method::new(*verb, Integration::lambda(function)));
        }
    }
    stack(name, api)
}

fn base_api(name: &str) -> RestApi {
    let authorizer =
        CognitoUserPoolsAuthorizer::new("users").user_pool(UserPool::from_parameter("UserPoolArn"));
    let (rate, burst) = STAGE_THROTTLING;
    let (first_rate, first_burst) = FIRST_GET_THROTTLING;
    RestApi::new(name)
        .default_authorizer(authorizer)
        .default_cors(Cors::new())
        .stage(
            Stage::new("prod")
                .settings(MethodSettings::new().throttling(rate, burst))
                .method_settings(
                    resource_path(0),
                    HttpMethod::Get,
                    MethodSettings::new().throttling(first_rate, first_burst),
                ),
        )
}

fn stack(name: &str, api: RestApi) -> Stack {
    Stack::new(name, api).parameter(Parameter::string("UserPoolArn"))
}

/// The stack file of [`generated_stack`]: the same routes, methods, functions, authorizer
/// (`users`, trusting the user pool ARN parameter `UserPoolArn`), CORS and stage `prod`.
/// Change it (e.g. add a route with [`add_route`]) and write it with [`stack_file_yaml`].
pub fn generated_stack_spec(name: &str, resources: usize, methods: usize) -> StackSpec {
    let mut spec = StackSpec {
        schema: None,
        stack: Some(name.to_owned()),
        description: None,
        parameters: BTreeMap::from([(
            "UserPoolArn".to_owned(),
            deferred(&ParameterSpec {
                kind: ParameterTypeSpec::String,
                description: None,
                default: None,
                allowed_pattern: None,
                constraint_description: None,
                no_echo: false,
            }),
        )]),
        api: ApiSpec {
            name: ValueSpec::Literal(name.to_owned()),
            description: None,
            endpoint: EndpointSpec::Regional,
            vpc_endpoint_ids: Vec::new(),
            resource_policy: Vec::new(),
            binary_media_types: Vec::new(),
            cors: Some(CorsSpec {
                allow_origins: None,
                allow_headers: None,
                allow_methods: None,
                expose_headers: None,
                allow_credentials: false,
                max_age_seconds: None,
            }),
            authorizers: BTreeMap::from([(
                "users".to_owned(),
                deferred(&AuthorizerSpec {
                    cognito: Some(CognitoSpec {
                        user_pool_arns: vec![ValueSpec::Intrinsic(Box::new(IntrinsicSpec::Ref(
                            "UserPoolArn".to_owned(),
                        )))],
                        create_user_pools: Vec::new(),
                    }),
                    lambda_token: None,
                    lambda_request: None,
                    token_source: None,
                    result_ttl_seconds: None,
                }),
            )]),
            default_authorizer: Some("users".to_owned()),
            default_scopes: None,
            api_key_required: false,
            api_key_source: None,
            api_keys: BTreeMap::new(),
            usage_plans: BTreeMap::new(),
            routes: BTreeMap::new(),
            stage: Some(StageSpec {
                name: ValueSpec::Literal("prod".to_owned()),
                id: None,
                description: None,
                variables: BTreeMap::new(),
                tracing: None,
                access_log: None,
                cache_cluster_size: None,
                settings: Some(throttling(STAGE_THROTTLING)),
                method_settings: BTreeMap::from([(
                    resource_path(0),
                    RouteSettingsSpec {
                        get: Some(throttling(FIRST_GET_THROTTLING)),
                        ..RouteSettingsSpec::default()
                    },
                )]),
                canary: None,
                tags: BTreeMap::new(),
                web_acl_arn: None,
            }),
            stages: Vec::new(),
            cloud_watch_role: false,
            tags: BTreeMap::new(),
            domains: Vec::new(),
            execute_api_endpoint: None,
            gateway_responses: BTreeMap::new(),
            models: BTreeMap::new(),
        },
        outputs: BTreeMap::new(),
        exports: BTreeMap::new(),
        resources: BTreeMap::new(),
        conditions: BTreeMap::new(),
        mappings: BTreeMap::new(),
        overrides: None,
    };
    for k in 0..resources {
        let function = format!("fn-{k}");
        let verbs: Vec<HttpMethod> = VERBS.iter().take(methods).copied().collect();
        add_route(&mut spec, &resource_path(k), &verbs, &function);
    }
    spec
}

/// Adds (or replaces) the route `path` of `spec`: one method per verb of `verbs`, each
/// calling the Lambda function `function` behind the default authorizer, except `OPTIONS`,
/// which answers credential-less preflights and so can only be declared public (and only
/// where CORS is off).
pub fn add_route(spec: &mut StackSpec, path: &str, verbs: &[HttpMethod], function: &str) {
    let method = |verb: HttpMethod| {
        Some(deferred(&MethodSpec {
            lambda: Some(LambdaSpec::Name(function.to_owned())),
            lambda_arn: None,
            mock: false,
            mock_response: None,
            http: None,
            http_proxy: None,
            aws: None,
            authorizer: None,
            public: verb == HttpMethod::Options,
            public_reason: None,
            iam: false,
            scopes: None,
            settings: None,
            api_key_required: None,
            validate: None,
            request_models: BTreeMap::new(),
            required: None,
            response_models: BTreeMap::new(),
        }))
    };
    let mut route = RouteSpec::default();
    for verb in verbs {
        let slot = match verb {
            HttpMethod::Get => &mut route.get,
            HttpMethod::Head => &mut route.head,
            HttpMethod::Post => &mut route.post,
            HttpMethod::Put => &mut route.put,
            HttpMethod::Patch => &mut route.patch,
            HttpMethod::Delete => &mut route.delete,
            HttpMethod::Options => &mut route.options,
            HttpMethod::Any => &mut route.any,
        };
        *slot = method(*verb);
    }
    spec.api.routes.insert(path.to_owned(), deferred(&route));
}

/// The models of the templates `stack` is split into, the parent first, when a nested
/// template may hold at most `resources` resources (`synth` splits at 500, and only stacks
/// that need it; this splits any stack, so that a small API crosses templates too).
pub fn split_templates(stack: &Stack, resources: usize) -> Result<Vec<Template>, SynthError> {
    crate::synth::split_templates(stack, resources)
}

/// `spec` as the text of a YAML stack file.
pub fn stack_file_yaml(spec: &StackSpec) -> String {
    crate::to_yaml(spec)
}

/// The text of the YAML stack file of [`generated_stack`].
pub fn generated_stack_file(name: &str, resources: usize, methods: usize) -> String {
    stack_file_yaml(&generated_stack_spec(name, resources, methods))
}

fn throttling((rate_limit, burst_limit): (u32, u32)) -> MethodSettingsSpec {
    MethodSettingsSpec {
        throttling: Some(ThrottlingSpec {
            rate_limit,
            burst_limit,
        }),
        ..MethodSettingsSpec::default()
    }
}

fn deferred<T: serde::Serialize>(value: &T) -> Deferred<T> {
    // The format types hold only strings, bools, numbers and string-keyed maps.
    Deferred::new(value).unwrap_or_else(|e| unreachable!("a format value serializes: {e}"))
}
