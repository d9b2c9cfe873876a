//! Reviewing templates: read any CloudFormation template (or a stack's, from synth, a
//! directory, a git revision or a file: [`read_model`]), see its APIs by meaning, compare
//! two templates with access-control changes first, draw an API's resource tree, and say who
//! can call each method ([`access_view`]).
//!
//! ```
//! use apigw_synth::review::{diff, model, parse_template};
//!
//! let old = parse_template(r#"{"Resources": {}}"#, true, "old.json").unwrap();
//! let new = parse_template("Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: shop\n", false, "new.yaml").unwrap();
//! let changes = diff(&model(&old), &model(&new));
//! assert!(changes.access_control.is_empty());
//! assert!(!changes.other.is_empty());
//! ```

mod access;
mod diff;
mod expr;
mod extract;
mod inline;
mod render;
mod source;
mod template_reader;
mod template_yaml;
pub mod terminal;
mod tree;
mod view;

pub use access::{
    AccessView, ApiAccess, AppClientAccess, AuthorizerAccess, Caller, KeyRequirement, MethodAccess,
    StackAccess, UsagePlanAccess, UserPoolAccess, access_view, render_access_json,
    render_access_text,
};
pub use diff::{Change, ChangeKind, Diff, Section, Subject, diff};
pub use expr::{expr_text, flatten};
pub use extract::model;
pub use inline::{
    NestedError, NestedStack, inline_files, inline_nested, nested_stacks, read_split_template,
};
pub use render::{StackDiff, render_json, render_text, subject_text};
pub use source::{SourceError, SourcedModel, TemplateSource, read_model, synthesized_template};
pub(crate) use template_reader::parse_value;
pub use template_reader::{
    MAX_TEMPLATE_BYTES, MAX_TEMPLATE_NESTING, ReadError, parse_template, read_template,
};
pub use tree::render_tree;
pub use view::{
    AccessInputs, ApiView, Authorization, AuthorizationKind, AuthorizerView, IntegrationTarget,
    MethodView, OtherResource, PermissionStatement, PolicyStatementView, RouteView, StageView,
    TemplateModel,
};

use crate::cfn::Template;

/// The API view of a synthesized template.
pub fn model_of(template: &Template) -> TemplateModel {
    // The template model holds only strings, bools, integers and string-keyed maps, so
    // converting it to a JSON value can't fail.
    serde_json::to_value(template)
        .map(|v| model(&v))
        .unwrap_or_default()
}
