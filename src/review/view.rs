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
    /// The template's description.
    pub description: Option<String>,
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
}

/// One resource path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RouteView {
    /// Methods by HTTP method (`GET`), the CORS preflight excluded.
    pub methods: BTreeMap<String, MethodView>,
    /// The CORS preflight's response headers (`Access-Control-Allow-Origin` → `*`), when the
    /// resource has a mock `OPTIONS` method answering with them.
    pub cors: Option<BTreeMap<String, String>>,
}

/// One method.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MethodView {
    /// Who may call it.
    pub authorization: Authorization,
    /// Whether an API key is required.
    pub api_key_required: bool,
    /// Where requests go: a Lambda function's name, `MOCK`, or the integration type and URI.
    pub integration: String,
    /// Every other property, flattened.
    pub details: BTreeMap<String, String>,
}

/// A method's authorization.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Authorization {
    /// `NONE`, `AWS_IAM`, `CUSTOM` or `COGNITO_USER_POOLS`.
    pub kind: String,
    /// The authorizer's name, when the method names one.
    pub authorizer: Option<String>,
    /// OAuth scopes, any one of which a token must carry.
    pub scopes: BTreeSet<String>,
}

impl Authorization {
    /// True when anyone may call the method.
    pub fn is_public(&self) -> bool {
        self.kind == "NONE"
    }

    /// `PUBLIC`, `AWS_IAM` or `COGNITO_USER_POOLS <authorizer>`, without the scopes.
    pub fn describe(&self) -> String {
        if self.is_public() {
            return "PUBLIC".to_owned();
        }
        match &self.authorizer {
            Some(a) => format!("{} {a}", self.kind),
            None => self.kind.clone(),
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
