//! The text a stack gives, checked for control characters before anything else reads it:
//! every name and value, from the API's name to each route part and stage variable. A
//! control character (C0, DEL, C1) in a name or value can rewrite a terminal that prints it
//! (ESC sequences that erase the lines above) or split a header value (CR LF), so none is
//! accepted; descriptions may hold line breaks and tabs, nothing else.
//!
//! Every builder type is taken apart field by field, without `..`, so a field added to one
//! is a compile error here until its text is checked: the check covers every later feature.

mod access;
mod api;
mod routes;
mod stage;

use std::collections::BTreeMap;

use crate::api::StackOutput;
use crate::api::{Parameter, Stack, Value};
use crate::error::ProblemKind;

use super::problems::Problems;

/// Which control characters a text may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A description: line breaks (LF) and tabs allowed.
    Prose,
    /// A name or value (it may become a name, a URL or a header value): none.
    Value,
}

/// The first control character of `text` that a text of `kind` may not hold.
fn first_control(text: &str, kind: Kind) -> Option<char> {
    text.chars()
        .find(|&c| c.is_control() && !(kind == Kind::Prose && matches!(c, '\n' | '\t')))
}

/// Checks every text of `stack`; true when none holds a control character. Each one found
/// is a problem naming the stack, and the path and method where the text belongs to one.
pub(crate) fn check(stack: &Stack, problems: &mut Problems<'_>) -> bool {
    let mut texts = Texts {
        problems,
        parts: None,
        method: None,
        clean: true,
    };
    texts.stack(stack);
    texts.clean
}

struct Texts<'p, 's, 'a> {
    problems: &'p mut Problems<'s>,
    /// The parts of the resource path the texts being checked belong to, if any (the path
    /// is only put together for a problem: a deep route would take time quadratic in its
    /// length to spell out at every resource).
    parts: Option<Vec<&'a str>>,
    /// The method they belong to, if any.
    method: Option<&'a str>,
    clean: bool,
}

impl<'a> Texts<'_, '_, 'a> {
    fn text(&mut self, what: impl FnOnce() -> String, value: &str, kind: Kind) {
        if let Some(character) = first_control(value, kind) {
            self.clean = false;
            let kind = ProblemKind::ControlCharacter {
                what: what(),
                value: value.to_owned(),
                character,
                prose: kind == Kind::Prose,
            };
            let path = self.parts.as_ref().map(|p| format!("/{}", p.join("/")));
            self.problems.at(path.as_deref(), self.method, kind);
        }
    }

    fn name(&mut self, what: &str, value: &str) {
        self.text(|| what.to_owned(), value, Kind::Value);
    }

    fn prose(&mut self, what: &str, value: Option<&String>) {
        if let Some(value) = value {
            self.text(|| what.to_owned(), value, Kind::Prose);
        }
    }

    fn value(&mut self, what: &str, value: &Value) {
        match value {
            Value::Literal(text) => self.name(what, text),
            Value::Ref(name) | Value::GetAtt(name, _) => {
                self.name(&format!("{what} (a name it refers to)"), name);
            }
            Value::Sub(text) => self.name(what, text),
            Value::ImportValue(inner) | Value::Select(_, inner) | Value::Split(_, inner) => {
                self.value(what, inner);
            }
            Value::Join(separator, items) => {
                self.name(what, separator);
                for item in items {
                    self.value(what, item);
                }
            }
            Value::If(condition, a, b) => {
                self.name(&format!("{what} (the condition it names)"), condition);
                self.value(what, a);
                self.value(what, b);
            }
        }
    }

    fn stack(&mut self, stack: &'a Stack) {
        let Stack {
            name,
            description,
            parameters,
            outputs,
            api,
            raw,
            conditions,
            mappings,
            overrides: _,
            exports,
        } = stack;
        self.name("the stack's name", name);
        // Raw properties, conditions and mappings are JSON, written escaped; their names are
        // checked here (a function's inline code may hold any text).
        for resource in raw {
            self.name("a raw resource's id", &resource.id);
            self.name(
                &format!("the type of raw resource `{}`", resource.id),
                &resource.type_name,
            );
            for id in &resource.depends_on {
                self.name(
                    &format!("a `DependsOn` of raw resource `{}`", resource.id),
                    id,
                );
            }
            if let Some(c) = &resource.condition {
                self.name(
                    &format!("the condition of raw resource `{}`", resource.id),
                    c,
                );
            }
        }
        for (name, _) in conditions {
            self.name("a condition's name", name);
        }
        for (name, _) in mappings {
            self.name("a mapping's name", name);
        }
        for (name, value) in exports {
            self.name("an exported output's name", name);
            self.value(&format!("the export name of output `{name}`"), value);
        }
        self.prose("the stack's description", description.as_ref());
        for parameter in parameters {
            self.parameter(parameter);
        }
        for output in outputs {
            let StackOutput {
                name,
                value,
                description,
                condition,
                export,
            } = output;
            if let Some(c) = condition {
                self.name(&format!("the condition of output `{name}`"), c);
            }
            if let Some(e) = export {
                self.value(&format!("the export name of output `{name}`"), e);
            }
            self.name("an output's name", name);
            self.value(&format!("the value of output `{name}`"), value);
            self.prose(
                &format!("the description of output `{name}`"),
                description.as_ref(),
            );
        }
        self.api(api);
    }

    fn parameter(&mut self, parameter: &Parameter) {
        let Parameter {
            name,
            kind: _,
            description,
            default,
            allowed_pattern,
            constraint_description,
            no_echo: _,
        } = parameter;
        self.name("a parameter's name", name);
        let of = |what: &str| format!("the {what} of parameter `{name}`");
        self.prose(&of("description"), description.as_ref());
        if let Some(default) = default {
            self.name(&of("default"), default);
        }
        if let Some(pattern) = allowed_pattern {
            self.name(&of("allowed pattern"), pattern);
        }
        self.prose(
            &of("constraint description"),
            constraint_description.as_ref(),
        );
    }

    fn tags(&mut self, of: &str, tags: &BTreeMap<String, String>) {
        for (key, value) in tags {
            self.name(&format!("a tag's key on {of}"), key);
            self.name(&format!("the value of tag `{key}` on {of}"), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_take_no_control_character_and_descriptions_take_line_breaks_and_tabs() {
        assert_eq!(first_control("shop", Kind::Value), None);
        assert_eq!(first_control("shop\u{1b}[2J", Kind::Value), Some('\u{1b}'));
        assert_eq!(first_control("a\r\nb", Kind::Value), Some('\r'));
        assert_eq!(first_control("del\u{7f}", Kind::Value), Some('\u{7f}'));
        assert_eq!(first_control("c1\u{9b}2J", Kind::Value), Some('\u{9b}'));
        assert_eq!(first_control("line\nand\ttab", Kind::Prose), None);
        assert_eq!(first_control("line\r\n", Kind::Prose), Some('\r'));
        assert_eq!(first_control("caf\u{e9}", Kind::Value), None);
    }
}
