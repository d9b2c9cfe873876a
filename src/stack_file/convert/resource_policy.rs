//! The API's resource policy: the specs into [`PolicyStatement`]s of the API, and its VPC
//! endpoints.

use crate::{HttpMethod, PolicyStatement, RestApi, Value};

use super::super::error::LoadProblemKind;
use super::super::format::{PolicyEffectSpec, PolicyStatementSpec, ValueSpec};
use super::super::load::{Loader, path_of};

impl Loader {
    /// `rest` with the VPC endpoints and policy statements the specs give.
    pub(super) fn resource_policy(
        &mut self,
        mut rest: RestApi,
        vpc_endpoint_ids: Vec<ValueSpec>,
        statements: Vec<PolicyStatementSpec>,
    ) -> RestApi {
        for (i, id) in vpc_endpoint_ids.into_iter().enumerate() {
            let id = self.value(id, path_of(&["api", "vpcEndpointIds", &i.to_string()]));
            rest = rest.vpc_endpoint(id);
        }
        for (i, spec) in statements.into_iter().enumerate() {
            let at = path_of(&["api", "resourcePolicy", &i.to_string()]);
            if let Some(statement) = self.policy_statement(spec, &at) {
                rest = rest.policy_statement(statement);
            }
        }
        rest
    }

    fn policy_statement(
        &mut self,
        spec: PolicyStatementSpec,
        at: &[String],
    ) -> Option<PolicyStatement> {
        let PolicyStatementSpec {
            effect,
            source_ips,
            not_source_ips,
            source_vpcs,
            not_source_vpcs,
            source_vpc_endpoints,
            not_source_vpc_endpoints,
            accounts,
            principals,
            routes,
        } = spec;
        let mut statement = match effect {
            PolicyEffectSpec::Allow => PolicyStatement::allow(),
            PolicyEffectSpec::Deny => PolicyStatement::deny(),
        };
        for (field, ranges) in [
            ("sourceIps", &source_ips),
            ("notSourceIps", &not_source_ips),
        ] {
            for (i, range) in ranges.iter().enumerate() {
                let mut path = at.to_vec();
                path.extend([field.to_owned(), i.to_string()]);
                self.values.push((range.clone(), path));
            }
        }
        let mut values = |field: &str, specs: Vec<ValueSpec>| -> Vec<Value> {
            specs
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    let mut path = at.to_vec();
                    path.extend([field.to_owned(), i.to_string()]);
                    self.value(v, path)
                })
                .collect()
        };
        let mut given = Vec::new();
        if !source_ips.is_empty() {
            given.push("sourceIps");
            statement = statement.source_ips(source_ips);
        }
        if !not_source_ips.is_empty() {
            given.push("notSourceIps");
            statement = statement.not_source_ips(not_source_ips);
        }
        for (field, specs) in [
            ("sourceVpcs", source_vpcs),
            ("notSourceVpcs", not_source_vpcs),
            ("sourceVpcEndpoints", source_vpc_endpoints),
            ("notSourceVpcEndpoints", not_source_vpc_endpoints),
            ("accounts", accounts),
            ("principals", principals),
        ] {
            if specs.is_empty() {
                continue;
            }
            given.push(field);
            let v = values(field, specs);
            statement = match field {
                "sourceVpcs" => statement.source_vpcs(v),
                "notSourceVpcs" => statement.not_source_vpcs(v),
                "sourceVpcEndpoints" => statement.source_vpc_endpoints(v),
                "notSourceVpcEndpoints" => statement.not_source_vpc_endpoints(v),
                "accounts" => statement.accounts(v),
                _ => statement.principals(v),
            };
        }
        if given.len() > 1 {
            let message = format!(
                "a statement names one kind of caller (`sourceIps`, `notSourceIps`, \
                 `sourceVpcs`, …, `accounts` or `principals`); this one names {}: write one \
                 statement per kind",
                given.join(", ")
            );
            self.problem(at, true, LoadProblemKind::PolicyStatement, message);
            return None;
        }
        for route in routes {
            // `VERB /path` or `/path`; a path the API lacks is reported by synth.
            statement = match route.split_once(' ') {
                Some((verb, path)) => match verb.parse::<HttpMethod>() {
                    Ok(verb) => statement.route(path.trim(), verb),
                    Err(_) => statement.route(route.clone(), HttpMethod::Any),
                },
                None => statement.path(route),
            };
        }
        Some(statement)
    }
}
