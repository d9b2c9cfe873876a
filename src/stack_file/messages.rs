//! Turning serde's messages into ours: no duplicated location, and a suggestion where a
//! field or variant name is misspelt.

/// Removes serde_yaml's and serde_json's own ` at line L column C`, since we print the
/// position in front.
pub(crate) fn strip_location(message: &str) -> String {
    let Some(start) = message.find(" at line ") else {
        return message.to_owned();
    };
    let rest = &message[start + " at line ".len()..];
    let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
    let n = digits(rest);
    let Some(after) = rest[n..].strip_prefix(" column ") else {
        return message.to_owned();
    };
    let m = digits(after);
    if n == 0 || m == 0 {
        return message.to_owned();
    }
    format!("{}{}", &message[..start], &after[m..])
}

/// The message for a file over [`MAX_FILE_BYTES`](super::MAX_FILE_BYTES).
pub(crate) fn too_large() -> String {
    format!(
        "the file has more than {} bytes (1 MiB), the limit for a stack file: \
         far more than any API CloudFormation can deploy from one template",
        super::MAX_FILE_BYTES
    )
}

/// serde_yaml's message for an integer beyond 64 bits (`invalid type: integer `N` as u128,
/// expected any YAML value`), said plainly; `None` for other messages.
pub(crate) fn number_too_large(message: &str) -> Option<String> {
    let start = message.find("invalid type: integer `")?;
    let rest = &message[start + "invalid type: integer `".len()..];
    let end = rest.find('`')?;
    let after = &rest[end + 1..];
    if !(after.starts_with(" as u128") || after.starts_with(" as i128")) {
        return None;
    }
    Some(format!(
        "{}the number {} is too large for any field of a stack file",
        &message[..start],
        &rest[..end]
    ))
}

/// Whether line `line` (1-based) of `text` is indented with a tab.
pub(crate) fn indented_with_tab(text: &str, line: usize) -> bool {
    text.lines().nth(line.saturating_sub(1)).is_some_and(|l| {
        l.chars()
            .take_while(|c| c.is_whitespace())
            .any(|c| c == '\t')
    })
}

/// serde's message with Rust's type names said the way a stack file's author knows them.
pub(crate) fn plain(message: &str) -> String {
    let mut text = message
        .replace(
            "expected u32",
            "expected a whole number from 0 to 4294967295",
        )
        .replace("expected a borrowed string", "expected a string");
    // `expected struct ApiSpec` names a Rust type: every such type is a mapping in the file.
    while let Some(start) = text.find("expected struct ") {
        let name = &text[start + "expected struct ".len()..];
        let end = name
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(name.len());
        text = format!("{}expected a mapping{}", &text[..start], &name[end..]);
    }
    text
}

/// The closest of `candidates` to `name`: the same but for case, or a few edits away.
pub(crate) fn suggest<'c>(name: &str, candidates: &'c [String]) -> Option<&'c str> {
    let lower = name.to_lowercase();
    if let Some(same) = candidates.iter().find(|c| c.to_lowercase() == lower) {
        return Some(same);
    }
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_location_serde_appends_is_removed() {
        assert_eq!(
            strip_location("invalid type: integer `5`, expected a string at line 3 column 9"),
            "invalid type: integer `5`, expected a string"
        );
        assert_eq!(strip_location("no location here"), "no location here");
    }

    #[test]
    fn a_field_in_the_wrong_case_gets_the_right_case() {
        let candidates = vec!["GET".to_owned(), "POST".to_owned()];
        assert_eq!(suggest("get", &candidates), Some("GET"));
    }

    #[test]
    fn a_name_far_from_all_candidates_gets_no_suggestion() {
        let candidates = vec!["lambda".to_owned(), "mock".to_owned()];
        assert_eq!(suggest("handler", &candidates), None);
    }

    #[test]
    fn rust_type_names_are_said_as_yaml_shapes() {
        assert_eq!(
            plain("invalid type: sequence, expected struct StackSpec"),
            "invalid type: sequence, expected a mapping"
        );
        assert_eq!(
            plain("invalid value: integer `-1`, expected u32"),
            "invalid value: integer `-1`, expected a whole number from 0 to 4294967295"
        );
    }

    #[test]
    fn an_integer_beyond_64_bits_is_said_to_be_too_large() {
        assert_eq!(
            number_too_large(
                "a.b: invalid type: integer `99999999999999999999` as u128, expected any YAML value"
            )
            .as_deref(),
            Some("a.b: the number 99999999999999999999 is too large for any field of a stack file")
        );
        assert_eq!(
            number_too_large("invalid type: integer `5`, expected a string"),
            None
        );
    }
}
