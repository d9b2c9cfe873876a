//! The REST API: its settings, authorizers, resource tree and stage.

use std::collections::BTreeMap;

use super::resource::CorsSetting;
use super::usage_plan::ApiKeys;
use super::{
    ApiKey, ApiKeySource, Authorizer, AuthorizerRef, Cors, DomainName, GatewayResponse, Method,
    Model, PolicyStatement, Resource, Stage, UsagePlan, Value,
};

/// Where the API's endpoint lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EndpointType {
    /// Served in the stack's region.
    Regional,
    /// Served through CloudFront edge locations.
    Edge,
    /// Reachable only from a VPC.
    Private,
}

impl EndpointType {
    /// The name CloudFormation uses.
    pub fn as_str(self) -> &'static str {
        match self {
            EndpointType::Regional => "REGIONAL",
            EndpointType::Edge => "EDGE",
            EndpointType::Private => "PRIVATE",
        }
    }
}

/// A REST API: the console's "Create API", then its authorizers, resources, methods and
/// stage.
///
/// ```
/// use apigw_synth::{CognitoUserPoolsAuthorizer, Integration, Method, RestApi, UserPool};
/// let auth = CognitoUserPoolsAuthorizer::new("users").user_pool(UserPool::from_parameter("UserPoolArn"));
/// let api = RestApi::new("shop")
///     .default_authorizer(auth)
///     .route("/products", Method::get(Integration::lambda("get-product")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestApi {
    pub(crate) name: Value,
    pub(crate) description: Option<String>,
    pub(crate) endpoint: EndpointType,
    pub(crate) binary_media_types: Vec<String>,
    pub(crate) authorizers: Vec<Authorizer>,
    pub(crate) root: Resource,
    pub(crate) route_errors: Vec<(String, String)>,
    pub(crate) stages: Vec<Stage>,
    /// True while `stages` holds only the implicit `prod`, which the first
    /// [`stage`](RestApi::stage) replaces.
    pub(crate) default_stage: bool,
    pub(crate) cloudwatch_role: bool,
    pub(crate) tags: BTreeMap<String, String>,
    pub(crate) domains: Vec<DomainName>,
    pub(crate) execute_api_endpoint: Option<bool>,
    pub(crate) api_keys: ApiKeys,
    pub(crate) gateway_responses: Vec<GatewayResponse>,
    pub(crate) models: Vec<Model>,
    pub(crate) policy: Vec<PolicyStatement>,
    pub(crate) vpc_endpoint_ids: Vec<Value>,
}

impl RestApi {
    /// An API named `name`, or named at deploy time
    /// (`Value::sub("${AWS::StackName}-orders")`).
    pub fn new(name: impl Into<Value>) -> Self {
        Self {
            name: name.into(),
            description: None,
            endpoint: EndpointType::Regional,
            binary_media_types: Vec::new(),
            authorizers: Vec::new(),
            root: Resource::new(""),
            route_errors: Vec::new(),
            stages: vec![Stage::new("prod")],
            default_stage: true,
            cloudwatch_role: false,
            tags: BTreeMap::new(),
            domains: Vec::new(),
            execute_api_endpoint: None,
            api_keys: ApiKeys::default(),
            gateway_responses: Vec::new(),
            models: Vec::new(),
            policy: Vec::new(),
            vpc_endpoint_ids: Vec::new(),
        }
    }

    /// Require an API key on every method that does not say otherwise (generated CORS
    /// preflights never require one). A key is no authentication: each method still needs
    /// an authorizer, IAM or `public`. Default: false.
    pub fn api_key_required(mut self, required: bool) -> Self {
        self.root.defaults.api_key_required = Some(required);
        self
    }

    /// Where API Gateway reads the API key. Default: [`ApiKeySource::Header`] (`x-api-key`).
    pub fn api_key_source(mut self, source: ApiKeySource) -> Self {
        self.api_keys.source = Some(source);
        self
    }

    /// Create the API key `key` (usage plans name it). Default: none.
    pub fn api_key(mut self, key: ApiKey) -> Self {
        self.api_keys.keys.push(key);
        self
    }

    /// Create the usage plan `plan`, bound to this API's stages it names. Default: none.
    pub fn usage_plan(mut self, plan: UsagePlan) -> Self {
        self.api_keys.plans.push(plan);
        self
    }

    /// One of API Gateway's own answers made the API's own (status, headers, body); with
    /// CORS on the API it carries the CORS headers too. Default: API Gateway's answers (with
    /// CORS, `DEFAULT_4XX` and `DEFAULT_5XX` carrying the CORS headers).
    pub fn gateway_response(mut self, response: GatewayResponse) -> Self {
        self.gateway_responses.push(response);
        self
    }

    /// A model methods name in `Method::request_model`. Default: none.
    pub fn model(mut self, model: Model) -> Self {
        self.models.push(model);
        self
    }

    /// Shown in the console. Default: none.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Add a statement to the API's resource policy. Statements without an `Allow` of
    /// their own get one for everyone (from the VPC endpoints, for a private API), so that
    /// deny statements alone restrict without closing the API. Default: no policy.
    pub fn policy_statement(mut self, statement: PolicyStatement) -> Self {
        self.policy.push(statement);
        self
    }

    /// The VPC endpoint (`vpce-…`) a private API is reached through; required with
    /// [`EndpointType::Private`]. Synth writes the ids into the endpoint configuration and
    /// denies every caller that comes through none of them. Default: none.
    pub fn vpc_endpoint(mut self, id: impl Into<Value>) -> Self {
        self.vpc_endpoint_ids.push(id.into());
        self
    }

    /// Default: [`EndpointType::Regional`]; [`EndpointType::Private`] needs
    /// [`vpc_endpoint`](Self::vpc_endpoint).
    pub fn endpoint_type(mut self, endpoint: EndpointType) -> Self {
        self.endpoint = endpoint;
        self
    }

    /// Treat this media type (e.g. `multipart/form-data`) as binary. Default: none.
    pub fn binary_media_type(mut self, media_type: impl Into<String>) -> Self {
        self.binary_media_types.push(media_type.into());
        self
    }

    /// Add an authorizer that methods can name, of any kind (a
    /// [`CognitoUserPoolsAuthorizer`](crate::CognitoUserPoolsAuthorizer)).
    pub fn authorizer(mut self, authorizer: impl Into<Authorizer>) -> Self {
        self.authorizers.push(authorizer.into());
        self
    }

    /// Add `authorizer` and use it for every method that names none. Default: no default
    /// authorizer, so each method must name one or be public.
    pub fn default_authorizer(mut self, authorizer: impl Into<Authorizer>) -> Self {
        let authorizer = authorizer.into();
        self.root.defaults.authorizer = Some(AuthorizerRef::from(&authorizer));
        self.authorizers.push(authorizer);
        self
    }

    /// Use the already added authorizer `name` as the default.
    pub fn default_authorizer_name(mut self, name: impl Into<AuthorizerRef>) -> Self {
        self.root.defaults.authorizer = Some(name.into());
        self
    }

    /// Scopes for every Cognito-authorized method that sets none. Default: none.
    pub fn default_scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.root.defaults.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// CORS on every resource (resources may override) and on 4XX/5XX gateway responses.
    /// Default: no CORS.
    pub fn default_cors(mut self, cors: Cors) -> Self {
        self.root.cors = Some(CorsSetting::On(cors));
        self
    }

    /// Add a top-level resource (a child of `/`).
    pub fn resource(mut self, resource: Resource) -> Self {
        self.root.push_child(resource);
        self
    }

    /// Add a method on the root resource `/`.
    pub fn method(mut self, method: Method) -> Self {
        self.root.methods.push(method);
        self
    }

    /// Add `method` at `path` (e.g. `/categories/{id}`), creating the resources on the way
    /// or reusing those already there.
    pub fn route(mut self, path: &str, method: Method) -> Self {
        self.add_route(path, method);
        self
    }

    /// [`route`](RestApi::route) on a borrowed API, for loops.
    ///
    /// A route longer than any URL API Gateway accepts is built only up to its first part
    /// past that length, where synth reports it: the rest could never be called, and a
    /// hostile route then costs no more than a valid one.
    pub fn add_route(&mut self, path: &str, method: Method) {
        let Some(rest) = path.strip_prefix('/') else {
            self.route_errors
                .push((path.to_owned(), method.verb.display()));
            return;
        };
        let mut node = &mut self.root;
        let mut shortest = 1;
        if !rest.is_empty() {
            for (i, part) in rest.split('/').enumerate() {
                node = node.child_mut(part);
                let parameter = part.starts_with('{') && part.ends_with('}');
                shortest += usize::from(i > 0) + crate::synth::shortest_part(part, parameter);
                if shortest > crate::synth::LONGEST_PATH {
                    return;
                }
            }
        }
        node.methods.push(method);
    }

    /// Add a stage the API is deployed to; every stage serves the one deployment, each with
    /// its own settings, logs, variables and tags. Default: one stage `prod`, which the first
    /// call replaces.
    pub fn stage(mut self, stage: Stage) -> Self {
        if self.default_stage {
            self.stages.clear();
            self.default_stage = false;
        }
        self.stages.push(stage);
        self
    }

    /// Tag the API, each of its stages and their log groups with `key` = `value` (a stage's
    /// own tag of the same key wins there). Default: none.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }

    /// Create API Gateway's CloudWatch role for the account and region (an `AWS::IAM::Role`
    /// and the `AWS::ApiGateway::Account` that points at it, both kept when the stack is
    /// deleted), which access and execution logs need. It is one setting for every API of
    /// the account in the region: the last stack that sets it wins, and deploying needs
    /// `--capabilities CAPABILITY_IAM`. Default: not created; set it once per account and
    /// region (`synth` says how).
    pub fn cloudwatch_role(mut self, create: bool) -> Self {
        self.cloudwatch_role = create;
        self
    }

    /// Serve the API at a custom domain; the default `execute-api` endpoint is then turned
    /// off (`DisableExecuteApiEndpoint`), so that callers cannot go around the domain's TLS
    /// policy and mutual TLS (see [`execute_api_endpoint`](Self::execute_api_endpoint)).
    /// Default: none.
    pub fn domain(mut self, domain: DomainName) -> Self {
        self.domains.push(domain);
        self
    }

    /// Whether the default `https://{api}.execute-api.{region}.amazonaws.com` endpoint
    /// answers. Default: it does unless a [`domain`](Self::domain) fronts the API; `true`
    /// keeps it beside a domain (during a move to the domain, say), `false` turns it off
    /// without one.
    pub fn execute_api_endpoint(mut self, enabled: bool) -> Self {
        self.execute_api_endpoint = Some(enabled);
        self
    }

    /// The API's name, as written: the literal, or what gives it at deploy time.
    pub fn name(&self) -> &Value {
        &self.name
    }
}
