//! Custom domains: a `DomainSpec` into a [`DomainName`].

use crate::{DomainName, EndpointType, SecurityPolicy};

use super::super::format::{BasePathSpec, DomainSpec, EndpointSpec, SecurityPolicySpec};
use super::super::load::{Loader, path_of};

impl Loader {
    /// The domain `spec` describes, the `index`-th under `api.domains`.
    pub(super) fn domain(&mut self, spec: DomainSpec, index: usize) -> DomainName {
        let DomainSpec {
            name,
            certificate_arn,
            endpoint,
            security_policy,
            mutual_tls,
            base_paths,
            hosted_zone_id,
            tags,
        } = spec;
        let i = index.to_string();
        let at = |field: &str| path_of(&["api", "domains", &i, field]);
        let name = self.value(name, at("name"));
        let certificate = self.value(certificate_arn, at("certificateArn"));
        let mut domain = DomainName::new(name, certificate).endpoint_type(match endpoint {
            EndpointSpec::Regional => EndpointType::Regional,
            EndpointSpec::Edge => EndpointType::Edge,
            EndpointSpec::Private => EndpointType::Private,
        });
        if let Some(policy) = security_policy {
            domain = domain.security_policy(match policy {
                SecurityPolicySpec::Tls12 => SecurityPolicy::Tls12,
                SecurityPolicySpec::Tls10 => SecurityPolicy::Tls10,
            });
        }
        if let Some(m) = mutual_tls {
            let uri = self.value(m.truststore_uri, at("mutualTls"));
            domain = domain.mutual_tls(uri);
            if let Some(v) = m.truststore_version {
                domain = domain.truststore_version(self.value(v, at("mutualTls")));
            }
        }
        for BasePathSpec { path, stage } in base_paths {
            domain = domain.base_path(path, stage);
        }
        if let Some(zone) = hosted_zone_id {
            domain = domain.route53_alias(self.value(zone, at("hostedZoneId")));
        }
        for (k, v) in tags {
            domain = domain.tag(k, v);
        }
        domain
    }
}
