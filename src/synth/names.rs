//! Checks of the names and strings API Gateway, Lambda and CloudFormation accept.

use crate::error::ProblemKind;

/// Why a path part is invalid, or `None` when API Gateway accepts it.
pub(crate) fn path_part_problem(part: &str) -> Option<&'static str> {
    if part.is_empty() {
        return Some("empty path part: a route has a double `/` or ends in `/`");
    }
    if let Some(inner) = part.strip_prefix('{') {
        let Some(inner) = inner.strip_suffix('}') else {
            return Some("a path parameter must be written `{name}`");
        };
        let name = inner.strip_suffix('+').unwrap_or(inner);
        if name.is_empty() || !name.chars().all(is_path_char) {
            return Some("a path parameter name uses letters, digits, `.`, `_` and `-`");
        }
        return None;
    }
    if part.chars().all(|c| is_path_char(c) || c == ':') {
        None
    } else {
        Some(
            "a path part uses letters, digits, `.`, `_`, `-` and `:`, or is `{param}` / `{proxy+}`",
        )
    }
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// `{id}` and `{proxy+}`.
pub(crate) fn is_variable(part: &str) -> bool {
    part.starts_with('{') && part.ends_with('}')
}

/// `{proxy+}`.
pub(crate) fn is_greedy(part: &str) -> bool {
    is_variable(part) && part.ends_with("+}")
}

/// CloudFormation stack names: a letter, then letters, digits and `-`, at most 128.
pub(crate) fn is_stack_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 128
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Names Windows reserves for devices, in any case and whatever follows a dot: a stack
/// named so has no template file there (`con.template.json` is the console).
pub(crate) fn is_reserved_file_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let numbered = |prefix: &str| {
        upper
            .strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit())
    };
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL") || numbered("COM") || numbered("LPT")
}

/// The problem of a stack named `name` after one named `earlier`, if they clash: the same
/// name, or the same but for case (one template file on a case-insensitive file system).
pub(crate) fn stack_name_clash(earlier: &str, name: &str) -> Option<ProblemKind> {
    if earlier == name {
        Some(ProblemKind::DuplicateStack(name.to_owned()))
    } else if earlier.eq_ignore_ascii_case(name) {
        Some(ProblemKind::StackNamesDifferInCase(
            name.to_owned(),
            earlier.to_owned(),
        ))
    } else {
        None
    }
}

/// The stack names seen so far, compared as a case-insensitive file system compares them.
#[derive(Debug, Default)]
pub(crate) struct StackNames<'a>(std::collections::BTreeMap<String, &'a str>);

impl<'a> StackNames<'a> {
    /// Records `name`; the problem when an earlier stack has it, or has it but for case.
    pub(crate) fn add(&mut self, name: &'a str) -> Option<ProblemKind> {
        let key = name.to_ascii_lowercase();
        if let Some(earlier) = self.0.get(&key) {
            return stack_name_clash(earlier, name);
        }
        self.0.insert(key, name);
        None
    }
}

/// API Gateway stage names: letters, digits, `-` and `_`, 1 to 128.
pub(crate) fn is_stage_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Authorizer names: 1 to 128 printable characters.
pub(crate) fn is_authorizer_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 128 && name.chars().all(|c| !c.is_control())
}

/// HTTP header names (RFC 9110 tokens).
pub(crate) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// Lambda function names: 1 to 64 letters, digits, `-` and `_`.
pub(crate) fn is_function_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A Lambda function ARN: `arn:<partition>:lambda:<region>:<account>:function:<name>[:qualifier]`.
pub(crate) fn is_function_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    (7..=8).contains(&parts.len())
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "lambda"
        && !parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5] == "function"
        && is_function_name(parts[6])
}

/// A Cognito user pool ARN: `arn:<partition>:cognito-idp:<region>:<account>:userpool/<id>`.
pub(crate) fn is_user_pool_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "cognito-idp"
        && !parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5]
            .strip_prefix("userpool/")
            .is_some_and(|id| id.contains('_'))
}

/// An ACM certificate ARN: `arn:<partition>:acm:<region>:<account>:certificate/<id>`.
pub(crate) fn is_certificate_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "acm"
        && !parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5].strip_prefix("certificate/").is_some_and(|id| {
            !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// A base path of a custom domain: one path part of letters, digits, `-`, `_` and `.`, at
/// most 128 characters.
pub(crate) fn is_base_path(path: &str) -> bool {
    (1..=128).contains(&path.len())
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A host name API Gateway takes for a custom domain: dot-separated labels of letters,
/// digits and `-` (not at either end), at least two labels, at most 253 characters; the
/// first label may be `*` (a wildcard domain).
pub(crate) fn is_host_name(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    name.len() <= 253
        && labels.len() >= 2
        && labels.iter().enumerate().all(|(i, l)| {
            (i == 0 && *l == "*")
                || (!l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_need_two_labels_of_letters_digits_and_inner_hyphens() {
        for good in ["api.example.com", "*.example.com", "a-b.c1.io"] {
            assert!(is_host_name(good), "{good}");
        }
        for bad in [
            "localhost",
            "api..example.com",
            "-api.example.com",
            "api_x.example.com",
            "https://api.example.com",
        ] {
            assert!(!is_host_name(bad), "{bad}");
        }
    }

    #[test]
    fn certificate_arns_are_acm_certificates() {
        assert!(is_certificate_arn(
            "arn:aws:acm:eu-west-1:123456789012:certificate/0b7e0b8d-6f0e-4f6e-9a55-3a1c7c0d9e11"
        ));
        assert!(!is_certificate_arn(
            "arn:aws:iam::123456789012:server-certificate/x"
        ));
        assert!(!is_certificate_arn("my-certificate"));
    }

    #[test]
    fn windows_device_names_are_reserved_in_any_case_and_nothing_longer() {
        for reserved in ["con", "CON", "Prn", "aux", "nul", "com1", "COM0", "lpt9"] {
            assert!(is_reserved_file_name(reserved), "{reserved}");
        }
        for free in [
            "console", "con-api", "com", "com10", "lpt", "nullable", "shop",
        ] {
            assert!(!is_reserved_file_name(free), "{free}");
        }
    }

    #[test]
    fn path_parts_accept_literals_parameters_and_greedy_parameters() {
        for ok in ["categories", "{id}", "{proxy+}", "v1.2", "upload-image"] {
            assert_eq!(path_part_problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn path_parts_reject_empty_unbalanced_and_odd_characters() {
        for bad in ["", "{id", "{}", "a b", "caf\u{e9}", "{+}", "a?b"] {
            assert!(path_part_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn user_pool_arns_need_region_account_and_pool_id() {
        assert!(is_user_pool_arn(
            "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123"
        ));
        assert!(!is_user_pool_arn(
            "arn:aws:cognito-idp:eu-west-1:123:userpool/x"
        ));
    }

    #[test]
    fn function_arns_need_the_function_resource() {
        assert!(is_function_arn(
            "arn:aws:lambda:eu-west-1:123456789012:function:get-product"
        ));
        assert!(is_function_arn(
            "arn:aws:lambda:eu-west-1:123456789012:function:get-product:live"
        ));
        assert!(!is_function_arn(
            "arn:aws:lambda:eu-west-1:123456789012:layer:x"
        ));
    }
}
