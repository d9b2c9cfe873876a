//! The API as the console shows it: the resource tree, each resource with its CORS origin
//! and its methods with authorization and integration target.

use super::render::Palette;
use super::terminal::{TerminalText, escape};
use super::view::{ApiView, TemplateModel};

/// The tree of every API in `model`. `color` makes `PUBLIC` red. Whatever the template
/// holds is shown escaped ([`TerminalText`]).
pub fn render_tree(model: &TemplateModel, color: bool) -> String {
    let p = Palette::new(color);
    let mut out = TerminalText::new();
    for (i, api) in model.apis.values().enumerate() {
        if i > 0 {
            out.newline();
        }
        api_tree(api, &p, &mut out);
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

fn api_tree(api: &ApiView, p: &Palette, out: &mut TerminalText) {
    let stages: Vec<&str> = api.stages.keys().map(String::as_str).collect();
    let stage_text = match stages.as_slice() {
        [] => "no stage".to_owned(),
        [one] => format!("stage {one}"),
        many => format!("stages {}", many.join(", ")),
    };
    out.push_styled(p.heading, &format!("API {}", api.name));
    out.push(&format!(" ({stage_text})"));
    out.newline();

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
            lines.push(Line {
                left: format!("{indent}    {}", escape(verb)),
                auth: Some((escape(&auth).into_owned(), m.authorization.is_public())),
                right: escape(&format!("→ {}", m.integration)).into_owned(),
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

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}
