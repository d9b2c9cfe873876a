//! An OpenAPI document read as a stack file's API: the reader that keeps where each part is
//! in the source, the API-wide parts (name, binary media types, API key source, models,
//! validators, gateway responses), and the assembly of them all with the endpoint
//! ([`endpoint`]), the resource policy ([`policy`]) and the stages ([`stages`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::document::{self, pointer};
use super::lossy::Losses;
use super::models::Models;
use super::paths::{self, Validators};
use super::security::Schemes;
use super::values::Placeholders;
use super::write::Notes;
use super::{ImportError, ImportOptions};
use super::{cors, endpoint, gateway_responses, policy, stages};
use crate::openapi::PARAMETERS_EXTENSION;
use crate::stack_file::format::{
    ApiKeySourceSpec, ApiSpec, Deferred, EndpointSpec, GatewayResponseTypeSpec, OverridesSpec,
    ParameterSpec, ParameterTypeSpec, RouteSpec, StackSpec, ValueSpec,
};

/// One document being read: where it is, and what reading it has found so far.
pub(super) struct Reader<'d> {
    /// The source file.
    pub(super) file: &'d Path,
    /// The OpenAPI (or Swagger) document.
    pub(super) doc: &'d Value,
    /// The document's pointer in the file (`/Resources/Api/Properties/Body`, or empty).
    pub(super) base: String,
    /// Swagger 2 rather than OpenAPI 3.
    pub(super) swagger: bool,
    /// For the API of a template's resources: each method's logical id by (path, method).
    pub(super) method_ids: Option<BTreeMap<(String, String), String>>,
    /// For the API of a template's resources: the logical ids of its authorizers (by name)
    /// and gateway responses (by type), keyed by the document's section.
    pub(super) resource_ids: BTreeMap<(&'static str, String), String>,
    /// What the stack file can't carry.
    pub(super) losses: Losses,
    /// The parameters and resources values name.
    pub(super) values: Placeholders,
    /// Overrides of generated methods (`VERB /path` → properties).
    pub(super) method_overrides: BTreeMap<String, serde_json::Map<String, Value>>,
    /// The resources synth generates for the imported integrations (their roles), by
    /// logical id, as it writes them: a template's own copy of one is not lost.
    pub(super) generated: BTreeMap<String, Value>,
}

impl<'d> Reader<'d> {
    /// A reader of `doc`, found at `base` in `file`.
    pub(super) fn new(file: &'d Path, doc: &'d Value, base: String, swagger: bool) -> Self {
        Self {
            file,
            doc,
            base,
            swagger,
            method_ids: None,
            resource_ids: BTreeMap::new(),
            losses: Losses::default(),
            values: Placeholders::default(),
            method_overrides: BTreeMap::new(),
            generated: BTreeMap::new(),
        }
    }

    /// The pointer in the file of the document's part `parts`; for a template's resources,
    /// the method resource a path's operation stands for.
    pub(super) fn at<S: AsRef<str>>(&self, parts: &[S]) -> String {
        if let Some(ids) = &self.method_ids {
            if let [paths, path, verb, ..] = parts
                && paths.as_ref() == "paths"
            {
                let verb = match verb.as_ref() {
                    "x-amazon-apigateway-any-method" => "ANY".to_owned(),
                    v => v.to_uppercase(),
                };
                if let Some(id) = ids.get(&(path.as_ref().to_owned(), verb)) {
                    return pointer("/Resources", &[id]);
                }
            }
            let section = match parts.first().map(AsRef::as_ref) {
                Some("components") => parts.get(2).map(|n| ("securitySchemes", n.as_ref())),
                Some("x-amazon-apigateway-gateway-responses") => {
                    parts.get(1).map(|n| ("gatewayResponses", n.as_ref()))
                }
                Some(
                    "x-amazon-apigateway-policy" | "x-amazon-apigateway-endpoint-configuration",
                ) => Some(("restApi", "")),
                _ => None,
            };
            if let Some((section, name)) = section
                && let Some(id) = self.resource_ids.get(&(section, name.to_owned()))
            {
                return pointer("/Resources", &[id]);
            }
            return "/Resources".to_owned();
        }
        pointer(&self.base, parts)
    }

    /// Records the part `parts` as lost.
    pub(super) fn lose<S: AsRef<str>>(&mut self, parts: &[S], what: impl Into<String>) {
        let at = self.at(parts);
        self.losses.add(self.file, at, what);
    }

    /// Records the part at the file pointer `at` as lost.
    pub(super) fn lose_at(&mut self, at: String, what: impl Into<String>) {
        self.losses.add(self.file, at, what);
    }

    /// `value`, or what its `$ref` points to.
    pub(super) fn resolve(&self, value: &'d Value) -> &'d Value {
        document::resolve(self.doc, value)
    }

    /// An error: the part `parts` is not what OpenAPI says.
    pub(super) fn invalid<S: AsRef<str>>(&self, parts: &[S], what: &str) -> ImportError {
        ImportError::Invalid {
            file: self.file.to_owned(),
            pointer: self.at(parts),
            what: what.to_owned(),
        }
    }

    /// An error: the URI at `parts` can't be read.
    pub(super) fn uri_error<S: AsRef<str>>(
        &self,
        parts: &[S],
        uri: &str,
        problem: &'static str,
    ) -> ImportError {
        ImportError::IntegrationUri {
            file: self.file.to_owned(),
            pointer: self.at(parts),
            uri: uri.to_owned(),
            problem,
        }
    }

    /// Sets `key` of the generated method `route`'s integration (an override).
    pub(super) fn override_integration(&mut self, route: &str, key: &str, value: Value) {
        let method = self.method_overrides.entry(route.to_owned()).or_default();
        let integration = method
            .entry("Integration")
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
        if let Some(map) = integration.as_object_mut() {
            map.insert(key.to_owned(), value);
        }
    }
}

/// The stack file of the document `reader` reads. `stage` is a SAM API's `StageName`.
pub(super) fn read(
    reader: &mut Reader<'_>,
    options: &ImportOptions,
    stage: Option<String>,
    notes: &mut Notes,
) -> Result<StackSpec, ImportError> {
    let doc = reader.doc;
    let schemes = Schemes::read(reader)?;
    let validators = validators(doc);
    let mut models = Models::read(reader)?;
    let routes = paths::read(reader, &schemes, &validators, &mut models)?;
    let mut gateway_responses = gateway_responses::read(reader)?;
    let verbs: BTreeMap<String, BTreeSet<String>> = routes
        .methods
        .iter()
        .map(|(path, methods)| {
            (
                path.clone(),
                methods.keys().map(|v| (*v).to_owned()).collect(),
            )
        })
        .collect();
    let mut cors = cors::settle(reader, &routes.preflights, &verbs);
    if let Some(cors) = &mut cors {
        cors::strip_gateway_responses(
            cors,
            &mut gateway_responses,
            &[
                GatewayResponseTypeSpec::Default4xx,
                GatewayResponseTypeSpec::Default5xx,
            ],
        );
    }
    // The authorizer most methods use becomes the default.
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for draft in routes.methods.values().flat_map(BTreeMap::values) {
        if let Some((name, _)) = &draft.protection.authorizer {
            *uses.entry(name.as_str()).or_default() += 1;
        }
    }
    let default_authorizer = uses
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(name, _)| (*name).to_owned());
    let mut route_specs: BTreeMap<String, Deferred<RouteSpec>> = BTreeMap::new();
    for (path, methods) in &routes.methods {
        let mut route = RouteSpec::default();
        for (verb, draft) in methods {
            let mut spec = draft.spec.clone();
            if spec.authorizer.is_some() && spec.authorizer == default_authorizer {
                spec.authorizer = None;
            }
            if draft.protection.is_public() {
                notes.public.insert((path.clone(), (*verb).to_owned()));
            }
            if draft.stand_in {
                notes.stand_ins.insert((path.clone(), (*verb).to_owned()));
            }
            let deferred =
                Some(Deferred::new(&spec).map_err(|e| reader.invalid(&["paths"], &e.to_string()))?);
            match *verb {
                "GET" => route.get = deferred,
                "HEAD" => route.head = deferred,
                "POST" => route.post = deferred,
                "PUT" => route.put = deferred,
                "PATCH" => route.patch = deferred,
                "DELETE" => route.delete = deferred,
                "OPTIONS" => route.options = deferred,
                _ => route.any = deferred,
            }
        }
        route_specs.insert(
            path.clone(),
            Deferred::new(&route).map_err(|e| reader.invalid(&["paths"], &e.to_string()))?,
        );
    }
    let (stage, stages, stage_defaults) = stages::read(reader, stage);
    let (endpoint, vpc_endpoint_ids) = endpoint::read(reader);
    let private = matches!(endpoint, EndpointSpec::Private);
    let resource_policy = policy::read(reader, &verbs, private);
    let title = doc
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or("imported")
        .to_owned();
    let api = ApiSpec {
        name: ValueSpec::Literal(title.clone()),
        description: doc
            .pointer("/info/description")
            .and_then(Value::as_str)
            .map(str::to_owned),
        endpoint,
        binary_media_types: strings(doc.get("x-amazon-apigateway-binary-media-types")),
        cors,
        authorizers: schemes.authorizers.clone(),
        default_authorizer,
        default_scopes: None,
        api_key_required: false,
        api_key_source: api_key_source(reader),
        api_keys: BTreeMap::new(),
        usage_plans: BTreeMap::new(),
        routes: route_specs,
        stage,
        stages,
        tags: BTreeMap::new(),
        domains: Vec::new(),
        execute_api_endpoint: doc
            .pointer("/x-amazon-apigateway-endpoint-configuration/disableExecuteApiEndpoint")
            .and_then(Value::as_bool)
            .map(|disabled| !disabled),
        gateway_responses,
        models: models.models,
        cloud_watch_role: false,
        vpc_endpoint_ids,
        resource_policy,
    };
    for (key, _) in doc.as_object().into_iter().flatten() {
        if key.starts_with("x-amazon-apigateway")
            && !matches!(
                key.as_str(),
                "x-amazon-apigateway-binary-media-types"
                    | "x-amazon-apigateway-api-key-source"
                    | "x-amazon-apigateway-gateway-responses"
                    | "x-amazon-apigateway-request-validators"
                    | "x-amazon-apigateway-request-validator"
                    | "x-amazon-apigateway-endpoint-configuration"
                    | "x-amazon-apigateway-policy"
            )
        {
            reader.lose(
                &[key.as_str()],
                format!("`{key}`: stack files don't set it"),
            );
        }
    }
    let resources: Vec<(String, (String, String))> = reader
        .values
        .resources
        .iter()
        .map(|(r, named)| (r.clone(), named.clone()))
        .collect();
    for (resource, (at, parameter)) in resources {
        reader.lose_at(at, format!("`{resource}` is a resource of the source, which a stack file's API can't name: the parameter `{parameter}` stands for it"));
    }
    // The parameters `${…}` names, and those an export declares (with what a placeholder
    // can't say: type, description, pattern, `NoEcho`).
    let declared = declared_parameters(reader);
    let named: BTreeSet<String> = reader
        .values
        .parameters
        .keys()
        .chain(declared.keys())
        .cloned()
        .collect();
    let parameters = named
        .into_iter()
        .map(|name| {
            let spec = declared
                .get(&name)
                .cloned()
                .unwrap_or_else(|| ParameterSpec {
                    kind: ParameterTypeSpec::String,
                    description: None,
                    default: stage_defaults.get(&name).cloned(),
                    allowed_pattern: None,
                    constraint_description: None,
                    no_echo: false,
                });
            let parameter =
                Deferred::new(&spec).map_err(|e| reader.invalid(&[""; 0], &e.to_string()))?;
            Ok((name, parameter))
        })
        .collect::<Result<BTreeMap<_, _>, ImportError>>()?;
    let overrides = (!reader.method_overrides.is_empty()).then(|| OverridesSpec {
        methods: reader
            .method_overrides
            .iter()
            .map(|(route, props)| (route.clone(), Value::Object(props.clone())))
            .collect(),
        ..OverridesSpec::default()
    });
    Ok(StackSpec {
        schema: None,
        stack: Some(options.stack.clone().unwrap_or_else(|| stack_name(&title))),
        description: None,
        parameters,
        api,
        outputs: BTreeMap::new(),
        exports: BTreeMap::new(),
        resources: BTreeMap::new(),
        conditions: BTreeMap::new(),
        mappings: BTreeMap::new(),
        overrides,
    })
}

/// A stack name made of `title`: letters, digits and `-`, starting with a letter.
fn stack_name(title: &str) -> String {
    let mut name: String = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    name = name.trim_matches('-').to_owned();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "api-");
    }
    name.truncate(128);
    name.trim_end_matches('-').to_owned()
}

/// The strings of a list.
fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// The parameters an export declares in its [`PARAMETERS_EXTENSION`], by name; a declaration
/// that is not an object (or an extension that is not one) is listed as lossy.
fn declared_parameters(reader: &mut Reader<'_>) -> BTreeMap<String, ParameterSpec> {
    let mut out = BTreeMap::new();
    let Some(extension) = reader.doc.get(PARAMETERS_EXTENSION) else {
        return out;
    };
    let Some(declared) = extension.as_object() else {
        reader.lose(
            &[PARAMETERS_EXTENSION],
            "template parameters not given as an object of declarations: not imported",
        );
        return out;
    };
    for (name, source) in declared {
        if source.is_object() {
            out.insert(name.clone(), super::parameters::declared(source));
        } else {
            reader.lose(
                &[PARAMETERS_EXTENSION, name.as_str()],
                format!("parameter `{name}` not declared as an object: not imported"),
            );
        }
    }
    out
}

/// Request validators by name, from `x-amazon-apigateway-request-validators`.
fn validators(doc: &Value) -> Validators {
    doc.get("x-amazon-apigateway-request-validators")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, v)| {
            let flag = |k: &str| v.get(k).and_then(Value::as_bool).unwrap_or(false);
            (
                name.clone(),
                (
                    flag("validateRequestBody"),
                    flag("validateRequestParameters"),
                ),
            )
        })
        .collect()
}

/// `x-amazon-apigateway-api-key-source`.
fn api_key_source(reader: &mut Reader<'_>) -> Option<ApiKeySourceSpec> {
    let source = reader
        .doc
        .get("x-amazon-apigateway-api-key-source")?
        .as_str()?;
    match source.to_ascii_uppercase().as_str() {
        "HEADER" => Some(ApiKeySourceSpec::Header),
        "AUTHORIZER" => Some(ApiKeySourceSpec::Authorizer),
        _ => {
            reader.lose(
                &["x-amazon-apigateway-api-key-source"],
                format!("API key source `{source}` is neither HEADER nor AUTHORIZER"),
            );
            None
        }
    }
}
