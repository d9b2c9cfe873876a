//! The API as the console shows it: its stages with their settings, then the resource
//! tree, each resource with its CORS origin and its methods with authorization and
//! integration target.

use std::fmt::Write;

use super::render::Palette;
use super::view::{ApiView, StageView, TemplateModel};

/// The tree of every API in `model`. `color` makes `PUBLIC` red.
pub fn render_tree(model: &TemplateModel, color: bool) -> String {
    let p = Palette::new(color);
    let mut out = String::new();
    for (i, api) in model.apis.values().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        api_tree(api, &p, &mut out);
    }
    if model.apis.is_empty() {
        out.push_str("(no REST API in this template)\n");
    }
    out
}

/// A line before padding: the left column and the rest.
struct Line {
    left: String,
    auth: Option<(String, bool)>,
    right: String,
}

fn api_tree(api: &ApiView, p: &Palette, out: &mut String) {
    let stages: Vec<&str> = api.stages.keys().map(String::as_str).collect();
    let stage_text = match stages.as_slice() {
        [] => "no stage".to_owned(),
        [one] => format!("stage {one}"),
        many => format!("stages {}", many.join(", ")),
    };
    let _ = writeln!(
        out,
        "{} ({stage_text})",
        p.paint(p.heading, &format!("API {}", api.name))
    );
    for (name, stage) in &api.stages {
        stage_lines(name, stage, p, out);
    }

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
            left: format!("{indent}{label}"),
            auth: None,
            right: cors,
        });
        for (verb, m) in route.map(|r| &r.methods).into_iter().flatten() {
            let mut auth = m.authorization.describe_with_scopes();
            if m.api_key_required {
                auth.push_str(", API key");
            }
            let mut right = format!("→ {}", m.integration);
            if let (true, Some(reason)) = (m.authorization.is_public(), &m.public_reason) {
                let _ = write!(right, "  ({reason})");
            }
            lines.push(Line {
                left: format!("{indent}    {verb}"),
                auth: Some((auth, m.authorization.is_public())),
                right,
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
        let mut text = format!("{:<left_width$}", line.left);
        match line.auth {
            Some((auth, public)) => {
                let padded = format!("{auth:<auth_width$}");
                let shown = if public {
                    p.paint(p.danger, &padded)
                } else {
                    padded
                };
                let _ = write!(text, "  {shown}  {}", line.right);
            }
            None if !line.right.is_empty() => {
                let _ = write!(text, "  {}", p.paint(p.dim, &line.right));
            }
            None => {}
        }
        let _ = writeln!(out, "{}", text.trim_end());
    }
}

/// `stage NAME: access logs → …, tracing on, no cache`, then one line per entry of its
/// method settings (`* /*` for the whole stage).
fn stage_lines(name: &str, stage: &StageView, p: &Palette, out: &mut String) {
    let d = &stage.details;
    let logs = match d.get("AccessLogSetting.DestinationArn") {
        // A log group's ARN by its name: `…:log-group:${AccessLogsProd}` → `log group …`.
        Some(destination) => match destination.rsplit_once(":log-group:") {
            Some((_, group)) => format!("access logs → log group {group}"),
            None => format!("access logs → {destination}"),
        },
        None => p.paint(p.danger, "no access logs"),
    };
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
    let _ = writeln!(out, "stage {name}: {logs}, {tracing}, {cache}");
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
        let _ = writeln!(out, "  {target}: {}", fields.join(", "));
    }
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}
