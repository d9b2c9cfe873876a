//! The API's resource policy: each statement checked (IP ranges, accounts and principals,
//! the routes it names) and written as the RestApi's `Policy`, with the `execute-api` ARNs
//! computed from the routes; a private API's VPC endpoints admitted, every other caller
//! denied.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use crate::api::{
    EndpointType, HttpMethod, PolicyCallers, PolicyEffect, PolicyRoute, PolicyStatement, RestApi,
    Value,
};
use crate::cfn::Expr;
use crate::cfn::apigateway::{AwsPrincipal, Principal, ResourcePolicy, ResourcePolicyStatement};
use crate::error::ProblemKind;

use super::parameters::{self, Declared, check_value};
use super::problems::Problems;
use super::resolve::ResolvedApi;

/// Checks what a policy holds without the routes: the private endpoint's VPC endpoints, IP
/// ranges, account ids and principal ARNs, and every value's references.
pub(super) fn check(api: &RestApi, declared: &Declared<'_>, problems: &mut Problems<'_>) {
    let private = api.endpoint == EndpointType::Private;
    if private && api.vpc_endpoint_ids.is_empty() {
        problems.stack(ProblemKind::PrivateEndpointWithoutVpcEndpoints);
    }
    if !private && !api.vpc_endpoint_ids.is_empty() {
        problems.stack(ProblemKind::VpcEndpointsWithoutPrivate);
    }
    for id in &api.vpc_endpoint_ids {
        check_value(id, declared, None, None, problems);
    }
    for (i, s) in api.policy.iter().enumerate() {
        let statement = i + 1;
        let invalid = |reason: String| ProblemKind::InvalidPolicyStatement { statement, reason };
        let (what, values): (&str, &[Value]) = match &s.callers {
            PolicyCallers::Anyone => continue,
            PolicyCallers::SourceIps { ranges, .. } => {
                if ranges.is_empty() {
                    problems.stack(invalid("it names no source IP range".to_owned()));
                }
                for range in ranges.iter().filter(|r| !is_ip_range(r)) {
                    problems.stack(ProblemKind::InvalidCidr {
                        statement,
                        range: range.clone(),
                    });
                }
                continue;
            }
            PolicyCallers::Vpcs { ids, .. } => ("VPC", ids),
            PolicyCallers::VpcEndpoints { ids, .. } => ("VPC endpoint", ids),
            PolicyCallers::Accounts(ids) => ("account", ids),
            PolicyCallers::Principals(arns) => ("principal", arns),
        };
        if values.is_empty() {
            problems.stack(invalid(format!("it names no {what}")));
        }
        for v in values {
            check_value(v, declared, None, None, problems);
            let Some(text) = v.as_literal() else {
                continue;
            };
            let wrong = match &s.callers {
                PolicyCallers::Accounts(_) => (text.len() != 12
                    || !text.bytes().all(|b| b.is_ascii_digit()))
                .then_some("an AWS account id (12 digits)"),
                PolicyCallers::Principals(_) => (!(text.starts_with("arn:aws")
                    && text.contains(":iam::")))
                .then_some("an IAM principal ARN (`arn:aws:iam::123456789012:role/name`)"),
                PolicyCallers::Vpcs { .. } => {
                    (!text.starts_with("vpc-")).then_some("a VPC id (`vpc-…`)")
                }
                PolicyCallers::VpcEndpoints { .. } => {
                    (!text.starts_with("vpce-")).then_some("a VPC endpoint id (`vpce-…`)")
                }
                PolicyCallers::Anyone | PolicyCallers::SourceIps { .. } => None,
            };
            if let Some(wanted) = wrong {
                problems.stack(invalid(format!("`{text}` is not {wanted}")));
            }
        }
    }
}

/// An IPv4 or IPv6 address, or a CIDR range (`203.0.113.0/24`, `2001:db8::/32`).
fn is_ip_range(text: &str) -> bool {
    let (address, prefix) = match text.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (text, None),
    };
    let Ok(address) = address.parse::<IpAddr>() else {
        return false;
    };
    let max = if address.is_ipv4() { 32 } else { 128 };
    match prefix {
        None => true,
        Some(p) => {
            !p.starts_with('+') && p.parse::<u8>().is_ok_and(|bits| bits <= max) && p.len() <= 3
        }
    }
}

impl super::Emitter<'_, '_, '_> {
    /// The RestApi's `Policy`: the stack's statements, then a private API's denial of every
    /// caller coming through none of its VPC endpoints, then an allow for every caller that
    /// does not sign with IAM when no statement of the stack allows anything (so that
    /// denials alone restrict, not close, and IAM-authorized methods stay as closed as
    /// without a policy).
    /// None without statements on an API that is not private.
    pub(super) fn resource_policy(&mut self, api: &ResolvedApi<'_>) -> Option<ResourcePolicy> {
        let rest = &self.stack.api;
        let private = rest.endpoint == EndpointType::Private;
        if rest.policy.is_empty() && !private {
            return None;
        }
        let routes = routes(api);
        let mut statements = Vec::new();
        for (i, s) in rest.policy.iter().enumerate() {
            for r in s.routes.iter().filter(|r| !covers(&routes, r)) {
                let route = match r.verb {
                    Some(verb) => format!("method `{verb} {}`", r.path),
                    None => format!("path `{}`", r.path),
                };
                self.problems.stack(ProblemKind::PolicyRouteNotFound {
                    statement: i + 1,
                    route,
                });
            }
            statements.push(statement(s));
        }
        if private {
            statements.push(statement(
                &PolicyStatement::deny().not_source_vpc_endpoints(rest.vpc_endpoint_ids.clone()),
            ));
        }
        if !rest.policy.iter().any(|s| s.effect == PolicyEffect::Allow) {
            // Only callers that do not sign with IAM: an allow for a signed principal would
            // let any principal of the account (and, with their own policies, of any
            // account) call the IAM-authorized methods, which without a policy only the
            // account's principals allowed by their policies may call.
            let mut allow = statement(&PolicyStatement::allow());
            allow.condition.insert(
                "Null".into(),
                BTreeMap::from([("aws:PrincipalArn".into(), vec![Expr::literal("true")])]),
            );
            statements.push(allow);
        }
        Some(ResourcePolicy {
            version: "2012-10-17".into(),
            statement: statements,
        })
    }
}

/// Every path of the API with its methods' verbs.
fn routes(api: &ResolvedApi<'_>) -> BTreeMap<String, BTreeSet<HttpMethod>> {
    (0..api.resources.len())
        .map(|i| {
            let verbs = api.resources[i].methods.iter().map(|m| m.verb).collect();
            (api.path(i), verbs)
        })
        .collect()
}

/// True when the API has the route: the path, and the method on it when one is named.
fn covers(routes: &BTreeMap<String, BTreeSet<HttpMethod>>, route: &PolicyRoute) -> bool {
    let path = match route.path.trim_end_matches('/') {
        "" => "/",
        p => p,
    };
    match (routes.get(path), route.verb) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(verbs), Some(verb)) => verbs.contains(&verb),
    }
}

/// One statement as the template writes it.
fn statement(s: &PolicyStatement) -> ResourcePolicyStatement {
    let exprs = |values: &[Value]| values.iter().map(parameters::expr).collect::<Vec<Expr>>();
    let mut condition = BTreeMap::new();
    let mut principal = Principal::Anyone("*".into());
    let mut when = |operator: &'static str, key: &'static str, values: Vec<Expr>| {
        condition.insert(operator.into(), BTreeMap::from([(key.into(), values)]));
    };
    match &s.callers {
        PolicyCallers::Anyone => {}
        PolicyCallers::SourceIps { ranges, negated } => {
            let op = if *negated {
                "NotIpAddress"
            } else {
                "IpAddress"
            };
            when(
                op,
                "aws:SourceIp",
                ranges.iter().map(Expr::literal).collect(),
            );
        }
        PolicyCallers::Vpcs { ids, negated } => {
            let op = if *negated {
                "StringNotEquals"
            } else {
                "StringEquals"
            };
            when(op, "aws:SourceVpc", exprs(ids));
        }
        PolicyCallers::VpcEndpoints { ids, negated } => {
            let op = if *negated {
                "StringNotEquals"
            } else {
                "StringEquals"
            };
            when(op, "aws:SourceVpce", exprs(ids));
        }
        PolicyCallers::Accounts(ids) | PolicyCallers::Principals(ids) => {
            principal = Principal::Aws(AwsPrincipal { aws: exprs(ids) });
        }
    }
    let resource = if s.routes.is_empty() {
        vec!["execute-api:/*".into()]
    } else {
        s.routes.iter().flat_map(arns).map(Into::into).collect()
    };
    ResourcePolicyStatement {
        effect: s.effect.as_str().into(),
        principal,
        action: "execute-api:Invoke".into(),
        resource,
        condition,
    }
}

/// The `execute-api` ARNs (relative to the API, any stage) of a route: a method's, or every
/// method's of a path and of every path under it. Path parameters match any value (`*`).
fn arns(route: &PolicyRoute) -> Vec<String> {
    let path: Vec<&str> = route
        .path
        .split('/')
        .filter(|p| !p.is_empty())
        .map(|p| if p.starts_with('{') { "*" } else { p })
        .collect();
    let path = path.join("/");
    match route.verb {
        Some(verb) => {
            let verb = match verb {
                HttpMethod::Any => "*",
                other => other.as_str(),
            };
            vec![format!("execute-api:/*/{verb}/{path}")]
        }
        None if path.is_empty() => vec!["execute-api:/*".to_owned()],
        None => vec![
            format!("execute-api:/*/*/{path}"),
            format!("execute-api:/*/*/{path}/*"),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_ranges_of_both_families_are_accepted_and_anything_else_refused() {
        for good in [
            "203.0.113.0/24",
            "203.0.113.7",
            "2001:db8::/32",
            "::1",
            "0.0.0.0/0",
        ] {
            assert!(is_ip_range(good), "{good}");
        }
        for bad in [
            "203.0.113.0/33",
            "2001:db8::/129",
            "203.0.113/24",
            "10.0.0.0/+8",
            "10.0.0.0/",
            "office",
            "",
        ] {
            assert!(!is_ip_range(bad), "{bad}");
        }
    }

    #[test]
    fn a_route_s_arns_match_any_stage_and_any_path_parameter() {
        let route = |path: &str, verb| PolicyRoute {
            path: path.to_owned(),
            verb,
        };
        assert_eq!(
            arns(&route("/orders/{id}", Some(HttpMethod::Get))),
            ["execute-api:/*/GET/orders/*"]
        );
        assert_eq!(
            arns(&route("/admin", None)),
            ["execute-api:/*/*/admin", "execute-api:/*/*/admin/*"]
        );
        assert_eq!(
            arns(&route("/", Some(HttpMethod::Any))),
            ["execute-api:/*/*/"]
        );
    }
}
