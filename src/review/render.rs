//! Rendering a review: human text (optionally colored) and JSON, each safe to print
//! whatever the templates hold ([`terminal`](super::terminal)).

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use super::diff::{Change, ChangeKind, Diff, Section, Subject};
use super::terminal::{TerminalText, escape_json};

/// The comparison of one stack (or one pair of template files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackDiff {
    /// The stack's name, or the new file's name.
    pub name: String,
    /// Where the old template came from, e.g. `out/eshop-fcj.template.json`.
    pub old: String,
    /// Where the new template came from, e.g. `synthesized`.
    pub new: String,
    /// The changes.
    #[serde(flatten)]
    pub diff: Diff,
}

/// The styles of the text output; all plain when color is off.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Palette {
    pub(crate) heading: Style,
    pub(crate) danger: Style,
    pub(crate) added: Style,
    pub(crate) removed: Style,
    pub(crate) changed: Style,
    pub(crate) dim: Style,
}

impl Palette {
    pub(crate) fn new(color: bool) -> Self {
        if !color {
            return Self::default();
        }
        Self {
            heading: Style::new().bold(),
            danger: AnsiColor::Red.on_default().bold(),
            added: AnsiColor::Green.on_default(),
            removed: AnsiColor::Red.on_default(),
            changed: AnsiColor::Yellow.on_default(),
            dim: Style::new().dimmed(),
        }
    }

    /// A value in backticks; `PUBLIC` stands out.
    fn value(&self, out: &mut TerminalText, text: &str) {
        let quoted = format!("`{text}`");
        if text.starts_with("PUBLIC") {
            out.push_styled(self.danger, &quoted);
        } else {
            out.push(&quoted);
        }
    }
}

/// Human-readable text: a summary line per stack, then every access-control change of
/// every stack, then the other changes. `color` adds ANSI styles. Whatever the templates
/// hold is shown escaped ([`TerminalText`]).
pub fn render_text(diffs: &[StackDiff], color: bool) -> String {
    let p = Palette::new(color);
    let mut out = TerminalText::new();
    for d in diffs {
        let (a, o) = (d.diff.access_control.len(), d.diff.other.len());
        let summary = if a + o == 0 {
            "no changes".to_owned()
        } else {
            format!(
                "{}, {}",
                plural(a, "access-control change"),
                plural(o, "other change")
            )
        };
        out.push_styled(p.heading, &d.name);
        out.push(": ");
        out.push_styled(if a > 0 { p.danger } else { Style::new() }, &summary);
        out.push(&format!(" ({} → {})", d.old, d.new));
        out.newline();
    }
    for section in [Section::AccessControl, Section::Other] {
        if diffs.iter().all(|d| d.diff.section(section).is_empty()) {
            continue;
        }
        let (title, style) = match section {
            Section::AccessControl => ("Access control:", p.danger),
            Section::Other => ("Other changes:", p.heading),
        };
        out.newline();
        out.push_styled(style, title);
        out.newline();
        for d in diffs {
            let changes = d.diff.section(section);
            if changes.is_empty() {
                continue;
            }
            out.push("  ");
            out.push_styled(p.heading, &d.name);
            out.newline();
            for c in changes {
                out.push("    ");
                change_line(&mut out, c, &p);
                out.newline();
            }
        }
    }
    out.finish()
}

/// The JSON form: totals and, per stack, both sections. Characters a terminal would act on
/// are written as JSON `\u` escapes ([`escape_json`]): the same values, safe to print.
pub fn render_json(diffs: &[StackDiff]) -> String {
    #[derive(Serialize)]
    struct Totals {
        access_control: usize,
        other: usize,
    }
    #[derive(Serialize)]
    struct Report<'a> {
        changes: Totals,
        stacks: &'a [StackDiff],
    }
    let report = Report {
        changes: Totals {
            access_control: diffs.iter().map(|d| d.diff.access_control.len()).sum(),
            other: diffs.iter().map(|d| d.diff.other.len()).sum(),
        },
        stacks: diffs,
    };
    escape_json(&crate::to_json(&report)).into_owned()
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// `PUT /products/{id}`, `authorizer `x``, `CORS /a, /b`, … with the API when given.
pub fn subject_text(change: &Change) -> String {
    let s = match &change.subject {
        Subject::Method { method, path } => format!("{method} {path}"),
        Subject::Route { path } => format!("resource {path}"),
        Subject::Cors { paths } => format!("CORS {}", paths.join(", ")),
        Subject::Authorizer { name } => format!("authorizer `{name}`"),
        Subject::GatewayResponse { response_types } => {
            format!("gateway response {}", response_types.join(", "))
        }
        Subject::LambdaPermission { function } => format!("Lambda permission for `{function}`"),
        Subject::Stage { name } => format!("stage `{name}`"),
        Subject::Api { name } => format!("API `{name}`"),
        Subject::Resource {
            logical_id,
            resource_type,
        } => format!("resource `{logical_id}` ({resource_type})"),
        Subject::Parameter { name } => format!("parameter `{name}`"),
        Subject::Condition { name } => format!("condition `{name}`"),
        Subject::Mapping { name } => format!("mapping `{name}`"),
        Subject::Rule { name } => format!("rule `{name}`"),
        Subject::Output { name } => format!("output `{name}`"),
        Subject::Template => "template".to_owned(),
    };
    match &change.api {
        Some(api) => format!("API `{api}`: {s}"),
        None => s,
    }
}

fn change_line(out: &mut TerminalText, c: &Change, p: &Palette) {
    let subject = subject_text(c);
    let value = |out: &mut TerminalText, x: &Option<String>| {
        p.value(out, x.as_deref().unwrap_or(""));
    };
    let target = c
        .integration
        .as_ref()
        .map(|t| format!(" → `{t}`"))
        .unwrap_or_default();
    let aspect = c.aspect.as_deref();
    match c.kind {
        ChangeKind::Added => {
            out.push_styled(p.added, "+");
            out.push(&format!(" {subject}"));
            match (aspect, &c.new) {
                (Some(aspect), _) => {
                    out.push(&format!(": {aspect} "));
                    value(out, &c.new);
                    out.push(" added");
                }
                (None, Some(_)) => {
                    out.push(" added: ");
                    value(out, &c.new);
                    out.push(&target);
                }
                (None, None) => out.push(" added"),
            }
        }
        ChangeKind::Removed => {
            out.push_styled(p.removed, "-");
            out.push(&format!(" {subject}"));
            match (aspect, &c.old) {
                (Some(aspect), _) => {
                    out.push(&format!(": {aspect} "));
                    value(out, &c.old);
                    out.push(" removed");
                }
                (None, Some(_)) => {
                    out.push(" removed (was ");
                    value(out, &c.old);
                    out.push(&format!("{target})"));
                }
                (None, None) => out.push(" removed"),
            }
        }
        ChangeKind::Changed => {
            out.push_styled(p.changed, "~");
            out.push(&format!(" {subject}: {} → ", aspect.unwrap_or("value")));
            value(out, &c.new);
            out.push(" instead of ");
            value(out, &c.old);
        }
        ChangeKind::Redeployed => {
            out.push_styled(p.changed, "~");
            out.push(&format!(" {subject} will be redeployed"));
        }
    }
}
