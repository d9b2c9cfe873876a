//! Names and values made safe and short for one line of a terminal.

use std::borrow::Cow;

/// `text` with every control character (C0, DEL, C1) written as an escape (`\n`, `\u{1b}`),
/// so that printing it cannot move a terminal's cursor, erase lines or change colors.
pub(crate) fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Paths longer than this are shortened in messages (their start and end, and the length).
const SHOWN_PATH_CHARS: usize = 160;

/// `path` as a message shows it: whole, or (past [`SHOWN_PATH_CHARS`]) its start and end
/// with the number of characters left out, so that a problem about a very long route stays
/// one readable line.
pub(crate) fn shown_path(path: &str) -> Cow<'_, str> {
    let chars = path.chars().count();
    if chars <= SHOWN_PATH_CHARS {
        return Cow::Borrowed(path);
    }
    let head: String = path.chars().take(100).collect();
    let tail: String = path.chars().skip(chars - 40).collect();
    Cow::Owned(format!("{head}…{tail} ({chars} characters)"))
}
