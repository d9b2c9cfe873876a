//! Access logs: the log group a stage writes to, and the account's CloudWatch role.

use crate::api::{AccessLog, Stage, access_log_format};
use crate::cfn::apigateway::{AccessLogSetting, Account};
use crate::cfn::iam::{PolicyDocument, Role, ServicePrincipal, Statement};
use crate::cfn::logs::LogGroup;
use crate::cfn::{Attribute, Expr, LogicalId, Pseudo, Resource, SubPart, Tag};

use super::super::{Emitter, ids, parameters};

/// checkov's check that a log group is encrypted with a customer KMS key.
const CKV_LOG_KMS: &str = "CKV_AWS_158";

/// The managed policy that lets API Gateway write to CloudWatch Logs.
const PUSH_TO_CLOUDWATCH: &str =
    "iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs";

impl Emitter<'_, '_, '_> {
    /// The stage's access log setting, emitting its log group when the stack creates one.
    pub(super) fn access_log(&mut self, stage: &Stage, tags: &[Tag]) -> Option<AccessLogSetting> {
        let destination_arn = match &stage.access_log {
            AccessLog::Off(_) => return None,
            AccessLog::Destination(arn) => parameters::expr(arn),
            AccessLog::LogGroup {
                retention_days,
                kms_key,
            } => {
                let id = ids::access_log_group(stage.label());
                let mut group = Resource::new(LogGroup {
                    retention_in_days: *retention_days,
                    kms_key_id: kms_key.as_ref().map(parameters::expr),
                    tags: tags.to_vec(),
                });
                if kms_key.is_none() {
                    group = group.checkov_skip(
                        CKV_LOG_KMS,
                        "encrypted at rest by CloudWatch Logs with its own key; give the \
                         access log a KMS key (kms_key, kmsKeyArn) to use a customer key",
                    );
                }
                self.insert(
                    id.clone(),
                    format!("the access log group of stage `{}`", stage.label()),
                    group,
                );
                // The group's ARN without the `:*` that its `Arn` attribute ends with.
                Expr::sub([
                    "arn:".into(),
                    Pseudo::Partition.into(),
                    ":logs:".into(),
                    Pseudo::Region.into(),
                    ":".into(),
                    Pseudo::AccountId.into(),
                    ":log-group:".into(),
                    SubPart::Ref(id),
                ])
            }
        };
        Some(AccessLogSetting {
            destination_arn,
            format: access_log_format(),
        })
    }

    /// The account's CloudWatch role and its `AWS::ApiGateway::Account`, both retained,
    /// when the stack creates them; returns the Account's id for the stage to wait for.
    pub(super) fn cloudwatch_role(&mut self) -> Option<LogicalId> {
        if !self.stack.api.cloudwatch_role {
            return None;
        }
        let role = ids::cloudwatch_role();
        let account = ids::account();
        self.insert(
            role.clone(),
            "the account's CloudWatch role".to_owned(),
            Resource::new(Role {
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
                managed_policy_arns: vec![Expr::sub([
                    "arn:".into(),
                    Pseudo::Partition.into(),
                    ":".into(),
                    PUSH_TO_CLOUDWATCH.into(),
                ])],
                policies: Vec::new(),
            })
            .retained(),
        );
        self.insert(
            account.clone(),
            "the account's API Gateway settings".to_owned(),
            Resource::new(Account {
                cloud_watch_role_arn: Expr::GetAtt(role, Attribute::Arn),
            })
            .retained(),
        );
        Some(account)
    }
}
