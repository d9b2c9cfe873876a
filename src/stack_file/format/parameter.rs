//! Template parameters, given at deploy time.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A template parameter.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ParameterSpec {
    /// The CloudFormation parameter type.
    #[serde(rename = "type")]
    pub kind: ParameterTypeSpec,
    /// Shown next to the input field. Default: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Used when the deployer gives no value. Default: none (the value is required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// A regular expression the value must match. Default: none, except for a `String`
    /// parameter used in an authorizer's `userPoolArns`, which gets the user pool ARN pattern.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_pattern: Option<String>,
    /// The message CloudFormation shows when the value breaks the pattern. Default: none, or
    /// `must be a Cognito user pool ARN` with the user pool ARN pattern.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constraint_description: Option<String>,
    /// Mask the value (`****`) in the console and API, for a secret. Default: false.
    #[serde(default, skip_serializing_if = "super::is_false")]
    #[schemars(extend("default" = false))]
    pub no_echo: bool,
}

/// The CloudFormation type of a parameter.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, JsonSchema)]
pub enum ParameterTypeSpec {
    /// A string.
    String,
    /// A number.
    Number,
    /// A comma-separated list of strings.
    CommaDelimitedList,
    /// The value of the SSM parameter whose name the deployer gives (e.g. a user pool ARN
    /// kept in SSM).
    #[serde(rename = "AWS::SSM::Parameter::Value<String>")]
    SsmString,
    /// The value of an SSM parameter holding a list.
    #[serde(rename = "AWS::SSM::Parameter::Value<List<String>>")]
    SsmStringList,
}
