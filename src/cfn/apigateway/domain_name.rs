//! `AWS::ApiGateway::DomainName` and `AWS::ApiGateway::BasePathMapping`: a custom domain in
//! front of the API.

use serde::Serialize;

use crate::cfn::exprs::references;
use crate::cfn::{Expr, Tag, Text};

use super::EndpointConfiguration;

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-domainname.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DomainName {
    /// The host name, e.g. `api.example.com`.
    pub domain_name: Expr,
    /// The ACM certificate of an EDGE domain (in us-east-1).
    #[serde(rename = "CertificateArn", skip_serializing_if = "Option::is_none")]
    pub certificate_arn: Option<Expr>,
    /// The ACM certificate of a REGIONAL domain (in the stack's region).
    #[serde(
        rename = "RegionalCertificateArn",
        skip_serializing_if = "Option::is_none"
    )]
    pub regional_certificate_arn: Option<Expr>,
    /// `EDGE` or `REGIONAL`.
    pub endpoint_configuration: EndpointConfiguration,
    /// `TLS_1_2` or `TLS_1_0`.
    pub security_policy: Text,
    /// Client certificates checked against a truststore.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mutual_tls_authentication: Option<MutualTlsAuthentication>,
    /// Tags, sorted by key.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

references!(DomainName {
    domain_name, certificate_arn, regional_certificate_arn, mutual_tls_authentication;
    endpoint_configuration, security_policy, tags
});

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-domainname-mutualtlsauthentication.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MutualTlsAuthentication {
    /// `s3://bucket/key` of the truststore (PEM bundle).
    pub truststore_uri: Expr,
    /// The S3 object version of the truststore.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truststore_version: Option<Expr>,
}

references!(MutualTlsAuthentication { truststore_uri, truststore_version; });

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-basepathmapping.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BasePathMapping {
    /// The domain.
    pub domain_name: Expr,
    /// The API.
    pub rest_api_id: Expr,
    /// The stage requests go to.
    pub stage: Expr,
    /// The first path part under the domain; none: the domain's root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_path: Option<String>,
}

references!(BasePathMapping { domain_name, rest_api_id, stage; base_path });
