//! Custom domains: each `AWS::ApiGateway::DomainName`, its base path mappings, its Route 53
//! alias record and its outputs, and their checks.

use std::collections::BTreeSet;

use crate::api::{DomainName, EndpointType, Stack, Value};
use crate::cfn::apigateway::{self, EndpointConfiguration, MutualTlsAuthentication};
use crate::cfn::route53::{AliasTarget, RecordSet};
use crate::cfn::{Attribute, Expr, LogicalId, Output, Resource};
use crate::error::ProblemKind;

use super::parameters::{Declared, check_value, expr};
use super::problems::Problems;
use super::{Emitter, ids, names, stage};

/// What names a domain in ids and messages: its literal host name, or its parameter's name.
/// Any other intrinsic is refused by [`check`] (a domain's name names its resources), so
/// its key is never used.
fn key(domain: &DomainName) -> &str {
    domain.name.label()
}

/// Every problem of the stack's domains.
pub(crate) fn check(stack: &Stack, parameters: &Declared<'_>, problems: &mut Problems<'_>) {
    let stages: BTreeSet<&str> = stack.api.stages.iter().map(|s| s.label()).collect();
    for domain in &stack.api.domains {
        let name = key(domain);
        check_value(&domain.name, parameters, None, None, problems);
        check_value(&domain.certificate, parameters, None, None, problems);
        match &domain.name {
            Value::Literal(host) if !names::is_host_name(host) => {
                problems.stack(ProblemKind::InvalidDomainName(host.clone()));
            }
            Value::Literal(_) | Value::Ref(_) => {}
            other => problems.stack(ProblemKind::InvalidDomainName(format!(
                "{other:?} (a domain's name is a host name or {{ ref: Parameter }})"
            ))),
        }
        if let Value::Literal(arn) = &domain.certificate
            && !names::is_certificate_arn(arn)
        {
            problems.stack(ProblemKind::InvalidCertificateArn(
                name.to_owned(),
                arn.clone(),
            ));
        }
        if let Some(uri) = &domain.mutual_tls {
            check_value(uri, parameters, None, None, problems);
            if domain.endpoint != EndpointType::Regional {
                problems.stack(ProblemKind::MutualTlsNeedsRegional(name.to_owned()));
            }
        }
        if let Some(version) = &domain.truststore_version {
            check_value(version, parameters, None, None, problems);
            if domain.mutual_tls.is_none() {
                problems.stack(ProblemKind::TruststoreVersionWithoutMutualTls(
                    name.to_owned(),
                ));
            }
        }
        if let Some(zone) = &domain.hosted_zone {
            check_value(zone, parameters, None, None, problems);
        }
        if domain.endpoint == EndpointType::Private {
            problems.stack(ProblemKind::PrivateDomain(name.to_owned()));
        }
        if domain.base_paths.is_empty() {
            problems.stack(ProblemKind::DomainWithoutBasePath(name.to_owned()));
        }
        for (path, stage) in &domain.base_paths {
            if !path.is_empty() && !names::is_base_path(path) {
                problems.stack(ProblemKind::InvalidBasePath(name.to_owned(), path.clone()));
            }
            if !stages.contains(stage.as_str()) {
                problems.stack(ProblemKind::BasePathToMissingStage(
                    name.to_owned(),
                    stage.clone(),
                ));
            }
        }
        stage::check_tags(&domain.tags, problems);
    }
}

impl Emitter<'_, '_, '_> {
    /// Each custom domain with its base path mappings, alias record and outputs.
    pub(super) fn domains(&mut self) {
        let domains = &self.stack.api.domains;
        for domain in domains {
            self.domain(domain);
        }
    }

    fn domain(&mut self, domain: &DomainName) {
        let key = key(domain);
        let id = ids::domain(key);
        let regional = domain.endpoint == EndpointType::Regional;
        let certificate = expr(&domain.certificate);
        self.insert(
            id.clone(),
            format!("domain `{key}`"),
            Resource::new(apigateway::DomainName {
                domain_name: expr(&domain.name),
                certificate_arn: (!regional).then(|| certificate.clone()),
                regional_certificate_arn: regional.then_some(certificate),
                endpoint_configuration: EndpointConfiguration {
                    types: vec![domain.endpoint.as_str().to_owned()],
                    vpc_endpoint_ids: Vec::new(),
                },
                security_policy: domain.security_policy.as_str().into(),
                mutual_tls_authentication: domain.mutual_tls.as_ref().map(|uri| {
                    MutualTlsAuthentication {
                        truststore_uri: expr(uri),
                        truststore_version: domain.truststore_version.as_ref().map(expr),
                    }
                }),
                tags: stage::tags(&self.stack.api.tags, &domain.tags),
            }),
        );
        for (path, stage) in &domain.base_paths {
            self.insert(
                ids::base_path_mapping(key, path),
                format!("base path `{path}` of domain `{key}`"),
                Resource::new(apigateway::BasePathMapping {
                    domain_name: Expr::Ref(id.clone()),
                    rest_api_id: self.api_ref(),
                    stage: Expr::Ref(ids::stage(stage)),
                    base_path: (!path.is_empty()).then(|| path.clone()),
                }),
            );
        }
        let (target, zone) = if regional {
            (
                Attribute::RegionalDomainName,
                Attribute::RegionalHostedZoneId,
            )
        } else {
            (
                Attribute::DistributionDomainName,
                Attribute::DistributionHostedZoneId,
            )
        };
        if let Some(hosted_zone) = &domain.hosted_zone {
            self.insert(
                ids::domain_record(key),
                format!("the alias record of domain `{key}`"),
                Resource::new(RecordSet {
                    hosted_zone_id: expr(hosted_zone),
                    name: expr(&domain.name),
                    record_type: "A".into(),
                    alias_target: AliasTarget {
                        dns_name: Expr::GetAtt(id.clone(), target.clone()),
                        hosted_zone_id: Expr::GetAtt(id.clone(), zone),
                    },
                }),
            );
        }
        let output = LogicalId::derive("DomainTarget", key, key);
        if self.output_owners.contains_key(&output) {
            // The same domain twice: the collision of its resource says so already.
            return;
        }
        self.output(
            output,
            format!("the target of domain `{key}`"),
            Output {
                description: Some(format!(
                    "Where DNS for domain {key} points (an alias or CNAME target)"
                )),
                value: Expr::GetAtt(id, target),
                condition: None,
                export: None,
            },
        );
    }
}
