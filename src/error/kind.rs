//! [`ProblemKind`]: every kind of problem synth reports, with its message.

use super::message::{control_message, item_of, model_use, path_part_message};

/// What is wrong. Each kind has a stable [`code`](ProblemKind::code).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The stack name breaks CloudFormation's rule.
    #[error(
        "`{0}` is not a valid stack name (a letter, then letters, digits and `-`; at most 128)"
    )]
    InvalidStackName(String),
    /// Two stacks share a name.
    #[error("two stacks are named `{0}`")]
    DuplicateStack(String),
    /// A stack name Windows reserves for a device: its template file can't be created there.
    #[error(
        "`{0}` is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, in any case): \
         its template file can't be created there; rename the stack"
    )]
    ReservedStackName(String),
    /// Two stacks whose names differ only in case: the stack, then the other one.
    #[error(
        "stacks `{0}` and `{1}` differ only in case: their templates would be one file on a \
         case-insensitive file system (macOS, Windows); rename one"
    )]
    StackNamesDifferInCase(String, String),
    /// A route that does not start with `/`.
    #[error("route must start with `/`")]
    RouteWithoutLeadingSlash,
    /// A path part that API Gateway rejects.
    #[error("{}", path_part_message(.part, .reason))]
    InvalidPathPart {
        /// The part as written.
        part: String,
        /// Why it is invalid.
        reason: &'static str,
    },
    /// Two children of one resource with the same part.
    #[error("duplicate path part `{0}` under the same parent")]
    DuplicatePathPart(String),
    /// Two path-parameter children of one resource.
    #[error("path parameters `{0}` and `{1}` are siblings; a resource can have only one")]
    ConflictingPathParameters(String, String),
    /// A `{proxy+}` resource with children.
    #[error("greedy path part `{0}` must be the last part of the path")]
    GreedyNotLast(String),
    /// A method name that is no HTTP method.
    #[error("`{0}` is not an HTTP method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or ANY)")]
    InvalidHttpMethod(String),
    /// The same method twice on a resource.
    #[error("method declared twice on this resource")]
    DuplicateMethod,
    /// A path parameter named twice in one route (`/{id}/{id}`).
    #[error(
        "path parameter `{0}` appears twice in this route; API Gateway needs each name once \
         (rename one, e.g. `{{{0}}}/…/{{{0}2}}`)"
    )]
    DuplicatePathParameter(String),
    /// A route whose shortest request URL is longer than API Gateway accepts.
    #[error(
        "route too long: its shortest request URL \
         (https://<api id>.execute-api.<region>.amazonaws.com/<stage>/<path>, one character per \
         path parameter) has {length} characters; API Gateway accepts at most {limit} for \
         {endpoint} APIs"
    )]
    RouteTooLong {
        /// The shortest URL's length in characters.
        length: usize,
        /// API Gateway's limit for the endpoint type.
        limit: usize,
        /// The endpoint type: `regional`, `edge-optimized` or `private`.
        endpoint: &'static str,
    },
    /// An authorized method whose shortest method ARN is longer than API Gateway allows.
    #[error(
        "route too long for an authorized method: its shortest method ARN \
         (arn:aws:execute-api:<region>:<account>:<api id>/<stage>/<method>/<path>) has {length} \
         bytes; API Gateway allows {limit}, so every request would fail with 414 Request-URI \
         Too Long"
    )]
    AuthorizedRouteTooLong {
        /// The shortest ARN's length in bytes.
        length: usize,
        /// API Gateway's limit.
        limit: usize,
    },
    /// A declared OPTIONS where CORS generates the preflight.
    #[error(
        "OPTIONS is generated for the CORS preflight here; remove it or turn CORS off for this resource"
    )]
    OptionsWithCors,
    /// The secure-by-default rule.
    #[error("method has no authorizer; call .public() to make it public on purpose")]
    NoAuthorizer,
    /// More than one of authorizer, public and IAM on one method.
    #[error("method is {0}; choose one")]
    ConflictingAuthorization(&'static str),
    /// An OPTIONS method given an authorizer or IAM: browsers send CORS preflights
    /// without credentials, so an authorized OPTIONS breaks them.
    #[error(
        "OPTIONS answers browsers' CORS preflights, which carry no credentials; it can't be \
         authorized (remove the authorizer or IAM)"
    )]
    AuthorizedOptions,
    /// A declared OPTIONS method not marked public: browsers send CORS preflights without
    /// credentials, so no authorizer can protect it, and it is reachable by anyone.
    #[error(
        "OPTIONS answers browsers' CORS preflights, which carry no credentials, so no \
         authorizer can protect it and anyone can call it: mark it public on purpose \
         (.public(), or `public: true` in a stack file) or remove it"
    )]
    OptionsNotPublic,
    /// A method the final template leaves without authorization although the stack neither
    /// marked it public nor is it a CORS preflight synth generated: a bug, or a way around
    /// the secure-by-default rule (an override, an imported or raw resource).
    #[error(
        "method `{0}` is reachable without authorization in the template, but the stack does \
         not mark it public and it is no CORS preflight apigw-synth generated; nothing is \
         written (this is a bug or a bypass of the secure-by-default rule: please report it)"
    )]
    UnauthenticatedMethod(String),
    /// A raw method, or a generated one an override changed, that the final template leaves
    /// without authorization (`AuthorizationType` not an authenticating literal, or no
    /// `AuthorizerId` for an authorizer's type) where the stack does not mark the route public.
    #[error(
        "method `{0}` (raw, or changed by an override) is reachable without authorization: \
         its `AuthorizationType` is not AWS_IAM, COGNITO_USER_POOLS or CUSTOM with an \
         `AuthorizerId`, and the stack does not mark this route public; keep the \
         authorization, or declare the route in the API and mark it public"
    )]
    RawMethodWithoutAuthorization(String),
    /// A raw resource with a logical id synth generates, or a parameter's: the id, and what
    /// has it.
    #[error(
        "raw resource `{id}` takes the logical id of {owner}; give the raw resource another id"
    )]
    RawIdTaken {
        /// The raw resource's logical id.
        id: String,
        /// What synth generates with that id, or the parameter that has it.
        owner: String,
    },
    /// A reference (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `DependsOn`) to a name the stack does not
    /// declare.
    #[error(
        "{} refers to `{name}`, which is no parameter, resource or pseudo parameter of the \
         stack",
        item_of(section, item)
    )]
    UnknownReference {
        /// Where the reference is: `resources`, `outputs`, `conditions`, `overrides`.
        section: &'static str,
        /// The item of that section holding it.
        item: String,
        /// The name referred to.
        name: String,
    },
    /// A `Condition` (or `Fn::If`) naming a condition the stack does not declare.
    #[error(
        "{} names condition `{name}`, which the stack does not declare",
        item_of(section, item)
    )]
    UnknownCondition {
        /// Where: `resources`, `outputs`, `conditions`.
        section: &'static str,
        /// The item of that section.
        item: String,
        /// The condition's name.
        name: String,
    },
    /// A raw resource, condition, mapping or override that can't be read.
    #[error("{}: {reason}", item_of(section, item))]
    InvalidRaw {
        /// Where: `resources`, `conditions`, `mappings`, `overrides`.
        section: &'static str,
        /// The item.
        item: String,
        /// Why.
        reason: String,
    },
    /// An override of a generated resource the stack does not have.
    #[error("override of {0}: the stack generates no such resource")]
    UnknownOverrideTarget(String),
    /// A Lambda integration naming a raw resource that is no function.
    #[error(
        "the integration names raw resource `{name}` as its function, but it is a `{found}`, \
         not an `AWS::Lambda::Function`"
    )]
    NotALambdaFunction {
        /// The raw resource's id.
        name: String,
        /// Its type.
        found: String,
    },
    /// Scopes on a method that is not Cognito-authorized.
    #[error("authorization scopes are only valid with a Cognito authorizer")]
    ScopesWithoutCognito,
    /// A scope no token of the authorizer's pools can carry: every pool is one the stack
    /// creates, and the scope is neither `<resource server>/<name>` (which synth grants) nor
    /// one of Cognito's own (`openid`, `email`, `phone`, `profile`,
    /// `aws.cognito.signin.user.admin`).
    #[error(
        "scope `{0}` is granted by no pool of this authorizer, so no token can carry it and \
         nobody can call the method: name it `<resource server>/<scope>` (e.g. `orders/read`; \
         synth then creates the resource server that grants it) or use one of Cognito's \
         (`openid`, `email`, `phone`, `profile`, `aws.cognito.signin.user.admin`)"
    )]
    ScopeNotGranted(String),
    /// A created pool's hosted-UI domain prefix that Cognito refuses.
    #[error("user pool `{pool}`: domain prefix `{prefix}`: {reason}")]
    InvalidUserPoolDomain {
        /// The pool's name.
        pool: String,
        /// The prefix as written.
        prefix: String,
        /// What Cognito requires.
        reason: &'static str,
    },
    /// An app client scope that no resource server of its pool grants (for a public client,
    /// nor Cognito itself).
    #[error(
        "user pool `{pool}`: app client `{client}`: scope `{scope}` is granted by no resource \
         server of the pool (it grants the scopes the methods on its authorizers require: \
         {granted}){cognito}"
    )]
    ClientScopeNotGranted {
        /// The pool's name.
        pool: String,
        /// The client's name.
        client: String,
        /// The scope as written.
        scope: String,
        /// The scopes the pool grants, `, `-separated, or `none`.
        granted: String,
        /// What else the client may request.
        cognito: &'static str,
    },
    /// A client-credentials client without a resource-server scope: Cognito refuses it.
    #[error(
        "user pool `{pool}`: machine client `{client}` has no scope: Cognito refuses a \
         client-credentials client without one; give it a scope the methods require"
    )]
    MachineClientWithoutScopes {
        /// The pool's name.
        pool: String,
        /// The client's name.
        client: String,
    },
    /// A public client without a callback URL: the authorization-code flow has nowhere to
    /// send the code.
    #[error(
        "user pool `{pool}`: public client `{client}` has no callback URL: the \
         authorization-code flow needs one to send the code to"
    )]
    PublicClientWithoutCallbackUrl {
        /// The pool's name.
        pool: String,
        /// The client's name.
        client: String,
    },
    /// A callback or logout URL Cognito refuses.
    #[error(
        "user pool `{pool}`: app client `{client}`: {field} URL `{url}` must be an absolute \
         `https://` URL without a fragment (`http://` only for localhost)"
    )]
    InsecureClientUrl {
        /// The pool's name.
        pool: String,
        /// The client's name.
        client: String,
        /// `callback` or `logout`.
        field: &'static str,
        /// The URL as written.
        url: String,
    },
    /// An app client on a pool the stack imports: its clients are its own.
    #[error(
        "app client `{0}` is given to a user pool the stack imports (by ARN or parameter): \
         the stack creates clients only on the pools it creates"
    )]
    ClientOnImportedPool(String),
    /// Two app clients named alike in one stack (their outputs would share a name).
    #[error("two app clients are named `{0}`: client names are unique in a stack")]
    DuplicateAppClient(String),
    /// An empty scope string.
    #[error("empty authorization scope")]
    EmptyScope,
    /// A method or default names an authorizer the API does not have.
    #[error("unknown authorizer `{0}`{1}")]
    UnknownAuthorizer(String, String),
    /// Two authorizers named alike.
    #[error("two authorizers are named `{0}`")]
    DuplicateAuthorizer(String),
    /// An authorizer name API Gateway rejects.
    #[error("authorizer name `{0}` must be 1 to 128 printable characters")]
    InvalidAuthorizerName(String),
    /// A Cognito authorizer without pools.
    #[error("authorizer `{0}` has no user pool")]
    AuthorizerWithoutUserPool(String),
    /// A TTL outside 0..=3600.
    #[error("authorizer `{0}`: result TTL {1} is outside 0..=3600 seconds")]
    TtlOutOfRange(String, u32),
    /// A token header that is no HTTP header name.
    #[error("authorizer `{0}`: token source `{1}` is not a header name")]
    InvalidTokenSource(String, String),
    /// A Lambda authorizer that names no function.
    #[error(
        "Lambda authorizer `{0}` has no function; give one by name, by ARN or as a function \
         the stack declares"
    )]
    AuthorizerWithoutFunction(String),
    /// A Lambda authorizer's function that is no function name, ARN or declared function.
    #[error("authorizer `{authorizer}`: function `{function}`: {reason}")]
    InvalidAuthorizerFunction {
        /// The authorizer's name.
        authorizer: String,
        /// The function as written.
        function: String,
        /// Why it is rejected.
        reason: String,
    },
    /// An identity source API Gateway rejects, or one the authorizer's kind can't read.
    #[error("authorizer `{authorizer}`: identity source `{expression}`: {reason}")]
    InvalidIdentitySource {
        /// The authorizer's name.
        authorizer: String,
        /// The source's mapping expression.
        expression: String,
        /// Why it is rejected.
        reason: &'static str,
    },
    /// A `REQUEST` authorizer that caches results but reads no identity source.
    #[error(
        "authorizer `{0}`: a REQUEST authorizer caches results by its identity sources, and it \
         has none; add an identity source, or set the result TTL to 0"
    )]
    CachingWithoutIdentitySource(String),
    /// A validation expression on an authorizer that is not `TOKEN`.
    #[error(
        "authorizer `{0}`: a validation expression applies to a TOKEN authorizer's token only; \
         remove it, or check the request in the function"
    )]
    ValidationExpressionOnRequest(String),
    /// `apiKeyRequired` on a declared `OPTIONS`.
    #[error(
        "OPTIONS answers browsers' CORS preflights, which never carry an API key; it can't \
         require one"
    )]
    ApiKeyOnOptions,
    /// An API key whose value the template would hold in clear text.
    #[error(
        "API key `{0}`: its value would be written in the template in clear text; leave it \
         out (API Gateway generates one) or take it from a `NoEcho` parameter"
    )]
    ApiKeyValueInClear(String),
    /// A usage plan bound to no stage.
    #[error("usage plan `{0}` is bound to no stage; name at least one of the API's stages")]
    UsagePlanWithoutStage(String),
    /// A usage plan naming a stage, key or method the API does not have.
    #[error("usage plan `{plan}`: {reason}")]
    InvalidUsagePlan {
        /// The plan's name.
        plan: String,
        /// What it names that does not exist.
        reason: String,
    },
    /// An authorizer's credentials that are no IAM role ARN.
    #[error("authorizer `{0}`: credentials `{1}` are not an IAM role ARN")]
    InvalidAuthorizerCredentials(String, String),
    /// A user pool ARN that is not one.
    #[error("`{0}` is not a Cognito user pool ARN")]
    InvalidUserPoolArn(String),
    /// A stage variable API Gateway rejects: its name, and why.
    #[error("stage variable `{name}`: {reason}")]
    InvalidStageVariable {
        /// The variable's name as written.
        name: String,
        /// Why it is rejected.
        reason: &'static str,
    },
    /// A private endpoint without the VPC endpoints it is reached through.
    #[error(
        "a private API is reached only through VPC endpoints: name them \
         (`RestApi::vpc_endpoint`, `vpcEndpointIds:`), so that synth writes them into the \
         endpoint configuration and the resource policy admits them (API Gateway refuses to \
         deploy a private API without a resource policy)"
    )]
    PrivateEndpointWithoutVpcEndpoints,
    /// VPC endpoint ids on an API whose endpoint is not private.
    #[error(
        "VPC endpoint ids apply to a private API only; set the endpoint type to private, or \
         admit callers by VPC endpoint with a resource policy statement instead \
         (`source_vpc_endpoints`, `sourceVpcEndpoints:`)"
    )]
    VpcEndpointsWithoutPrivate,
    /// A source IP range of a resource policy statement that is no IPv4 or IPv6 address or
    /// CIDR range.
    #[error(
        "resource policy statement {statement}: `{range}` is no IPv4 or IPv6 address or CIDR \
         range (e.g. `203.0.113.0/24`, `2001:db8::/32`)"
    )]
    InvalidCidr {
        /// The statement's number, from 1.
        statement: usize,
        /// The range as written.
        range: String,
    },
    /// A resource policy statement naming a route the API does not have.
    #[error("resource policy statement {statement}: the API has no {route}")]
    PolicyRouteNotFound {
        /// The statement's number, from 1.
        statement: usize,
        /// The route: `method GET /orders` or `path /admin`.
        route: String,
    },
    /// A resource policy statement that names no caller, or one that is no account or ARN.
    #[error("resource policy statement {statement}: {reason}")]
    InvalidPolicyStatement {
        /// The statement's number, from 1.
        statement: usize,
        /// What is wrong.
        reason: String,
    },
    /// A stage name API Gateway rejects.
    #[error("invalid stage name `{0}` (letters, digits, `-` and `_`; at most 128)")]
    InvalidStageName(String),
    /// A log retention CloudWatch Logs does not offer: the stage, the days.
    #[error(
        "stage `{0}`: access log retention of {1} days is not one CloudWatch Logs offers \
         (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, \
         2557, 2922, 3288 or 3653)"
    )]
    InvalidLogRetention(String, u32),
    /// A cache cluster size API Gateway does not offer: the stage, the size.
    #[error(
        "stage `{0}`: cache cluster size `{1}` is not one API Gateway offers (0.5, 1.6, 6.1, \
         13.5, 28.4, 58.2, 118 or 237)"
    )]
    InvalidCacheSize(String, String),
    /// A cache TTL outside 0..=3600 seconds.
    #[error("cache TTL {0} is outside 0..=3600 seconds")]
    CacheTtlOutOfRange(u32),
    /// Caching settings on a stage without a cache cluster: the stage.
    #[error(
        "stage `{0}` caches responses but has no cache cluster; give it one \
         (`cache_cluster(\"0.5\")`, `cacheClusterSize: \"0.5\"`) or remove the caching settings"
    )]
    CachingWithoutCacheCluster(String),
    /// A throttling burst below its rate: rate, burst.
    #[error("throttling burst {1} is below the rate {0}; the burst must be at least the rate")]
    BurstBelowRate(u32, u32),
    /// Settings for a method the API does not have: the stage.
    #[error("stage `{0}` has settings for a method the API does not have")]
    MethodSettingsWithoutMethod(String),
    /// An `Fn::If` in a value naming a condition the stack does not declare.
    #[error(
        "condition `{0}` is named by an `if` but not declared; add it with .condition(...) \
         (under `conditions:` in a stack file)"
    )]
    UndeclaredCondition(String),
    /// `AWS::NoValue` in a value: it removes the property, and each value synth writes fills
    /// one its resource needs.
    #[error(
        "`AWS::NoValue` removes the property it is the value of, and this one is needed; give \
         both branches of the `if` a value"
    )]
    NoValueInValue,
    /// Two stages of one name.
    #[error("two stages are named `{0}`")]
    DuplicateStage(String),
    /// A stage name given at deploy time that can't serve as one: the stage's label, why.
    #[error("stage `{0}`: {1}")]
    InvalidStageNameValue(String, &'static str),
    /// Two stages whose names may be the same at deploy time: their labels.
    #[error(
        "stages `{0}` and `{1}` may be given the same name at deploy time (CloudFormation then \
         fails: the stage already exists); name them so that they differ whatever the \
         parameters hold, e.g. `${{Env}}` and `${{Env}}-canary`, or with literals"
    )]
    StageNamesMayCollide(String, String),
    /// A canary percentage outside 0 to 100: the stage, the percentage as written.
    #[error("stage `{0}`: canary traffic {1}% is outside 0 to 100")]
    CanaryPercentOutOfRange(String, String),
    /// A tag CloudFormation rejects: the key, why.
    #[error("tag `{0}`: {1}")]
    InvalidTag(String, &'static str),
    /// A literal domain name that is no host name.
    #[error(
        "`{0}` is not a host name for a custom domain (labels of letters, digits and `-`, like api.example.com)"
    )]
    InvalidDomainName(String),
    /// A literal certificate ARN that is not one: the domain, the ARN.
    #[error(
        "domain `{0}`: `{1}` is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)"
    )]
    InvalidCertificateArn(String, String),
    /// A base path mapped to a stage the API does not have: the domain, the stage.
    #[error("domain `{0}` maps a base path to stage `{1}`, which the API does not have")]
    BasePathToMissingStage(String, String),
    /// A base path API Gateway does not take: the domain, the path.
    #[error(
        "domain `{0}`: base path `{1}` is not one path part of letters, digits, `-`, `_` and `.` (\"\" maps the domain's root)"
    )]
    InvalidBasePath(String, String),
    /// A domain without any base path mapping.
    #[error(
        "domain `{0}` has no base path mapping; map at least one path (\"\" for its root) to a stage"
    )]
    DomainWithoutBasePath(String),
    /// Mutual TLS on a domain that is not REGIONAL.
    #[error("domain `{0}`: mutual TLS needs a REGIONAL domain")]
    MutualTlsNeedsRegional(String),
    /// A truststore version on a domain without mutual TLS.
    #[error("domain `{0}` has a truststore version but no mutual TLS truststore")]
    TruststoreVersionWithoutMutualTls(String),
    /// A PRIVATE custom domain, which this crate does not model.
    #[error("domain `{0}`: a custom domain is REGIONAL or EDGE")]
    PrivateDomain(String),
    /// A reason that is empty: what it is the reason for.
    #[error("the reason {0} is empty; say why")]
    EmptyReason(&'static str),
    /// An API with nothing to deploy.
    #[error("API has no methods; a deployment needs at least one")]
    NoMethods,
    /// A Lambda function name that is not one.
    #[error("`{0}` is not a Lambda function name (1 to 64 letters, digits, `-` and `_`)")]
    InvalidFunctionName(String),
    /// A literal Lambda ARN that is not one.
    #[error("`{0}` is not a Lambda function ARN")]
    InvalidFunctionArn(String),
    /// An integration API Gateway can't take: a URL that is not http(s), a path parameter
    /// the route lacks, a timeout out of range, an unknown service action, ….
    #[error("integration: {message}")]
    InvalidIntegration {
        /// The integration's key in a stack file (`http`, `httpProxy`, `aws`, `lambda`,
        /// `mock`), where a file's message points.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// CORS settings API Gateway can't express.
    #[error("CORS: {0}")]
    InvalidCors(&'static str),
    /// A model API Gateway can't take.
    #[error("model `{model}`: {message}")]
    InvalidModel {
        /// Its name.
        model: String,
        /// What is wrong.
        message: String,
    },
    /// A method names a model the API does not declare: for its request body, or for the
    /// body of its response `status`.
    #[error(
        "{} model `{model}` is not declared; declare it with `RestApi::model` / `models:`",
        model_use(*.status)
    )]
    UnknownModel {
        /// The model's name.
        model: String,
        /// The response's status code; `None` for the request's model.
        status: Option<u16>,
    },
    /// A response model a method can't declare: its status or content type, or given twice.
    #[error("response {status}: {message}")]
    InvalidResponseModel {
        /// The response's status code.
        status: u16,
        /// What is wrong.
        message: String,
    },
    /// A required parameter (or a request model's content type) a method can't have.
    #[error("`{name}` {message}")]
    InvalidRequiredParameter {
        /// The parameter (or content type).
        name: String,
        /// What is wrong.
        message: &'static str,
    },
    /// A gateway response the stack declares that API Gateway can't take.
    #[error("gateway response {response_type}: {message}")]
    InvalidGatewayResponse {
        /// Its type, e.g. `UNAUTHORIZED`.
        response_type: &'static str,
        /// What is wrong.
        message: &'static str,
    },
    /// An allowed CORS origin (the `index`th) that browsers never send or that can't be
    /// allowed.
    #[error("CORS: origin `{origin}`: {problem}")]
    InvalidCorsOrigin {
        /// Its position in the list of allowed origins.
        index: usize,
        /// The origin as given.
        origin: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A parameter name that is not a logical id.
    #[error("parameter name `{0}` must be 1 to 255 letters and digits")]
    InvalidParameterName(String),
    /// A parameter declared twice.
    #[error("parameter `{0}` is declared twice")]
    DuplicateParameter(String),
    /// A `CommaDelimitedList` parameter where one string is needed (a list where
    /// CloudFormation needs a string: cfn-lint E1020 in `ProviderARNs`).
    #[error(
        "parameter `{0}` is a CommaDelimitedList, but here it must give one value: declare it \
         as a String (a CommaDelimitedList is a list, which CloudFormation rejects here)"
    )]
    ListParameter(String),
    /// A reference to a name the stack declares neither as a parameter nor as a raw
    /// resource (nor is it a pseudo parameter).
    #[error(
        "`{0}` is referenced but declared neither as a parameter nor as a raw resource; add \
         it with .parameter(...) or .resource(...)"
    )]
    UndeclaredParameter(String),
    /// A `Fn::Sub` placeholder that names no logical id or pseudo parameter.
    #[error(
        "`{0}` in a `Fn::Sub` names no parameter, resource or pseudo parameter (letters and \
         digits, `Name.Attribute`, `AWS::Region`…; `${{!text}}` writes a literal `${{text}}`)"
    )]
    InvalidSubPlaceholder(String),
    /// An output name that is not a logical id.
    #[error("output name `{0}` must be 1 to 255 letters and digits")]
    InvalidOutputName(String),
    /// An output the stack declares with the name of one synth generates: the output, and
    /// what the generated one is.
    #[error("output `{0}` is generated already ({1}); give the stack's own output another name")]
    OutputNameTaken(String, String),
    /// A control character in a name or value the stack gives.
    #[error("{}", control_message(.what, .value, *.character, *.prose))]
    ControlCharacter {
        /// What the text is, e.g. `the API's name`, `CORS origin`.
        what: String,
        /// The text as given (printed escaped).
        value: String,
        /// The first control character in it.
        character: char,
        /// Whether the text is a description, where line breaks and tabs are allowed.
        prose: bool,
    },
    /// Over CloudFormation's resource limit.
    #[error("template has {0} resources; CloudFormation allows 500 per template")]
    TooManyResources(usize),
    /// Two constructs got one logical id.
    #[error("logical id `{0}` is generated twice ({1})")]
    LogicalIdCollision(String, String),
    /// A template over a CloudFormation limit that splitting into nested stacks can't fix.
    #[error("{file} has {value} {what}; CloudFormation allows {limit}: {fix}")]
    TemplateLimit {
        /// The template's path inside the output directory.
        file: String,
        /// What is counted: `resources`, `parameters`, `outputs` or `bytes`.
        what: &'static str,
        /// The count.
        value: usize,
        /// The limit.
        limit: usize,
        /// What to change.
        fix: &'static str,
    },
    /// A Lambda function whose resource policy would exceed 20 KB.
    #[error(
        "Lambda function `{function}`: its resource policy would be about {bytes} bytes; \
         Lambda allows 20480: point fewer distinct APIs at it"
    )]
    PolicyTooLarge {
        /// The function.
        function: String,
        /// The estimated bytes.
        bytes: usize,
    },
}
