//! User pools a template creates for its Cognito authorizers, with their app clients and
//! hosted-UI domain, as the authorizer's `createUserPools`: read from the pool's resources,
//! and kept only when synth then writes those resources (and their outputs) exactly as the
//! template has them; else the pool stays a parameter, listed as lossy.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Map, Value, json};

use super::write::Notes;
use crate::stack_file::format::{NewUserPoolSpec, StackSpec};

/// What the created pools take over from the template.
#[derive(Debug, Default)]
pub(super) struct Created {
    /// The template's resources synth now writes (pools, clients, domains, resource servers).
    pub(super) resources: BTreeSet<String>,
    /// The template's outputs synth now writes (their ids and hosted UIs).
    pub(super) outputs: BTreeSet<String>,
    /// The pools' logical ids, whose parameter no longer stands in.
    pub(super) pools: BTreeSet<String>,
}

/// Makes each authorizer's pool ARN parameter (`XArn` for the pool resource `X` of
/// `template`) a created pool, one pool at a time, where synth gives the template's own
/// resources back.
pub(super) fn adopt(template: &Value, spec: &mut StackSpec, notes: &Notes) -> Created {
    let mut created = Created::default();
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return created;
    };
    let pools: Vec<String> = spec
        .parameters
        .keys()
        .filter_map(|p| p.strip_suffix("Arn"))
        .filter(|id| kind(resources.get(*id)) == Some("AWS::Cognito::UserPool"))
        .map(str::to_owned)
        .collect();
    for pool in pools {
        let Some(candidate) = with_pool(spec, resources, &pool) else {
            continue;
        };
        let Some(synthesized) = synthesize(&candidate, notes) else {
            continue;
        };
        let empty = Map::new();
        let written = synthesized
            .get("Resources")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let own: Vec<&String> = resources
            .iter()
            .filter(|(id, r)| **id == pool || refers_to(r, &pool))
            .map(|(id, _)| id)
            .collect();
        if own.iter().any(|id| written.get(*id) != resources.get(*id)) {
            continue;
        }
        *spec = candidate;
        created.resources.extend(own.into_iter().cloned());
        created.pools.insert(pool);
        let outputs = template.get("Outputs").and_then(Value::as_object);
        let written_outputs = synthesized.get("Outputs").and_then(Value::as_object);
        for (name, output) in outputs.into_iter().flatten() {
            if written_outputs.and_then(|w| w.get(name)) == Some(output)
                && name.starts_with("UserPool")
            {
                created.outputs.insert(name.clone());
            }
        }
    }
    created
}

/// A resource's type.
fn kind(resource: Option<&Value>) -> Option<&str> {
    resource?.get("Type")?.as_str()
}

/// Whether `resource` belongs to the pool `pool`: a Cognito resource of it (`UserPoolId`).
fn refers_to(resource: &Value, pool: &str) -> bool {
    kind(Some(resource)).is_some_and(|k| k.starts_with("AWS::Cognito::"))
        && resource.pointer("/Properties/UserPoolId") == Some(&json!({"Ref": pool}))
}

/// `spec` with the pool `pool` created by its authorizers instead of named by parameter
/// (edited as YAML, which keeps the file's order).
fn with_pool(spec: &StackSpec, resources: &Map<String, Value>, pool: &str) -> Option<StackSpec> {
    let created: NewUserPoolSpec = serde_json::from_value(new_pool(resources, pool)?).ok()?;
    let created = serde_yaml::to_value(&created).ok()?;
    let parameter = format!("{pool}Arn");
    let reference = serde_yaml::to_value(json!({"ref": parameter})).ok()?;
    let mut doc = serde_yaml::to_value(spec).ok()?;
    let mut used = false;
    let authorizers = doc
        .get_mut("api")?
        .get_mut("authorizers")?
        .as_mapping_mut()?;
    for (_, authorizer) in authorizers.iter_mut() {
        let Some(cognito) = authorizer
            .get_mut("cognito")
            .and_then(|c| c.as_mapping_mut())
        else {
            continue;
        };
        let Some(arns) = cognito
            .get_mut("userPoolArns")
            .and_then(|a| a.as_sequence_mut())
        else {
            continue;
        };
        let before = arns.len();
        arns.retain(|a| *a != reference);
        if arns.len() == before {
            continue;
        }
        used = true;
        if arns.is_empty() {
            cognito.remove("userPoolArns");
        }
        let pools = cognito
            .entry("createUserPools".into())
            .or_insert_with(|| serde_yaml::Value::Sequence(Vec::new()));
        pools.as_sequence_mut()?.push(created.clone());
    }
    if !used {
        return None;
    }
    doc.get_mut("parameters")?
        .as_mapping_mut()?
        .remove(&parameter);
    // The parameter must not be named anywhere else.
    if serde_yaml::to_string(&doc).ok()?.contains(&parameter) {
        return None;
    }
    serde_yaml::from_value(doc).ok()
}

/// The stack file's created pool of the pool resource `pool`, its clients and its domain.
fn new_pool(resources: &Map<String, Value>, pool: &str) -> Option<Value> {
    let props = resources.get(pool)?.get("Properties")?;
    let mut out = Map::new();
    out.insert("name".into(), json!(props.get("UserPoolName")?.as_str()?));
    let admin_only = props.pointer("/AdminCreateUserConfig/AllowAdminCreateUserOnly");
    if admin_only == Some(&json!(false)) {
        out.insert("selfSignUp".into(), json!(true));
    }
    let (mut publics, mut machines) = (Vec::new(), Vec::new());
    for (_, resource) in resources.iter().filter(|(_, r)| refers_to(r, pool)) {
        let p = resource.get("Properties")?;
        match kind(Some(resource))? {
            "AWS::Cognito::UserPoolDomain" => {
                out.insert("domainPrefix".into(), json!(p.get("Domain")?.as_str()?));
            }
            "AWS::Cognito::UserPoolClient" => {
                let name = json!(p.get("ClientName")?.as_str()?);
                let scopes = p.get("AllowedOAuthScopes").cloned().unwrap_or(json!([]));
                match p.get("AllowedOAuthFlows").and_then(Value::as_array) {
                    None => {
                        if out.insert("client".into(), name).is_some() {
                            return None;
                        }
                    }
                    Some(flows) if *flows == [json!("client_credentials")] => {
                        machines.push(json!({"name": name, "scopes": scopes}));
                    }
                    Some(flows) if *flows == [json!("code")] => {
                        let urls = |key: &str| -> Option<Value> {
                            let list = p.get(key).and_then(Value::as_array);
                            list.into_iter()
                                .flatten()
                                .map(value_spec)
                                .collect::<Option<Vec<_>>>()
                                .map(Value::Array)
                        };
                        let mut client =
                            json!({"name": name, "callbackUrls": urls("CallbackURLs")?});
                        let logout = urls("LogoutURLs")?;
                        if logout.as_array().is_some_and(|l| !l.is_empty()) {
                            client["logoutUrls"] = logout;
                        }
                        client["scopes"] = scopes;
                        publics.push(client);
                    }
                    Some(_) => return None,
                }
            }
            // Written by synth from the scopes the clients and methods name.
            "AWS::Cognito::UserPoolResourceServer" => {}
            _ => return None,
        }
    }
    if !publics.is_empty() {
        out.insert("publicClients".into(), Value::Array(publics));
    }
    if !machines.is_empty() {
        out.insert("machineClients".into(), Value::Array(machines));
    }
    Some(Value::Object(out))
}

/// A template's value as a stack file's: text, or `{ ref: X }`.
fn value_spec(value: &Value) -> Option<Value> {
    match value {
        Value::String(_) => Some(value.clone()),
        Value::Object(map) => Some(json!({"ref": map.get("Ref")?.as_str()?})),
        _ => None,
    }
}

/// The template `spec` synthesizes to, as JSON; `None` when it does not.
fn synthesize(spec: &StackSpec, notes: &Notes) -> Option<Value> {
    let text = super::write::render(spec, notes, "template");
    let loaded = crate::stack_file::load_str(Path::new("stacks/imported.yaml"), &text).ok()?;
    serde_json::to_value(loaded.synthesize().ok()?).ok()
}
