//! The budget: each synthesized template measured against CloudFormation's limits, and each
//! Lambda function's resource policy estimated against Lambda's.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Serialize;

use crate::cfn::{Expr, LogicalId, Properties, Pseudo, SubPart, Template};
use crate::error::ProblemKind;

/// Resources per template.
pub const MAX_RESOURCES: usize = 500;
/// Parameters per template.
pub const MAX_PARAMETERS: usize = 200;
/// Outputs per template.
pub const MAX_OUTPUTS: usize = 200;
/// Bytes of a template body read from S3 (1 MB; counted as 1,000,000 to stay on the safe
/// side of either reading of "MB").
pub const MAX_TEMPLATE_BYTES: usize = 1_000_000;
/// Bytes of a template body passed inline, as `aws cloudformation deploy` does without
/// `--s3-bucket`.
pub const MAX_INLINE_BYTES: usize = 51_200;
/// Bytes of a Lambda function's resource-based policy (20 KB, not adjustable).
pub const MAX_POLICY_BYTES: usize = 20_480;

/// What one template uses of CloudFormation's per-template limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateBudget {
    /// Resources (limit [`MAX_RESOURCES`]).
    pub resources: usize,
    /// Of those, `AWS::ApiGateway::Method`s (no limit of its own; `list` shows it).
    pub methods: usize,
    /// Parameters (limit [`MAX_PARAMETERS`]).
    pub parameters: usize,
    /// Outputs (limit [`MAX_OUTPUTS`]).
    pub outputs: usize,
    /// Bytes of the rendered file (limits [`MAX_INLINE_BYTES`] and [`MAX_TEMPLATE_BYTES`]).
    pub bytes: usize,
}

impl TemplateBudget {
    /// Measures `template`, rendered as `contents`.
    pub fn measure(template: &Template, contents: &str) -> Self {
        Self {
            resources: template.resources.len(),
            methods: template
                .resources
                .values()
                .filter(|r| match &r.properties {
                    Properties::Method(_) => true,
                    // A raw method (declared so, or an overridden one) is a method too.
                    Properties::Raw(raw) => raw.type_name == "AWS::ApiGateway::Method",
                    _ => false,
                })
                .count(),
            parameters: template.parameters.len(),
            outputs: template.outputs.len(),
            bytes: contents.len(),
        }
    }
}

/// The estimated size of the resource-based policy one Lambda function gets from a stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyEstimate {
    /// The function, as the template names it (a name, an ARN or `${Parameter}`).
    pub function: String,
    /// The statements the stack adds to the function's policy (one per permission).
    pub statements: usize,
    /// Bytes of the policy document holding those statements, as Lambda stores it.
    pub bytes: usize,
}

/// A stage's production settings at a glance, for `list`.
#[derive(Debug, Clone, PartialEq)]
pub struct StageSummary {
    /// The stage's name.
    pub name: String,
    /// Where its access logs go: `log group, 365 days`, `log group, 90 days, KMS`,
    /// `destination`, or `off`.
    pub access_logs: String,
    /// X-Ray tracing.
    pub tracing: bool,
    /// The cache cluster's size in GB, when it has one.
    pub cache: Option<String>,
    /// Stage-wide throttling (rate, burst), when set.
    pub throttling: Option<(u32, u32)>,
    /// Entries of its method settings (the stage-wide one included).
    pub method_settings: usize,
    /// The share of traffic its canary takes, when it has one.
    pub canary: Option<f64>,
    /// A WAFv2 web ACL protects it.
    pub web_acl: bool,
    /// The custom domains' base paths that reach it: `api.example.com/v2`, `api.example.com/`
    /// for a domain's root (a domain given by a parameter as `{Parameter}`).
    pub domains: Vec<String>,
}

/// Something the user should know about a synthesized stack but need not fix. Printed to
/// stderr; never fails synth.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// The template is over the 51,200 bytes `aws cloudformation deploy` sends inline.
    NeedsS3Bucket {
        /// The stack's name.
        stack: String,
        /// The template's path inside the output directory.
        file: String,
        /// Its size.
        bytes: usize,
    },
    /// The stack was split into nested stacks, which must be packaged before deploying.
    Nested {
        /// The stack's name.
        stack: String,
        /// The parent template's path inside the output directory.
        file: String,
        /// How many nested templates it has.
        nested: usize,
    },
    /// A stage logs full requests and responses (data trace): bodies and tokens reach the
    /// execution log.
    DataTrace {
        /// The stack's name.
        stack: String,
        /// The stage's name.
        stage: String,
    },
    /// With `apiKeySource: authorizer`, a method requires an API key but has no Lambda
    /// authorizer to return one: API Gateway refuses every request to it (403).
    KeyWithoutLambdaAuthorizer {
        /// The stack's name.
        stack: String,
        /// The method's resource path.
        path: String,
        /// The HTTP method.
        method: String,
    },
}

/// Something a stack's deployer should know, which is not wrong: printed to stderr as a
/// `note`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Note {
    /// The stack logs to CloudWatch but does not create API Gateway's CloudWatch role, which
    /// must then be set once per account and region.
    CloudWatchRole {
        /// The stack's name.
        stack: String,
    },
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::CloudWatchRole { stack } => f.write_str(&cloudwatch_role(&[stack])),
        }
    }
}

/// The lines that tell `notes`, one per kind: the stacks that share a note are named on one
/// line, so that a run over several stacks prints each note once.
pub fn note_lines<'a>(notes: impl IntoIterator<Item = &'a Note>) -> Vec<String> {
    let mut logging: Vec<&str> = Vec::new();
    for note in notes {
        match note {
            Note::CloudWatchRole { stack } => logging.push(stack),
        }
    }
    let mut lines = Vec::new();
    if !logging.is_empty() {
        lines.push(cloudwatch_role(&logging));
    }
    lines
}

/// The note for the `stacks` that log without creating the account's CloudWatch role.
fn cloudwatch_role(stacks: &[&str]) -> String {
    format!(
        "{}: access logs need API Gateway's CloudWatch role, one per account and region (a \
         deploy where none is set fails with \"CloudWatch Logs role ARN must be set in account \
         settings to enable logging\"). Set it once (docs/stages.md), or let a stack create \
         it: `RestApi::cloudwatch_role(true)` / `cloudWatchRole: true`",
        stacks.join(", ")
    )
}

impl Warning {
    /// The message, with paths inside `out_dir`.
    pub fn message(&self, out_dir: &Path) -> String {
        match self {
            Warning::NeedsS3Bucket { stack, file, bytes } => {
                let path = out_dir.join(file);
                format!(
                    "{stack}: {} is {bytes} bytes, over the {MAX_INLINE_BYTES} bytes \
                     CloudFormation accepts inline; deploy it through S3:\n  \
                     aws cloudformation deploy --s3-bucket <bucket> --template-file {} \
                     --stack-name {stack}",
                    path.display(),
                    path.display()
                )
            }
            Warning::Nested {
                stack,
                file,
                nested,
            } => {
                let path = out_dir.join(file);
                format!(
                    "{stack}: over CloudFormation's per-template limits, so split into a \
                     parent and {nested} nested stacks; package, then deploy:\n  \
                     aws cloudformation package --s3-bucket <bucket> --template-file {} \
                     --output-template-file {stack}.packaged.yaml\n  \
                     aws cloudformation deploy --s3-bucket <bucket> --template-file \
                     {stack}.packaged.yaml --stack-name {stack}",
                    path.display()
                )
            }
            Warning::DataTrace { stack, stage } => format!(
                "{stack}: stage `{stage}` has data trace on: request and response bodies, \
                 headers and authorization tokens reach its execution log; turn it off \
                 outside debugging"
            ),
            Warning::KeyWithoutLambdaAuthorizer {
                stack,
                path,
                method,
            } => format!(
                "{stack}: {method} {}: requires an API key, which `apiKeySource: authorizer` \
                 takes from the usageIdentifierKey a Lambda authorizer returns, and the \
                 method has no Lambda authorizer: API Gateway will refuse every request to it \
                 (403 Forbidden)",
                crate::error::shown_path(path)
            ),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Path::new("out")))
    }
}

/// The problems (limits that no split can fix) of the template `file` measured as `budget`.
pub(crate) fn check_template(file: &str, budget: &TemplateBudget) -> Vec<ProblemKind> {
    let limits = [
        (
            "resources",
            budget.resources,
            MAX_RESOURCES,
            "put fewer methods on `/` or declare fewer authorizers and user pools",
        ),
        (
            "parameters",
            budget.parameters,
            MAX_PARAMETERS,
            "declare fewer stack parameters",
        ),
        (
            "outputs",
            budget.outputs,
            MAX_OUTPUTS,
            "declare fewer stack outputs or user pools",
        ),
        (
            "bytes",
            budget.bytes,
            MAX_TEMPLATE_BYTES,
            "shorten descriptions and names, or put fewer methods on `/`",
        ),
    ];
    limits
        .into_iter()
        .filter(|(_, value, limit, _)| value > limit)
        .map(|(what, value, limit, fix)| ProblemKind::TemplateLimit {
            file: file.to_owned(),
            what,
            value,
            limit,
            fix,
        })
        .collect()
}

/// Values assumed for what only deploy time knows, chosen long so estimates err high.
mod assumed {
    pub(super) const PARTITION: &str = "aws";
    pub(super) const REGION: &str = "ap-southeast-2";
    pub(super) const ACCOUNT: &str = "123456789012";
    /// API Gateway ids are 10 characters.
    pub(super) const API_ID: &str = "a1b2c3d4e5";
    pub(super) const URL_SUFFIX: &str = "amazonaws.com";
    /// A random suffix CloudFormation appends to the statement id.
    pub(super) const SID_SUFFIX: &str = "-ABCDEFGHIJKLM";
    /// Lambda's longest statement id.
    pub(super) const MAX_SID: usize = 100;
    /// Lambda's longest function name.
    pub(super) const FUNCTION_NAME_LEN: usize = 64;
}

/// Estimates each Lambda function's resource policy from the `AWS::Lambda::Permission`
/// resources of `templates` (one stack's), as Lambda stores them: one statement per
/// permission, with the ARN pattern resolved for a long region, a 12-digit account and a
/// 10-character API id.
pub fn estimate_policies<'a>(
    stack: &str,
    templates: impl IntoIterator<Item = &'a Template>,
) -> Vec<PolicyEstimate> {
    let mut by_function: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for template in templates {
        for (id, resource) in &template.resources {
            if let Properties::Permission(p) = &resource.properties {
                let function = display(&p.function_name);
                let statement = statement(stack, id, &p.function_name, &p.source_arn);
                by_function.entry(function).or_default().push(statement);
            }
        }
    }
    by_function
        .into_iter()
        .map(|(function, statements)| {
            let policy = format!(
                "{{\"Version\":\"2012-10-17\",\"Id\":\"default\",\"Statement\":[{}]}}",
                statements.join(",")
            );
            PolicyEstimate {
                function,
                statements: statements.len(),
                bytes: policy.len(),
            }
        })
        .collect()
}

/// The problem of a policy over Lambda's limit, if it is.
pub(crate) fn check_policy(policy: &PolicyEstimate) -> Option<ProblemKind> {
    (policy.bytes > MAX_POLICY_BYTES).then(|| ProblemKind::PolicyTooLarge {
        function: policy.function.clone(),
        bytes: policy.bytes,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Statement<'a> {
    sid: &'a str,
    effect: &'a str,
    principal: Principal<'a>,
    action: &'a str,
    resource: &'a str,
    condition: Condition<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Principal<'a> {
    service: &'a str,
}

#[derive(Serialize)]
struct Condition<'a> {
    #[serde(rename = "ArnLike")]
    arn_like: SourceArn<'a>,
}

#[derive(Serialize)]
struct SourceArn<'a> {
    #[serde(rename = "AWS:SourceArn")]
    source_arn: &'a str,
}

fn statement(stack: &str, id: &LogicalId, function: &Expr, source_arn: &Expr) -> String {
    let mut sid = format!("{stack}-{id}{}", assumed::SID_SUFFIX);
    sid.truncate(assumed::MAX_SID);
    let mut resource = resolve(function, &longest_function_arn());
    if !resource.starts_with("arn:") {
        resource = function_arn(&resource);
    }
    let source_arn = resolve(source_arn, assumed::API_ID);
    let statement = Statement {
        sid: &sid,
        effect: "Allow",
        principal: Principal {
            service: "apigateway.amazonaws.com",
        },
        action: "lambda:InvokeFunction",
        resource: &resource,
        condition: Condition {
            arn_like: SourceArn {
                source_arn: &source_arn,
            },
        },
    };
    serde_json::to_string(&statement).unwrap_or_default()
}

fn function_arn(name: &str) -> String {
    format!(
        "arn:{}:lambda:{}:{}:function:{name}",
        assumed::PARTITION,
        assumed::REGION,
        assumed::ACCOUNT
    )
}

/// The value `expr` would have at deploy time, with the assumed values and `reference` for
/// every reference (the API's id in a source ARN, a function ARN parameter in a function).
fn resolve(expr: &Expr, reference: &str) -> String {
    match expr {
        Expr::Literal(s) => s.clone(),
        Expr::Pseudo(p) => pseudo(*p).to_owned(),
        Expr::Ref(_) | Expr::GetAtt(..) => reference.to_owned(),
        Expr::Sub(parts) => parts
            .iter()
            .map(|part| match part {
                SubPart::Text(t) => t.as_ref(),
                SubPart::Pseudo(p) => pseudo(*p),
                SubPart::Ref(_) | SubPart::GetAtt(..) => reference,
            })
            .collect(),
        Expr::Join(sep, items) => items
            .iter()
            .map(|item| resolve(item, reference))
            .collect::<Vec<_>>()
            .join(sep),
        Expr::ImportValue(_) | Expr::Select(..) | Expr::Split(..) => reference.to_owned(),
        // The longer branch: the budget holds whichever the condition picks.
        Expr::If(_, a, b) => {
            let (a, b) = (resolve(a, reference), resolve(b, reference));
            if a.len() >= b.len() { a } else { b }
        }
    }
}

fn pseudo(p: Pseudo) -> &'static str {
    match p {
        Pseudo::AccountId => assumed::ACCOUNT,
        Pseudo::Partition => assumed::PARTITION,
        Pseudo::Region => assumed::REGION,
        Pseudo::StackName => "stack",
        Pseudo::UrlSuffix => assumed::URL_SUFFIX,
        Pseudo::StackId => "arn:aws:cloudformation:us-east-1:123456789012:stack/stack/id",
        Pseudo::NotificationArns | Pseudo::NoValue => "",
    }
}

/// A function ARN with the longest name Lambda allows.
fn longest_function_arn() -> String {
    function_arn(&"f".repeat(assumed::FUNCTION_NAME_LEN))
}

/// The function as a user recognizes it.
fn display(expr: &Expr) -> String {
    match expr {
        Expr::Literal(s) => s.clone(),
        Expr::Ref(id) => format!("${{{id}}}"),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}
