//! The API as the console shows it: its stages with their settings and web ACL, its custom
//! domains with their base paths, then the resource tree, each resource with its CORS
//! origin and its methods with authorization and integration target.

use std::collections::BTreeMap;

use super::render::Palette;
use super::terminal::{TerminalText, escape};
use super::view::{ApiView, OtherResource, StageView, TemplateModel};

/// The tree of every API in `model`. `color` makes `PUBLIC` red. Whatever the template
/// holds is shown escaped ([`TerminalText`]).
pub fn render_tree(model: &TemplateModel, color: bool) -> String {
    let p = Palette::new(color);
    let mut out = TerminalText::new();
    for (i, api) in model.apis.values().enumerate() {
        if i > 0 {
            out.newline();
        }
        api_tree(api, &model.others, &p, &mut out);
    }
    if model.apis.is_empty() {
        out.push("(no REST API in this template)");
        out.newline();
    }
    out.finish()
}

/// A line before padding, its columns escaped (so that they are measured as shown).
struct Line {
    left: String,
    auth: Option<(String, bool)>,
    right: String,
}

fn api_tree(
    api: &ApiView,
    others: &BTreeMap<String, OtherResource>,
    p: &Palette,
    out: &mut TerminalText,
) {
    let stages: Vec<&str> = api.stages.keys().map(String::as_str).collect();
    let stage_text = match stages.as_slice() {
        [] => "no stage".to_owned(),
        [one] => format!("stage {one}"),
        many => format!("stages {}", many.join(", ")),
    };
    out.push_styled(p.heading, &format!("API {}", api.name));
    out.push(&format!(" ({stage_text})"));
    out.newline();
    for (name, stage) in &api.stages {
        stage_lines(name, stage, others, p, out);
    }
    domain_lines(api, others, out);
    policy_lines(api, out);

    let mut paths: Vec<&str> = api.routes.keys().map(String::as_str).collect();
    if !api.routes.contains_key("/") {
        paths.push("/");
    }
    // By segment, so `/a/{id}` stays under `/a` and before `/a-b`.
    paths.sort_by_key(|p| segments(p));

    let mut lines = Vec::new();
    for path in paths {
        let depth = segments(path).len();
        let indent = "  ".repeat(depth);
        let label = if depth == 0 {
            "/".to_owned()
        } else {
            format!("/{}", path.rsplit('/').next().unwrap_or(""))
        };
        let route = api.routes.get(path);
        let cors = route
            .and_then(|r| r.cors.as_ref())
            .and_then(|c| c.get("Access-Control-Allow-Origin"))
            .map(|origin| format!("CORS {origin}"))
            .unwrap_or_default();
        lines.push(Line {
            left: format!("{indent}{}", escape(&label)),
            auth: None,
            right: escape(&cors).into_owned(),
        });
        for (verb, m) in route.map(|r| &r.methods).into_iter().flatten() {
            let mut auth = m.authorization.describe_with_scopes();
            if m.api_key_required {
                auth.push_str(", API key");
            }
            let mut right = format!("→ {}", m.integration);
            if let Some(validator) = m.details.get("RequestValidatorId") {
                let name = validator.trim_start_matches("${Validator:");
                right.push_str(&format!(", validates {}", name.trim_end_matches('}')));
            }
            if let (true, Some(reason)) = (m.authorization.is_public(), &m.public_reason) {
                right.push_str(&format!("  ({reason})"));
            }
            lines.push(Line {
                left: format!("{indent}    {}", escape(verb)),
                auth: Some((escape(&auth).into_owned(), m.authorization.is_public())),
                right: escape(&right).into_owned(),
            });
        }
    }
    let left_width = lines
        .iter()
        .map(|l| l.left.chars().count())
        .max()
        .unwrap_or(0);
    let auth_width = lines
        .iter()
        .filter_map(|l| l.auth.as_ref().map(|a| a.0.chars().count()))
        .max()
        .unwrap_or(0);
    for line in lines {
        let left = format!("{:<left_width$}", line.left);
        match line.auth {
            Some((auth, public)) => {
                out.push(&left);
                out.push("  ");
                let padded = format!("{auth:<auth_width$}");
                if public {
                    out.push_styled(p.danger, &padded);
                } else {
                    out.push(&padded);
                }
                out.push(format!("  {}", line.right).trim_end());
            }
            None if !line.right.is_empty() => {
                out.push(&left);
                out.push("  ");
                out.push_styled(p.dim, &line.right);
            }
            None => out.push(left.trim_end()),
        }
        out.newline();
    }
}

/// `stage NAME: access logs → …, tracing on, no cache`, then one line per entry of its
/// method settings (`* /*` for the whole stage).
fn stage_lines(
    name: &str,
    stage: &StageView,
    others: &BTreeMap<String, OtherResource>,
    p: &Palette,
    out: &mut TerminalText,
) {
    let d = &stage.details;
    out.push(&format!("stage {name}: "));
    match d.get("AccessLogSetting.DestinationArn") {
        // A log group's ARN by its name: `…:log-group:${AccessLogsProd}` → `log group …`.
        Some(destination) => match destination.rsplit_once(":log-group:") {
            Some((_, group)) => out.push(&format!("access logs → log group {group}")),
            None => out.push(&format!("access logs → {destination}")),
        },
        None => out.push_styled(p.danger, "no access logs"),
    }
    let tracing = if d.get("TracingEnabled").is_some_and(|v| v == "true") {
        "tracing on"
    } else {
        "tracing off"
    };
    let cache = match (d.get("CacheClusterEnabled"), d.get("CacheClusterSize")) {
        (Some(on), Some(size)) if on == "true" => format!("cache {size} GB"),
        (Some(on), None) if on == "true" => "cache".to_owned(),
        _ => "no cache".to_owned(),
    };
    out.push(&format!(", {tracing}, {cache}"));
    // A web ACL association whose stage ARN names this stage.
    let stage_ref = format!("${{Stage:{name}}}");
    for acl in of_type(others, "AWS::WAFv2::WebACLAssociation") {
        let arn = acl.details.get("Properties.ResourceArn");
        if arn.is_some_and(|a| a.ends_with(&stage_ref)) {
            let web_acl = acl
                .details
                .get("Properties.WebACLArn")
                .map_or("", String::as_str);
            out.push(&format!(", web ACL {web_acl}"));
        }
    }
    out.newline();
    // `MethodSettings.<method> <path>.<Field>`: the field is after the last dot.
    let mut settings: Vec<(&str, Vec<String>)> = Vec::new();
    for (key, value) in d {
        let Some(rest) = key.strip_prefix("MethodSettings.") else {
            continue;
        };
        let Some((target, field)) = rest.rsplit_once('.') else {
            continue;
        };
        let entry = format!("{field} {value}");
        match settings.last_mut() {
            Some((t, fields)) if *t == target => fields.push(entry),
            _ => settings.push((target, vec![entry])),
        }
    }
    for (target, fields) in settings {
        out.push(&format!("  {target}: {}", fields.join(", ")));
        out.newline();
    }
}

/// `domain api.example.com (REGIONAL, TLS_1_2, mutual TLS s3://…): / → prod, v2 → dev` for
/// each custom domain with a base path mapping to `api`.
fn domain_lines(api: &ApiView, others: &BTreeMap<String, OtherResource>, out: &mut TerminalText) {
    let api_ref = format!("${{RestApi:{}}}", api.name);
    for domain in of_type(others, "AWS::ApiGateway::DomainName") {
        let get = |key: &str| domain.details.get(key).map_or("", String::as_str);
        let name = get("Properties.DomainName");
        let domain_ref = format!("${{Domain:{name}}}");
        let paths: Vec<String> = of_type(others, "AWS::ApiGateway::BasePathMapping")
            .filter(|m| {
                m.details.get("Properties.DomainName") == Some(&domain_ref)
                    && m.details.get("Properties.RestApiId") == Some(&api_ref)
            })
            .map(|m| {
                let path = m
                    .details
                    .get("Properties.BasePath")
                    .map_or("", String::as_str);
                let stage = m.details.get("Properties.Stage").map_or("", String::as_str);
                let stage = stage
                    .strip_prefix("${Stage:")
                    .and_then(|s| s.strip_suffix('}'))
                    .unwrap_or(stage);
                format!("/{path} → {stage}")
            })
            .collect();
        if paths.is_empty() {
            continue;
        }
        let mut traits = vec![
            get("Properties.EndpointConfiguration.Types[0]").to_owned(),
            get("Properties.SecurityPolicy").to_owned(),
        ];
        if let Some(uri) = domain
            .details
            .get("Properties.MutualTlsAuthentication.TruststoreUri")
        {
            traits.push(format!("mutual TLS {uri}"));
        }
        traits.retain(|t| !t.is_empty());
        out.push(&format!(
            "domain {name} ({}): {}",
            traits.join(", "),
            paths.join(", ")
        ));
        out.newline();
    }
}

/// `endpoint PRIVATE through vpce-…` for a private API, then one line per statement of the
/// API's resource policy.
fn policy_lines(api: &ApiView, out: &mut TerminalText) {
    if api
        .settings
        .get("EndpointConfiguration.Types[0]")
        .is_some_and(|t| t == "PRIVATE")
    {
        let vpce: Vec<&str> = api
            .settings
            .iter()
            .filter(|(k, _)| k.starts_with("EndpointConfiguration.VpcEndpointIds"))
            .map(|(_, v)| v.as_str())
            .collect();
        out.push(&format!("endpoint PRIVATE through {}", vpce.join(", ")));
        out.newline();
    }
    for s in &api.policy {
        out.push(&format!(
            "resource policy: {}",
            super::access::describe_policy_statement(s)
        ));
        out.newline();
    }
}

/// The resources of `others` of the CloudFormation type `resource_type`.
fn of_type<'a>(
    others: &'a BTreeMap<String, OtherResource>,
    resource_type: &'a str,
) -> impl Iterator<Item = &'a OtherResource> {
    others
        .values()
        .filter(move |o| o.resource_type == resource_type)
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}
