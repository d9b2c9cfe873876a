//! The stages an OpenAPI document's servers name (as `openapi` and API Gateway's export
//! write them), and the parameters a stage is named by.

use std::collections::BTreeMap;

use serde_json::Value;

use super::api::Reader;
use crate::stack_file::format::{IntrinsicSpec, StageSpec, ValueSpec};

/// The stages the servers name (`https://{restApiId}.execute-api.{region}.amazonaws.com/NAME`,
/// as `openapi` and API Gateway's export write them), the first as `stage`; and the defaults
/// of parameters a stage is named by. A server elsewhere is listed as lossy.
pub(super) fn read(
    reader: &mut Reader<'_>,
    sam_stage: Option<String>,
) -> (Option<StageSpec>, Vec<StageSpec>, BTreeMap<String, String>) {
    let mut stages = Vec::new();
    let mut defaults = BTreeMap::new();
    if let Some(name) = sam_stage {
        stages.push(stage_spec(ValueSpec::Literal(name), None));
    }
    let doc = reader.doc;
    let servers: Vec<&Value> = doc
        .get("servers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    for (i, server) in servers.iter().enumerate() {
        let url = server
            .get("url")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let at = ["servers".to_owned(), i.to_string()];
        let Some(rest) = url.split_once(".execute-api.").map(|(_, r)| r) else {
            reader.lose(&at, format!("server `{url}`: not an execute-api stage URL (a custom domain needs its certificate); not imported"));
            continue;
        };
        let path = rest
            .split_once('/')
            .map(|(_, p)| p)
            .unwrap_or_default()
            .trim_matches('/');
        let mut label = path.to_owned();
        let name = if let Some(var) = path.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            let variable = server.pointer(&format!("/variables/{var}"));
            let default = variable
                .and_then(|v| v.get("default"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .trim_matches('/')
                .to_owned();
            let described = variable
                .and_then(|v| v.get("description"))
                .and_then(Value::as_str)
                .is_some_and(|d| d.starts_with("The value of "));
            if described {
                // A stage named at deploy time: `{Parameter}`, its default the parameter's.
                let pointer = reader.at(&at);
                reader
                    .values
                    .parameters
                    .entry(var.to_owned())
                    .or_insert(pointer);
                defaults.insert(var.to_owned(), default);
                label = format!("${{{var}}}");
                ValueSpec::Intrinsic(Box::new(IntrinsicSpec::Ref(var.to_owned())))
            } else {
                label = default.clone();
                ValueSpec::Literal(default)
            }
        } else {
            ValueSpec::Literal(path.to_owned())
        };
        if matches!(&name, ValueSpec::Literal(n) if n.is_empty() || n.contains('/')) {
            reader.lose(&at, format!("server `{url}`: its path names no stage"));
            continue;
        }
        let description = server
            .get("description")
            .and_then(Value::as_str)
            .and_then(|d| d.strip_prefix(&format!("Stage {label}: ")))
            .map(str::to_owned);
        let duplicate = stages.iter().any(|s: &StageSpec| {
            serde_json::to_value(&s.name).ok() == serde_json::to_value(&name).ok()
        });
        if !duplicate {
            stages.push(stage_spec(name, description));
        }
    }
    let mut stages = stages.into_iter();
    let first = stages.next();
    (first, stages.collect(), defaults)
}

fn stage_spec(name: ValueSpec, description: Option<String>) -> StageSpec {
    StageSpec {
        name,
        id: None,
        description,
        variables: BTreeMap::new(),
        tracing: None,
        access_log: None,
        cache_cluster_size: None,
        settings: None,
        method_settings: BTreeMap::new(),
        web_acl_arn: None,
        canary: None,
        tags: BTreeMap::new(),
    }
}
