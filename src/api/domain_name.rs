//! Custom domains: a host name with its certificate in front of the API, its base path
//! mappings to stages, and an optional Route 53 alias record.

use std::collections::BTreeMap;

use super::{EndpointType, Value};

/// The TLS versions a custom domain accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SecurityPolicy {
    /// TLS 1.2 and later.
    Tls12,
    /// TLS 1.0 and later (for old clients only).
    Tls10,
}

impl SecurityPolicy {
    /// The name CloudFormation uses.
    pub fn as_str(self) -> &'static str {
        match self {
            SecurityPolicy::Tls12 => "TLS_1_2",
            SecurityPolicy::Tls10 => "TLS_1_0",
        }
    }
}

/// A custom domain (the console's "Custom domain names"): the API answers at
/// `https://<name>/<base path>/` once DNS points there. With a domain, the API's default
/// `execute-api` endpoint is turned off, so the domain (its TLS policy, its WAF) is the only
/// way in.
///
/// ```
/// use apigw_synth::{DomainName, Value};
/// let domain = DomainName::new("api.example.com", Value::parameter("CertificateArn"))
///     .base_path("", "prod")
///     .base_path("v2", "beta")
///     .route53_alias(Value::parameter("HostedZoneId"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainName {
    pub(crate) name: Value,
    pub(crate) certificate: Value,
    pub(crate) endpoint: EndpointType,
    pub(crate) security_policy: SecurityPolicy,
    pub(crate) mutual_tls: Option<Value>,
    pub(crate) truststore_version: Option<Value>,
    pub(crate) base_paths: Vec<(String, String)>,
    pub(crate) hosted_zone: Option<Value>,
    pub(crate) tags: BTreeMap<String, String>,
}

impl DomainName {
    /// The domain `name` (e.g. `api.example.com`), served with the ACM certificate
    /// `certificate_arn` (in the stack's region; in us-east-1 for an EDGE domain).
    pub fn new(name: impl Into<Value>, certificate_arn: impl Into<Value>) -> Self {
        Self {
            name: name.into(),
            certificate: certificate_arn.into(),
            endpoint: EndpointType::Regional,
            security_policy: SecurityPolicy::Tls12,
            mutual_tls: None,
            truststore_version: None,
            base_paths: Vec::new(),
            hosted_zone: None,
            tags: BTreeMap::new(),
        }
    }

    /// `Regional` or `Edge`. Default: `Regional`.
    pub fn endpoint_type(mut self, endpoint: EndpointType) -> Self {
        self.endpoint = endpoint;
        self
    }

    /// The TLS versions accepted. Default: [`SecurityPolicy::Tls12`].
    pub fn security_policy(mut self, policy: SecurityPolicy) -> Self {
        self.security_policy = policy;
        self
    }

    /// Require client certificates signed by a certificate authority of the truststore at
    /// `truststore_uri` (`s3://bucket/key`, a PEM bundle; REGIONAL domains only). Default:
    /// none.
    pub fn mutual_tls(mut self, truststore_uri: impl Into<Value>) -> Self {
        self.mutual_tls = Some(truststore_uri.into());
        self
    }

    /// The S3 object version of the [`mutual_tls`](Self::mutual_tls) truststore. Default:
    /// the latest.
    pub fn truststore_version(mut self, version: impl Into<Value>) -> Self {
        self.truststore_version = Some(version.into());
        self
    }

    /// Send `https://<domain>/<path>/...` to the stage `stage` (`""`: the domain's root).
    /// Default: none (add at least one).
    pub fn base_path(mut self, path: impl Into<String>, stage: impl Into<String>) -> Self {
        self.base_paths.push((path.into(), stage.into()));
        self
    }

    /// Create an `A` alias record for the domain in the Route 53 hosted zone
    /// `hosted_zone_id`. Default: none (point DNS at the `Domain…Target` output yourself).
    pub fn route53_alias(mut self, hosted_zone_id: impl Into<Value>) -> Self {
        self.hosted_zone = Some(hosted_zone_id.into());
        self
    }

    /// Tag the domain with `key` = `value`, over the API's tags. Default: the API's tags.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }
}
