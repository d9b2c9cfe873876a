//! A stack file's stack name, read from the file's YAML events without loading the file, so
//! that a command naming some stacks (`synth eshop-fcj`) does not parse and build the stack
//! files of the others.

use std::path::Path;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

/// The name of the stack `text` declares: its top-level `stack:` string, or else the file's
/// stem (as loading gives it). `None` whenever the answer is not plain from the events (a
/// syntax error, a top level that is not a mapping, a tag, an alias, a name that is not a
/// plain word): the caller then loads the file, which reports what is wrong with it.
pub(crate) fn declared_name(path: &Path, text: &str) -> Option<String> {
    let mut parser = Parser::new_from_str(text);
    let mut next = move || parser.next_token().ok().map(|(event, _)| event);
    // The stream, the document, then the top-level mapping.
    for expected in 0..3 {
        let event = next()?;
        let fits = match expected {
            0 => matches!(event, Event::StreamStart),
            1 => matches!(event, Event::DocumentStart),
            _ => matches!(event, Event::MappingStart(_, None)),
        };
        if !fits {
            return None;
        }
    }
    loop {
        match next()? {
            Event::MappingEnd => {
                return path.file_stem().map(|s| s.to_string_lossy().into_owned());
            }
            Event::Scalar(key, _, _, None) if key == "stack" => {
                return match next()? {
                    Event::Scalar(name, style, _, None) => word(name, style),
                    _ => None,
                };
            }
            Event::Scalar(_, _, _, None) => skip_value(&mut next)?,
            _ => return None,
        }
    }
}

/// `name` when it is a stack name as written plainly: a plain scalar of letters, digits and
/// `-` (so not `null`, `~`, a number or a boolean, which YAML reads as other types), or any
/// quoted string.
fn word(name: String, style: TScalarStyle) -> Option<String> {
    match style {
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => Some(name),
        TScalarStyle::Plain
            if name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !matches!(
                    name.as_str(),
                    "null"
                        | "Null"
                        | "NULL"
                        | "true"
                        | "True"
                        | "TRUE"
                        | "false"
                        | "False"
                        | "FALSE"
                        | "y"
                        | "Y"
                        | "yes"
                        | "Yes"
                        | "YES"
                        | "n"
                        | "N"
                        | "no"
                        | "No"
                        | "NO"
                        | "on"
                        | "On"
                        | "ON"
                        | "off"
                        | "Off"
                        | "OFF"
                ) =>
        {
            Some(name)
        }
        _ => None,
    }
}

/// Reads past one value: a scalar, or a whole mapping or sequence. `None` on an alias, a
/// tag or the end of the events.
fn skip_value(next: &mut impl FnMut() -> Option<Event>) -> Option<()> {
    let mut depth = 0usize;
    loop {
        match next()? {
            Event::MappingStart(_, None) | Event::SequenceStart(_, None) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth = depth.checked_sub(1)?,
            Event::Scalar(_, _, _, None) => {}
            _ => return None,
        }
        if depth == 0 {
            return Some(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Option<String> {
        declared_name(Path::new("stacks/shop.yaml"), text)
    }

    #[test]
    fn the_stack_key_names_the_stack() {
        assert_eq!(name("stack: tasks\napi: {}\n").as_deref(), Some("tasks"));
    }

    #[test]
    fn the_stack_key_is_found_after_other_keys() {
        let text = "parameters:\n  A: { type: String }\napi:\n  name: x\nstack: 'orders'\n";
        assert_eq!(name(text).as_deref(), Some("orders"));
    }

    #[test]
    fn without_a_stack_key_the_file_stem_names_the_stack() {
        assert_eq!(name("api:\n  name: x\n").as_deref(), Some("shop"));
    }

    #[test]
    fn json_files_are_read_too() {
        let text = r#"{"api": {"routes": {}}, "stack": "tasks"}"#;
        assert_eq!(name(text).as_deref(), Some("tasks"));
    }

    #[test]
    fn a_name_yaml_reads_as_another_type_is_left_to_loading() {
        for text in [
            "stack: null\n",
            "stack: 12\n",
            "stack: yes\n",
            "stack: [a]\n",
        ] {
            assert_eq!(name(text), None, "{text}");
        }
    }

    #[test]
    fn tags_aliases_and_syntax_errors_are_left_to_loading() {
        for text in [
            "stack: !Ref tasks\n",
            "a: &x 1\nstack: *x\n",
            "api: !Sub x\nstack: tasks\n",
            "stack: [\n",
            "- stack: tasks\n",
        ] {
            assert_eq!(name(text), None, "{text}");
        }
    }
}
