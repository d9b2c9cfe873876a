//! Checks of the names and strings API Gateway, Lambda and CloudFormation accept.

use crate::error::ProblemKind;

/// Why a path part is invalid, or `None` when API Gateway accepts it.
pub(crate) fn path_part_problem(part: &str) -> Option<&'static str> {
    if part.is_empty() {
        return Some("empty path part: a route has a double `/` or ends in `/`");
    }
    if part == "." || part == ".." {
        return Some(
            "`.` and `..` are not path parts: clients and proxies resolve them away \
             (`/a/../b` is requested as `/b`), so no request would reach the resource",
        );
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

/// The name of the path parameter `part` declares (`id` for `{id}`, `proxy` for
/// `{proxy+}`), or `None` for a literal part.
pub(crate) fn parameter_name(part: &str) -> Option<&str> {
    let inner = part.strip_prefix('{')?.strip_suffix('}')?;
    Some(inner.strip_suffix('+').unwrap_or(inner))
}

/// Why a CORS origin is not one a browser can send, or `None` when it is `*` or
/// `scheme://host[:port]` as browsers serialize an origin (lower case, no path).
pub(crate) fn origin_problem(origin: &str) -> Option<&'static str> {
    const SHAPE: &str = "an origin is `*` or `scheme://host[:port]` as browsers send it (e.g. \
                         `https://shop.example.com`): lower case, without a path, a trailing \
                         `/`, spaces or commas";
    if origin == "*" {
        return None;
    }
    let Some((scheme, rest)) = origin.split_once("://") else {
        return Some(SHAPE);
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase())
        && scheme
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '+' | '-' | '.'));
    let (host, port) = match rest.strip_prefix('[') {
        // An IPv6 address: `[::1]` or `[::1]:8080`.
        Some(v6) => match v6.split_once(']') {
            Some((address, after)) => {
                let ok = !address.is_empty()
                    && address
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.'))
                    && !address.chars().any(|c| c.is_ascii_uppercase());
                (ok, after)
            }
            None => (false, ""),
        },
        None => {
            let end = rest.find(':').unwrap_or(rest.len());
            let host = &rest[..end];
            let ok = !host.is_empty()
                && !host.starts_with(['.', '-'])
                && !host.ends_with('.')
                && host.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-')
                });
            (ok, &rest[end..])
        }
    };
    let port_ok = port.is_empty()
        || port.strip_prefix(':').is_some_and(|p| {
            !p.is_empty()
                && p.len() <= 5
                && p.chars().all(|c| c.is_ascii_digit())
                && p.parse::<u32>().is_ok_and(|n| (1..=65_535).contains(&n))
        });
    if scheme_ok && host && port_ok {
        None
    } else {
        Some(SHAPE)
    }
}

/// Why a stage variable's name is not one API Gateway accepts: letters, digits and `_`,
/// 1 to 64.
pub(crate) fn stage_variable_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() || name.len() > 64 {
        return Some("a stage variable's name has 1 to 64 characters");
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Some("a stage variable's name uses letters, digits and `_` only");
    }
    None
}

/// Why a stage variable's value is not one API Gateway accepts: 1 to 512 of letters, digits
/// and `-._~:/?#&=,`.
pub(crate) fn stage_variable_value_problem(value: &str) -> Option<&'static str> {
    if value.is_empty() || value.len() > 512 {
        return Some("a stage variable's value has 1 to 512 characters");
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#&=,".contains(c);
    if !value.chars().all(allowed) {
        return Some(
            "a stage variable's value uses letters, digits and `-._~:/?#&=,` only (no spaces)",
        );
    }
    None
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

/// A Lambda function name with an optional qualifier: `get-product`, `get-product:live` (an
/// alias: letters, digits, `-` and `_`, up to 128) or `get-product:7` (a version).
pub(crate) fn is_qualified_function_name(name: &str) -> bool {
    match name.split_once(':') {
        None => is_function_name(name),
        Some((function, qualifier)) => {
            is_function_name(function)
                && !qualifier.is_empty()
                && qualifier.len() <= 128
                && qualifier
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        }
    }
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
    fn origins_are_a_star_or_a_lower_case_scheme_host_and_port() {
        for ok in [
            "*",
            "https://shop.example.com",
            "http://localhost:3000",
            "https://[::1]:8443",
            "app+x://a-b.c",
        ] {
            assert_eq!(origin_problem(ok), None, "{ok}");
        }
        for bad in [
            "null",
            "shop.example.com",
            "https://shop.example.com/",
            "https://shop.example.com/path",
            "https://Shop.example.com",
            "HTTPS://shop.example.com",
            "https://shop.example.com:0",
            "https://shop.example.com:99999",
            "https://shop.example.com:",
            "https://user@shop.example.com",
            "https://a.com, https://b.com",
            "https://",
            "https://[::1",
            "'*'",
        ] {
            assert!(origin_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn stage_variables_follow_api_gateways_character_sets() {
        assert_eq!(stage_variable_name_problem("log_Level2"), None);
        assert!(stage_variable_name_problem("log-level").is_some());
        assert!(stage_variable_name_problem(&"v".repeat(65)).is_some());
        assert_eq!(
            stage_variable_value_problem("https://x.example.com/a?b=c&d,e#f~"),
            None
        );
        assert!(stage_variable_value_problem("two words").is_some());
        assert!(stage_variable_value_problem("").is_some());
        assert!(stage_variable_value_problem(&"v".repeat(513)).is_some());
    }

    #[test]
    fn path_parts_reject_empty_unbalanced_and_odd_characters() {
        for bad in ["", "{id", "{}", "a b", "caf\u{e9}", "{+}", "a?b", ".", ".."] {
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
