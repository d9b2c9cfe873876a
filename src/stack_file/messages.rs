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

/// What serde's message is about: `unknown field`, `unknown variant`, `missing field`, or
/// another mistake in the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mistake {
    /// A name the type does not have; the name and the names it has.
    Unknown {
        code: &'static str,
        name: String,
        expected: Vec<String>,
    },
    /// A required field not given.
    Missing(String),
    /// A value of the wrong type or form.
    Invalid,
}

/// Classifies a serde message.
pub(crate) fn classify(message: &str) -> Mistake {
    for (prefix, code) in [
        ("unknown field `", "unknown-field"),
        ("unknown variant `", "unknown-variant"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some(end) = rest.find('`')
        {
            let name = rest[..end].to_owned();
            let expected = rest[end + 1..]
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect();
            return Mistake::Unknown {
                code,
                name,
                expected,
            };
        }
    }
    if let Some(rest) = message.strip_prefix("missing field `")
        && let Some(end) = rest.find('`')
    {
        return Mistake::Missing(rest[..end].to_owned());
    }
    Mistake::Invalid
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

/// serde's message with a suggestion appended where one exists.
pub(crate) fn with_suggestion(message: &str) -> String {
    match classify(message) {
        Mistake::Unknown { name, expected, .. } => match suggest(&name, &expected) {
            Some(s) => format!("{message}; did you mean `{s}`?"),
            None => message.to_owned(),
        },
        _ => message.to_owned(),
    }
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
    fn a_misspelt_field_gets_the_close_spelling() {
        let message =
            "unknown field `authoriser`, expected one of `lambda`, `authorizer`, `public`";
        assert_eq!(
            with_suggestion(message),
            format!("{message}; did you mean `authorizer`?")
        );
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
}
