//! What reaches a terminal. Text read from elsewhere (a template's names, paths, values, a
//! file's name) may carry characters a terminal acts on instead of showing: ESC sequences
//! that move the cursor, erase lines or color text invisible, a carriage return that
//! overwrites a line, Unicode bidi controls that reorder it, invisible characters that make
//! two names look alike. Every printer builds its text as a [`TerminalText`], which shows
//! each such character as a visible escape (`\u{1b}`, `\r`, `\u{202e}`) as it is pushed and
//! keeps its own styles apart from the text, so no template can pass for them; error
//! messages go through [`escape_message`], JSON through [`escape_json`].
//!
//! The characters escaped are those Rust's `Debug` escapes: controls (C0 but space, DEL,
//! C1), format characters (bidi overrides and isolates, zero-width characters, the soft
//! hyphen), separators other than the space, private-use and unassigned code points.
//! Letters of every script, marks and symbols (emoji) are shown as they are.

use std::borrow::Cow;
use std::fmt::Write;

use anstyle::Style;

/// Text for a terminal, built piece by piece: whatever is pushed is escaped as it is pushed
/// (its newlines too), lines end only by [`newline`](Self::newline), and styles are added
/// only by [`push_styled`](Self::push_styled).
#[derive(Debug, Clone, Default)]
pub struct TerminalText {
    text: String,
}

impl TerminalText {
    /// No text yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `text`, every character a terminal would act on shown escaped.
    pub fn push(&mut self, text: &str) {
        escape_into(text, false, &mut self.text);
    }

    /// Appends `text` (escaped as by [`push`](Self::push)) in `style`.
    pub fn push_styled(&mut self, style: Style, text: &str) {
        let _ = write!(self.text, "{style}");
        self.push(text);
        let _ = write!(self.text, "{style:#}");
    }

    /// Ends the line.
    pub fn newline(&mut self) {
        self.text.push('\n');
    }

    /// The text, to print.
    pub fn finish(self) -> String {
        self.text
    }
}

/// `text` with every character a terminal would act on shown as a visible escape, its
/// newlines too: for one value, e.g. a name read from a template.
pub fn escape(text: &str) -> Cow<'_, str> {
    escaped(text, false)
}

/// [`escape`] keeping newlines: for a whole message, e.g. an error quoting a template.
pub fn escape_message(text: &str) -> Cow<'_, str> {
    escaped(text, true)
}

/// JSON text with every character a terminal would act on written as a JSON `\u` escape:
/// the same JSON value, safe to print. serde_json already escapes the C0 controls; this
/// adds DEL, the C1 controls, bidi and other invisible characters (inside strings, the only
/// place they can be).
pub fn escape_json(json: &str) -> Cow<'_, str> {
    if json.chars().all(|c| c == '\n' || shown_as_is(c)) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c == '\n' || shown_as_is(c) {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
    Cow::Owned(out)
}

fn escaped(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let kept = |c: char| shown_as_is(c) || (keep_newlines && c == '\n');
    if text.chars().all(kept) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(text, keep_newlines, &mut out);
    Cow::Owned(out)
}

fn escape_into(text: &str, keep_newlines: bool, out: &mut String) {
    for c in text.chars() {
        if shown_as_is(c) || (keep_newlines && c == '\n') {
            out.push(c);
        } else {
            out.extend(debug_escape(c));
        }
    }
}

/// True when a terminal shows `c` as itself.
fn shown_as_is(c: char) -> bool {
    match c {
        ' '..='~' => true,
        c if c.is_ascii() => false,
        c => {
            let mut escaped = debug_escape(c);
            escaped.next() == Some(c) && escaped.next().is_none()
        }
    }
}

/// `c` as `Debug` shows it inside a string (not at its start, so that a combining mark is
/// shown on its letter): itself, or an escape such as `\u{202e}`.
fn debug_escape(c: char) -> impl Iterator<Item = char> {
    let mut pair = String::with_capacity(8);
    pair.push('x');
    pair.push(c);
    pair.escape_debug()
        .skip(1)
        .collect::<Vec<char>>()
        .into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_carriage_returns_and_bidi_controls_are_shown_escaped() {
        assert_eq!(
            escape("a\u{1b}[2K\rb\u{202e}c\u{2066}"),
            "a\\u{1b}[2K\\rb\\u{202e}c\\u{2066}"
        );
    }

    #[test]
    fn c1_controls_delete_and_invisible_characters_are_shown_escaped() {
        assert_eq!(
            escape("\u{9b}2J\u{7f}a\u{200b}b\u{a0}\u{ad}"),
            "\\u{9b}2J\\u{7f}a\\u{200b}b\\u{a0}\\u{ad}"
        );
    }

    #[test]
    fn letters_of_every_script_marks_and_symbols_are_shown_as_they_are() {
        for text in [
            "café",
            "cafe\u{301}",
            "日本語",
            "مرحبا",
            "👍🏽",
            "a\\b 'c' \"d\"",
        ] {
            assert_eq!(escape(text), text);
            assert!(matches!(escape(text), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn a_value_s_newline_is_escaped_and_a_message_s_is_kept() {
        assert_eq!(escape("a\nb"), "a\\nb");
        assert_eq!(escape_message("a\nb\u{1b}"), "a\nb\\u{1b}");
    }

    #[test]
    fn escaping_twice_changes_nothing_more() {
        let once = escape("\u{1b}\u{202e}\r").into_owned();
        assert_eq!(escape(&once), once);
    }

    #[test]
    fn terminal_text_escapes_what_is_pushed_and_keeps_its_own_styles() {
        let style = anstyle::AnsiColor::Red.on_default();
        let mut text = TerminalText::new();
        text.push("x\u{1b}[8m");
        text.push_styled(style, "y\n");
        text.newline();
        assert_eq!(
            text.finish(),
            format!("x\\u{{1b}}[8m{style}y\\n{style:#}\n")
        );
    }

    #[test]
    fn json_keeps_its_value_with_bidi_c1_and_delete_escaped() {
        let value = serde_json::json!({"name": "a\u{1b}b\u{202e}c\u{7f}\u{9b}\u{e0001}"});
        let json = serde_json::to_string_pretty(&value).unwrap();
        let safe = escape_json(&json);
        assert!(safe.chars().all(|c| c == '\n' || shown_as_is(c)), "{safe}");
        assert!(
            safe.contains("\\u202e") && safe.contains("\\udb40\\udc01"),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
