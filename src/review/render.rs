//! Rendering a review: human text (optionally colored) and JSON.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use super::diff::{Change, ChangeKind, Diff, Section, Subject};

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

    pub(crate) fn paint(&self, style: Style, text: &str) -> String {
        format!("{style}{text}{style:#}")
    }

    /// A value in backticks; `PUBLIC` stands out.
    fn value(&self, text: &str) -> String {
        let quoted = format!("`{text}`");
        if text.starts_with("PUBLIC") {
            self.paint(self.danger, &quoted)
        } else {
            quoted
        }
    }
}

/// Human-readable text: a summary line per stack, then every access-control change of
/// every stack, then the other changes. `color` adds ANSI styles.
pub fn render_text(diffs: &[StackDiff], color: bool) -> String {
    let p = Palette::new(color);
    let mut out = String::new();
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
        let summary = if a > 0 {
            p.paint(p.danger, &summary)
        } else {
            summary
        };
        let _ = writeln!(
            out,
            "{}: {summary} ({} → {})",
            p.paint(p.heading, &d.name),
            d.old,
            d.new
        );
    }
    for section in [Section::AccessControl, Section::Other] {
        if diffs.iter().all(|d| d.diff.section(section).is_empty()) {
            continue;
        }
        let (title, style) = match section {
            Section::AccessControl => ("Access control", p.danger),
            Section::Other => ("Other changes", p.heading),
        };
        let _ = writeln!(out, "\n{}", p.paint(style, &format!("{title}:")));
        for d in diffs {
            let changes = d.diff.section(section);
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "  {}", p.paint(p.heading, &d.name));
            for c in changes {
                let _ = writeln!(out, "    {}", change_line(c, &p));
            }
        }
    }
    out
}

/// The JSON form: totals and, per stack, both sections.
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
    crate::to_json(&report)
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
        Subject::Output { name } => format!("output `{name}`"),
        Subject::Template => "template".to_owned(),
    };
    match &change.api {
        Some(api) => format!("API `{api}`: {s}"),
        None => s,
    }
}

fn change_line(c: &Change, p: &Palette) -> String {
    let subject = subject_text(c);
    let v = |x: &Option<String>| p.value(x.as_deref().unwrap_or(""));
    let target = c
        .integration
        .as_ref()
        .map(|t| format!(" → `{t}`"))
        .unwrap_or_default();
    match (c.kind, &c.aspect) {
        (ChangeKind::Added, Some(aspect)) => format!(
            "{} {subject}: {aspect} {} added",
            p.paint(p.added, "+"),
            v(&c.new)
        ),
        (ChangeKind::Added, None) => {
            let what = c
                .new
                .as_ref()
                .map(|_| format!(": {}{target}", v(&c.new)))
                .unwrap_or_default();
            format!("{} {subject} added{what}", p.paint(p.added, "+"))
        }
        (ChangeKind::Removed, Some(aspect)) => format!(
            "{} {subject}: {aspect} {} removed",
            p.paint(p.removed, "-"),
            v(&c.old)
        ),
        (ChangeKind::Removed, None) => {
            let was = c
                .old
                .as_ref()
                .map(|_| format!(" (was {}{target})", v(&c.old)))
                .unwrap_or_default();
            format!("{} {subject} removed{was}", p.paint(p.removed, "-"))
        }
        (ChangeKind::Changed, aspect) => format!(
            "{} {subject}: {} → {} instead of {}",
            p.paint(p.changed, "~"),
            aspect.as_deref().unwrap_or("value"),
            v(&c.new),
            v(&c.old)
        ),
        (ChangeKind::Redeployed, _) => {
            format!("{} {subject} will be redeployed", p.paint(p.changed, "~"))
        }
    }
}
