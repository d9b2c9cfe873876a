//! A resource policy's effect on each method: its statements in words, which of them cover
//! a method (their `execute-api` patterns matched against the method's ARN on each stage),
//! and whether a public method is left with no statement allowing it.

use crate::review::view::PolicyStatementView;

/// `Deny anyone unless source IP in 203.0.113.0/24 on execute-api:/*/POST/orders`.
pub(crate) fn describe(s: &PolicyStatementView) -> String {
    let who = match s.principals.as_slice() {
        [] => "nobody named".to_owned(),
        [all] if all == "*" => "anyone".to_owned(),
        many => format!("principals {}", many.join(", ")),
    };
    let mut text = format!("{} {who}", s.effect);
    for (operator, key, values) in &s.conditions {
        text.push(' ');
        text.push_str(&condition(operator, key, &values.join(", ")));
    }
    let resources = s.resources.join(", ");
    if s.not_resource {
        text.push_str(&format!(" on every route but {resources}"));
    } else if !(s.resources.len() == 1 && covers_all(&s.resources[0])) {
        text.push_str(&format!(" on {resources}"));
    }
    text
}

/// A condition in words: `unless source IP in …`, `through VPC endpoint …`.
fn condition(operator: &str, key: &str, values: &str) -> String {
    if is_unsigned(operator, key, values) {
        return "not signing with IAM".to_owned();
    }
    let what = match key.to_ascii_lowercase().as_str() {
        "aws:sourceip" => "source IP in",
        "aws:sourcevpce" => "through VPC endpoint",
        "aws:sourcevpc" => "through VPC",
        _ => return format!("if {operator} {key} {values}"),
    };
    match operator {
        "IpAddress" | "StringEquals" => format!("{what} {values}"),
        "NotIpAddress" | "StringNotEquals" => format!("unless {what} {values}"),
        _ => format!("if {operator} {key} {values}"),
    }
}

/// True for `Null aws:PrincipalArn true`: callers that do not sign with IAM.
fn is_unsigned(operator: &str, key: &str, values: &str) -> bool {
    operator == "Null" && key.eq_ignore_ascii_case("aws:PrincipalArn") && values == "true"
}

/// True for an allow of anyone (or anyone not signing with IAM) on every route: it names
/// and restricts no caller of a method that is not IAM-authorized.
pub(super) fn allows_anyone(s: &PolicyStatementView) -> bool {
    s.effect == "Allow"
        && s.principals == ["*"]
        && s.conditions
            .iter()
            .all(|(o, k, v)| is_unsigned(o, k, &v.join(", ")))
}

/// `Deny anyone unless source IP in 203.0.113.0/24`: [`describe`] without the routes, for
/// a method the statement covers.
pub(super) fn describe_for_method(s: &PolicyStatementView) -> String {
    let all = PolicyStatementView {
        resources: vec!["*".to_owned()],
        not_resource: false,
        ..s.clone()
    };
    describe(&all)
}

/// True for a pattern covering every route of the API: `execute-api:/*`, `*`, or an ARN
/// ending `/*` right after the API's id.
fn covers_all(pattern: &str) -> bool {
    matches!(route_part(pattern), Some("/*") | None)
}

/// The part of a resource pattern after the API's id: `/*/GET/orders`; None for `*`.
fn route_part(pattern: &str) -> Option<&str> {
    if pattern == "*" {
        return None;
    }
    let rest = pattern
        .split_once("execute-api:")
        .map_or(pattern, |(_, r)| r);
    rest.find('/').map(|i| &rest[i..])
}

/// True when `s` covers `verb path` on one of `stages` (any stage when there are none).
pub(super) fn covers(s: &PolicyStatementView, verb: &str, path: &str, stages: &[String]) -> bool {
    let verbs: &[&str] = if verb == "ANY" {
        &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    } else {
        &[verb]
    };
    let any_stage = ["*".to_owned()];
    let stages = if stages.is_empty() {
        &any_stage[..]
    } else {
        stages
    };
    let path = path.trim_start_matches('/');
    let matched = s.resources.iter().any(|pattern| {
        let Some(route) = route_part(pattern) else {
            return true;
        };
        stages.iter().any(|stage| {
            verbs
                .iter()
                .any(|v| glob(route, &format!("/{stage}/{v}/{path}")))
        })
    });
    matched != s.not_resource
}

/// IAM's wildcard match: `*` any run of characters (slashes too), `?` any one.
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    // The classic linear backtracking match: remember the last `*` and retry from there.
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(effect: &str, resources: &[&str]) -> PolicyStatementView {
        PolicyStatementView {
            effect: effect.to_owned(),
            principals: vec!["*".to_owned()],
            resources: resources.iter().map(|r| (*r).to_owned()).collect(),
            not_resource: false,
            conditions: vec![(
                "NotIpAddress".to_owned(),
                "aws:SourceIp".to_owned(),
                vec!["203.0.113.0/24".to_owned()],
            )],
        }
    }

    #[test]
    fn a_statement_covers_the_methods_its_patterns_match_on_any_stage() {
        let s = statement("Deny", &["execute-api:/*/POST/orders/*"]);
        let stages = ["prod".to_owned()];
        assert!(covers(&s, "POST", "/orders/{id}", &stages));
        assert!(!covers(&s, "GET", "/orders/{id}", &stages));
        assert!(!covers(&s, "POST", "/orders", &stages));
        assert!(covers(&s, "ANY", "/orders/{id}", &stages));
        let arn = statement(
            "Deny",
            &["arn:aws:execute-api:us-east-1:111111111111:abc/prod/*"],
        );
        assert!(covers(&arn, "GET", "/", &stages));
        assert!(!covers(&arn, "GET", "/", &["dev".to_owned()]));
    }

    #[test]
    fn a_statement_reads_as_who_it_is_about_and_where() {
        let s = statement("Deny", &["execute-api:/*/POST/orders"]);
        assert_eq!(
            describe(&s),
            "Deny anyone unless source IP in 203.0.113.0/24 on execute-api:/*/POST/orders"
        );
        let all = statement("Deny", &["execute-api:/*"]);
        assert_eq!(
            describe(&all),
            "Deny anyone unless source IP in 203.0.113.0/24"
        );
    }

    #[test]
    fn the_wildcard_match_spans_slashes_and_backtracks() {
        assert!(glob("/*/GET/a/*", "/prod/GET/a/b/c"));
        assert!(glob("/*/*/a", "/prod/PUT/a"));
        assert!(!glob("/*/GET/a", "/prod/GET/ab"));
        assert!(glob("/?rod/*", "/prod/x"));
    }
}
