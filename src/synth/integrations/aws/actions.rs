//! What each known AWS service action is made of: the URI it calls, the request template
//! and headers it needs, and what its generated role may do, on which resource.

use crate::api::{AwsAction, DynamoDbAction, HttpMethod, Value};
use crate::cfn::{Expr, Pseudo, SubPart};

use super::super::super::parameters;

/// A piece of a string built at deploy time.
pub(super) enum Piece<'a> {
    /// Text as it is.
    Text(String),
    /// A pseudo parameter.
    Pseudo(Pseudo),
    /// A value given at deploy time.
    Value(&'a Value),
}

impl From<&str> for Piece<'_> {
    fn from(text: &str) -> Self {
        Piece::Text(text.to_owned())
    }
}

/// The pieces as one string: a literal, a `Fn::Sub`, or (when a value can't be a `Fn::Sub`
/// part) a `Fn::Join`.
pub(super) fn concat(pieces: Vec<Piece<'_>>) -> Expr {
    let mut parts: Vec<SubPart> = Vec::new();
    let mut exprs: Vec<Expr> = Vec::new();
    let mut joined = false;
    for piece in pieces {
        let expr = match piece {
            Piece::Text(t) => Expr::Literal(t),
            Piece::Pseudo(p) => Expr::Pseudo(p),
            Piece::Value(v) => parameters::expr(v),
        };
        match (&expr, expr.as_sub_part()) {
            (Expr::Sub(inner), _) => parts.extend(inner.iter().cloned()),
            (_, Some(part)) => parts.push(part),
            (_, None) => joined = true,
        }
        exprs.push(expr);
    }
    if joined {
        return Expr::Join(String::new(), exprs);
    }
    if parts.iter().all(|p| matches!(p, SubPart::Text(_))) {
        let text: String = exprs
            .iter()
            .map(|e| match e {
                Expr::Literal(t) => t.as_str(),
                _ => "",
            })
            .collect();
        return Expr::Literal(text);
    }
    Expr::Sub(parts)
}

/// `arn:${AWS::Partition}:<service>:${AWS::Region}:${AWS::AccountId}:<rest…>`.
pub(super) fn arn<'a>(service: &str, regional: bool, rest: Vec<Piece<'a>>) -> Expr {
    let mut pieces = vec![
        Piece::from("arn:"),
        Piece::Pseudo(Pseudo::Partition),
        Piece::Text(format!(":{service}:")),
    ];
    if regional {
        pieces.extend([
            Piece::Pseudo(Pseudo::Region),
            Piece::from(":"),
            Piece::Pseudo(Pseudo::AccountId),
            Piece::from(":"),
        ]);
    } else {
        pieces.push(Piece::from("::"));
    }
    pieces.extend(rest);
    concat(pieces)
}

/// The service, URI target and HTTP method of `action`.
pub(super) fn target(action: &AwsAction) -> (String, Vec<Piece<'_>>, HttpMethod) {
    let post = HttpMethod::Post;
    match action {
        AwsAction::SqsSendMessage { queue } => (
            "sqs".into(),
            vec![
                Piece::from("path/"),
                Piece::Pseudo(Pseudo::AccountId),
                Piece::from("/"),
                Piece::Value(queue),
            ],
            post,
        ),
        AwsAction::SnsPublish { .. } => ("sns".into(), vec!["action/Publish".into()], post),
        AwsAction::DynamoDb { action, .. } => (
            "dynamodb".into(),
            vec![Piece::Text(format!("action/{}", action.as_str()))],
            post,
        ),
        AwsAction::StepFunctions { sync, .. } => (
            "states".into(),
            vec![Piece::from(if *sync {
                "action/StartSyncExecution"
            } else {
                "action/StartExecution"
            })],
            post,
        ),
        AwsAction::EventBridgePutEvents { .. } => {
            ("events".into(), vec!["action/PutEvents".into()], post)
        }
        AwsAction::S3 { put, bucket, key } => (
            "s3".into(),
            vec![
                Piece::from("path/"),
                Piece::Value(bucket),
                Piece::Text(format!("/{key}")),
            ],
            if *put {
                HttpMethod::Put
            } else {
                HttpMethod::Get
            },
        ),
        AwsAction::KinesisPutRecord { .. } => {
            ("kinesis".into(), vec!["action/PutRecord".into()], post)
        }
        // Its URI is the proxy's (see `emit`).
        AwsAction::Lambda(_) => ("lambda".into(), Vec::new(), post),
        AwsAction::Other {
            service,
            target,
            http_method,
        } => (
            service.clone(),
            vec![Piece::Text(target.clone())],
            *http_method,
        ),
        AwsAction::Unknown(name) => (name.clone(), Vec::new(), post),
    }
}

/// What the generated role may do: the actions, and the resources' ARNs. Empty for an
/// action synth generates no role for.
pub(super) fn grants(action: &AwsAction) -> (Vec<&'static str>, Vec<Expr>) {
    match action {
        AwsAction::SqsSendMessage { queue } => (
            vec!["sqs:SendMessage"],
            vec![arn("sqs", true, vec![Piece::Value(queue)])],
        ),
        AwsAction::SnsPublish { topic } => (vec!["sns:Publish"], vec![parameters::expr(topic)]),
        AwsAction::DynamoDb { action, table } => {
            let table_arn = |suffix: &str| {
                arn(
                    "dynamodb",
                    true,
                    vec![
                        Piece::from("table/"),
                        Piece::Value(table),
                        Piece::Text(suffix.to_owned()),
                    ],
                )
            };
            let name = match action {
                DynamoDbAction::PutItem => "dynamodb:PutItem",
                DynamoDbAction::GetItem => "dynamodb:GetItem",
                DynamoDbAction::Query => "dynamodb:Query",
                DynamoDbAction::UpdateItem => "dynamodb:UpdateItem",
                DynamoDbAction::DeleteItem => "dynamodb:DeleteItem",
            };
            let mut resources = vec![table_arn("")];
            if *action == DynamoDbAction::Query {
                resources.push(table_arn("/index/*"));
            }
            (vec![name], resources)
        }
        AwsAction::StepFunctions {
            sync,
            state_machine,
        } => (
            vec![if *sync {
                "states:StartSyncExecution"
            } else {
                "states:StartExecution"
            }],
            vec![parameters::expr(state_machine)],
        ),
        AwsAction::EventBridgePutEvents { bus, .. } => (
            vec!["events:PutEvents"],
            vec![arn(
                "events",
                true,
                vec![Piece::from("event-bus/"), Piece::Value(bus)],
            )],
        ),
        AwsAction::S3 { put, bucket, key } => {
            let pattern: String = key
                .split('/')
                .map(|part| if part.starts_with('{') { "*" } else { part })
                .collect::<Vec<_>>()
                .join("/");
            (
                vec![if *put { "s3:PutObject" } else { "s3:GetObject" }],
                vec![arn(
                    "s3",
                    false,
                    vec![Piece::Value(bucket), Piece::Text(format!("/{pattern}"))],
                )],
            )
        }
        AwsAction::KinesisPutRecord { stream } => (
            vec!["kinesis:PutRecord"],
            vec![arn(
                "kinesis",
                true,
                vec![Piece::from("stream/"), Piece::Value(stream)],
            )],
        ),
        // A Lambda function is invoked by a permission the stack grants, not by a role.
        AwsAction::Lambda(_) | AwsAction::Other { .. } | AwsAction::Unknown(_) => {
            (Vec::new(), Vec::new())
        }
    }
}

/// The request template (`application/json`) and header mappings `action` needs, for a
/// route with these path parameters; `None` where the stack must give the template.
pub(super) fn request(
    action: &AwsAction,
    route: &[&str],
) -> Option<(Expr, Vec<(&'static str, &'static str)>)> {
    let form = vec![("Content-Type", "'application/x-www-form-urlencoded'")];
    let json_body = "$util.escapeJavaScript($input.json('$'))";
    let template = match action {
        AwsAction::SqsSendMessage { .. } => {
            return Some((
                Expr::literal("Action=SendMessage&MessageBody=$util.urlEncode($input.body)"),
                form,
            ));
        }
        AwsAction::SnsPublish { topic } => {
            return Some((
                concat(vec![
                    "Action=Publish&TopicArn=$util.urlEncode('".into(),
                    Piece::Value(topic),
                    "')&Message=$util.urlEncode($input.body)".into(),
                ]),
                form,
            ));
        }
        AwsAction::DynamoDb { action, table } => {
            let head = vec!["{\"TableName\": \"".into(), Piece::Value(table)];
            let tail = match action {
                DynamoDbAction::PutItem => "\", \"Item\": $input.json('$')}".to_owned(),
                DynamoDbAction::GetItem | DynamoDbAction::DeleteItem if !route.is_empty() => {
                    let key: Vec<String> = route
                        .iter()
                        .map(|p| {
                            format!(
                                "\"{p}\": {{\"S\": \"$util.escapeJavaScript($input.params('{p}'))\"}}"
                            )
                        })
                        .collect();
                    format!("\", \"Key\": {{{}}}}}", key.join(", "))
                }
                DynamoDbAction::GetItem
                | DynamoDbAction::DeleteItem
                | DynamoDbAction::Query
                | DynamoDbAction::UpdateItem => return None,
            };
            let mut pieces = head;
            pieces.push(Piece::Text(tail));
            concat(pieces)
        }
        AwsAction::StepFunctions { state_machine, .. } => concat(vec![
            Piece::Text(format!("{{\"input\": \"{json_body}\", \"stateMachineArn\": \"")),
            Piece::Value(state_machine),
            "\"}".into(),
        ]),
        AwsAction::EventBridgePutEvents {
            bus,
            source,
            detail_type,
        } => {
            return Some((
                concat(vec![
                    "{\"Entries\": [{\"EventBusName\": \"".into(),
                    Piece::Value(bus),
                    Piece::Text(format!(
                        "\", \"Source\": \"{source}\", \"DetailType\": \"{detail_type}\", \"Detail\": \"{json_body}\"}}]}}"
                    )),
                ]),
                vec![
                    ("X-Amz-Target", "'AWSEvents.PutEvents'"),
                    ("Content-Type", "'application/x-amz-json-1.1'"),
                ],
            ));
        }
        AwsAction::KinesisPutRecord { stream } => concat(vec![
            "{\"StreamName\": \"".into(),
            Piece::Value(stream),
            "\", \"Data\": \"$util.base64Encode($input.json('$'))\", \"PartitionKey\": \"$context.requestId\"}".into(),
        ]),
        // The body is the object, as it came; the key comes from the path.
        AwsAction::S3 { .. }
        | AwsAction::Lambda(_)
        | AwsAction::Other { .. }
        | AwsAction::Unknown(_) => return None,
    };
    Some((template, Vec::new()))
}

/// Whether `action` needs a template from the stack (it has no default).
pub(super) fn needs_template(action: &AwsAction) -> bool {
    matches!(
        action,
        AwsAction::DynamoDb {
            action: DynamoDbAction::Query | DynamoDbAction::UpdateItem,
            ..
        }
    )
}

/// The values `action` names.
pub(crate) fn values(action: &AwsAction) -> Vec<&Value> {
    match action {
        AwsAction::SqsSendMessage { queue: v }
        | AwsAction::SnsPublish { topic: v }
        | AwsAction::DynamoDb { table: v, .. }
        | AwsAction::StepFunctions {
            state_machine: v, ..
        }
        | AwsAction::EventBridgePutEvents { bus: v, .. }
        | AwsAction::S3 { bucket: v, .. }
        | AwsAction::KinesisPutRecord { stream: v } => vec![v],
        AwsAction::Lambda(_) | AwsAction::Other { .. } | AwsAction::Unknown(_) => Vec::new(),
    }
}
