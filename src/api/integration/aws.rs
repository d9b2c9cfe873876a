//! AWS service integrations: API Gateway calls an action of an AWS service itself, with a
//! role synth generates for that action on the named resource alone, or one you give.

use super::LambdaFunction;
use super::options::{IntegrationOptions, option_setters};
use crate::api::{HttpMethod, Value};

/// An `AWS` integration to a service action. Made by [`Integration::sqs_send_message`](crate::Integration::sqs_send_message)
/// and its siblings, one per action synth knows, or [`Integration::aws_service`](crate::Integration::aws_service)
/// for any other.
///
/// Each known action comes with the request template it needs (the method's body becomes
/// the message, the item, the execution's input, …) and a generated role allowed that
/// action on that resource only; [`role`](AwsIntegration::role) gives your own instead.
///
/// ```
/// use apigw_synth::{DynamoDbAction, Integration, Value};
/// let orders = Integration::sqs_send_message(Value::get_att("OrdersQueue", "QueueName"));
/// let item = Integration::dynamodb(DynamoDbAction::GetItem, "products");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsIntegration {
    pub(crate) action: AwsAction,
    pub(crate) role: Option<Value>,
    pub(crate) grants: Vec<(String, Value)>,
    pub(crate) options: IntegrationOptions,
}

/// The service action an [`AwsIntegration`] calls, with the resource it acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AwsAction {
    /// SQS `SendMessage` to the queue of this name (in the stack's account and region): the
    /// body is the message.
    SqsSendMessage {
        /// The queue's name.
        queue: Value,
    },
    /// SNS `Publish` to the topic with this ARN: the body is the message.
    SnsPublish {
        /// The topic's ARN.
        topic: Value,
    },
    /// A DynamoDB action on the table of this name.
    DynamoDb {
        /// The action.
        action: DynamoDbAction,
        /// The table's name.
        table: Value,
    },
    /// A Step Functions action on the state machine with this ARN: the body is the
    /// execution's input.
    StepFunctions {
        /// `StartExecution`, or `StartSyncExecution` (Express state machines).
        sync: bool,
        /// The state machine's ARN.
        state_machine: Value,
    },
    /// EventBridge `PutEvents` on the bus of this name: the body is the event's detail.
    EventBridgePutEvents {
        /// The bus's name (`default` for the account's).
        bus: Value,
        /// The events' `Source`.
        source: String,
        /// The events' `DetailType`.
        detail_type: String,
    },
    /// S3 `GetObject` or `PutObject` on the object `key` of the bucket of this name; `{name}`
    /// in the key is the route's path parameter.
    S3 {
        /// `PutObject` when true, else `GetObject`.
        put: bool,
        /// The bucket's name.
        bucket: Value,
        /// The object's key, e.g. `uploads/{name}`.
        key: String,
    },
    /// Kinesis `PutRecord` to the stream of this name: the body is the record, its
    /// partition key the request id.
    KinesisPutRecord {
        /// The stream's name.
        stream: Value,
    },
    /// Lambda non-proxy: the function (by name, with an optional `:alias`, by ARN, or the
    /// stack's own) gets the body (or what the request templates make of it) as its event,
    /// and its result goes through the integration responses. API Gateway may invoke it by
    /// a permission the stack grants (or the [`role`](AwsIntegration::role) you give).
    Lambda(LambdaFunction),
    /// Any other action: `service` (as in `arn:aws:apigateway:…:<service>:…`) with an
    /// `action/<Action>` or `path/<path>` target, called with `http_method`.
    Other {
        /// The service's API Gateway name (`sqs`, `dynamodb`, `states`, …).
        service: String,
        /// `action/<Action>` or `path/<path>` (the text after the service in the URI).
        target: String,
        /// The method API Gateway calls the service with.
        http_method: HttpMethod,
    },
    /// An action synth does not know, by the name a stack file gives (`sqs:SendMesage`):
    /// synth reports it.
    Unknown(String),
}

/// A DynamoDB action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DynamoDbAction {
    /// Writes the body (the item in DynamoDB's JSON) as an item.
    PutItem,
    /// Reads the item whose key attributes are the route's path parameters (strings).
    GetItem,
    /// Queries: give the request template (`KeyConditionExpression`, …).
    Query,
    /// Updates: give the request template (`UpdateExpression`, …).
    UpdateItem,
    /// Deletes the item whose key attributes are the route's path parameters (strings).
    DeleteItem,
}

impl DynamoDbAction {
    /// The action's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PutItem => "PutItem",
            Self::GetItem => "GetItem",
            Self::Query => "Query",
            Self::UpdateItem => "UpdateItem",
            Self::DeleteItem => "DeleteItem",
        }
    }
}

impl AwsIntegration {
    pub(crate) fn new(action: AwsAction) -> Self {
        Self {
            action,
            role: None,
            grants: Vec::new(),
            options: IntegrationOptions::default(),
        }
    }

    /// The role API Gateway assumes to call the service, by ARN, instead of the generated
    /// one. Default: a role synth generates, allowed this action on this resource only
    /// (required for [`Integration::aws_service`](crate::Integration::aws_service)).
    pub fn role(mut self, arn: impl Into<Value>) -> Self {
        self.role = Some(arn.into());
        self
    }

    /// Also allows the generated role `action` (`kms:GenerateDataKey`) on `resource` (an
    /// ARN), e.g. for an encrypted queue. Default: the integration's action alone.
    pub fn grant(mut self, action: impl Into<String>, resource: impl Into<Value>) -> Self {
        self.grants.push((action.into(), resource.into()));
        self
    }

    /// The action it calls.
    pub fn action(&self) -> &AwsAction {
        &self.action
    }
}

option_setters!(AwsIntegration);
