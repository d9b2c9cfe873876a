//! AWS service integrations: each known action's URI, request template and least-privilege
//! role (the action on the named resource alone), checked and emitted.

use std::collections::BTreeMap;

use crate::api::{AwsAction, AwsIntegration, DynamoDbAction, HttpMethod, Value};
use crate::cfn::apigateway::{self, MethodResponse};
use crate::cfn::iam::{
    Permission, PermissionsDocument, Policy, PolicyDocument, Role, ServicePrincipal, Statement,
};
use crate::cfn::{Attribute, Expr, LogicalId, Pseudo, SubPart, Text};

use super::super::parameters::{self, Declared, check_value};
use super::super::problems::Problems;
use super::options::{self, At, route_parameters};

/// The stack-file key of an AWS service integration.
const FIELD: &str = "aws";

/// A piece of a string built at deploy time.
enum Piece<'a> {
    Text(String),
    Pseudo(Pseudo),
    Value(&'a Value),
}

impl From<&str> for Piece<'_> {
    fn from(text: &str) -> Self {
        Piece::Text(text.to_owned())
    }
}

/// The pieces as one string: a literal, a `Fn::Sub`, or (when a value can't be a `Fn::Sub`
/// part) a `Fn::Join`.
fn concat(pieces: Vec<Piece<'_>>) -> Expr {
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
fn arn<'a>(service: &str, regional: bool, rest: Vec<Piece<'a>>) -> Expr {
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
fn target(action: &AwsAction) -> (String, Vec<Piece<'_>>, HttpMethod) {
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
fn grants(action: &AwsAction) -> (Vec<&'static str>, Vec<Expr>) {
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
        AwsAction::Other { .. } | AwsAction::Unknown(_) => (Vec::new(), Vec::new()),
    }
}

/// The request template (`application/json`) and header mappings `action` needs, for a
/// route with these path parameters; `None` where the stack must give the template.
fn request(
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
        AwsAction::S3 { .. } | AwsAction::Other { .. } | AwsAction::Unknown(_) => return None,
    };
    Some((template, Vec::new()))
}

/// Whether `action` needs a template from the stack (it has no default).
fn needs_template(action: &AwsAction) -> bool {
    matches!(
        action,
        AwsAction::DynamoDb {
            action: DynamoDbAction::Query | DynamoDbAction::UpdateItem,
            ..
        }
    )
}

/// The values `action` names.
fn values(action: &AwsAction) -> Vec<&Value> {
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
        AwsAction::Other { .. } | AwsAction::Unknown(_) => Vec::new(),
    }
}

/// Every problem of `aws` on the method `method` of the route `path`.
pub(crate) fn check(
    aws: &AwsIntegration,
    declared: &Declared<'_>,
    path: &str,
    method: &str,
    problems: &mut Problems<'_>,
) {
    let at = At {
        path,
        method,
        field: FIELD,
    };
    let (p, m) = (Some(path), Some(method));
    for v in values(&aws.action) {
        check_value(v, declared, p, m, problems);
    }
    if let Some(role) = &aws.role {
        check_value(role, declared, p, m, problems);
        if !aws.grants.is_empty() {
            at.report(
                problems,
                "`role` is used instead of the generated role, which `grant` adds to: give one \
                 or the other"
                    .to_owned(),
            );
        }
    }
    for (action, resource) in &aws.grants {
        check_value(resource, declared, p, m, problems);
        if !action.contains(':') || action.contains('*') || action.starts_with(':') {
            at.report(
                problems,
                format!("grant `{action}` is not one `service:Action` (no wildcards)"),
            );
        }
        if resource.literals().contains(&"*") {
            at.report(
                problems,
                format!("grant `{action}` on `*`: name the resource (least privilege)"),
            );
        }
    }
    let route = route_parameters(path);
    match &aws.action {
        AwsAction::Unknown(name) => at.report(
            problems,
            format!(
                "unknown service action `{name}`: synth knows sqs:SendMessage, sns:Publish, \
                 dynamodb:PutItem, dynamodb:GetItem, dynamodb:Query, dynamodb:UpdateItem, \
                 dynamodb:DeleteItem, states:StartExecution, states:StartSyncExecution, \
                 events:PutEvents, s3:GetObject, s3:PutObject and kinesis:PutRecord; for any \
                 other give `service`, `target` and a `role`"
            ),
        ),
        AwsAction::Other {
            service, target, ..
        } => {
            let service_ok = !service.is_empty()
                && service
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            let target_ok = target
                .strip_prefix("action/")
                .or_else(|| target.strip_prefix("path/"))
                .is_some_and(|rest| !rest.is_empty());
            if !service_ok || !target_ok {
                at.report(
                    problems,
                    format!(
                        "unknown service action `{service}:{target}`: give the service as API \
                         Gateway names it (`sqs`, `states`) and `action/<Action>` or `path/<path>`"
                    ),
                );
            }
            if aws.role.is_none() {
                at.report(
                    problems,
                    format!(
                        "synth generates no role for `{service}:{target}`: give one with `role`"
                    ),
                );
            }
        }
        AwsAction::DynamoDb {
            action: DynamoDbAction::GetItem | DynamoDbAction::DeleteItem,
            ..
        } if route.is_empty() && aws.options.request_templates.is_empty() => at.report(
            problems,
            "a DynamoDB item is keyed by the route's path parameters, and the route has none: \
             give a request template"
                .to_owned(),
        ),
        AwsAction::S3 { key, .. } => {
            for part in key.split('/') {
                if let Some(name) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}'))
                    && !route.contains(name.trim_end_matches('+'))
                {
                    at.report(
                        problems,
                        format!(
                            "the object key's `{{{name}}}` is not a path parameter of the route"
                        ),
                    );
                }
            }
        }
        AwsAction::SqsSendMessage { .. }
        | AwsAction::SnsPublish { .. }
        | AwsAction::DynamoDb { .. }
        | AwsAction::StepFunctions { .. }
        | AwsAction::EventBridgePutEvents { .. }
        | AwsAction::KinesisPutRecord { .. } => {}
    }
    if needs_template(&aws.action) && aws.options.request_templates.is_empty() {
        at.report(
            problems,
            "this DynamoDB action needs a request template (`{ sub: ... ${Table} ... }` names the \
             table)"
                .to_owned(),
        );
    }
    options::check(&aws.options, false, declared, &at, problems);
}

/// The generated role of `aws`, when it gets one: its logical id and the role.
pub(crate) fn generated_role(aws: &AwsIntegration) -> Option<(LogicalId, Role)> {
    if aws.role.is_some() {
        return None;
    }
    let (actions, resources) = grants(&aws.action);
    if actions.is_empty() {
        return None;
    }
    let mut statement = vec![Permission {
        effect: "Allow".into(),
        action: actions.iter().map(|a| Text::from(*a)).collect(),
        resource: resources,
    }];
    for (action, resource) in &aws.grants {
        statement.push(Permission {
            effect: "Allow".into(),
            action: vec![Text::from(action.clone())],
            resource: vec![parameters::expr(resource)],
        });
    }
    let document = PermissionsDocument {
        version: "2012-10-17".into(),
        statement,
    };
    let key = crate::to_json(&document);
    let readable = format!(
        "{} {}",
        actions[0].replace(':', " "),
        values(&aws.action).first().map_or("", |v| v.label())
    );
    let role = Role {
        assume_role_policy_document: PolicyDocument {
            version: "2012-10-17".into(),
            statement: vec![Statement {
                effect: "Allow".into(),
                principal: ServicePrincipal {
                    service: "apigateway.amazonaws.com".into(),
                },
                action: "sts:AssumeRole".into(),
            }],
        },
        managed_policy_arns: Vec::new(),
        policies: vec![Policy {
            policy_name: actions[0].replace(':', "-").into(),
            policy_document: document,
        }],
    };
    Some((LogicalId::derive("IntegrationRole", &readable, &key), role))
}

/// `aws` as the `Integration` of a method on the route `path`, with its method responses;
/// adds the request parameters the method must declare to `method_parameters`.
pub(crate) fn emit(
    aws: &AwsIntegration,
    path: &str,
    method_parameters: &mut BTreeMap<Text, bool>,
) -> (apigateway::Integration, Vec<MethodResponse>) {
    let (service, target, http_method) = target(&aws.action);
    let mut pieces = vec![
        Piece::from("arn:"),
        Piece::Pseudo(Pseudo::Partition),
        Piece::from(":apigateway:"),
        Piece::Pseudo(Pseudo::Region),
        Piece::Text(format!(":{service}:")),
    ];
    pieces.extend(target);
    let mut integration = apigateway::Integration::of_type("AWS");
    integration.integration_http_method = Some(http_method.as_str().into());
    integration.uri = Some(concat(pieces));
    integration.credentials = match (&aws.role, generated_role(aws)) {
        (Some(role), _) => Some(parameters::expr(role)),
        (None, Some((id, _))) => Some(Expr::GetAtt(id, Attribute::Arn)),
        (None, None) => None,
    };
    let route: Vec<&str> = route_parameters(path).into_iter().collect();
    if let Some((template, headers)) = request(&aws.action, &route) {
        integration
            .request_templates
            .insert("application/json".into(), template);
        for (header, value) in headers {
            integration.request_parameters.insert(
                format!("integration.request.header.{header}").into(),
                Expr::literal(value),
            );
        }
    }
    let implicit: Vec<&str> = if let AwsAction::S3 { key, .. } = &aws.action {
        key.split('/')
            .filter_map(|p| p.strip_prefix('{')?.strip_suffix('}'))
            .map(|p| p.trim_end_matches('+'))
            .collect()
    } else {
        Vec::new()
    };
    let responses = options::apply(
        &mut integration,
        &aws.options,
        &implicit,
        false,
        options::ERROR_RESPONSES,
        method_parameters,
    );
    (integration, responses)
}
