//! The change types of a review: what changed ([`Subject`]), how ([`ChangeKind`]), and
//! the [`Diff`] of two templates in its two [`Section`]s.

use serde::Serialize;

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// Something is new.
    Added,
    /// Something is gone.
    Removed,
    /// A value differs.
    Changed,
    /// The stage points at a new deployment.
    Redeployed,
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Subject {
    /// A method of a route, e.g. `PUT /products/{id}`.
    Method {
        /// The HTTP method.
        method: String,
        /// The resource path.
        path: String,
    },
    /// A resource path without methods.
    Route {
        /// The resource path.
        path: String,
    },
    /// The CORS preflight of one or more routes that changed alike.
    Cors {
        /// The resource paths.
        paths: Vec<String>,
    },
    /// An authorizer, by name.
    Authorizer {
        /// The authorizer's name.
        name: String,
    },
    /// One or more gateway responses that changed alike.
    GatewayResponse {
        /// The response types, e.g. `DEFAULT_4XX`.
        response_types: Vec<String>,
    },
    /// The resource policy statements that let callers invoke a Lambda function.
    LambdaPermission {
        /// The function's name (or the expression naming it).
        function: String,
    },
    /// A stage, by name.
    Stage {
        /// The stage name.
        name: String,
    },
    /// A REST API's own settings.
    Api {
        /// The API's name.
        name: String,
    },
    /// A resource outside the route tree, by logical id.
    Resource {
        /// The logical id.
        logical_id: String,
        /// The CloudFormation type.
        resource_type: String,
    },
    /// A template parameter.
    Parameter {
        /// The parameter's name.
        name: String,
    },
    /// A template condition.
    Condition {
        /// The condition's name.
        name: String,
    },
    /// A template mapping.
    Mapping {
        /// The mapping's name.
        name: String,
    },
    /// A template rule.
    Rule {
        /// The rule's name.
        name: String,
    },
    /// A template output.
    Output {
        /// The output's name.
        name: String,
    },
    /// The template itself (its description, its transform).
    Template,
}

/// One change, by meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The API the change belongs to, when the templates hold more than one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api: Option<String>,
    /// What changed.
    pub subject: Subject,
    /// How.
    pub kind: ChangeKind,
    /// Which property or part, e.g. `authorization`, `scope`, `Access-Control-Allow-Origin`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aspect: Option<String>,
    /// The value before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The value after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// For an added or removed method, its integration target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration: Option<String>,
}

/// Every change between two templates: access control first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// Who can call what, and what a caller without authorization reaches: the changes
    /// the policy classifies as access control (see the README's "The review gate").
    pub access_control: Vec<Change>,
    /// Everything else: authorized methods' integrations, method settings, stages, other
    /// resources, parameters, conditions and mappings no access-control place reads,
    /// outputs.
    pub other: Vec<Change>,
}

impl Diff {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.access_control.is_empty() && self.other.is_empty()
    }
}

/// The two parts of a [`Diff`], access control first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// Who can call what: the changes a reviewer must see.
    AccessControl,
    /// Everything else.
    Other,
}

impl Diff {
    /// The changes of one section.
    pub fn section(&self, section: Section) -> &[Change] {
        match section {
            Section::AccessControl => &self.access_control,
            Section::Other => &self.other,
        }
    }
}

impl Change {
    /// A change of `kind` to `subject`, with nothing more said yet.
    pub(super) fn of(subject: Subject, kind: ChangeKind) -> Self {
        Self {
            api: None,
            subject,
            kind,
            aspect: None,
            old: None,
            new: None,
            integration: None,
        }
    }

    /// Which property or part changed.
    pub(super) fn aspect(mut self, aspect: &str) -> Self {
        self.aspect = Some(aspect.to_owned());
        self
    }

    /// The value before.
    pub(super) fn before(mut self, value: impl Into<String>) -> Self {
        self.old = Some(value.into());
        self
    }

    /// The value after.
    pub(super) fn after(mut self, value: impl Into<String>) -> Self {
        self.new = Some(value.into());
        self
    }

    /// The values before and after, each when there is one.
    pub(super) fn values(mut self, old: Option<&str>, new: Option<&str>) -> Self {
        self.old = old.map(str::to_owned);
        self.new = new.map(str::to_owned);
        self
    }

    /// The integration target of a method added or removed.
    pub(super) fn integration(mut self, target: String) -> Self {
        self.integration = Some(target);
        self
    }
}

impl Subject {
    /// The paths or response types of a subject that stands for several alike (CORS
    /// preflights, gateway responses); `None` for a subject that is always one.
    pub(super) fn targets(&self) -> Option<&Vec<String>> {
        match self {
            Subject::Cors { paths } => Some(paths),
            Subject::GatewayResponse { response_types } => Some(response_types),
            Subject::Method { .. }
            | Subject::Route { .. }
            | Subject::Authorizer { .. }
            | Subject::LambdaPermission { .. }
            | Subject::Stage { .. }
            | Subject::Api { .. }
            | Subject::Resource { .. }
            | Subject::Parameter { .. }
            | Subject::Condition { .. }
            | Subject::Mapping { .. }
            | Subject::Rule { .. }
            | Subject::Output { .. }
            | Subject::Template => None,
        }
    }

    /// [`targets`](Self::targets), to add to.
    pub(super) fn targets_mut(&mut self) -> Option<&mut Vec<String>> {
        match self {
            Subject::Cors { paths } => Some(paths),
            Subject::GatewayResponse { response_types } => Some(response_types),
            Subject::Method { .. }
            | Subject::Route { .. }
            | Subject::Authorizer { .. }
            | Subject::LambdaPermission { .. }
            | Subject::Stage { .. }
            | Subject::Api { .. }
            | Subject::Resource { .. }
            | Subject::Parameter { .. }
            | Subject::Condition { .. }
            | Subject::Mapping { .. }
            | Subject::Rule { .. }
            | Subject::Output { .. }
            | Subject::Template => None,
        }
    }
}
