//! `x-amazon-apigateway-policy` (a template's RestApi `Policy`) as the stack file's
//! `resourcePolicy`: each statement of the shape synth writes (one kind of caller, routes of
//! the API) becomes one of the stack's; the statements synth adds itself (a private API's
//! denial of other VPC endpoints, the allow for callers that don't sign with IAM) are
//! recognized and left to synth; any other statement is listed as lossy.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::api::Reader;
use crate::stack_file::format::{PolicyEffectSpec, PolicyStatementSpec};

/// The key of the policy in a document.
const KEY: &str = "x-amazon-apigateway-policy";

/// The API's resource policy: the stack's statements. `routes` are the API's paths with
/// their verbs; `private` whether the API is private (its VPC endpoints' denial is synth's).
pub(super) fn read(
    reader: &mut Reader<'_>,
    routes: &BTreeMap<String, BTreeSet<String>>,
    private: bool,
) -> Vec<PolicyStatementSpec> {
    read_key(reader, KEY, routes, private)
}

/// [`read`] of the policy under `key` of the reader's document (a template's RestApi
/// `Policy` beside its body is read as a document `{Policy: …}` at the resource's
/// properties).
pub(super) fn read_key(
    reader: &mut Reader<'_>,
    key: &str,
    routes: &BTreeMap<String, BTreeSet<String>>,
    private: bool,
) -> Vec<PolicyStatementSpec> {
    let Some(policy) = reader.doc.get(key) else {
        return Vec::new();
    };
    let policy = crate::openapi::as_texts(policy);
    let Some(statements) = policy.get("Statement").and_then(Value::as_array) else {
        reader.lose(
            &[key],
            "a resource policy without a list of statements: not imported",
        );
        return Vec::new();
    };
    let mut statements: Vec<(usize, &Value)> = statements.iter().enumerate().collect();
    let allows = |s: &[(usize, &Value)]| {
        s.iter()
            .any(|(_, s)| s.get("Effect").and_then(Value::as_str) == Some("Allow"))
    };
    let unsigned = json!({"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
        "Resource": ["execute-api:/*"], "Condition": {"Null": {"aws:PrincipalArn": ["true"]}}});
    if statements.last().is_some_and(|(_, s)| **s == unsigned)
        && !allows(&statements[..statements.len() - 1])
    {
        statements.pop();
    }
    if private
        && let Some((_, last)) = statements.last()
        && last.get("Effect").and_then(Value::as_str) == Some("Deny")
        && last
            .pointer("/Condition/StringNotEquals/aws:SourceVpce")
            .is_some()
        && last.get("Resource") == Some(&json!(["execute-api:/*"]))
    {
        statements.pop();
    }
    // Every path a statement may name: the methods' and the paths above them.
    let mut routes = routes.clone();
    for path in routes.keys().cloned().collect::<Vec<_>>() {
        let mut above = path.as_str();
        while let Some((parent, _)) = above.rsplit_once('/') {
            above = parent;
            routes
                .entry(if parent.is_empty() {
                    "/".to_owned()
                } else {
                    parent.to_owned()
                })
                .or_default();
        }
    }
    let routes = &routes;
    let mut out = Vec::new();
    for (i, statement) in statements {
        let at = [key.to_owned(), "Statement".to_owned(), i.to_string()];
        let pointer = reader.at(&at);
        match self::statement(reader, statement, routes, &pointer) {
            Some(spec) => out.push(spec),
            None => reader.lose(&at, "a statement of the resource policy that a stack file's `resourcePolicy` would not write as it is (one effect, `execute-api:Invoke`, one kind of caller, routes of the API): not imported"),
        }
    }
    out
}

/// One statement as the stack's, when it has the shape synth writes.
fn statement(
    reader: &mut Reader<'_>,
    statement: &Value,
    routes: &BTreeMap<String, BTreeSet<String>>,
    at: &str,
) -> Option<PolicyStatementSpec> {
    let map = statement.as_object()?;
    let known = ["Effect", "Principal", "Action", "Resource", "Condition"];
    if map.keys().any(|k| !known.contains(&k.as_str())) {
        return None;
    }
    let effect = match map.get("Effect")?.as_str()? {
        "Allow" => PolicyEffectSpec::Allow,
        "Deny" => PolicyEffectSpec::Deny,
        _ => return None,
    };
    if map.get("Action")? != "execute-api:Invoke" {
        return None;
    }
    let mut spec = PolicyStatementSpec {
        effect,
        source_ips: Vec::new(),
        not_source_ips: Vec::new(),
        source_vpcs: Vec::new(),
        not_source_vpcs: Vec::new(),
        source_vpc_endpoints: Vec::new(),
        not_source_vpc_endpoints: Vec::new(),
        accounts: Vec::new(),
        principals: Vec::new(),
        routes: self::routes(map.get("Resource")?.as_array()?, routes)?,
    };
    let texts = |v: &Value| -> Option<Vec<String>> {
        v.as_array()?
            .iter()
            .map(|t| t.as_str().map(str::to_owned))
            .collect()
    };
    match map.get("Principal")? {
        Value::String(anyone) if anyone == "*" => {}
        Value::Object(p) if p.len() == 1 && !map.contains_key("Condition") => {
            let ids = texts(p.get("AWS")?)?;
            if ids.is_empty() {
                return None;
            }
            // Accounts are 12 digits; every other principal is named by its ARN.
            let accounts = ids
                .iter()
                .all(|id| id.len() == 12 && id.chars().all(|c| c.is_ascii_digit()));
            let values = ids.iter().map(|id| reader.values.value(id, at)).collect();
            if accounts {
                spec.accounts = values;
            } else {
                spec.principals = values;
            }
            return Some(spec);
        }
        _ => return None,
    }
    let Some(condition) = map.get("Condition") else {
        return Some(spec);
    };
    let condition = condition.as_object()?;
    let [(operator, keys)] = condition.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let [(key, values)] = keys.as_object()?.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let values = texts(values)?;
    match (operator.as_str(), key.as_str()) {
        ("IpAddress", "aws:SourceIp") => spec.source_ips = values,
        ("NotIpAddress", "aws:SourceIp") => spec.not_source_ips = values,
        (op @ ("StringEquals" | "StringNotEquals"), k @ ("aws:SourceVpc" | "aws:SourceVpce")) => {
            let ids = values.iter().map(|v| reader.values.value(v, at)).collect();
            match (op == "StringNotEquals", k == "aws:SourceVpce") {
                (false, false) => spec.source_vpcs = ids,
                (true, false) => spec.not_source_vpcs = ids,
                (false, true) => spec.source_vpc_endpoints = ids,
                (true, true) => spec.not_source_vpc_endpoints = ids,
            }
        }
        _ => return None,
    }
    Some(spec)
}

/// The routes a statement's resources name, as synth writes them: `execute-api:/*` (the
/// whole API: none), `execute-api:/*/VERB/path` (a method; `*` for ANY) or the pair
/// `execute-api:/*/*/path` and `…/path/*` (a path and everything under it). A `*` segment is
/// the path parameter of the API's path there.
fn routes(resources: &[Value], api: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    let arns: Vec<&str> = resources
        .iter()
        .map(|r| r.as_str()?.strip_prefix("execute-api:/*"))
        .collect::<Option<_>>()?;
    if arns == [""] {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < arns.len() {
        let (verb, path) = arns[i].strip_prefix('/')?.split_once('/')?;
        let whole = verb == "*"
            && arns
                .get(i + 1)
                .is_some_and(|next| *next == format!("/*/{path}/*"));
        let path = api_path(path, api)?;
        if whole {
            out.push(path);
            i += 2;
            continue;
        }
        let verb = if verb == "*" { "ANY" } else { verb };
        if !api.get(&path)?.contains(verb) {
            return None;
        }
        out.push(format!("{verb} {path}"));
        i += 1;
    }
    Some(out)
}

/// The API's path an ARN's path (`orders/*`) names: the one whose path parameters are its
/// `*` segments.
fn api_path(arn_path: &str, api: &BTreeMap<String, BTreeSet<String>>) -> Option<String> {
    let wanted: Vec<&str> = arn_path.split('/').filter(|p| !p.is_empty()).collect();
    api.keys()
        .find(|path| {
            let parts: Vec<&str> = path
                .split('/')
                .filter(|p| !p.is_empty())
                .map(|p| if p.starts_with('{') { "*" } else { p })
                .collect();
            parts == wanted
        })
        .cloned()
}
