//! HTTP, HTTP proxy and AWS integrations (service actions, Lambda without proxy), read by
//! asking synth: a candidate stack-file integration is made of the document's URI (and, for
//! a known service action, of its request template); synth emits it; what the document sets
//! beyond that becomes the integration's options; and the candidate is kept only when synth
//! then writes exactly the document's integration. Nothing is guessed: a document no
//! candidate reproduces is listed as lossy.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::super::api::Reader;
use super::super::values::Placeholders;
use crate::api::{self, ContentHandling, HttpMethod, Integration, Passthrough};
use crate::stack_file::format::{
    AwsSpec, ContentHandlingSpec, HttpSpec, IntegrationResponseSpec, IntrinsicSpec,
    PassthroughSpec, ValueSpec,
};
use crate::stack_file::request_target;

/// An imported HTTP or AWS integration, as the stack file writes it.
#[derive(Debug, Clone)]
pub(in crate::import) enum Backend {
    /// `http` (`proxy: false`) or `httpProxy`.
    Http { spec: HttpSpec, proxy: bool },
    /// `aws`.
    Aws(Box<AwsSpec>),
}

/// A stack-file integration the document may be, without options: the builder synth emits
/// and the stack file's spec of the same integration.
pub(super) struct Candidate {
    pub(super) api: Integration,
    pub(super) spec: Backend,
}

/// The keys of `x-amazon-apigateway-integration` an imported HTTP or AWS integration reads.
const READ: [&str; 14] = [
    "type",
    "uri",
    "httpMethod",
    "credentials",
    "connectionType",
    "connectionId",
    "passthroughBehavior",
    "contentHandling",
    "timeoutInMillis",
    "requestParameters",
    "requestTemplates",
    "responses",
    "cacheNamespace",
    "cacheKeyParameters",
];

/// What the document sets beyond a candidate.
#[derive(Debug, Clone, Default)]
struct Options {
    timeout_ms: Option<u32>,
    request_parameters: BTreeMap<String, String>,
    request_templates: BTreeMap<String, ValueSpec>,
    responses: Vec<IntegrationResponseSpec>,
    passthrough: Option<PassthroughSpec>,
    content_handling: Option<ContentHandlingSpec>,
}

/// The document's integration at `parts` (`map`) as the first of `candidates` (each made
/// with its own copy of the reader's placeholders) that synth writes back exactly, on the
/// method `verb` of `path`; with the method request parameters the integration declares.
/// `None` when none does (the caller lists it as lossy).
pub(super) fn settle(
    reader: &mut Reader<'_>,
    map: &Map<String, Value>,
    parts: &[String],
    verb: &str,
    path: &str,
    candidates: Vec<(Candidate, Placeholders)>,
) -> Option<(Backend, BTreeSet<String>)> {
    let verb: HttpMethod = verb.parse().ok()?;
    let mut read = Map::new();
    for (key, value) in map {
        let mut at = parts.to_vec();
        at.push(key.clone());
        match key.as_str() {
            "cacheNamespace" => {}
            "cacheKeyParameters" if value.as_array().is_some_and(Vec::is_empty) => {}
            "cacheKeyParameters" => reader.lose(
                &at,
                "cache key parameters: stack files cache by a method's settings only",
            ),
            k if READ.contains(&k) => {
                read.insert(key.clone(), crate::openapi::as_texts(value));
            }
            _ => reader.lose(
                &at,
                format!("`{key}` of an integration: stack files don't set it"),
            ),
        }
    }
    for key in ["type", "passthroughBehavior"] {
        if let Some(Value::String(text)) = read.get_mut(key) {
            *text = text.to_ascii_lowercase();
        }
    }
    for (candidate, mut values) in candidates {
        let base = emitted(&candidate.api, verb, path).0;
        let Some(options) = options(&read, &base, &mut values, &reader.at(parts)) else {
            continue;
        };
        let Some((full, spec)) = with_options(candidate, &options) else {
            continue;
        };
        let (written, implied) = emitted(&full, verb, path);
        if same(&read, &written) {
            reader.values = values;
            if let Integration::Aws(aws) = &full
                && let Some((id, role)) = crate::synth::generated_role(aws)
            {
                let resource = serde_json::to_value(crate::cfn::Resource::new(role));
                reader
                    .generated
                    .insert(id.as_str().to_owned(), resource.unwrap_or_default());
            }
            return Some((spec, implied));
        }
    }
    None
}

/// `integration` as synth emits it on a `verb` method of `path`, as the document writes
/// it; and the method request parameters it declares.
fn emitted(integration: &Integration, verb: HttpMethod, path: &str) -> (Value, BTreeSet<String>) {
    let emitted = crate::synth::emit_integration(integration, verb, || path.to_owned());
    let template = serde_json::to_value(&emitted.integration).unwrap_or_default();
    let implied = emitted
        .method_parameters
        .keys()
        .map(|k| k.to_string())
        .collect();
    (crate::openapi::integration_extension(&template), implied)
}

/// Whether the document's integration (`read`, normalized) is what synth writes
/// (`written`), API Gateway's defaults aside.
fn same(read: &Map<String, Value>, written: &Value) -> bool {
    let mut read = read.clone();
    let defaults = [
        ("passthroughBehavior", json!("when_no_match")),
        ("timeoutInMillis", json!(29_000)),
        ("connectionType", json!("INTERNET")),
    ];
    for (key, default) in defaults {
        let is_default = match (read.get(key), &default) {
            (Some(Value::String(a)), Value::String(b)) => a.eq_ignore_ascii_case(b),
            (given, default) => given == Some(default),
        };
        if written.get(key).is_none() && is_default {
            read.remove(key);
        }
    }
    Value::Object(read) == *written
}

/// What `read` sets beyond `base` (a candidate as synth writes it) as options; `None` when
/// a stack file can't say it.
fn options(
    read: &Map<String, Value>,
    base: &Value,
    values: &mut Placeholders,
    at: &str,
) -> Option<Options> {
    let mut options = Options::default();
    let differs = |key: &str| read.get(key).filter(|v| base.get(key) != Some(*v));
    if let Some(ms) = differs("timeoutInMillis").filter(|v| **v != json!(29_000)) {
        options.timeout_ms = Some(u32::try_from(ms.as_u64()?).ok()?);
    }
    if let Some(p) = differs("passthroughBehavior").filter(|v| **v != json!("when_no_match")) {
        options.passthrough = Some(match p.as_str()? {
            "when_no_templates" => PassthroughSpec::WhenNoTemplates,
            "never" => PassthroughSpec::Never,
            _ => return None,
        });
    }
    if let Some(c) = differs("contentHandling") {
        options.content_handling = Some(content_handling(c.as_str()?)?);
    }
    for (key, into_base) in [("requestParameters", true), ("requestTemplates", false)] {
        let given = read.get(key).map(Value::as_object);
        let Some(given) = given else { continue };
        let theirs = base.get(key).and_then(Value::as_object);
        for (name, value) in given? {
            if theirs.and_then(|t| t.get(name)) == Some(value) {
                continue;
            }
            let text = value.as_str()?;
            if into_base {
                request_target(name)?;
                options
                    .request_parameters
                    .insert(name.clone(), text.to_owned());
            } else {
                options
                    .request_templates
                    .insert(name.clone(), values.value(text, at));
            }
        }
    }
    if let Some(responses) = differs("responses") {
        for (pattern, response) in responses.as_object()? {
            options.responses.push(response_spec(pattern, response)?);
        }
        // A document's responses are a mapping, in no order: the default first, then by status.
        options.responses.sort_by(|a, b| {
            (
                a.selection_pattern.is_some(),
                a.status,
                &a.selection_pattern,
            )
                .cmp(&(
                    b.selection_pattern.is_some(),
                    b.status,
                    &b.selection_pattern,
                ))
        });
    }
    Some(options)
}

/// One integration response of the document (`pattern` its key) as a stack file's.
fn response_spec(pattern: &str, response: &Value) -> Option<IntegrationResponseSpec> {
    let response = response.as_object()?;
    let status = response.get("statusCode")?;
    let status = status
        .as_u64()
        .or_else(|| status.as_str()?.parse().ok())
        .and_then(|s| u16::try_from(s).ok())?;
    let mut spec = IntegrationResponseSpec {
        status,
        selection_pattern: (pattern != "default").then(|| pattern.to_owned()),
        headers: BTreeMap::new(),
        templates: BTreeMap::new(),
    };
    for (key, value) in response {
        match key.as_str() {
            "statusCode" => {}
            "responseParameters" => {
                for (name, expression) in value.as_object()? {
                    let header = name.strip_prefix("method.response.header.")?;
                    spec.headers
                        .insert(header.to_owned(), expression.as_str()?.to_owned());
                }
            }
            "responseTemplates" => {
                for (content_type, template) in value.as_object()? {
                    spec.templates
                        .insert(content_type.clone(), template.as_str()?.to_owned());
                }
            }
            _ => return None,
        }
    }
    Some(spec)
}

/// `CONVERT_TO_BINARY` or `CONVERT_TO_TEXT`, in either case.
fn content_handling(text: &str) -> Option<ContentHandlingSpec> {
    match text.to_ascii_uppercase().as_str() {
        "CONVERT_TO_BINARY" => Some(ContentHandlingSpec::ConvertToBinary),
        "CONVERT_TO_TEXT" => Some(ContentHandlingSpec::ConvertToText),
        _ => None,
    }
}

/// Applies the options through a builder's setters (HTTP and AWS integrations have the same).
macro_rules! apply {
    ($integration:expr, $options:expr) => {{
        let options: &Options = $options;
        let mut i = $integration;
        if let Some(ms) = options.timeout_ms {
            i = i.timeout_ms(ms);
        }
        for (target, source) in &options.request_parameters {
            let (place, name) = request_target(target)?;
            i = i.request_parameter(place, name, api::RequestSource::parse(source));
        }
        for (content_type, template) in &options.request_templates {
            i = i.request_template(content_type.clone(), api_value(template));
        }
        for r in &options.responses {
            let mut response = api::IntegrationResponse::new(r.status);
            if let Some(pattern) = &r.selection_pattern {
                response = response.selection_pattern(pattern.clone());
            }
            for (name, expression) in &r.headers {
                response = response.header(name.clone(), expression.clone());
            }
            for (content_type, template) in &r.templates {
                response = response.template(content_type.clone(), template.clone());
            }
            i = i.response(response);
        }
        if let Some(p) = options.passthrough {
            i = i.passthrough(match p {
                PassthroughSpec::WhenNoMatch => Passthrough::WhenNoMatch,
                PassthroughSpec::WhenNoTemplates => Passthrough::WhenNoTemplates,
                PassthroughSpec::Never => Passthrough::Never,
            });
        }
        if let Some(c) = options.content_handling {
            i = i.content_handling(match c {
                ContentHandlingSpec::ConvertToBinary => ContentHandling::ConvertToBinary,
                ContentHandlingSpec::ConvertToText => ContentHandling::ConvertToText,
            });
        }
        i
    }};
}

/// Sets the options of a spec (HTTP and AWS specs have the same fields).
macro_rules! set {
    ($spec:expr, $options:expr) => {{
        let options: &Options = $options;
        let spec = $spec;
        spec.timeout_ms = options.timeout_ms;
        spec.request_parameters = options.request_parameters.clone();
        spec.request_templates = options.request_templates.clone();
        spec.responses = options.responses.clone();
        spec.passthrough = options.passthrough;
        spec.content_handling = options.content_handling;
    }};
}

/// `candidate` with `options`, in both shapes.
fn with_options(candidate: Candidate, options: &Options) -> Option<(Integration, Backend)> {
    let Candidate { api, mut spec } = candidate;
    let api = match api {
        Integration::Http(h) => Integration::Http(apply!(h, options)),
        Integration::Aws(a) => Integration::Aws(apply!(a, options)),
        Integration::Lambda(_) | Integration::Mock(_) => return None,
    };
    match &mut spec {
        Backend::Http { spec, .. } => set!(spec, options),
        Backend::Aws(spec) => set!(spec.as_mut(), options),
    }
    Some((api, spec))
}

/// The builders' value of a stack file's.
pub(super) fn api_value(spec: &ValueSpec) -> api::Value {
    match spec {
        ValueSpec::Literal(text) => api::Value::literal(text.clone()),
        ValueSpec::Intrinsic(intrinsic) => match intrinsic.as_ref() {
            IntrinsicSpec::Ref(name) => api::Value::Ref(name.clone()),
            IntrinsicSpec::Sub(text) => api::Value::sub(text.clone()),
            IntrinsicSpec::GetAtt(_)
            | IntrinsicSpec::ImportValue(_)
            | IntrinsicSpec::Join(_)
            | IntrinsicSpec::Select(_)
            | IntrinsicSpec::Split(_)
            | IntrinsicSpec::If(_) => {
                // The import writes references and `Fn::Sub` text only (values.rs).
                api::Value::literal(serde_json::to_string(spec).unwrap_or_default())
            }
        },
    }
}

/// An HTTP integration's spec without options.
pub(super) fn http_spec(
    url: ValueSpec,
    http_method: Option<String>,
    vpc_link: Option<ValueSpec>,
) -> HttpSpec {
    HttpSpec {
        url,
        http_method,
        vpc_link,
        timeout_ms: None,
        request_parameters: BTreeMap::new(),
        request_templates: BTreeMap::new(),
        responses: Vec::new(),
        passthrough: None,
        content_handling: None,
    }
}

/// An AWS integration's spec without options or resource.
pub(super) fn aws_spec(action: Option<&str>) -> AwsSpec {
    AwsSpec {
        action: action.map(str::to_owned),
        queue: None,
        topic: None,
        table: None,
        state_machine: None,
        bus: None,
        source: None,
        detail_type: None,
        bucket: None,
        key: None,
        stream: None,
        function: None,
        service: None,
        target: None,
        http_method: None,
        role: None,
        grants: Vec::new(),
        timeout_ms: None,
        request_parameters: BTreeMap::new(),
        request_templates: BTreeMap::new(),
        responses: Vec::new(),
        passthrough: None,
        content_handling: None,
    }
}
