//! AWS service integrations: a stack file's `aws` (a known `action` with the fields it
//! takes, or `service` and `target`) into an [`AwsIntegration`].

use crate::{
    AwsAction, AwsIntegration, ContentHandling, DynamoDbAction, HttpMethod, IntegrationResponse,
    LambdaFunction, Passthrough, RequestSource, Value,
};

use super::super::super::LoadProblemKind;
use super::super::super::format::{AwsSpec, ContentHandlingSpec, PassthroughSpec, ValueSpec};
use super::super::super::load::{Loader, path_of};
use super::{OptionsSpec, request_target};

impl Loader {
    /// The AWS service integration `spec` (at `at`); `None`, with the problem recorded, when
    /// a field its action needs is missing or one it doesn't take is given.
    pub(super) fn aws(&mut self, spec: AwsSpec, at: &[String]) -> Option<AwsIntegration> {
        let AwsSpec {
            action,
            queue,
            topic,
            table,
            state_machine,
            bus,
            source,
            detail_type,
            bucket,
            key,
            stream,
            function,
            service,
            target,
            http_method,
            role,
            grants,
            timeout_ms,
            request_parameters,
            request_templates,
            responses,
            passthrough,
            content_handling,
        } = spec;
        let named = action.clone().unwrap_or_default();
        let mut fields = Fields {
            at,
            action: if named.is_empty() {
                "a service action".to_owned()
            } else {
                format!("`{named}`")
            },
            values: vec![
                ("queue", queue),
                ("topic", topic),
                ("table", table),
                ("stateMachine", state_machine),
                ("bus", bus),
                ("bucket", bucket),
                ("stream", stream),
            ],
            texts: vec![
                ("source", source),
                ("detailType", detail_type),
                ("key", key),
                ("function", function),
                ("service", service),
                ("target", target),
                ("httpMethod", http_method),
            ],
            missing: Vec::new(),
        };
        let dynamodb = |a| {
            Some(AwsAction::DynamoDb {
                action: a,
                table: Value::literal(""),
            })
        };
        let chosen = match named.as_str() {
            "sqs:SendMessage" => Some(AwsAction::SqsSendMessage {
                queue: fields.value(self, "queue"),
            }),
            "sns:Publish" => Some(AwsAction::SnsPublish {
                topic: fields.value(self, "topic"),
            }),
            "dynamodb:PutItem" => dynamodb(DynamoDbAction::PutItem),
            "dynamodb:GetItem" => dynamodb(DynamoDbAction::GetItem),
            "dynamodb:Query" => dynamodb(DynamoDbAction::Query),
            "dynamodb:UpdateItem" => dynamodb(DynamoDbAction::UpdateItem),
            "dynamodb:DeleteItem" => dynamodb(DynamoDbAction::DeleteItem),
            "states:StartExecution" | "states:StartSyncExecution" => {
                Some(AwsAction::StepFunctions {
                    sync: named.ends_with("SyncExecution"),
                    state_machine: fields.value(self, "stateMachine"),
                })
            }
            "events:PutEvents" => Some(AwsAction::EventBridgePutEvents {
                bus: fields.value(self, "bus"),
                source: fields.text("source"),
                detail_type: fields.text("detailType"),
            }),
            "s3:GetObject" | "s3:PutObject" => Some(AwsAction::S3 {
                put: named == "s3:PutObject",
                bucket: fields.value(self, "bucket"),
                key: fields.text("key"),
            }),
            "lambda:InvokeFunction" => Some(AwsAction::Lambda(LambdaFunction::Name(
                fields.text("function"),
            ))),
            "kinesis:PutRecord" => Some(AwsAction::KinesisPutRecord {
                stream: fields.value(self, "stream"),
            }),
            "" => {
                let method = fields.optional_text("httpMethod");
                let http_method = match method.as_deref().map(str::parse::<HttpMethod>) {
                    None => HttpMethod::Post,
                    Some(Ok(m)) => m,
                    Some(Err(_)) => {
                        let mut p = at.to_vec();
                        p.push("httpMethod".to_owned());
                        let message =
                            format!("`{}` is not an HTTP method", method.unwrap_or_default());
                        self.problem(&p, false, LoadProblemKind::InvalidValue, message);
                        return None;
                    }
                };
                Some(AwsAction::Other {
                    service: fields.text("service"),
                    target: fields.text("target"),
                    http_method,
                })
            }
            _ => None,
        };
        let chosen = match chosen {
            Some(AwsAction::DynamoDb { action, .. }) => AwsAction::DynamoDb {
                action,
                table: fields.value(self, "table"),
            },
            Some(other) => other,
            None => AwsAction::Unknown(named),
        };
        // An unknown action is synth's to report (with the actions it knows); its fields are
        // not checked.
        let known = !matches!(chosen, AwsAction::Unknown(_));
        if !fields.finish(self, known) {
            return None;
        }
        let mut aws = AwsIntegration::new(chosen);
        if let Some(role) = role {
            let mut p = at.to_vec();
            p.push("role".to_owned());
            aws = aws.role(self.value(role, p));
        }
        for (i, grant) in grants.into_iter().enumerate() {
            let mut p = at.to_vec();
            p.extend(path_of(&["grants", &i.to_string(), "resource"]));
            let resource = self.value(grant.resource, p);
            aws = aws.grant(grant.action, resource);
        }
        let options = OptionsSpec {
            timeout_ms,
            request_parameters,
            request_templates,
            responses,
            passthrough,
            content_handling,
        };
        Some(apply_options!(self, aws, options, at))
    }
}

/// An AWS integration's resource fields, taken by the action that needs them; what is left
/// given is a field the action doesn't take.
struct Fields<'a> {
    at: &'a [String],
    action: String,
    values: Vec<(&'static str, Option<ValueSpec>)>,
    texts: Vec<(&'static str, Option<String>)>,
    missing: Vec<&'static str>,
}

impl Fields<'_> {
    fn value(&mut self, loader: &mut Loader, name: &'static str) -> Value {
        let taken = self
            .values
            .iter_mut()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| v.take());
        match taken {
            Some(spec) => {
                let mut p = self.at.to_vec();
                p.push(name.to_owned());
                loader.value(spec, p)
            }
            None => {
                self.missing.push(name);
                Value::literal("")
            }
        }
    }

    fn optional_text(&mut self, name: &'static str) -> Option<String> {
        self.texts
            .iter_mut()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| v.take())
    }

    fn text(&mut self, name: &'static str) -> String {
        self.optional_text(name).unwrap_or_else(|| {
            self.missing.push(name);
            String::new()
        })
    }

    /// Records a problem for each field missing or (when `leftovers`) left over; false when
    /// there is one.
    fn finish(self, loader: &mut Loader, leftovers: bool) -> bool {
        let mut ok = true;
        for name in &self.missing {
            let message = format!("{} needs `{name}`", self.action);
            loader.problem(self.at, true, LoadProblemKind::MissingField, message);
            ok = false;
        }
        let given = self
            .values
            .iter()
            .filter(|(_, v)| v.is_some())
            .map(|(n, _)| *n);
        let given_texts = self
            .texts
            .iter()
            .filter(|(_, v)| v.is_some())
            .map(|(n, _)| *n);
        for name in given.chain(given_texts).filter(|_| leftovers) {
            let mut p = self.at.to_vec();
            p.push(name.to_owned());
            let message = format!("`{name}` is not a field of {}", self.action);
            loader.problem(&p, true, LoadProblemKind::UnknownField, message);
            ok = false;
        }
        ok
    }
}
