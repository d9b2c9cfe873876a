//! The template document: parameters, resources and outputs, serialized in CloudFormation's order.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::apigateway::{
    Account, ApiKey, ApiResource, Authorizer, BasePathMapping, Deployment, DomainName,
    GatewayResponse, Method, Model, RequestValidator, RestApi, Stage, UsagePlan, UsagePlanKey,
};
use super::cloudformation::NestedStack;
use super::cognito::{UserPool, UserPoolClient, UserPoolDomain, UserPoolResourceServer};
use super::iam::Role;
use super::lambda::Permission;
use super::logs::LogGroup;
use super::route53::RecordSet;
use super::wafv2::WebAclAssociation;
use super::{Expr, LogicalId, RawProperties, RawValue, References, Text};

/// A CloudFormation template. Maps are `BTreeMap`s, so keys come out sorted and the bytes
/// are the same on every run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Template {
    /// Always `2010-09-09`.
    #[serde(rename = "AWSTemplateFormatVersion")]
    pub format_version: FormatVersion,
    /// Shown in the CloudFormation console. At most 1,024 bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Values given at deploy time.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<LogicalId, Parameter>,
    /// Lookup tables for `Fn::FindInMap`, as the stack declared them raw.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub mappings: BTreeMap<LogicalId, RawValue>,
    /// Conditions resources and outputs name, as the stack declared them raw.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub conditions: BTreeMap<LogicalId, RawValue>,
    /// The resources, by logical id.
    pub resources: BTreeMap<LogicalId, Resource>,
    /// Values shown after deploy.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub outputs: BTreeMap<LogicalId, Output>,
}

/// The template format version; it has one value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FormatVersion;

impl Serialize for FormatVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("2010-09-09")
    }
}

/// A template parameter.
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html>
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Parameter {
    /// `String`, `Number`, `CommaDelimitedList`, …
    #[serde(rename = "Type")]
    pub kind: Text,
    /// Shown next to the input field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Used when no value is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// A regular expression the value must match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_pattern: Option<String>,
    /// The message shown when the value breaks a constraint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constraint_description: Option<String>,
    /// Whether CloudFormation masks the value (`****`) in the console and API.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub no_echo: bool,
}

/// A template output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Output {
    /// What the value is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The condition that must hold for the output to exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<LogicalId>,
    /// The value.
    pub value: Expr,
    /// The name other stacks import the value by (`Fn::ImportValue`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export: Option<Export>,
}

impl Output {
    /// An output of `value`, described as `description`.
    pub fn new(description: Option<String>, value: Expr) -> Self {
        Self {
            description,
            condition: None,
            value,
            export: None,
        }
    }
}

/// An output's export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Export {
    /// The name, unique in the account and region.
    pub name: Expr,
}

/// One resource: its typed properties and the resources it must wait for.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The properties; their variant decides the `Type`.
    pub properties: Properties,
    /// Explicit dependencies, sorted and without duplicates.
    pub depends_on: Vec<LogicalId>,
    /// cfn-lint rules that don't apply to this resource, each with a reason in the code that
    /// sets it. Default: none.
    pub lint_exemptions: Vec<&'static str>,
    /// The condition that must hold for the resource to be created. Default: none.
    pub condition: Option<LogicalId>,
    /// `Metadata` a raw resource declares as is; it replaces what synth would write there.
    /// Default: none.
    pub metadata: Option<serde_json::Value>,
    /// checkov checks this resource fails by design, each with the reason written beside it
    /// (`Metadata.checkov.skip`). Default: none.
    pub checkov_skips: Vec<CheckovSkip>,
    /// `Retain`: the resource outlives its stack (and a replacement). Default: deleted.
    pub retain: bool,
}

/// A resource tag: `{"Key": ..., "Value": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    /// The key.
    pub key: String,
    /// The value.
    pub value: String,
}

/// A checkov check skipped on one resource, and why: `{"id": ..., "comment": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckovSkip {
    /// The check, e.g. `CKV_AWS_120`.
    pub id: &'static str,
    /// Why the resource fails it on purpose.
    pub comment: String,
}

impl CheckovSkip {
    /// Skip check `id` because `comment`.
    pub fn new(id: &'static str, comment: impl Into<String>) -> Self {
        Self {
            id,
            comment: comment.into(),
        }
    }
}

impl Resource {
    /// A resource without explicit dependencies.
    pub fn new(properties: impl Into<Properties>) -> Self {
        Self {
            properties: properties.into(),
            depends_on: Vec::new(),
            lint_exemptions: Vec::new(),
            checkov_skips: Vec::new(),
            retain: false,
            condition: None,
            metadata: None,
        }
    }

    /// This resource with checkov's check `id` skipped because `comment`.
    pub fn checkov_skip(mut self, id: &'static str, comment: impl Into<String>) -> Self {
        self.checkov_skips.push(CheckovSkip::new(id, comment));
        self
    }

    /// This resource kept when its stack is deleted or it is replaced
    /// (`DeletionPolicy` and `UpdateReplacePolicy` `Retain`).
    pub fn retained(mut self) -> Self {
        self.retain = true;
        self
    }

    /// This resource with `depends_on` (sorted, deduplicated).
    pub fn depends_on(mut self, mut ids: Vec<LogicalId>) -> Self {
        ids.sort();
        ids.dedup();
        self.depends_on = ids;
        self
    }
}

impl Serialize for Resource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let metadata = self.metadata.is_some()
            || !self.lint_exemptions.is_empty()
            || !self.checkov_skips.is_empty();
        let len = 2
            + usize::from(!self.depends_on.is_empty())
            + 2 * usize::from(self.retain)
            + usize::from(metadata)
            + usize::from(self.condition.is_some());
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("Type", self.properties.type_name())?;
        if let Some(condition) = &self.condition {
            map.serialize_entry("Condition", condition)?;
        }
        map.serialize_entry("Properties", &self.properties)?;
        if !self.depends_on.is_empty() {
            map.serialize_entry("DependsOn", &self.depends_on)?;
        }
        if self.retain {
            map.serialize_entry("DeletionPolicy", "Retain")?;
            map.serialize_entry("UpdateReplacePolicy", "Retain")?;
        }
        if let Some(raw) = &self.metadata {
            map.serialize_entry("Metadata", raw)?;
        } else if metadata {
            map.serialize_entry(
                "Metadata",
                &Metadata {
                    checkov: (!self.checkov_skips.is_empty()).then_some(CheckovMetadata {
                        skip: &self.checkov_skips,
                    }),
                    cfn_lint: (!self.lint_exemptions.is_empty())
                        .then(|| LintConfig::new(&self.lint_exemptions)),
                },
            )?;
        }
        map.end()
    }
}

/// A resource's `Metadata`: the checks that tools skip on it, keys in sorted order.
#[derive(Serialize)]
struct Metadata<'a> {
    /// `{"skip": [{"id": ..., "comment": ...}]}`: checkov's per-resource skips.
    #[serde(skip_serializing_if = "Option::is_none")]
    checkov: Option<CheckovMetadata<'a>>,
    /// `{"config": {"ignore_checks": [...]}}`: cfn-lint's per-resource exemption.
    #[serde(rename = "cfn-lint", skip_serializing_if = "Option::is_none")]
    cfn_lint: Option<LintConfig<'a>>,
}

#[derive(Serialize)]
struct CheckovMetadata<'a> {
    skip: &'a [CheckovSkip],
}

#[derive(Serialize)]
struct LintConfig<'a> {
    config: LintIgnore<'a>,
}

#[derive(Serialize)]
struct LintIgnore<'a> {
    ignore_checks: &'a [&'static str],
}

impl<'a> LintConfig<'a> {
    fn new(checks: &'a [&'static str]) -> Self {
        Self {
            config: LintIgnore {
                ignore_checks: checks,
            },
        }
    }
}

macro_rules! properties {
    ($($variant:ident($ty:ty) = $name:literal,)*) => {
        /// The properties of every resource type this crate emits.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        ///
        /// Each variant is boxed: a resource is moved several times on its way to a file
        /// (collected, sorted, put in a map, moved to a nested template), and a pointer
        /// moves where a method's 400 bytes would be copied.
        pub enum Properties {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant(Box<$ty>),
            )*
            /// A resource of any type, declared raw by the stack, or a generated one an
            /// override changed.
            Raw(Box<RawProperties>),
        }

        impl Properties {
            /// Every resource type this crate emits typed, e.g. `AWS::ApiGateway::Method`.
            pub const TYPE_NAMES: &[&'static str] = &[$($name,)*];

            /// The CloudFormation resource type, e.g. `AWS::ApiGateway::Method`.
            pub fn type_name(&self) -> &str {
                match self {
                    $(Properties::$variant(_) => $name,)*
                    Properties::Raw(raw) => &raw.type_name,
                }
            }

            /// Every value in these properties, for reading references: what the type
            /// declares with [`References`].
            pub fn exprs(&self) -> Vec<&Expr> {
                let mut out = Vec::new();
                match self {
                    $(Properties::$variant(p) => References::exprs(p.as_ref(), &mut out),)*
                    Properties::Raw(p) => References::exprs(p.as_ref(), &mut out),
                }
                out
            }

            /// Every value in these properties, for rewriting references.
            pub fn exprs_mut(&mut self) -> Vec<&mut Expr> {
                let mut out = Vec::new();
                match self {
                    $(Properties::$variant(p) => References::exprs_mut(p.as_mut(), &mut out),)*
                    Properties::Raw(p) => References::exprs_mut(p.as_mut(), &mut out),
                }
                out
            }
        }

        impl From<RawProperties> for Properties {
            fn from(p: RawProperties) -> Self {
                Properties::Raw(Box::new(p))
            }
        }

        $(
            impl From<$ty> for Properties {
                fn from(p: $ty) -> Self {
                    Properties::$variant(Box::new(p))
                }
            }
        )*
    };
}

properties! {
    RestApi(RestApi) = "AWS::ApiGateway::RestApi",
    ApiResource(ApiResource) = "AWS::ApiGateway::Resource",
    Method(Method) = "AWS::ApiGateway::Method",
    Authorizer(Authorizer) = "AWS::ApiGateway::Authorizer",
    Deployment(Deployment) = "AWS::ApiGateway::Deployment",
    Stage(Stage) = "AWS::ApiGateway::Stage",
    Account(Account) = "AWS::ApiGateway::Account",
    LogGroup(LogGroup) = "AWS::Logs::LogGroup",
    Role(Role) = "AWS::IAM::Role",
    DomainName(DomainName) = "AWS::ApiGateway::DomainName",
    BasePathMapping(BasePathMapping) = "AWS::ApiGateway::BasePathMapping",
    RecordSet(RecordSet) = "AWS::Route53::RecordSet",
    WebAclAssociation(WebAclAssociation) = "AWS::WAFv2::WebACLAssociation",
    GatewayResponse(GatewayResponse) = "AWS::ApiGateway::GatewayResponse",
    Model(Model) = "AWS::ApiGateway::Model",
    RequestValidator(RequestValidator) = "AWS::ApiGateway::RequestValidator",
    Permission(Permission) = "AWS::Lambda::Permission",
    UserPool(UserPool) = "AWS::Cognito::UserPool",
    UserPoolClient(UserPoolClient) = "AWS::Cognito::UserPoolClient",
    UserPoolResourceServer(UserPoolResourceServer) = "AWS::Cognito::UserPoolResourceServer",
    UserPoolDomain(UserPoolDomain) = "AWS::Cognito::UserPoolDomain",
    NestedStack(NestedStack) = "AWS::CloudFormation::Stack",
    ApiKey(ApiKey) = "AWS::ApiGateway::ApiKey",
    UsagePlan(UsagePlan) = "AWS::ApiGateway::UsagePlan",
    UsagePlanKey(UsagePlanKey) = "AWS::ApiGateway::UsagePlanKey",
}
