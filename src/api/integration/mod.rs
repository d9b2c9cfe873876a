//! Integrations: where API Gateway sends a method's requests. One module per kind;
//! [`Integration`] is the family.

mod aws;
mod http;
mod lambda;
mod mock;
mod options;

pub use aws::{AwsAction, AwsIntegration, DynamoDbAction};
pub use http::HttpIntegration;
pub use lambda::{LambdaFunction, LambdaIntegration};
pub use mock::MockIntegration;
pub use options::{
    ContentHandling, IntegrationOptions, IntegrationResponse, Passthrough, RequestSource,
};

use super::{HttpMethod, Value};

/// The backend of a method, of any kind this crate emits. Every layer matches on it
/// exhaustively, so a new kind is a new variant the compiler points to everywhere it must be
/// handled.
///
/// ```
/// use apigw_synth::Integration;
/// let products = Integration::lambda("get-product");
/// let health = Integration::mock();
/// assert!(matches!(products, Integration::Lambda(_)));
/// assert!(matches!(health, Integration::Mock(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Integration {
    /// A Lambda proxy integration (`AWS_PROXY`).
    Lambda(LambdaIntegration),
    /// A `MOCK` integration.
    Mock(MockIntegration),
    /// An `HTTP` or `HTTP_PROXY` integration.
    Http(HttpIntegration),
    /// An `AWS` integration to a service action.
    Aws(AwsIntegration),
}

impl Integration {
    /// Lambda proxy integration (`AWS_PROXY`, called with `POST`) to the function named
    /// `function_name` in the stack's account and region. The stack grants API Gateway
    /// permission to invoke it. A qualifier calls an alias or a version:
    /// `get-product:live`, `get-product:7`; the permission is then granted on it.
    pub fn lambda(function_name: impl Into<String>) -> Self {
        LambdaIntegration::new(LambdaFunction::Name(function_name.into())).into()
    }

    /// Lambda proxy integration to the function with this ARN (a literal or a parameter).
    pub fn lambda_arn(arn: impl Into<Value>) -> Self {
        LambdaIntegration::new(LambdaFunction::Arn(arn.into())).into()
    }

    /// Lambda proxy integration to the `AWS::Lambda::Function` the stack declares raw with
    /// logical id `resource` (the SAM and CDK habit: the function in the same stack). The
    /// stack grants API Gateway permission to invoke it.
    pub fn lambda_resource(resource: impl Into<String>) -> Self {
        LambdaIntegration::new(LambdaFunction::Resource(resource.into())).into()
    }

    /// A `MOCK` integration that answers `200` with an empty body.
    pub fn mock() -> Self {
        MockIntegration::new().into()
    }

    /// A `MOCK` integration answering `status` (100 to 599) with `body` as
    /// `application/json`: a fixed answer, a placeholder, a `410 Gone` for a retired route.
    pub fn mock_response(status: u16, body: impl Into<String>) -> MockIntegration {
        MockIntegration {
            status,
            body: Some(body.into()),
        }
    }

    /// An `HTTP_PROXY` integration: the request goes to `url` (`http://` or `https://`, a
    /// literal or any [`Value`]) as it came, and the answer comes back as it is.
    pub fn http_proxy(url: impl Into<Value>) -> HttpIntegration {
        HttpIntegration::new(url.into(), true)
    }

    /// An `HTTP` integration: the request goes to `url` through the request mapping
    /// (parameters, templates) and the answer through the integration responses.
    pub fn http(url: impl Into<Value>) -> HttpIntegration {
        HttpIntegration::new(url.into(), false)
    }
}

/// AWS service integrations, one constructor per action synth knows.
impl Integration {
    /// SQS `SendMessage` to the queue named `queue` (stack's account and region): the body
    /// becomes the message.
    pub fn sqs_send_message(queue: impl Into<Value>) -> AwsIntegration {
        AwsIntegration::new(AwsAction::SqsSendMessage {
            queue: queue.into(),
        })
    }

    /// SNS `Publish` to the topic with ARN `topic`: the body becomes the message.
    pub fn sns_publish(topic: impl Into<Value>) -> AwsIntegration {
        AwsIntegration::new(AwsAction::SnsPublish {
            topic: topic.into(),
        })
    }

    /// A DynamoDB `action` on the table named `table`.
    pub fn dynamodb(action: DynamoDbAction, table: impl Into<Value>) -> AwsIntegration {
        AwsIntegration::new(AwsAction::DynamoDb {
            action,
            table: table.into(),
        })
    }

    /// Step Functions `StartExecution` of the state machine with ARN `state_machine`: the
    /// body becomes the execution's input.
    pub fn step_functions_start(state_machine: impl Into<Value>) -> AwsIntegration {
        AwsIntegration::new(AwsAction::StepFunctions {
            sync: false,
            state_machine: state_machine.into(),
        })
    }

    /// Step Functions `StartSyncExecution` (an Express state machine): the answer is the
    /// execution's result.
    pub fn step_functions_start_sync(state_machine: impl Into<Value>) -> AwsIntegration {
        AwsIntegration::new(AwsAction::StepFunctions {
            sync: true,
            state_machine: state_machine.into(),
        })
    }

    /// EventBridge `PutEvents` on the bus named `bus`: the body becomes the detail of an
    /// event with this `source` and `detail_type`.
    pub fn eventbridge_put_events(
        bus: impl Into<Value>,
        source: impl Into<String>,
        detail_type: impl Into<String>,
    ) -> AwsIntegration {
        AwsIntegration::new(AwsAction::EventBridgePutEvents {
            bus: bus.into(),
            source: source.into(),
            detail_type: detail_type.into(),
        })
    }

    /// S3 `GetObject` of `key` (`{name}` is the route's path parameter) in the bucket named
    /// `bucket`.
    pub fn s3_get_object(bucket: impl Into<Value>, key: impl Into<String>) -> AwsIntegration {
        AwsIntegration::new(AwsAction::S3 {
            put: false,
            bucket: bucket.into(),
            key: key.into(),
        })
    }

    /// S3 `PutObject`: the body becomes the object `key` in the bucket named `bucket`.
    pub fn s3_put_object(bucket: impl Into<Value>, key: impl Into<String>) -> AwsIntegration {
        AwsIntegration::new(AwsAction::S3 {
            put: true,
            bucket: bucket.into(),
            key: key.into(),
        })
    }

    /// Kinesis `PutRecord` to the stream named `stream`: the body becomes the record.
    pub fn kinesis_put_record(stream: impl Into<Value>) -> AwsIntegration {
        AwsIntegration::new(AwsAction::KinesisPutRecord {
            stream: stream.into(),
        })
    }

    /// A Lambda non-proxy integration (`AWS`) to the function named `function_name`
    /// (`get-product`, `get-product:live`): request templates make its event, integration
    /// responses its answer (selection patterns match its error message). The stack grants
    /// API Gateway permission to invoke it.
    pub fn lambda_non_proxy(function_name: impl Into<String>) -> AwsIntegration {
        AwsIntegration::new(AwsAction::Lambda(LambdaFunction::Name(
            function_name.into(),
        )))
    }

    /// Any other service action: `service` as API Gateway names it (`sqs`, `states`, …),
    /// `target` `action/<Action>` or `path/<path>`, called with `http_method`. It needs a
    /// [`role`](AwsIntegration::role) and usually request templates.
    pub fn aws_service(
        service: impl Into<String>,
        target: impl Into<String>,
        http_method: HttpMethod,
    ) -> AwsIntegration {
        AwsIntegration::new(AwsAction::Other {
            service: service.into(),
            target: target.into(),
            http_method,
        })
    }
}

impl From<AwsIntegration> for Integration {
    fn from(integration: AwsIntegration) -> Self {
        Integration::Aws(integration)
    }
}

impl From<HttpIntegration> for Integration {
    fn from(integration: HttpIntegration) -> Self {
        Integration::Http(integration)
    }
}

impl From<LambdaIntegration> for Integration {
    fn from(integration: LambdaIntegration) -> Self {
        Integration::Lambda(integration)
    }
}

impl From<MockIntegration> for Integration {
    fn from(integration: MockIntegration) -> Self {
        Integration::Mock(integration)
    }
}
