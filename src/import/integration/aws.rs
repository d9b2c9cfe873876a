//! The stack-file AWS integrations an `aws` integration of a document may be: a known
//! service action on the resource its URI or request template names (the generated role,
//! or the document's), a Lambda function without proxy, or any action by service and target
//! with the document's role.

use serde_json::{Map, Value};

use super::super::values::Placeholders;
use super::backend::{Backend, Candidate, api_value, aws_spec};
use crate::api::{AwsIntegration, DynamoDbAction, HttpMethod, Integration};
use crate::stack_file::format::{AwsSpec, ValueSpec};

/// What the document's AWS integration is made of.
pub(super) struct Source<'a> {
    /// The service as API Gateway names it (`sqs`).
    pub(super) service: &'a str,
    /// `path/…` or `action/…`.
    pub(super) target: &'a str,
    /// The method API Gateway calls the service with (`POST` when not given).
    pub(super) http_method: String,
    /// The role's ARN, as text.
    pub(super) credentials: Option<String>,
    /// The `application/json` request template, as text.
    pub(super) template: Option<String>,
    /// The function a Lambda URI names.
    pub(super) function: Option<&'a str>,
    /// Where the integration is, for the values it names.
    pub(super) at: String,
}

/// The service and target of an AWS integration URI
/// (`arn:P:apigateway:REGION:SERVICE:path/…` or `…:action/…`).
pub(super) fn service_target(uri: &str) -> Option<(&str, &str)> {
    let start = uri.find(":apigateway:")? + ":apigateway:".len();
    let rest = &uri[start..];
    // The region: text, or one `${…}`.
    let region_end = if rest.starts_with("${") {
        rest.find('}')? + 1
    } else {
        rest.find(':')?
    };
    let rest = rest[region_end..].strip_prefix(':')?;
    let (service, target) = rest.split_once(':')?;
    (!service.is_empty() && (target.starts_with("path/") || target.starts_with("action/")))
        .then_some((service, target))
}

/// The candidates for `source`, each with its own copy of `values`: the known action with
/// its generated role, then with the document's role, then any action with that role.
pub(super) fn candidates(
    source: &Source<'_>,
    values: &Placeholders,
) -> Vec<(Candidate, Placeholders)> {
    let mut out = Vec::new();
    let roles = std::iter::once(None).chain(source.credentials.as_deref().map(Some));
    for role in roles {
        let mut values = values.clone();
        if let Some((api, spec)) = known(source, &mut values) {
            let candidate = with_role(api, spec, role, &mut values, &source.at);
            out.push((candidate, values));
        }
    }
    if let Some(role) = &source.credentials {
        let mut values = values.clone();
        let method: HttpMethod = source.http_method.parse().unwrap_or(HttpMethod::Post);
        let api = Integration::aws_service(source.service, source.target, method);
        let mut spec = aws_spec(None);
        spec.service = Some(source.service.to_owned());
        spec.target = Some(source.target.to_owned());
        spec.http_method = (method != HttpMethod::Post).then(|| method.as_str().to_owned());
        let candidate = with_role(api, spec, Some(role), &mut values, &source.at);
        out.push((candidate, values));
    }
    out
}

/// `api` and `spec` with `role`, when given.
fn with_role(
    mut api: AwsIntegration,
    mut spec: AwsSpec,
    role: Option<&str>,
    values: &mut Placeholders,
    at: &str,
) -> Candidate {
    if let Some(role) = role {
        let value = values.value(role, at);
        api = api.role(api_value(&value));
        spec.role = Some(value);
    }
    Candidate {
        api: api.into(),
        spec: Backend::Aws(Box::new(spec)),
    }
}

/// The text between `start` and `end` in `text`.
fn between<'t>(text: &'t str, start: &str, end: &str) -> Option<&'t str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

/// The known action `source` calls, with the resource it names.
fn known(source: &Source<'_>, values: &mut Placeholders) -> Option<(AwsIntegration, AwsSpec)> {
    let template = source.template.as_deref().unwrap_or_default();
    let at = source.at.as_str();
    let mut value = |text: &str| -> (ValueSpec, crate::api::Value) {
        let v = values.value(text, at);
        let api = api_value(&v);
        (v, api)
    };
    let (service, target) = (source.service, source.target);
    Some(match (service, target) {
        ("sqs", t) => {
            let queue = t.strip_prefix("path/${AWS::AccountId}/")?;
            let (v, a) = value(queue);
            let mut spec = aws_spec(Some("sqs:SendMessage"));
            spec.queue = Some(v);
            (Integration::sqs_send_message(a), spec)
        }
        ("sns", "action/Publish") => {
            let topic = between(template, "TopicArn=$util.urlEncode('", "')&Message=")?;
            let (v, a) = value(topic);
            let mut spec = aws_spec(Some("sns:Publish"));
            spec.topic = Some(v);
            (Integration::sns_publish(a), spec)
        }
        ("dynamodb", t) => {
            let action = match t.strip_prefix("action/")? {
                "PutItem" => DynamoDbAction::PutItem,
                "GetItem" => DynamoDbAction::GetItem,
                "Query" => DynamoDbAction::Query,
                "UpdateItem" => DynamoDbAction::UpdateItem,
                "DeleteItem" => DynamoDbAction::DeleteItem,
                _ => return None,
            };
            let table = between(template, "{\"TableName\": \"", "\"")?;
            let (v, a) = value(table);
            let mut spec = aws_spec(Some(&format!("dynamodb:{}", action.as_str())));
            spec.table = Some(v);
            (Integration::dynamodb(action, a), spec)
        }
        ("states", t @ ("action/StartExecution" | "action/StartSyncExecution")) => {
            let machine = between(template, "\"stateMachineArn\": \"", "\"}")?;
            let (v, a) = value(machine);
            let sync = t.ends_with("SyncExecution");
            let mut spec = aws_spec(Some(if sync {
                "states:StartSyncExecution"
            } else {
                "states:StartExecution"
            }));
            spec.state_machine = Some(v);
            let api = if sync {
                Integration::step_functions_start_sync(a)
            } else {
                Integration::step_functions_start(a)
            };
            (api, spec)
        }
        ("events", "action/PutEvents") => {
            let bus = between(template, "\"EventBusName\": \"", "\", \"Source\": \"")?;
            let from = between(template, "\", \"Source\": \"", "\", \"DetailType\": \"")?;
            let detail = between(template, "\", \"DetailType\": \"", "\", \"Detail\": \"")?;
            let (v, a) = value(bus);
            let mut spec = aws_spec(Some("events:PutEvents"));
            spec.bus = Some(v);
            spec.source = Some(from.to_owned());
            spec.detail_type = Some(detail.to_owned());
            (Integration::eventbridge_put_events(a, from, detail), spec)
        }
        ("s3", t) => {
            let (bucket, key) = t.strip_prefix("path/")?.split_once('/')?;
            let put = match source.http_method.as_str() {
                "GET" => false,
                "PUT" => true,
                _ => return None,
            };
            let (v, a) = value(bucket);
            let mut spec = aws_spec(Some(if put { "s3:PutObject" } else { "s3:GetObject" }));
            spec.bucket = Some(v);
            spec.key = Some(key.to_owned());
            let api = if put {
                Integration::s3_put_object(a, key)
            } else {
                Integration::s3_get_object(a, key)
            };
            (api, spec)
        }
        ("kinesis", "action/PutRecord") => {
            let stream = between(template, "{\"StreamName\": \"", "\"")?;
            let (v, a) = value(stream);
            let mut spec = aws_spec(Some("kinesis:PutRecord"));
            spec.stream = Some(v);
            (Integration::kinesis_put_record(a), spec)
        }
        ("lambda", _) => {
            const OWN: &str =
                "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:";
            let name = source.function?.strip_prefix(OWN)?;
            if name.is_empty() || name.contains(['$', '/']) {
                return None;
            }
            let mut spec = aws_spec(Some("lambda:InvokeFunction"));
            spec.function = Some(name.to_owned());
            (Integration::lambda_non_proxy(name), spec)
        }
        _ => return None,
    })
}

/// The `application/json` request template of an integration, as text.
pub(super) fn json_template(map: &Map<String, Value>) -> Option<String> {
    let template = map.get("requestTemplates")?.get("application/json")?;
    match crate::openapi::as_texts(template) {
        Value::String(text) => Some(text),
        _ => None,
    }
}
