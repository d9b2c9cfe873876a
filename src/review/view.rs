//! The API view of a template: routes → methods → authorization and integration target,
//! authorizers, CORS, gateway responses, stages and Lambda permissions, keyed by meaning
//! (path, HTTP method, names), never by logical id.

use std::collections::{BTreeMap, BTreeSet};

/// A template seen as its APIs plus everything else.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TemplateModel {
    /// The REST APIs, by name (the `Name` property, else the logical id).
    pub apis: BTreeMap<String, ApiView>,
    /// Lambda invoke permissions, by function (its name when the template shows it).
    pub permissions: BTreeMap<String, BTreeSet<PermissionStatement>>,
    /// Resources that are not part of an API's route tree, by logical id (functions by
    /// `Function:<name>` when named).
    pub others: BTreeMap<String, OtherResource>,
    /// Template parameters, flattened, by name.
    pub parameters: BTreeMap<String, BTreeMap<String, String>>,
    /// Template outputs, flattened, by name.
    pub outputs: BTreeMap<String, BTreeMap<String, String>>,
    /// Template conditions, flattened, by name.
    pub conditions: BTreeMap<String, BTreeMap<String, String>>,
    /// Template mappings, flattened, by name.
    pub mappings: BTreeMap<String, BTreeMap<String, String>>,
    /// Template rules (assertions on parameter values), flattened, by name.
    pub rules: BTreeMap<String, BTreeMap<String, String>>,
    /// The template's description.
    pub description: Option<String>,
    /// The template's `Transform` (macros that rewrite it before it deploys).
    pub transform: Option<String>,
    /// What flows into the template's access-control places from elsewhere in it.
    pub access_inputs: AccessInputs,
}

/// What flows into a template's access-control places (authorizers, methods' authorization,
/// public methods' integrations, permissions, policies, resources able to grant access) from
/// elsewhere in the template: a change to one of these can change who may call what while no
/// access-control property changes. Found by following `Ref`, `Fn::Sub`, `Fn::If`,
/// `Fn::FindInMap` and condition names from those places.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessInputs {
    /// Parameters an access-control place reads.
    pub parameters: BTreeSet<String>,
    /// Conditions an access-control place depends on.
    pub conditions: BTreeSet<String>,
    /// Mappings an access-control place reads.
    pub mappings: BTreeSet<String>,
    /// Rules that constrain a parameter an access-control place reads.
    pub rules: BTreeSet<String>,
    /// Stage variables (`stageVariables.NAME`) an access-control place reads, by name.
    pub stage_variables: BTreeSet<String>,
    /// Resources an authorizer calls (its Lambda function, and what that references), by
    /// logical id.
    pub resources: BTreeSet<String>,
}

impl AccessInputs {
    /// Everything in `self` or `other`.
    pub fn union(&self, other: &Self) -> Self {
        let both = |a: &BTreeSet<String>, b: &BTreeSet<String>| a.union(b).cloned().collect();
        Self {
            parameters: both(&self.parameters, &other.parameters),
            conditions: both(&self.conditions, &other.conditions),
            mappings: both(&self.mappings, &other.mappings),
            rules: both(&self.rules, &other.rules),
            stage_variables: both(&self.stage_variables, &other.stage_variables),
            resources: both(&self.resources, &other.resources),
        }
    }
}

/// One REST API.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApiView {
    /// The API's name.
    pub name: String,
    /// The RestApi's properties other than `Name`, flattened (`EndpointConfiguration.Types[0]`).
    pub settings: BTreeMap<String, String>,
    /// Resources by full path (`/products/{id}`), the root being `/`.
    pub routes: BTreeMap<String, RouteView>,
    /// Authorizers by name.
    pub authorizers: BTreeMap<String, AuthorizerView>,
    /// Gateway responses by response type (`DEFAULT_4XX`), their properties flattened.
    pub gateway_responses: BTreeMap<String, BTreeMap<String, String>>,
    /// Stages by stage name.
    pub stages: BTreeMap<String, StageView>,
    /// The statements of the API's resource policy (its `Policy`), in order.
    pub policy: Vec<PolicyStatementView>,
}

/// One statement of an API's resource policy, each part as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyStatementView {
    /// `Allow` or `Deny`.
    pub effect: String,
    /// `*`, or the AWS principals (`123456789012`, `arn:aws:iam::…`).
    pub principals: Vec<String>,
    /// The `Resource` patterns (`execute-api:/*/GET/orders`); with `not_resource`, the
    /// `NotResource` ones.
    pub resources: Vec<String>,
    /// True when the patterns are a `NotResource`: every route but them.
    pub not_resource: bool,
    /// Conditions as (operator, key, values): `("NotIpAddress", "aws:SourceIp", [..])`.
    pub conditions: Vec<(String, String, Vec<String>)>,
}

/// One resource path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RouteView {
    /// Methods by HTTP method (`GET`), the CORS preflight excluded.
    pub methods: BTreeMap<String, MethodView>,
    /// The CORS preflight's response headers (`Access-Control-Allow-Origin` → `*`), when the
    /// resource has a mock `OPTIONS` method answering with them.
    pub cors: Option<BTreeMap<String, String>>,
    /// The status the CORS preflight answers with (`204`), as its mock's integration
    /// response says.
    pub cors_status: Option<String>,
}

/// One method.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MethodView {
    /// Who may call it.
    pub authorization: Authorization,
    /// Whether an API key is required.
    pub api_key_required: bool,
    /// Where requests go.
    pub integration: IntegrationTarget,
    /// Why a public method is public, as the template says (checkov's skip of `CKV_AWS_59`).
    pub public_reason: Option<String>,
    /// Every other property, flattened.
    pub details: BTreeMap<String, String>,
}

impl MethodView {
    /// Its authorization with scopes and API key, and a public method's reason:
    /// `PUBLIC (public on purpose: health check)`.
    pub fn describe_access(&self) -> String {
        let mut text = self.authorization.describe_with_scopes();
        if self.api_key_required {
            text.push_str(", API key");
        }
        if let (true, Some(reason)) = (self.authorization.is_public(), &self.public_reason) {
            text.push_str(&format!(" ({reason})"));
        }
        text
    }
}

/// A method's authorization.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Authorization {
    /// Its `AuthorizationType`.
    pub kind: AuthorizationKind,
    /// The authorizer's name, when the method names one.
    pub authorizer: Option<String>,
    /// The `Type` of a Lambda authorizer the method names (`TOKEN`, `REQUEST`), when the
    /// template holds it.
    pub lambda_type: Option<String>,
    /// OAuth scopes, any one of which a token must carry.
    pub scopes: BTreeSet<String>,
}

impl Authorization {
    /// True when anyone may call the method.
    pub fn is_public(&self) -> bool {
        match self.kind {
            AuthorizationKind::None => true,
            AuthorizationKind::AwsIam
            | AuthorizationKind::CognitoUserPools
            | AuthorizationKind::Custom
            | AuthorizationKind::Other(_) => false,
        }
    }

    /// `PUBLIC`, `AWS_IAM`, `COGNITO_USER_POOLS <authorizer>` or
    /// `CUSTOM <authorizer> (Lambda TOKEN)`, without the scopes.
    pub fn describe(&self) -> String {
        let kind = match &self.kind {
            AuthorizationKind::None => return "PUBLIC".to_owned(),
            AuthorizationKind::AwsIam
            | AuthorizationKind::CognitoUserPools
            | AuthorizationKind::Custom
            | AuthorizationKind::Other(_) => self.kind.as_str(),
        };
        match (&self.authorizer, &self.lambda_type) {
            (Some(a), Some(t)) => format!("{kind} {a} (Lambda {t})"),
            (Some(a), None) => format!("{kind} {a}"),
            (None, _) => kind.to_owned(),
        }
    }

    /// [`describe`](Self::describe) plus the scopes.
    pub fn describe_with_scopes(&self) -> String {
        let mut text = self.describe();
        if !self.scopes.is_empty() {
            let scopes: Vec<&str> = self.scopes.iter().map(String::as_str).collect();
            text.push_str(&format!(", scopes {}", scopes.join(" ")));
        }
        text
    }
}

/// A method's `AuthorizationType`: one of the four API Gateway knows, or whatever else the
/// template says (an expression, a typo), upper-cased, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum AuthorizationKind {
    /// `NONE`: anyone may call the method. Default, as for a method without the property.
    #[default]
    None,
    /// `AWS_IAM`: callers signing with IAM credentials.
    AwsIam,
    /// `COGNITO_USER_POOLS`: callers with a token of the authorizer's user pools.
    CognitoUserPools,
    /// `CUSTOM`: a Lambda authorizer decides.
    Custom,
    /// Any other value, as written.
    Other(String),
}

impl AuthorizationKind {
    /// The kind `text` (an `AuthorizationType`, upper-cased) names.
    pub fn from_text(text: &str) -> Self {
        match text {
            "NONE" => Self::None,
            "AWS_IAM" => Self::AwsIam,
            "COGNITO_USER_POOLS" => Self::CognitoUserPools,
            "CUSTOM" => Self::Custom,
            other => Self::Other(other.to_owned()),
        }
    }

    /// True unless the method is known to require authorization: public, or an
    /// `AuthorizationType` the gate can't read (an expression such as `Fn::If`, a typo), which
    /// the review gate treats as public (it fails closed).
    pub fn may_be_public(&self) -> bool {
        match self {
            Self::None | Self::Other(_) => true,
            Self::AwsIam | Self::CognitoUserPools | Self::Custom => false,
        }
    }

    /// The `AuthorizationType` as a template writes it, e.g. `COGNITO_USER_POOLS`.
    pub fn as_str(&self) -> &str {
        match self {
            Self::None => "NONE",
            Self::AwsIam => "AWS_IAM",
            Self::CognitoUserPools => "COGNITO_USER_POOLS",
            Self::Custom => "CUSTOM",
            Self::Other(text) => text,
        }
    }
}

/// Where a method's requests go, by the integration's `Type`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum IntegrationTarget {
    /// The method has no `Integration`. Default.
    #[default]
    Missing,
    /// A Lambda function, by name: `AWS_PROXY`, or `AWS` (non-proxy) when `proxy` is false.
    Lambda {
        /// The function's name (or the expression naming it).
        function: String,
        /// True for `AWS_PROXY`.
        proxy: bool,
    },
    /// `MOCK`: API Gateway answers by itself.
    Mock {
        /// The `Uri`, when the template gives one.
        uri: Option<String>,
        /// The status it answers (the integration response its request template's
        /// `statusCode` selects), when the template says.
        status: Option<u16>,
    },
    /// `HTTP`, or `HTTP_PROXY` when `proxy` is true: an HTTP endpoint.
    Http {
        /// True for `HTTP_PROXY`.
        proxy: bool,
        /// The endpoint's `Uri`.
        uri: Option<String>,
        /// The VPC link's id (`ConnectionId`), when it goes through one.
        vpc_link: Option<String>,
    },
    /// `AWS`: an action of an AWS service other than Lambda.
    AwsService {
        /// The action's `Uri`.
        uri: Option<String>,
        /// What the `Uri` calls, read: `dynamodb:GetItem`, `sqs:SendMessage
        /// path/${AWS::AccountId}/orders` (the action of a path from the request template).
        target: Option<String>,
    },
    /// Any other `Type` (upper-cased, as written), e.g. `AWS_PROXY` with no Lambda `Uri`.
    Other {
        /// The type.
        kind: String,
        /// The `Uri`.
        uri: Option<String>,
    },
}

impl IntegrationTarget {
    /// A Lambda function's name (`name (Lambda, non-proxy)` for `AWS`), `(no integration)`,
    /// or the integration type and its URI: `MOCK` (`MOCK 410` with another status than
    /// 200), `HTTP_PROXY https://…`.
    pub fn describe(&self) -> String {
        let with_uri = |kind: &str, uri: &Option<String>| match uri {
            Some(uri) => format!("{kind} {uri}"),
            None => kind.to_owned(),
        };
        match self {
            Self::Missing => "(no integration)".to_owned(),
            Self::Lambda {
                function,
                proxy: true,
            } => function.clone(),
            Self::Lambda {
                function,
                proxy: false,
            } => format!("{function} (Lambda, non-proxy)"),
            // `MOCK 410`; a mock answering 200 (the default) is `MOCK`.
            Self::Mock { uri, status } => match status.filter(|s| *s != 200) {
                Some(status) => with_uri(&format!("MOCK {status}"), uri),
                None => with_uri("MOCK", uri),
            },
            Self::Http {
                proxy,
                uri,
                vpc_link,
            } => {
                let kind = if *proxy { "HTTP_PROXY" } else { "HTTP" };
                match vpc_link {
                    Some(link) => format!("{} via VPC link {link}", with_uri(kind, uri)),
                    None => with_uri(kind, uri),
                }
            }
            Self::AwsService {
                target: Some(target),
                ..
            } => format!("AWS {target}"),
            Self::AwsService { uri, target: None } => with_uri("AWS", uri),
            Self::Other { kind, uri } => with_uri(kind, uri),
        }
    }

    /// The `Integration` properties [`describe`](Self::describe) already shows, which a
    /// method's details leave out.
    pub fn described_properties(&self) -> &'static [&'static str] {
        match self {
            Self::Lambda { .. } => &["Uri", "Type", "IntegrationHttpMethod"],
            Self::Http {
                vpc_link: Some(_), ..
            } => &["Uri", "Type", "ConnectionId", "ConnectionType"],
            Self::Missing
            | Self::Mock { .. }
            | Self::Http { .. }
            | Self::AwsService { .. }
            | Self::Other { .. } => &["Uri", "Type"],
        }
    }
}

impl std::fmt::Display for IntegrationTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// Compares the target as [`describe`](IntegrationTarget::describe) shows it.
impl PartialEq<&str> for IntegrationTarget {
    fn eq(&self, other: &&str) -> bool {
        self.describe() == *other
    }
}

/// One authorizer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuthorizerView {
    /// Its properties other than `Name` and `RestApiId`, flattened.
    pub properties: BTreeMap<String, String>,
}

/// One stage: its settings and the deployment it serves.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StageView {
    /// The logical id of the deployment the stage points at.
    pub deployment: Option<String>,
    /// The stage's and its deployment's other properties, flattened.
    pub details: BTreeMap<String, String>,
}

/// One statement of a Lambda function's resource policy.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct PermissionStatement {
    /// Who may invoke (`apigateway.amazonaws.com`).
    pub principal: String,
    /// The ARN the call must come from, when scoped.
    pub source_arn: Option<String>,
    /// The action, `lambda:InvokeFunction`.
    pub action: String,
    /// The account the call must come from, when scoped.
    pub source_account: Option<String>,
}

impl PermissionStatement {
    /// `principal P, source S` on one line.
    pub fn describe(&self) -> String {
        let mut text = format!("{} to {}", self.action, self.principal);
        match &self.source_arn {
            Some(s) => text.push_str(&format!(" from {s}")),
            None => text.push_str(" from any source"),
        }
        if let Some(a) = &self.source_account {
            text.push_str(&format!(" in account {a}"));
        }
        text
    }
}

/// A resource outside the route tree.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OtherResource {
    /// Its logical id.
    pub logical_id: String,
    /// Its CloudFormation type.
    pub resource_type: String,
    /// Everything but `Type`, flattened (`Properties.X`, `DependsOn[0]`).
    pub details: BTreeMap<String, String>,
}
