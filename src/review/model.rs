//! The API view of a template: routes → methods → authorization and integration target,
//! authorizers, CORS, gateway responses, stages and Lambda permissions, keyed by meaning
//! (path, HTTP method, names), never by logical id.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::template_reader::replace_sub_placeholders;

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

/// Reads the API view of `template`, a template as [`read_template`](super::read_template)
/// returns it. Never fails: what can't be resolved is shown as written.
pub fn model(template: &Value) -> TemplateModel {
    Extractor::new(template).run()
}

/// A short text for an expression: literals as they are, `Ref X` as `${X}`, `Fn::GetAtt`
/// as `${A.B}`, `Fn::Sub` as its string with given variables filled in, `Fn::Join` joined,
/// anything else as compact JSON.
pub fn expr_text(value: &Value) -> String {
    text_with(value, &Aliases::new())
}

/// Logical id → the name a reference to it is shown with, e.g. `RestApi` →
/// `RestApi:eshop-fcj`, so that renaming a logical id changes no text.
type Aliases = BTreeMap<String, String>;

fn text_with(value: &Value, aliases: &Aliases) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(|v| text_with(v, aliases)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => intrinsic_text(map, aliases).unwrap_or_else(|| value.to_string()),
    }
}

fn alias<'a>(id: &'a str, aliases: &'a Aliases) -> &'a str {
    aliases.get(id).map_or(id, String::as_str)
}

/// `${X}` and `${X.Attr}` in a `Fn::Sub` string with `X` replaced by its alias; `${!X}` is
/// literal and stays.
fn sub_aliases(text: &str, aliases: &Aliases) -> String {
    replace_sub_placeholders(text, |inner| {
        if inner.starts_with('!') {
            return None;
        }
        let (head, tail) = inner
            .split_once('.')
            .map_or((inner, ""), |(h, _)| (h, &inner[h.len()..]));
        Some(format!("${{{}{tail}}}", alias(head, aliases)))
    })
}

fn intrinsic_text(map: &Map<String, Value>, aliases: &Aliases) -> Option<String> {
    let text = |v: &Value| text_with(v, aliases);
    let (key, arg) = single(map)?;
    match (key, arg) {
        ("Ref", Value::String(id)) => Some(format!("${{{}}}", alias(id, aliases))),
        ("Fn::GetAtt", Value::Array(parts)) => {
            let mut parts: Vec<String> = parts.iter().map(text).collect();
            if let Some(first) = parts.first_mut() {
                *first = alias(first, aliases).to_owned();
            }
            Some(format!("${{{}}}", parts.join(".")))
        }
        ("Fn::Sub", Value::String(s)) => Some(sub_aliases(s, aliases)),
        ("Fn::Sub", Value::Array(parts)) => {
            let mut s = parts.first().map(text)?;
            if let Some(Value::Object(vars)) = parts.get(1) {
                for (name, v) in vars {
                    s = s.replace(&format!("${{{name}}}"), &text(v));
                }
            }
            Some(sub_aliases(&s, aliases))
        }
        ("Fn::Join", Value::Array(parts)) => {
            let delimiter = parts.first().map(text)?;
            let Some(Value::Array(items)) = parts.get(1) else {
                return None;
            };
            let items: Vec<String> = items.iter().map(text).collect();
            Some(items.join(&delimiter))
        }
        _ => None,
    }
}

fn single(map: &Map<String, Value>) -> Option<(&str, &Value)> {
    if map.len() != 1 {
        return None;
    }
    map.iter().next().map(|(k, v)| (k.as_str(), v))
}

/// True for `{"Ref": …}` and `{"Fn::…": …}`.
fn is_intrinsic(map: &Map<String, Value>) -> bool {
    single(map).is_some_and(|(k, _)| k == "Ref" || k == "Condition" || k.starts_with("Fn::"))
}

/// Flattens `value` into `path → text`: objects by `.key`, arrays by `[i]`, intrinsics and
/// scalars as leaves ([`expr_text`]), so `true` and `"true"` compare equal.
pub fn flatten(value: &Value) -> BTreeMap<String, String> {
    flatten_with(value, &Aliases::new())
}

fn flatten_with(value: &Value, aliases: &Aliases) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    flatten_into(value, String::new(), aliases, &mut out);
    out
}

fn flatten_into(
    value: &Value,
    path: String,
    aliases: &Aliases,
    out: &mut BTreeMap<String, String>,
) {
    match value {
        Value::Object(map) if !map.is_empty() && !is_intrinsic(map) => {
            for (k, v) in map {
                let sub = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                flatten_into(v, sub, aliases, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                flatten_into(v, format!("{path}[{i}]"), aliases, out);
            }
        }
        // An empty section is no value; an empty property is `{}` or `[]`.
        Value::Object(_) | Value::Array(_) if path.is_empty() => {}
        Value::Object(map) if map.is_empty() => {
            out.insert(path, "{}".to_owned());
        }
        Value::Array(_) => {
            out.insert(path, "[]".to_owned());
        }
        other => {
            out.insert(path, text_with(other, aliases));
        }
    }
}

/// The logical id `{"Ref": id}` names.
fn ref_target(value: &Value) -> Option<&str> {
    match value.as_object().and_then(single) {
        Some(("Ref", Value::String(id))) => Some(id),
        _ => None,
    }
}

/// `(A, B)` for `{"Fn::GetAtt": [A, B]}`.
fn get_att(value: &Value) -> Option<(&str, &str)> {
    match value.as_object().and_then(single) {
        Some(("Fn::GetAtt", Value::Array(parts))) => match parts.as_slice() {
            [Value::String(a), Value::String(b)] => Some((a, b)),
            _ => None,
        },
        _ => None,
    }
}

/// The preflight response headers a CORS `OPTIONS` mock answers with.
fn preflight_headers(
    properties: &Map<String, Value>,
    aliases: &Aliases,
) -> Option<BTreeMap<String, String>> {
    let integration = properties.get("Integration")?.as_object()?;
    if integration.get("Type").and_then(Value::as_str) != Some("MOCK") {
        return None;
    }
    let responses = integration.get("IntegrationResponses")?.as_array()?;
    responses.iter().find_map(|response| {
        let params = response.get("ResponseParameters")?.as_object()?;
        let headers: BTreeMap<String, String> = params
            .iter()
            .filter_map(|(k, v)| {
                let name = k.strip_prefix("method.response.header.")?;
                Some((name.to_owned(), unquote(&text_with(v, aliases))))
            })
            .collect();
        headers
            .contains_key("Access-Control-Allow-Origin")
            .then_some(headers)
    })
}

/// `'*'` → `*`: API Gateway's static header values are quoted.
fn unquote(s: &str) -> String {
    s.strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap_or(s)
        .to_owned()
}

fn properties(resource: &Value) -> Map<String, Value> {
    resource
        .get("Properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn without(mut map: Map<String, Value>, keys: &[&str]) -> Map<String, Value> {
    for k in keys {
        map.remove(*k);
    }
    map
}

const REST_API: &str = "AWS::ApiGateway::RestApi";
const RESOURCE: &str = "AWS::ApiGateway::Resource";
const METHOD: &str = "AWS::ApiGateway::Method";
const AUTHORIZER: &str = "AWS::ApiGateway::Authorizer";
const GATEWAY_RESPONSE: &str = "AWS::ApiGateway::GatewayResponse";
const DEPLOYMENT: &str = "AWS::ApiGateway::Deployment";
const STAGE: &str = "AWS::ApiGateway::Stage";
const PERMISSION: &str = "AWS::Lambda::Permission";
const FUNCTION: &str = "AWS::Lambda::Function";

struct Extractor<'t> {
    template: &'t Value,
    resources: BTreeMap<&'t str, (&'t str, &'t Value)>,
    /// RestApi logical id → API name.
    api_names: BTreeMap<&'t str, String>,
    aliases: Aliases,
}

impl<'t> Extractor<'t> {
    fn new(template: &'t Value) -> Self {
        let mut resources = BTreeMap::new();
        if let Some(map) = template.get("Resources").and_then(Value::as_object) {
            for (id, resource) in map {
                let kind = resource.get("Type").and_then(Value::as_str).unwrap_or("");
                resources.insert(id.as_str(), (kind, resource));
            }
        }
        let mut api_names = BTreeMap::new();
        let mut taken = BTreeSet::new();
        for (id, (kind, resource)) in &resources {
            if *kind != REST_API {
                continue;
            }
            let name = properties(resource)
                .get("Name")
                .and_then(Value::as_str)
                .map_or_else(|| (*id).to_owned(), str::to_owned);
            let name = if taken.insert(name.clone()) {
                name
            } else {
                format!("{name} ({id})")
            };
            api_names.insert(*id, name);
        }
        let mut this = Self {
            template,
            resources,
            api_names,
            aliases: Aliases::new(),
        };
        this.aliases = this.aliases();
        this
    }

    /// How references to API Gateway resources and functions are shown: by what they are
    /// (`RestApi:eshop-fcj`, `Stage:eshop`, `Resource:/products`), never by logical id.
    fn aliases(&self) -> Aliases {
        let mut aliases = Aliases::new();
        for (id, (kind, resource)) in &self.resources {
            let props = properties(resource);
            let name = |key: &str| props.get(key).and_then(Value::as_str);
            let alias = match *kind {
                REST_API => self.api_names.get(id).map(|n| format!("RestApi:{n}")),
                STAGE => name("StageName").map(|n| format!("Stage:{n}")),
                AUTHORIZER => name("Name").map(|n| format!("Authorizer:{n}")),
                FUNCTION => name("FunctionName").map(|n| format!("Function:{n}")),
                DEPLOYMENT => Some("Deployment".to_owned()),
                RESOURCE => {
                    let path = self.path_of(&Value::from(ref_value(id)), &mut BTreeSet::new());
                    Some(format!("Resource:{path}"))
                }
                _ => None,
            };
            if let Some(alias) = alias {
                aliases.insert((*id).to_owned(), alias);
            }
        }
        aliases
    }

    /// [`expr_text`] with references shown by their aliases.
    fn text(&self, value: &Value) -> String {
        text_with(value, &self.aliases)
    }

    /// [`flatten`] with references shown by their aliases.
    fn flat(&self, value: &Value) -> BTreeMap<String, String> {
        flatten_with(value, &self.aliases)
    }

    fn of_type(&self, kind: &str) -> impl Iterator<Item = (&'t str, &'t Value)> + '_ {
        let kind = kind.to_owned();
        self.resources
            .iter()
            .filter(move |(_, (k, _))| *k == kind)
            .map(|(id, (_, r))| (*id, *r))
    }

    /// The name of the API `RestApiId` points at; an API outside the template is named by
    /// the expression.
    fn api_of(&self, properties: &Map<String, Value>) -> String {
        let Some(rest_api_id) = properties.get("RestApiId") else {
            return "(no RestApiId)".to_owned();
        };
        ref_target(rest_api_id)
            .and_then(|id| self.api_names.get(id).cloned())
            .unwrap_or_else(|| self.text(rest_api_id))
    }

    /// The function a `FunctionName` or ARN expression names: a `Ref`/`GetAtt` of a
    /// function in the template gives its `FunctionName` (else its logical id), an ARN its
    /// name part.
    fn function_name(&self, value: &Value) -> String {
        let target = ref_target(value).or_else(|| get_att(value).map(|(a, _)| a));
        if let Some(id) = target {
            return self.function_by_id(id);
        }
        function_from_arn(&self.function_text(&expr_text(value)))
    }

    /// `${Fn.Arn}` or `${Fn}` of a template function → its name.
    fn function_text(&self, text: &str) -> String {
        if let Some(inner) = text.strip_prefix("${").and_then(|t| t.strip_suffix('}')) {
            let id = inner.strip_suffix(".Arn").unwrap_or(inner);
            if self.resources.get(id).is_some_and(|(k, _)| *k == FUNCTION) {
                return self.function_by_id(id);
            }
        }
        text.to_owned()
    }

    fn function_by_id(&self, id: &str) -> String {
        match self.resources.get(id) {
            Some((FUNCTION, r)) => properties(r)
                .get("FunctionName")
                .and_then(Value::as_str)
                .map_or_else(|| id.to_owned(), str::to_owned),
            _ => id.to_owned(),
        }
    }

    /// What an integration calls: a Lambda function's name, `MOCK`, or type and URI; and
    /// whether it is a Lambda function.
    fn integration_target(&self, integration: Option<&Value>) -> (String, bool) {
        let Some(integration) = integration.and_then(Value::as_object) else {
            return ("(no integration)".to_owned(), false);
        };
        let kind = integration
            .get("Type")
            .map(|v| self.text(v))
            .unwrap_or_default()
            .to_uppercase();
        let uri = integration.get("Uri").map(expr_text);
        if let Some(uri) = &uri
            && (kind == "AWS_PROXY" || kind == "AWS")
            && let Some(rest) = uri.split_once(":lambda:path/").map(|(_, r)| r)
        {
            let arn = rest
                .split_once("functions/")
                .map_or(rest, |(_, r)| r)
                .trim_end_matches("/invocations");
            let name = function_from_arn(&self.function_text(arn));
            let target = if kind == "AWS_PROXY" {
                name
            } else {
                format!("{name} (Lambda, non-proxy)")
            };
            return (target, true);
        }
        match integration.get("Uri").map(|v| self.text(v)) {
            Some(uri) => (format!("{kind} {uri}"), false),
            None => (kind, false),
        }
    }

    fn authorizer_name(&self, authorizer_id: &Value) -> String {
        match ref_target(authorizer_id).and_then(|id| self.resources.get(id)) {
            Some((AUTHORIZER, r)) => properties(r)
                .get("Name")
                .map(|v| self.text(v))
                .unwrap_or_else(|| self.text(authorizer_id)),
            _ => self.text(authorizer_id),
        }
    }

    /// The path of the resource `id`, `/` being the root; unresolvable parents show as written.
    fn path_of(&self, resource_id: &Value, seen: &mut BTreeSet<String>) -> String {
        if let Some((_, "RootResourceId")) = get_att(resource_id) {
            return "/".to_owned();
        }
        let Some(id) = ref_target(resource_id) else {
            return format!("/?{}", self.text(resource_id));
        };
        let Some((RESOURCE, r)) = self.resources.get(id) else {
            return format!("/?{id}");
        };
        if !seen.insert(id.to_owned()) {
            return format!("/?cycle:{id}");
        }
        let props = properties(r);
        let part = props
            .get("PathPart")
            .map(|v| self.text(v))
            .unwrap_or_default();
        let parent = props
            .get("ParentId")
            .map_or_else(|| "/?".to_owned(), |p| self.path_of(p, seen));
        if parent == "/" {
            format!("/{part}")
        } else {
            format!("{parent}/{part}")
        }
    }

    fn api<'a>(&self, apis: &'a mut BTreeMap<String, ApiView>, name: String) -> &'a mut ApiView {
        apis.entry(name.clone()).or_insert_with(|| ApiView {
            name,
            ..ApiView::default()
        })
    }

    fn run(&self) -> TemplateModel {
        let mut model = TemplateModel {
            description: self.template.get("Description").map(|v| self.text(v)),
            ..TemplateModel::default()
        };
        let apis = &mut model.apis;
        for (id, resource) in self.of_type(REST_API) {
            let name = self.api_names.get(id).cloned().unwrap_or_default();
            let settings = self.flat(&Value::Object(without(properties(resource), &["Name"])));
            self.api(apis, name).settings = settings;
        }
        for (id, resource) in self.of_type(RESOURCE) {
            let props = properties(resource);
            let path = self.path_of(&Value::from(ref_value(id)), &mut BTreeSet::new());
            self.api(apis, self.api_of(&props))
                .routes
                .entry(path)
                .or_default();
        }
        for (_, resource) in self.of_type(METHOD) {
            self.method(apis, &properties(resource));
        }
        for (id, resource) in self.of_type(AUTHORIZER) {
            let props = properties(resource);
            let name = props
                .get("Name")
                .map_or_else(|| id.to_owned(), |v| self.text(v));
            let mut rest = without(props.clone(), &["Name", "RestApiId"]);
            // The pools are a set: one value, sorted, instead of one per index.
            if let Some(Value::Array(pools)) = rest.get("ProviderARNs") {
                let mut pools: Vec<String> = pools.iter().map(|v| self.text(v)).collect();
                pools.sort();
                rest.insert("ProviderARNs".to_owned(), Value::from(pools.join(", ")));
            }
            let view = AuthorizerView {
                properties: self.flat(&Value::Object(rest)),
            };
            self.api(apis, self.api_of(&props))
                .authorizers
                .insert(name, view);
        }
        for (id, resource) in self.of_type(GATEWAY_RESPONSE) {
            let props = properties(resource);
            let kind = props
                .get("ResponseType")
                .map_or_else(|| id.to_owned(), |v| self.text(v));
            let rest = without(props.clone(), &["ResponseType", "RestApiId"]);
            self.api(apis, self.api_of(&props))
                .gateway_responses
                .insert(kind, self.flat(&Value::Object(rest)));
        }
        let staged = self.stages(apis);
        for (id, resource) in self.of_type(PERMISSION) {
            let props = properties(resource);
            let function = props
                .get("FunctionName")
                .map(|f| self.function_name(f))
                .unwrap_or_else(|| id.to_owned());
            let text = |k: &str| props.get(k).map(|v| self.text(v));
            let statement = PermissionStatement {
                principal: text("Principal").unwrap_or_default(),
                source_arn: text("SourceArn"),
                action: text("Action").unwrap_or_default(),
                source_account: text("SourceAccount"),
            };
            model
                .permissions
                .entry(function)
                .or_default()
                .insert(statement);
        }
        for (id, (kind, resource)) in &self.resources {
            let handled = matches!(
                *kind,
                REST_API | RESOURCE | METHOD | AUTHORIZER | GATEWAY_RESPONSE | STAGE | PERMISSION
            ) || (*kind == DEPLOYMENT && staged.contains(id));
            if handled {
                continue;
            }
            let rest = resource
                .as_object()
                .map(|m| without(m.clone(), &["Type"]))
                .unwrap_or_default();
            // A function is known by its name, whatever its logical id.
            let key = match self.aliases.get(*id) {
                Some(alias) if *kind == FUNCTION => alias.clone(),
                _ => (*id).to_owned(),
            };
            model.others.insert(
                key,
                OtherResource {
                    logical_id: (*id).to_owned(),
                    resource_type: (*kind).to_owned(),
                    details: self.flat(&Value::Object(rest)),
                },
            );
        }
        for (section, target) in [
            ("Parameters", &mut model.parameters),
            ("Outputs", &mut model.outputs),
        ] {
            if let Some(map) = self.template.get(section).and_then(Value::as_object) {
                for (name, v) in map {
                    target.insert(name.clone(), self.flat(v));
                }
            }
        }
        model
    }

    fn method(&self, apis: &mut BTreeMap<String, ApiView>, props: &Map<String, Value>) {
        let verb = props
            .get("HttpMethod")
            .map(|v| self.text(v))
            .unwrap_or_default()
            .to_uppercase();
        let path = props.get("ResourceId").map_or_else(
            || "/?".to_owned(),
            |r| self.path_of(r, &mut BTreeSet::new()),
        );
        let api = self.api(apis, self.api_of(props));
        let route = api.routes.entry(path).or_default();
        if verb == "OPTIONS"
            && let Some(headers) = preflight_headers(props, &self.aliases)
        {
            route.cors = Some(headers);
            return;
        }
        let authorization = Authorization {
            kind: props
                .get("AuthorizationType")
                .map_or_else(|| "NONE".to_owned(), |v| self.text(v))
                .to_uppercase(),
            authorizer: props.get("AuthorizerId").map(|a| self.authorizer_name(a)),
            scopes: props
                .get("AuthorizationScopes")
                .and_then(Value::as_array)
                .map(|s| s.iter().map(|v| self.text(v)).collect())
                .unwrap_or_default(),
        };
        let (integration, lambda) = self.integration_target(props.get("Integration"));
        let mut rest = without(
            props.clone(),
            &[
                "HttpMethod",
                "ResourceId",
                "RestApiId",
                "AuthorizationType",
                "AuthorizerId",
                "AuthorizationScopes",
                "ApiKeyRequired",
            ],
        );
        if let Some(Value::Object(i)) = rest.get_mut("Integration") {
            // The target line already says what these say.
            for k in ["Uri", "Type"] {
                i.remove(k);
            }
            if lambda {
                i.remove("IntegrationHttpMethod");
            }
        }
        let view = MethodView {
            authorization,
            api_key_required: props
                .get("ApiKeyRequired")
                .is_some_and(|v| self.text(v) == "true"),
            integration,
            details: self.flat(&Value::Object(rest)),
        };
        route.methods.insert(verb, view);
    }

    /// Fills in every API's stages; returns the deployments they account for.
    fn stages(&self, apis: &mut BTreeMap<String, ApiView>) -> BTreeSet<&'t str> {
        let mut staged = BTreeSet::new();
        let deployment_details = |id: &str| -> Map<String, Value> {
            self.resources
                .get(id)
                .filter(|(k, _)| *k == DEPLOYMENT)
                .map(|(_, r)| without(properties(r), &["RestApiId", "StageName"]))
                .unwrap_or_default()
        };
        for (id, resource) in self.of_type(STAGE) {
            let props = properties(resource);
            let name = props
                .get("StageName")
                .map_or_else(|| id.to_owned(), |v| self.text(v));
            let deployment = props.get("DeploymentId").and_then(ref_target);
            let mut details = without(props.clone(), &["RestApiId", "DeploymentId", "StageName"]);
            if let Some(d) = deployment {
                if let Some((key, _)) = self.resources.get_key_value(d) {
                    staged.insert(*key);
                }
                let d = deployment_details(d);
                if !d.is_empty() {
                    details.insert("Deployment".to_owned(), Value::Object(d));
                }
            }
            let view = StageView {
                deployment: deployment.map(str::to_owned),
                details: self.flat(&Value::Object(details)),
            };
            self.api(apis, self.api_of(&props))
                .stages
                .insert(name, view);
        }
        // A deployment that creates its stage itself (`StageName`).
        for (id, resource) in self.of_type(DEPLOYMENT) {
            let props = properties(resource);
            let Some(name) = props.get("StageName").map(|v| self.text(v)) else {
                continue;
            };
            staged.insert(id);
            let d = deployment_details(id);
            let view = StageView {
                deployment: Some(id.to_owned()),
                details: self.flat(&Value::Object(d)),
            };
            let api = self.api(apis, self.api_of(&props));
            api.stages.entry(name).or_insert(view);
        }
        staged
    }
}

fn ref_value(id: &str) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("Ref".to_owned(), Value::from(id));
    map
}

/// `arn:…:function:name[:alias]` → `name[:alias]`; anything else as it is.
fn function_from_arn(arn: &str) -> String {
    match arn.split_once(":function:") {
        Some((_, name)) => name.to_owned(),
        None => arn.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(text: &str) -> Value {
        super::super::parse_template(text, false, "test.yaml").unwrap()
    }

    #[test]
    fn routes_are_rebuilt_from_parent_chains() {
        let t = template(
            "Resources:\n  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: shop}}\n  A: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: a}}\n  B: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !Ref A, PathPart: '{id}'}}\n",
        );
        let paths: Vec<String> = model(&t).apis["shop"].routes.keys().cloned().collect();
        assert_eq!(paths, ["/a", "/a/{id}"]);
    }

    #[test]
    fn a_parent_cycle_is_shown_not_followed() {
        let t = template(
            "Resources:\n  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: shop}}\n  A: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !Ref B, PathPart: a}}\n  B: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !Ref A, PathPart: b}}\n",
        );
        let paths: Vec<String> = model(&t).apis["shop"].routes.keys().cloned().collect();
        assert_eq!(paths, ["/?cycle:A/b/a", "/?cycle:B/a/b"]);
    }

    #[test]
    fn a_method_without_authorization_type_is_public() {
        let t = template(
            "Resources:\n  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: shop}}\n  M: {Type: AWS::ApiGateway::Method, Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: get, Integration: {Type: MOCK}}}\n",
        );
        let m = &model(&t).apis["shop"].routes["/"].methods["GET"];
        assert!(m.authorization.is_public());
        assert_eq!(m.integration, "MOCK");
    }

    #[test]
    fn references_are_shown_by_what_they_name_not_by_logical_id() {
        let t = template(
            "Resources:\n  MyApi: {Type: AWS::ApiGateway::RestApi, Properties: {Name: shop}}\n",
        );
        let e = Extractor::new(&t);
        let sub = serde_json::json!({"Fn::Sub": "${MyApi}/*/GET/${!Literal}${AWS::Region}"});
        assert_eq!(
            e.text(&sub),
            "${RestApi:shop}/*/GET/${!Literal}${AWS::Region}"
        );
    }
}
