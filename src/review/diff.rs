//! The semantic comparison of two templates: access-control changes apart from the rest,
//! methods matched by path and HTTP method, a new deployment shown as a redeployed stage.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::view::{ApiView, MethodView, PermissionStatement, RouteView, TemplateModel};

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
    /// A template output.
    Output {
        /// The output's name.
        name: String,
    },
    /// The template itself (its description).
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
    /// Who can call what: methods added or removed, authorization, scopes, authorizers,
    /// CORS origins and headers, gateway responses, Lambda permissions, API policy, IAM and
    /// Cognito resources.
    pub access_control: Vec<Change>,
    /// Everything else: integrations, method settings, stages, other resources,
    /// parameters, outputs.
    pub other: Vec<Change>,
}

impl Diff {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.access_control.is_empty() && self.other.is_empty()
    }
}

/// The order of groups within a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Authorizer,
    Method,
    Cors,
    GatewayResponse,
    Api,
    Stage,
    Permission,
    Resource,
    Parameter,
    Output,
    Template,
}

/// Compares `old` with `new`.
pub fn diff(old: &TemplateModel, new: &TemplateModel) -> Diff {
    let mut d = Differ::default();
    let old_apis: Vec<&ApiView> = old.apis.values().collect();
    let new_apis: Vec<&ApiView> = new.apis.values().collect();
    if let ([o], [n]) = (old_apis.as_slice(), new_apis.as_slice()) {
        // One API on each side: the same API, whatever its name.
        if o.name != n.name {
            d.push(
                false,
                Group::Api,
                Subject::Api {
                    name: n.name.clone(),
                },
                ChangeKind::Changed,
                Some("name"),
                Some(&o.name),
                Some(&n.name),
            );
        }
        d.api_pair(o, n);
    } else {
        let names: BTreeSet<&String> = old.apis.keys().chain(new.apis.keys()).collect();
        let several = names.len() > 1;
        let empty = ApiView::default();
        for name in names {
            d.api = several.then(|| name.clone());
            let (o, n) = (old.apis.get(name), new.apis.get(name));
            if o.is_none() || n.is_none() {
                let kind = if o.is_none() {
                    ChangeKind::Added
                } else {
                    ChangeKind::Removed
                };
                let subject = Subject::Api { name: name.clone() };
                d.push(false, Group::Api, subject, kind, None, None, None);
            }
            d.api_pair(o.unwrap_or(&empty), n.unwrap_or(&empty));
        }
    }
    d.api = None;
    d.permissions(&old.permissions, &new.permissions);
    d.resources(old, new);
    d.named(Group::Parameter, &old.parameters, &new.parameters, |name| {
        Subject::Parameter { name }
    });
    d.named(Group::Output, &old.outputs, &new.outputs, |name| {
        Subject::Output { name }
    });
    if old.description != new.description {
        d.push(
            false,
            Group::Template,
            Subject::Template,
            ChangeKind::Changed,
            Some("Description"),
            old.description.as_deref(),
            new.description.as_deref(),
        );
    }
    d.finish()
}

#[derive(Default)]
struct Differ {
    api: Option<String>,
    security: Vec<(Group, Change)>,
    other: Vec<(Group, Change)>,
}

/// CORS headers whose change widens or narrows who may call from a browser.
const CORS_SECURITY_HEADERS: [&str; 4] = [
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Headers",
    "Access-Control-Allow-Credentials",
    "Access-Control-Expose-Headers",
];

/// RestApi properties that decide who may call the API.
const API_SECURITY_SETTINGS: [&str; 3] =
    ["Policy", "DisableExecuteApiEndpoint", "ApiKeySourceType"];

/// Resource type prefixes whose changes are access control.
const SECURITY_RESOURCE_TYPES: [&str; 5] = [
    "AWS::IAM::",
    "AWS::Cognito::",
    "AWS::ApiGateway::ApiKey",
    "AWS::ApiGateway::UsagePlan",
    "AWS::WAFv2::",
];

impl Differ {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        security: bool,
        group: Group,
        subject: Subject,
        kind: ChangeKind,
        aspect: Option<&str>,
        old: Option<&str>,
        new: Option<&str>,
    ) {
        let change = Change {
            api: self.api.clone(),
            subject,
            kind,
            aspect: aspect.map(str::to_owned),
            old: old.map(str::to_owned),
            new: new.map(str::to_owned),
            integration: None,
        };
        self.push_change(security, group, change);
    }

    /// A whole item added or removed, with nothing more to say about it.
    fn presence(&mut self, security: bool, group: Group, subject: Subject, kind: ChangeKind) {
        self.push(security, group, subject, kind, None, None, None);
    }

    fn push_change(&mut self, security: bool, group: Group, change: Change) {
        let list = if security {
            &mut self.security
        } else {
            &mut self.other
        };
        // CORS and gateway responses that change alike are one line.
        for (_, existing) in list.iter_mut() {
            if same_but_targets(existing, &change) {
                match (&mut existing.subject, change.subject) {
                    (Subject::Cors { paths }, Subject::Cors { paths: more }) => paths.extend(more),
                    (
                        Subject::GatewayResponse { response_types },
                        Subject::GatewayResponse {
                            response_types: more,
                        },
                    ) => response_types.extend(more),
                    _ => {}
                }
                return;
            }
        }
        list.push((group, change));
    }

    /// Property-level changes between two flattened maps.
    fn flat(
        &mut self,
        security: impl Fn(&str) -> bool,
        group: Group,
        subject: impl Fn() -> Subject,
        old: &BTreeMap<String, String>,
        new: &BTreeMap<String, String>,
    ) {
        let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let (o, n) = (old.get(key), new.get(key));
            if o == n {
                continue;
            }
            let kind = match (o, n) {
                (None, _) => ChangeKind::Added,
                (_, None) => ChangeKind::Removed,
                _ => ChangeKind::Changed,
            };
            let aspect = pretty_aspect(key);
            self.push(
                security(key),
                group,
                subject(),
                kind,
                Some(&aspect),
                o.map(String::as_str),
                n.map(String::as_str),
            );
        }
    }

    fn api_pair(&mut self, old: &ApiView, new: &ApiView) {
        self.authorizers(old, new);
        let paths: BTreeSet<&String> = old.routes.keys().chain(new.routes.keys()).collect();
        let empty = RouteView::default();
        for path in paths {
            let (o, n) = (old.routes.get(path), new.routes.get(path));
            self.route(
                path,
                o.unwrap_or(&empty),
                n.unwrap_or(&empty),
                o.is_some(),
                n.is_some(),
            );
        }
        let types: BTreeSet<&String> = old
            .gateway_responses
            .keys()
            .chain(new.gateway_responses.keys())
            .collect();
        for t in types {
            let subject = || Subject::GatewayResponse {
                response_types: vec![t.clone()],
            };
            match (old.gateway_responses.get(t), new.gateway_responses.get(t)) {
                (Some(_), None) => {
                    self.presence(true, Group::GatewayResponse, subject(), ChangeKind::Removed)
                }
                (None, Some(_)) => {
                    self.presence(true, Group::GatewayResponse, subject(), ChangeKind::Added)
                }
                (Some(o), Some(n)) => self.flat(|_| true, Group::GatewayResponse, subject, o, n),
                (None, None) => {}
            }
        }
        let api_name = new.name.clone();
        self.flat(
            |key| API_SECURITY_SETTINGS.iter().any(|s| key.starts_with(s)),
            Group::Api,
            || Subject::Api {
                name: api_name.clone(),
            },
            &old.settings,
            &new.settings,
        );
        let stages: BTreeSet<&String> = old.stages.keys().chain(new.stages.keys()).collect();
        for name in stages {
            let subject = || Subject::Stage { name: name.clone() };
            match (old.stages.get(name), new.stages.get(name)) {
                (Some(_), None) => {
                    self.presence(false, Group::Stage, subject(), ChangeKind::Removed)
                }
                (None, Some(_)) => self.presence(false, Group::Stage, subject(), ChangeKind::Added),
                (Some(o), Some(n)) => {
                    if o.deployment != n.deployment {
                        self.push(
                            false,
                            Group::Stage,
                            subject(),
                            ChangeKind::Redeployed,
                            None,
                            o.deployment.as_deref(),
                            n.deployment.as_deref(),
                        );
                    }
                    self.flat(|_| false, Group::Stage, subject, &o.details, &n.details);
                }
                (None, None) => {}
            }
        }
    }

    fn authorizers(&mut self, old: &ApiView, new: &ApiView) {
        let names: BTreeSet<&String> = old
            .authorizers
            .keys()
            .chain(new.authorizers.keys())
            .collect();
        for name in names {
            let subject = || Subject::Authorizer { name: name.clone() };
            let summary = |props: &BTreeMap<String, String>| {
                let get = |k: &str| props.get(k).map_or("", String::as_str).to_owned();
                match props.get("ProviderARNs") {
                    Some(pools) => format!("{}, user pools {pools}", get("Type")),
                    None => get("Type"),
                }
            };
            match (old.authorizers.get(name), new.authorizers.get(name)) {
                (Some(o), None) => {
                    let s = summary(&o.properties);
                    self.push(
                        true,
                        Group::Authorizer,
                        subject(),
                        ChangeKind::Removed,
                        None,
                        Some(&s),
                        None,
                    )
                }
                (None, Some(n)) => {
                    let s = summary(&n.properties);
                    self.push(
                        true,
                        Group::Authorizer,
                        subject(),
                        ChangeKind::Added,
                        None,
                        None,
                        Some(&s),
                    )
                }
                (Some(o), Some(n)) => self.flat(
                    |_| true,
                    Group::Authorizer,
                    subject,
                    &o.properties,
                    &n.properties,
                ),
                (None, None) => {}
            }
        }
    }

    fn route(&mut self, path: &str, old: &RouteView, new: &RouteView, in_old: bool, in_new: bool) {
        let verbs: BTreeSet<&String> = old.methods.keys().chain(new.methods.keys()).collect();
        for verb in verbs {
            let subject = || Subject::Method {
                method: verb.clone(),
                path: path.to_owned(),
            };
            match (old.methods.get(verb), new.methods.get(verb)) {
                (Some(o), None) => self.method_whole(subject(), ChangeKind::Removed, o),
                (None, Some(n)) => self.method_whole(subject(), ChangeKind::Added, n),
                (Some(o), Some(n)) => self.method(subject, o, n),
                (None, None) => {}
            }
        }
        let bare = |r: &RouteView| r.methods.is_empty() && r.cors.is_none();
        if in_old != in_new {
            let (kind, side) = if in_new {
                (ChangeKind::Added, new)
            } else {
                (ChangeKind::Removed, old)
            };
            if bare(side) {
                let subject = Subject::Route {
                    path: path.to_owned(),
                };
                self.push(false, Group::Method, subject, kind, None, None, None);
            }
        }
        let subject = || Subject::Cors {
            paths: vec![path.to_owned()],
        };
        let origin = |c: &BTreeMap<String, String>| c.get("Access-Control-Allow-Origin").cloned();
        match (&old.cors, &new.cors) {
            (Some(o), None) => self.push(
                true,
                Group::Cors,
                subject(),
                ChangeKind::Removed,
                Some("origin"),
                origin(o).as_deref(),
                None,
            ),
            (None, Some(n)) => self.push(
                true,
                Group::Cors,
                subject(),
                ChangeKind::Added,
                Some("origin"),
                None,
                origin(n).as_deref(),
            ),
            (Some(o), Some(n)) => self.flat(
                |key| CORS_SECURITY_HEADERS.contains(&key),
                Group::Cors,
                subject,
                o,
                n,
            ),
            (None, None) => {}
        }
    }

    fn method_whole(&mut self, subject: Subject, kind: ChangeKind, m: &MethodView) {
        let mut auth = m.authorization.describe_with_scopes();
        if m.api_key_required {
            auth.push_str(", API key");
        }
        let (old, new) = match kind {
            ChangeKind::Removed => (Some(auth), None),
            _ => (None, Some(auth)),
        };
        let change = Change {
            api: self.api.clone(),
            subject,
            kind,
            aspect: None,
            old,
            new,
            integration: Some(m.integration.describe()),
        };
        self.push_change(true, Group::Method, change);
    }

    fn method(&mut self, subject: impl Fn() -> Subject, old: &MethodView, new: &MethodView) {
        let (o, n) = (&old.authorization, &new.authorization);
        if o.kind != n.kind || o.authorizer != n.authorizer {
            self.push(
                true,
                Group::Method,
                subject(),
                ChangeKind::Changed,
                Some("authorization"),
                Some(&o.describe()),
                Some(&n.describe()),
            );
        }
        for scope in o.scopes.difference(&n.scopes) {
            self.push(
                true,
                Group::Method,
                subject(),
                ChangeKind::Removed,
                Some("scope"),
                Some(scope),
                None,
            );
        }
        for scope in n.scopes.difference(&o.scopes) {
            self.push(
                true,
                Group::Method,
                subject(),
                ChangeKind::Added,
                Some("scope"),
                None,
                Some(scope),
            );
        }
        if old.api_key_required != new.api_key_required {
            self.push(
                true,
                Group::Method,
                subject(),
                ChangeKind::Changed,
                Some("API key required"),
                Some(&old.api_key_required.to_string()),
                Some(&new.api_key_required.to_string()),
            );
        }
        let (old_target, new_target) = (old.integration.describe(), new.integration.describe());
        // Compared as shown: two targets that read the same are no change.
        if old_target != new_target {
            self.push(
                false,
                Group::Method,
                subject(),
                ChangeKind::Changed,
                Some("integration"),
                Some(&old_target),
                Some(&new_target),
            );
        }
        self.flat(
            |_| false,
            Group::Method,
            subject,
            &old.details,
            &new.details,
        );
    }

    fn permissions(
        &mut self,
        old: &BTreeMap<String, BTreeSet<PermissionStatement>>,
        new: &BTreeMap<String, BTreeSet<PermissionStatement>>,
    ) {
        let empty = BTreeSet::new();
        let functions: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for function in functions {
            let subject = || Subject::LambdaPermission {
                function: function.clone(),
            };
            let (o, n) = (
                old.get(function).unwrap_or(&empty),
                new.get(function).unwrap_or(&empty),
            );
            if o == n {
                continue;
            }
            if let ([a], [b]) = (
                o.iter().collect::<Vec<_>>().as_slice(),
                n.iter().collect::<Vec<_>>().as_slice(),
            ) {
                let fields = [
                    ("principal", Some(&a.principal), Some(&b.principal)),
                    ("source", a.source_arn.as_ref(), b.source_arn.as_ref()),
                    ("action", Some(&a.action), Some(&b.action)),
                    (
                        "source account",
                        a.source_account.as_ref(),
                        b.source_account.as_ref(),
                    ),
                ];
                for (aspect, x, y) in fields {
                    if x == y {
                        continue;
                    }
                    let kind = match (x, y) {
                        (None, _) => ChangeKind::Added,
                        (_, None) => ChangeKind::Removed,
                        _ => ChangeKind::Changed,
                    };
                    self.push(
                        true,
                        Group::Permission,
                        subject(),
                        kind,
                        Some(aspect),
                        x.map(String::as_str),
                        y.map(String::as_str),
                    );
                }
                continue;
            }
            for s in o.difference(n) {
                self.push(
                    true,
                    Group::Permission,
                    subject(),
                    ChangeKind::Removed,
                    Some("statement"),
                    Some(&s.describe()),
                    None,
                );
            }
            for s in n.difference(o) {
                self.push(
                    true,
                    Group::Permission,
                    subject(),
                    ChangeKind::Added,
                    Some("statement"),
                    None,
                    Some(&s.describe()),
                );
            }
        }
    }

    fn resources(&mut self, old: &TemplateModel, new: &TemplateModel) {
        let ids: BTreeSet<&String> = old.others.keys().chain(new.others.keys()).collect();
        for id in ids {
            let (o, n) = (old.others.get(id), new.others.get(id));
            let security = |t: &str| SECURITY_RESOURCE_TYPES.iter().any(|p| t.starts_with(p));
            let logical_id = n.or(o).map_or(id.as_str(), |r| r.logical_id.as_str());
            let subject = |t: &str| Subject::Resource {
                logical_id: logical_id.to_owned(),
                resource_type: t.to_owned(),
            };
            match (o, n) {
                (Some(o), Some(n)) if o.resource_type == n.resource_type => {
                    let t = &n.resource_type;
                    self.flat(
                        |_| security(t),
                        Group::Resource,
                        || subject(t),
                        &o.details,
                        &n.details,
                    );
                }
                _ => {
                    if let Some(o) = o {
                        let t = &o.resource_type;
                        self.presence(
                            security(t),
                            Group::Resource,
                            subject(t),
                            ChangeKind::Removed,
                        );
                    }
                    if let Some(n) = n {
                        let t = &n.resource_type;
                        self.presence(security(t), Group::Resource, subject(t), ChangeKind::Added);
                    }
                }
            }
        }
    }

    fn named(
        &mut self,
        group: Group,
        old: &BTreeMap<String, BTreeMap<String, String>>,
        new: &BTreeMap<String, BTreeMap<String, String>>,
        subject: impl Fn(String) -> Subject,
    ) {
        let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for name in names {
            match (old.get(name), new.get(name)) {
                (Some(_), None) => {
                    self.presence(false, group, subject(name.clone()), ChangeKind::Removed)
                }
                (None, Some(_)) => {
                    self.presence(false, group, subject(name.clone()), ChangeKind::Added)
                }
                (Some(o), Some(n)) => self.flat(|_| false, group, || subject(name.clone()), o, n),
                (None, None) => {}
            }
        }
    }

    fn finish(mut self) -> Diff {
        // Stable sort: groups in their order, changes within a group as found.
        self.security.sort_by_key(|(g, _)| *g);
        self.other.sort_by_key(|(g, _)| *g);
        Diff {
            access_control: self.security.into_iter().map(|(_, c)| c).collect(),
            other: self.other.into_iter().map(|(_, c)| c).collect(),
        }
    }
}

/// True when `a` and `b` are CORS or gateway-response changes equal but for their targets.
fn same_but_targets(a: &Change, b: &Change) -> bool {
    let mergeable = matches!(
        (&a.subject, &b.subject),
        (Subject::Cors { .. }, Subject::Cors { .. })
            | (
                Subject::GatewayResponse { .. },
                Subject::GatewayResponse { .. }
            )
    );
    mergeable
        && a.api == b.api
        && a.kind == b.kind
        && a.aspect == b.aspect
        && a.old == b.old
        && a.new == b.new
}

/// `Properties.X.Y` → `X.Y`; `ResponseParameters.gatewayresponse.header.H` → `header H`.
fn pretty_aspect(key: &str) -> String {
    let key = key.strip_prefix("Properties.").unwrap_or(key);
    if let Some(h) = key.strip_prefix("ResponseParameters.gatewayresponse.header.") {
        return format!("header {h}");
    }
    key.to_owned()
}
