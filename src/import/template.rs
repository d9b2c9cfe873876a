//! A CloudFormation or SAM template: its API's OpenAPI body (`Body` of a RestApi,
//! `DefinitionBody` of an `AWS::Serverless::Api`) read as any document, or its
//! `AWS::ApiGateway::*` resources read through their OpenAPI export; the template's own
//! parameters where the API uses them; everything else listed as lossy.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::api::{self, Reader};
use super::document::{self, Kind, pointer};
use super::write::Notes;
use super::{ImportError, ImportOptions, Lossy};
use crate::stack_file::format::{
    AccessLogSpec, Deferred, EndpointSpec, IntrinsicSpec, LogGroupSpec, ParameterSpec,
    ParameterTypeSpec, RouteSpec, StackSpec, StageSpec, ValueSpec,
};

/// The resource types synth writes itself for a stack file's API: read by meaning, never
/// copied (a Lambda permission only when it lets API Gateway invoke).
const REGENERATED: [&str; 10] = [
    "AWS::ApiGateway::RestApi",
    "AWS::ApiGateway::Resource",
    "AWS::ApiGateway::Method",
    "AWS::ApiGateway::Authorizer",
    "AWS::ApiGateway::Deployment",
    "AWS::ApiGateway::Stage",
    "AWS::ApiGateway::GatewayResponse",
    "AWS::ApiGateway::Model",
    "AWS::ApiGateway::RequestValidator",
    "AWS::Serverless::Api",
];

/// The stack file of `template`'s one API, and what it loses.
pub(super) fn read(
    template: &Value,
    file: &Path,
    options: &ImportOptions,
    notes: &mut Notes,
) -> Result<(StackSpec, Vec<Lossy>), ImportError> {
    let resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let with_body: Vec<(&String, &Value, &str)> = resources
        .iter()
        .filter_map(|(id, r)| {
            let key = match r.get("Type").and_then(Value::as_str)? {
                "AWS::ApiGateway::RestApi" => "Body",
                "AWS::Serverless::Api" => "DefinitionBody",
                _ => return None,
            };
            r.pointer(&format!("/Properties/{key}"))
                .map(|_| (id, r, key))
        })
        .collect();
    let (mut spec, mut reader_losses, mut stage_props, generated) = match with_body.as_slice() {
        [(id, resource, key)] => {
            let base = pointer("", &["Resources", id.as_str(), "Properties", key]);
            let body = &resource["Properties"][*key];
            let kind = document::kind(body, file, &base)?;
            if kind == Kind::Template {
                return Err(ImportError::NotOpenApi {
                    file: file.to_owned(),
                    pointer: base,
                    reason: "the body is a template, not an OpenAPI document".to_owned(),
                });
            }
            document::check_refs(body, file, &base)?;
            let stage = resource
                .pointer("/Properties/StageName")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let mut reader = Reader::new(file, body, base, kind == Kind::Swagger2);
            let spec = api::read(&mut reader, options, stage, notes)?;
            let mut losses = reader.losses;
            let props = resource.get("Properties").and_then(Value::as_object);
            let rest_api = *key == "Body";
            for (k, _) in props.into_iter().flatten() {
                let read = matches!(
                    k.as_str(),
                    "Body"
                        | "DefinitionBody"
                        | "Name"
                        | "StageName"
                        | "Description"
                        | "EndpointConfiguration"
                ) || (rest_api && k == "Policy");
                if !read {
                    losses.add(
                        file,
                        pointer("", &["Resources", id.as_str(), "Properties", k.as_str()]),
                        format!("`{k}` of the API beside its body: not imported"),
                    );
                }
            }
            (spec, losses, BTreeMap::new(), reader.generated)
        }
        [] => {
            let export_error = |source| ImportError::Template {
                file: file.to_owned(),
                source,
            };
            let options_export = crate::openapi::ExportOptions::default();
            let exported =
                crate::openapi::export(template, &options_export).map_err(export_error)?;
            let mut doc = serde_json::to_value(&exported).map_err(|e| ImportError::Invalid {
                file: file.to_owned(),
                pointer: "/Resources".to_owned(),
                what: e.to_string(),
            })?;
            // The template's own parameters are read below, where the API names them.
            if let Some(doc) = doc.as_object_mut() {
                doc.remove(crate::openapi::PARAMETERS_EXTENSION);
            }
            let mut reader = Reader::new(file, &doc, String::new(), false);
            reader.method_ids = Some(crate::openapi::method_ids(template).map_err(export_error)?);
            for (id, resource) in &resources {
                let props = resource.get("Properties");
                let named = |key: &str| props.and_then(|p| p.get(key)).and_then(Value::as_str);
                let key = match resource.get("Type").and_then(Value::as_str) {
                    Some("AWS::ApiGateway::Authorizer") => {
                        named("Name").map(|n| ("securitySchemes", n))
                    }
                    Some("AWS::ApiGateway::GatewayResponse") => {
                        named("ResponseType").map(|t| ("gatewayResponses", t))
                    }
                    Some("AWS::ApiGateway::RestApi") => Some(("restApi", "")),
                    _ => None,
                };
                if let Some((section, name)) = key {
                    reader
                        .resource_ids
                        .insert((section, name.to_owned()), id.clone());
                }
            }
            let spec = api::read(&mut reader, options, None, notes)?;
            (
                spec,
                reader.losses,
                stage_properties(&resources),
                reader.generated,
            )
        }
        several => {
            return Err(ImportError::Invalid {
                file: file.to_owned(),
                pointer: "/Resources".to_owned(),
                what: format!(
                    "{} APIs are defined by an OpenAPI body ({}); a stack file holds one",
                    several.len(),
                    several
                        .iter()
                        .map(|(id, _, _)| id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    };
    // The endpoint type the template gives its API (a document has none: regional).
    // (A private API's VPC endpoints, read through the export of a template's resources,
    // are listed already.)
    let api_resource = match with_body.as_slice() {
        [(id, resource, _)] => Some((id.as_str(), *resource, true)),
        _ => resources
            .iter()
            .find(|(_, r)| {
                r.get("Type").and_then(Value::as_str) == Some("AWS::ApiGateway::RestApi")
            })
            .map(|(id, r)| (id.as_str(), r, false)),
    };
    if let Some((id, resource, body)) = api_resource {
        endpoint(id, resource, file, &mut spec, body, &mut reader_losses);
        if body {
            body_policy(id, resource, file, &mut spec, &mut reader_losses);
        }
    }
    // The template's own parameters, where the API names them.
    let declared = template.get("Parameters").and_then(Value::as_object);
    for (name, parameter) in &mut spec.parameters {
        let Some(source) = declared.and_then(|d| d.get(name)) else {
            continue;
        };
        if let Ok(d) = Deferred::new(&super::parameters::declared(source)) {
            *parameter = d;
        }
    }
    // Each stage's variables; its other settings are listed.
    for stage in std::iter::once(spec.api.stage.as_mut())
        .flatten()
        .chain(spec.api.stages.iter_mut())
    {
        apply_stage(
            stage,
            &mut stage_props,
            &resources,
            file,
            &mut reader_losses,
        );
    }
    // User pools the template creates for its authorizers, where synth writes them back.
    let created = super::user_pools::adopt(template, &mut spec, notes);
    reader_losses.items.retain(|l| {
        !created.pools.iter().any(|p| {
            l.what
                .starts_with(&format!("`{p}` is a resource of the source"))
        })
    });
    for (id, resource) in &resources {
        let kind = resource
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let invoked_by_api_gateway = kind == "AWS::Lambda::Permission"
            && resource
                .pointer("/Properties/Principal")
                .and_then(Value::as_str)
                == Some("apigateway.amazonaws.com");
        let access_logs = kind == "AWS::Logs::LogGroup" && id.starts_with("AccessLogs");
        // A role synth generates for an imported integration, as synth writes it.
        let regenerated = generated.get(id) == Some(resource);
        let regenerated = regenerated || created.resources.contains(id);
        if REGENERATED.contains(&kind) || invoked_by_api_gateway || access_logs || regenerated {
            continue;
        }
        reader_losses.add(file, pointer("", &["Resources", id.as_str()]), format!("`{id}` ({kind}) is not part of the API: not imported (declare it under `resources` if the stack should keep it)"));
    }
    // The template's own sections.
    if let Some(description) = template.get("Description").and_then(Value::as_str) {
        let default = format!(
            "API Gateway REST API {} (apigw-synth)",
            crate::review::expr_text(&serde_json::to_value(&spec.api.name).unwrap_or_default())
        );
        if description != default {
            spec.description = Some(description.to_owned());
        }
    }
    for (section, into) in [
        ("Conditions", &mut spec.conditions),
        ("Mappings", &mut spec.mappings),
    ] {
        for (name, value) in template
            .get(section)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            into.insert(name.clone(), value.clone());
        }
    }
    for (name, _) in template
        .get("Outputs")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if !matches!(name.as_str(), "InvokeUrl" | "RestApiId") && !created.outputs.contains(name) {
            reader_losses.add(
                file,
                pointer("", &["Outputs", name.as_str()]),
                format!(
                    "output `{name}`: not imported (stack files declare outputs under `outputs`)"
                ),
            );
        }
    }
    for section in ["Rules", "Transform", "Metadata"] {
        if template.get(section).is_some() {
            reader_losses.add(
                file,
                pointer("", &[section]),
                format!("the template's `{section}`: not imported"),
            );
        }
    }
    let mut losses = reader_losses.items;
    losses.sort();
    Ok((spec, losses))
}

/// The API's endpoint type from its resource's `EndpointConfiguration` (a RestApi's `Types`,
/// a SAM API's text or `Type`): edge without one, as CloudFormation and SAM create it.
/// A type the import can't read (an intrinsic) is listed as lossy. A private API's VPC
/// endpoints beside a body (`from_body`) are its `vpcEndpointIds` (ids or `Ref`s).
fn endpoint(
    id: &str,
    resource: &Value,
    file: &Path,
    spec: &mut StackSpec,
    from_body: bool,
    losses: &mut super::lossy::Losses,
) {
    let at = |rest: &[&str]| {
        let mut parts = vec!["Resources", id, "Properties", "EndpointConfiguration"];
        parts.extend_from_slice(rest);
        pointer("", &parts)
    };
    let Some(config) = resource.pointer("/Properties/EndpointConfiguration") else {
        spec.api.endpoint = EndpointSpec::Edge;
        return;
    };
    let kind = match config {
        Value::String(kind) => Some(kind.as_str()),
        Value::Object(c) => match (c.get("Types"), c.get("Type")) {
            (Some(Value::Array(types)), None) => match types.as_slice() {
                [Value::String(kind)] => Some(kind.as_str()),
                _ => None,
            },
            (None, Some(Value::String(kind))) => Some(kind.as_str()),
            (None, None) => Some("EDGE"),
            _ => None,
        },
        _ => None,
    };
    spec.api.endpoint = match kind.map(str::to_ascii_uppercase).as_deref() {
        Some("EDGE") => EndpointSpec::Edge,
        Some("REGIONAL") => EndpointSpec::Regional,
        Some("PRIVATE") => EndpointSpec::Private,
        _ => {
            let what = format!(
                "the endpoint type {}: not read; the API is {}",
                crate::review::expr_text(config),
                if matches!(spec.api.endpoint, EndpointSpec::Private) {
                    "private"
                } else {
                    "regional"
                },
            );
            losses.add(file, at(&[]), what);
            return;
        }
    };
    if from_body
        && matches!(spec.api.endpoint, EndpointSpec::Private)
        && let Some(ids) = config.get("VpcEndpointIds")
    {
        let read: Option<Vec<ValueSpec>> = ids.as_array().and_then(|ids| {
            ids.iter()
                .map(|id| match id {
                    Value::String(text) => Some(ValueSpec::Literal(text.clone())),
                    _ => {
                        let name = id.get("Ref")?.as_str()?;
                        Some(ValueSpec::Intrinsic(Box::new(IntrinsicSpec::Ref(
                            name.to_owned(),
                        ))))
                    }
                })
                .collect()
        });
        match read {
            Some(read) if spec.api.vpc_endpoint_ids.is_empty() => {
                for id in &read {
                    if let ValueSpec::Intrinsic(i) = id
                        && let IntrinsicSpec::Ref(name) = i.as_ref()
                    {
                        add_parameter(spec, name);
                    }
                }
                spec.api.vpc_endpoint_ids = read;
            }
            _ => losses.add(
                file,
                at(&["VpcEndpointIds"]),
                "VPC endpoints of a private API given otherwise than as ids or `Ref`s (or in its body too): not imported",
            ),
        }
    }
}

/// Declares the `String` parameter `name` if the stack has none of that name (the
/// template's declaration is read later).
fn add_parameter(spec: &mut StackSpec, name: &str) {
    if name.starts_with("AWS::") || spec.parameters.contains_key(name) {
        return;
    }
    let parameter = ParameterSpec {
        kind: ParameterTypeSpec::String,
        description: None,
        default: None,
        allowed_pattern: None,
        constraint_description: None,
        no_echo: false,
    };
    if let Ok(d) = Deferred::new(&parameter) {
        spec.parameters.insert(name.to_owned(), d);
    }
}

/// A RestApi's `Policy` beside its body, as the stack's resource policy (read as the
/// document's `x-amazon-apigateway-policy` is; a body with a policy of its own too lists it).
fn body_policy(
    id: &str,
    resource: &Value,
    file: &Path,
    spec: &mut StackSpec,
    losses: &mut super::lossy::Losses,
) {
    let Some(policy) = resource.pointer("/Properties/Policy") else {
        return;
    };
    let base = pointer("", &["Resources", id, "Properties"]);
    if !spec.api.resource_policy.is_empty() {
        losses.add(
            file,
            format!("{base}/Policy"),
            "a policy beside a body that has its own: not imported",
        );
        return;
    }
    let mut routes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, route) in &spec.api.routes {
        let Ok(route) = serde_yaml::from_value::<RouteSpec>(route.value.clone()) else {
            continue;
        };
        let verbs = [
            ("GET", route.get.is_some()),
            ("HEAD", route.head.is_some()),
            ("POST", route.post.is_some()),
            ("PUT", route.put.is_some()),
            ("PATCH", route.patch.is_some()),
            ("DELETE", route.delete.is_some()),
            ("OPTIONS", route.options.is_some()),
            ("ANY", route.any.is_some()),
        ];
        routes.insert(
            path.clone(),
            verbs
                .into_iter()
                .filter(|(_, on)| *on)
                .map(|(v, _)| v.to_owned())
                .collect(),
        );
    }
    let doc = serde_json::json!({ "Policy": policy });
    let mut reader = Reader::new(file, &doc, base, false);
    let private = matches!(spec.api.endpoint, EndpointSpec::Private);
    spec.api.resource_policy = super::policy::read_key(&mut reader, "Policy", &routes, private);
    for name in reader.values.parameters.keys() {
        add_parameter(spec, name);
    }
    for (resource, (at, parameter)) in &reader.values.resources {
        losses.add(file, at.clone(), format!("`{resource}` is a resource of the source, which a stack file's API can't name: the parameter `{parameter}` stands for it"));
    }
    losses.items.extend(reader.losses.items);
}

/// Each `AWS::ApiGateway::Stage`'s properties by stage name, with its logical id.
fn stage_properties(
    resources: &serde_json::Map<String, Value>,
) -> BTreeMap<String, (String, serde_json::Map<String, Value>)> {
    resources
        .iter()
        .filter(|(_, r)| r.get("Type").and_then(Value::as_str) == Some("AWS::ApiGateway::Stage"))
        .filter_map(|(id, r)| {
            let props = r.get("Properties")?.as_object()?.clone();
            let name = crate::review::expr_text(props.get("StageName")?);
            Some((name, (id.clone(), props)))
        })
        .collect()
}

/// Sets `stage`'s variables from its template stage, and lists what else that stage sets.
fn apply_stage(
    stage: &mut StageSpec,
    props: &mut BTreeMap<String, (String, serde_json::Map<String, Value>)>,
    resources: &serde_json::Map<String, Value>,
    file: &Path,
    losses: &mut super::lossy::Losses,
) {
    let name = match &stage.name {
        crate::stack_file::format::ValueSpec::Literal(n) => n.clone(),
        crate::stack_file::format::ValueSpec::Intrinsic(i) => match serde_json::to_value(i) {
            Ok(v) => v
                .get("ref")
                .and_then(Value::as_str)
                .map(|r| format!("${{{r}}}"))
                .unwrap_or_default(),
            Err(_) => String::new(),
        },
    };
    let Some((id, props)) = props.remove(&name) else {
        return;
    };
    for (key, value) in &props {
        let at = pointer("", &["Resources", id.as_str(), "Properties", key.as_str()]);
        match key.as_str() {
            "RestApiId" | "DeploymentId" | "StageName" | "Description" => {}
            "Variables" => {
                for (k, v) in value.as_object().into_iter().flatten() {
                    match v.as_str() {
                        Some(text) => {
                            stage.variables.insert(k.clone(), text.to_owned());
                        }
                        None => losses.add(file, format!("{at}/{}", document::escape(k)), "a stage variable given by an expression: stack files take text"),
                    }
                }
            }
            "TracingEnabled" if value == &Value::Bool(true) => {}
            "TracingEnabled" => stage.tracing = Some(false),
            "AccessLogSetting" => match own_log_group(value, resources) {
                Some(days) => {
                    if days != crate::DEFAULT_LOG_RETENTION_DAYS {
                        stage.access_log = Some(AccessLogSpec {
                            log_group: Some(LogGroupSpec {
                                retention_days: Some(days),
                                kms_key_arn: None,
                            }),
                            ..AccessLogSpec::default()
                        });
                    }
                }
                None => losses.add(file, at, "the stage's access log setting: the stack file's stage logs to a log group it creates, in its own format (synth's default)"),
            },
            _ => losses.add(file, at, format!("the stage's `{key}`: not imported")),
        }
    }
    if !props.contains_key("AccessLogSetting") {
        losses.add(
            file,
            pointer("", &["Resources", id.as_str(), "Properties"]),
            "the stage writes no access logs: the stack file's stage does (synth's default)",
        );
    }
}

/// The retention of the log group an `AccessLogSetting` writes to, when it is synth's own:
/// a log group of the template without a key, in synth's format.
fn own_log_group(setting: &Value, resources: &serde_json::Map<String, Value>) -> Option<u32> {
    if setting.get("Format")?.as_str()? != crate::api::access_log_format() {
        return None;
    }
    let sub = setting.pointer("/DestinationArn/Fn::Sub")?.as_str()?;
    let group = sub
        .strip_prefix("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${")?
        .strip_suffix('}')?;
    let log_group = resources.get(group)?;
    if log_group.get("Type")?.as_str()? != "AWS::Logs::LogGroup" {
        return None;
    }
    let props = log_group.get("Properties")?;
    if props.get("KmsKeyId").is_some() {
        return None;
    }
    u32::try_from(props.get("RetentionInDays")?.as_u64()?).ok()
}
