//! The CloudFormation layer: the template, typed intrinsics, logical ids and one serde type
//! per resource type, with CloudFormation's exact property names.

pub mod apigateway;
pub mod cloudformation;
pub mod cognito;
mod exprs;
pub mod iam;
mod intrinsic;
pub mod lambda;
mod logical_id;
pub mod logs;
pub mod route53;
mod template;
pub mod wafv2;

pub use exprs::References;
pub use intrinsic::{Attribute, Expr, Pseudo, SubPart};

/// A string in a template: a constant (`"GET".into()`, no allocation: a large API holds
/// hundreds of thousands) or an owned `String`.
pub type Text = std::borrow::Cow<'static, str>;
pub use logical_id::{InvalidLogicalId, LogicalId};
pub(crate) use logical_id::{MAX_LEN as MAX_LOGICAL_ID_LEN, hex_upper, pascal_case};
pub use template::{
    CheckovSkip, FormatVersion, Output, Parameter, Properties, Resource, Tag, Template,
};
