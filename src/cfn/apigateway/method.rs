//! `AWS::ApiGateway::Method` with its integration and responses.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cfn::exprs::references;
use crate::cfn::{Expr, Text};

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-method.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Method {
    /// `GET`, `POST`, …, `ANY`.
    pub http_method: Text,
    /// The resource the method is on.
    pub resource_id: Expr,
    /// The API.
    pub rest_api_id: Expr,
    /// `NONE`, `AWS_IAM`, `CUSTOM` or `COGNITO_USER_POOLS`.
    pub authorization_type: Text,
    /// Required for `COGNITO_USER_POOLS` and `CUSTOM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorizer_id: Option<Expr>,
    /// Only with `COGNITO_USER_POOLS`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authorization_scopes: Vec<String>,
    /// Whether callers must send an API key of a usage plan on the stage.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub api_key_required: bool,
    /// The validator API Gateway runs first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_validator_id: Option<Expr>,
    /// The model of each content type's body (`Ref` of a Model gives its name).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub request_models: BTreeMap<Text, Expr>,
    /// Request parameters, e.g. `method.request.querystring.q: true` (required).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub request_parameters: BTreeMap<Text, bool>,
    /// Where the request goes.
    pub integration: Integration,
    /// Declared responses (MOCK integrations need them), with their headers and models.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub method_responses: Vec<MethodResponse>,
}

references!(Method {
    resource_id, rest_api_id, authorizer_id, request_validator_id, request_models, integration,
    method_responses;
    http_method, authorization_type, authorization_scopes, api_key_required, request_parameters
});

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-method-integration.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Integration {
    /// `AWS_PROXY`, `MOCK`, …
    #[serde(rename = "Type")]
    pub kind: Text,
    /// The method API Gateway uses to call the backend (`POST` for Lambda).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_http_method: Option<Text>,
    /// The backend's URI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<Expr>,
    /// Request mapping templates by content type (a template may name values given at
    /// deploy time).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub request_templates: BTreeMap<Text, Expr>,
    /// Responses of non-proxy integrations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub integration_responses: Vec<IntegrationResponse>,
    /// `VPC_LINK` to call through a VPC link (default `INTERNET`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_type: Option<Text>,
    /// The VPC link's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_id: Option<Expr>,
    /// The role API Gateway assumes to call the backend.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<Expr>,
    /// 50 to 29,000 (the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_in_millis: Option<u32>,
    /// `integration.request.<place>.<name>` to a mapping expression (a static value may be
    /// given at deploy time).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub request_parameters: BTreeMap<Text, Expr>,
    /// `WHEN_NO_MATCH`, `WHEN_NO_TEMPLATES` or `NEVER`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passthrough_behavior: Option<Text>,
    /// `CONVERT_TO_BINARY` or `CONVERT_TO_TEXT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_handling: Option<Text>,
}

references!(Integration {
    uri, integration_responses, connection_id, credentials, request_templates, request_parameters;
    kind, integration_http_method, connection_type, timeout_in_millis,
    passthrough_behavior, content_handling
});

impl Integration {
    /// An integration of type `kind` with nothing else set.
    pub fn of_type(kind: &'static str) -> Self {
        Self {
            kind: kind.into(),
            integration_http_method: None,
            uri: None,
            request_templates: BTreeMap::new(),
            integration_responses: Vec::new(),
            connection_type: None,
            connection_id: None,
            credentials: None,
            timeout_in_millis: None,
            request_parameters: BTreeMap::new(),
            passthrough_behavior: None,
            content_handling: None,
        }
    }
}

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-method-integrationresponse.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IntegrationResponse {
    /// The status code this response maps to.
    pub status_code: Text,
    /// The regular expression selecting this response (none: the default response).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection_pattern: Option<Text>,
    /// Header values, e.g. `method.response.header.Access-Control-Allow-Origin: "'*'"`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub response_parameters: BTreeMap<Text, Expr>,
    /// Body templates by content type (a template may take values given at deploy time).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub response_templates: BTreeMap<Text, Expr>,
}

references!(IntegrationResponse { response_parameters, response_templates; status_code, selection_pattern });

/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-method-methodresponse.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MethodResponse {
    /// The status code.
    pub status_code: Text,
    /// Which headers the response may carry (`true` = required).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub response_parameters: BTreeMap<Text, bool>,
    /// The model of each content type's body (`Ref` of a Model gives its name).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub response_models: BTreeMap<Text, Expr>,
}

references!(MethodResponse { response_models; status_code, response_parameters });

impl MethodResponse {
    /// A response with status `status_code` and nothing declared.
    pub fn of_status(status_code: impl Into<Text>) -> Self {
        Self {
            status_code: status_code.into(),
            response_parameters: BTreeMap::new(),
            response_models: BTreeMap::new(),
        }
    }
}
