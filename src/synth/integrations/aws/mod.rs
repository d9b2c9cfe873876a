//! AWS service integrations: checked, emitted with each known action's URI and request
//! template ([`actions`]), and given a least-privilege role (the action on the named
//! resource alone).

use std::collections::BTreeMap;

use crate::api::{AwsAction, AwsIntegration, DynamoDbAction};
use crate::cfn::apigateway::{self, MethodResponse};
use crate::cfn::iam::{
    Permission, PermissionsDocument, Policy, PolicyDocument, Role, ServicePrincipal, Statement,
};
use crate::cfn::{Attribute, Expr, LogicalId, Pseudo, Text};

mod actions;

pub(crate) use actions::values as action_values;
use actions::{Piece, concat, grants, needs_template, request, target, values};

use super::super::parameters::{self, Declared, check_value};
use super::super::problems::Problems;
use super::options::{self, At, route_parameters};

/// The stack-file key of an AWS service integration.
const FIELD: &str = "aws";

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
                 events:PutEvents, s3:GetObject, s3:PutObject, kinesis:PutRecord and \
                 lambda:InvokeFunction; for any other give `service`, `target` and a `role`"
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
        AwsAction::Lambda(function) => {
            super::check_function(function, declared, path, method, problems);
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
        // An ARN's last segment names the resource well enough.
        values(&aws.action).first().map_or("", |v| v
            .label()
            .rsplit([':', '/'])
            .next()
            .unwrap_or_default())
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
    integration.uri = Some(if let AwsAction::Lambda(function) = &aws.action {
        super::lambda_uri(function)
    } else {
        concat(pieces)
    });
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
    // A function's errors are matched by the stack's selection patterns, if any.
    let defaults = if let AwsAction::Lambda(_) = &aws.action {
        options::PASS_THROUGH
    } else {
        options::ERROR_RESPONSES
    };
    let responses = options::apply(
        &mut integration,
        &aws.options,
        &implicit,
        false,
        defaults,
        method_parameters,
    );
    (integration, responses)
}
