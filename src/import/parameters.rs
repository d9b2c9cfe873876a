//! Template parameters as CloudFormation declares them: a template's `Parameters`, or the
//! same declarations an export carries in its `x-apigw-synth-parameters` extension, read
//! into the stack file's parameters.

use serde_json::Value;

use crate::stack_file::format::{ParameterSpec, ParameterTypeSpec};

/// The stack-file parameter of a declaration (`{"Type": "String", "Description": …}`); a
/// type the stack file lacks reads as `String`.
pub(super) fn declared(source: &Value) -> ParameterSpec {
    let text = |k: &str| {
        source.get(k).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    let kind = source
        .get("Type")
        .and_then(|t| serde_json::from_value::<ParameterTypeSpec>(t.clone()).ok())
        .unwrap_or(ParameterTypeSpec::String);
    ParameterSpec {
        kind,
        description: text("Description"),
        default: text("Default"),
        allowed_pattern: text("AllowedPattern"),
        constraint_description: text("ConstraintDescription"),
        no_echo: source
            .get("NoEcho")
            .is_some_and(|v| v == true || v == "true"),
    }
}
