//! Integrations other than a Lambda proxy or a bare mock: HTTP endpoints, with the options
//! every non-proxy integration shares (timeout, request mapping, responses).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ValueSpec;

/// Declares a spec struct with the integration options appended to its own fields.
macro_rules! with_options {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident: $ty:ty,)* }) => {
        $(#[$meta])*
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
            /// How long API Gateway waits for the backend, 50 to 29,000 ms. Default: 29,000.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub timeout_ms: Option<u32>,
            /// The integration request's parameters, as API Gateway writes them:
            /// `integration.request.header.X-Tenant: method.request.header.X-Tenant`, from
            /// `method.request.{path,querystring,header}.*`, `context.*`, `stageVariables.*`
            /// or a static `'value'`. Default: each `{name}` of the URL from the route's path
            /// parameter of that name.
            #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
            #[schemars(extend("default" = {}))]
            pub request_parameters: BTreeMap<String, String>,
            /// Request mapping templates (Velocity) by content type: text, or `{ sub: … }`
            /// to name a value given at deploy time (Velocity's `${…}` then written
            /// `${!…}`). Default: none, or the one an AWS service action needs.
            #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
            #[schemars(extend("default" = {}))]
            pub request_templates: BTreeMap<String, ValueSpec>,
            /// Integration responses; the method declares each status and header. Default:
            /// one `200` passing the backend's body as is.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            #[schemars(extend("default" = []))]
            pub responses: Vec<IntegrationResponseSpec>,
            /// What happens to a body whose content type has no template. Default:
            /// `whenNoMatch` (passed as is).
            #[serde(skip_serializing_if = "Option::is_none")]
            pub passthrough: Option<PassthroughSpec>,
            /// Text/binary conversion of the request body. Default: none.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub content_handling: Option<ContentHandlingSpec>,
        }
    };
}

with_options! {
    /// An HTTP integration: `http` (through the request mapping and integration responses) or
    /// `httpProxy` (request and answer whole).
    #[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct HttpSpec {
        /// The endpoint: an `http://` or `https://` URL (or an intrinsic); each `{name}` in it
        /// is the route's path parameter of that name unless `requestParameters` maps it.
        pub url: ValueSpec,
        /// The method API Gateway calls the URL with (`GET`, …, `ANY`). Default: the
        /// method's own.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub http_method: Option<String>,
        /// The VPC link to call through, by id (usually `{ ref: VpcLinkId }`). Default: over
        /// the internet.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub vpc_link: Option<ValueSpec>,
    }
}

with_options! {
    /// An AWS service integration: a known `action` on the resource it names, with a role
    /// synth generates for that alone, or any other action by `service` and `target` with
    /// your `role`.
    #[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct AwsSpec {
        /// `sqs:SendMessage` (`queue`), `sns:Publish` (`topic`), `dynamodb:PutItem`,
        /// `dynamodb:GetItem`, `dynamodb:Query`, `dynamodb:UpdateItem`, `dynamodb:DeleteItem`
        /// (`table`), `states:StartExecution`, `states:StartSyncExecution` (`stateMachine`),
        /// `events:PutEvents` (`bus`, `source`, `detailType`), `s3:GetObject`, `s3:PutObject`
        /// (`bucket`, `key`), `kinesis:PutRecord` (`stream`), `lambda:InvokeFunction` (`function`:
        /// Lambda non-proxy). Default: none, then `service` and `target` name the action.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub action: Option<String>,
        /// The queue's name (stack's account and region).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub queue: Option<ValueSpec>,
        /// The topic's ARN.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub topic: Option<ValueSpec>,
        /// The table's name.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub table: Option<ValueSpec>,
        /// The state machine's ARN.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub state_machine: Option<ValueSpec>,
        /// The event bus's name (`default` for the account's).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub bus: Option<ValueSpec>,
        /// The events' `Source`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub source: Option<String>,
        /// The events' `DetailType`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub detail_type: Option<String>,
        /// The bucket's name.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub bucket: Option<ValueSpec>,
        /// The object's key; `{name}` is the route's path parameter.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub key: Option<String>,
        /// The stream's name.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub stream: Option<ValueSpec>,
        /// The Lambda function's name, with an optional `:alias` or `:version`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub function: Option<String>,
        /// Any other action: the service as API Gateway names it (`sqs`, `states`, …).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub service: Option<String>,
        /// Any other action: `action/<Action>` or `path/<path>`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub target: Option<String>,
        /// Any other action: the method API Gateway calls the service with. Default: `POST`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub http_method: Option<String>,
        /// The role API Gateway assumes, by ARN, instead of the generated one (required for
        /// `service` and `target`). Default: generated.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub role: Option<ValueSpec>,
        /// More the generated role may do, e.g. `kms:GenerateDataKey` on a key. Default:
        /// the action alone.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        #[schemars(extend("default" = []))]
        pub grants: Vec<GrantSpec>,
    }
}

/// One more action the generated role may take.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GrantSpec {
    /// One `service:Action`.
    pub action: String,
    /// The resource's ARN.
    pub resource: ValueSpec,
}

/// An integration response.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IntegrationResponseSpec {
    /// The method's status code for it.
    pub status: u16,
    /// A regular expression matched against the backend's status (HTTP) or error message
    /// (Lambda, AWS). Default: none, the default response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection_pattern: Option<String>,
    /// Response headers by name, each a mapping expression (`integration.response.header.X`,
    /// `'static'`). Default: none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub headers: BTreeMap<String, String>,
    /// Body templates (Velocity) by content type. Default: the backend's body as is.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(extend("default" = {}))]
    pub templates: BTreeMap<String, String>,
}

/// What API Gateway does with a body whose content type has no template.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum PassthroughSpec {
    /// Passed on as is (`WHEN_NO_MATCH`).
    WhenNoMatch,
    /// Passed on only when there is no template at all (`WHEN_NO_TEMPLATES`).
    WhenNoTemplates,
    /// Refused with 415 (`NEVER`).
    Never,
}

/// Text/binary conversion of a body.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ContentHandlingSpec {
    /// Base64 text to binary (`CONVERT_TO_BINARY`).
    ConvertToBinary,
    /// Binary to base64 text (`CONVERT_TO_TEXT`).
    ConvertToText,
}
