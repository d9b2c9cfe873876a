//! Template parameters: values given at deploy time.

/// The CloudFormation type of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParameterType {
    /// `String`
    String,
    /// `Number`
    Number,
    /// `CommaDelimitedList`
    CommaDelimitedList,
}

impl ParameterType {
    /// The name CloudFormation uses.
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterType::String => "String",
            ParameterType::Number => "Number",
            ParameterType::CommaDelimitedList => "CommaDelimitedList",
        }
    }
}

/// A template parameter, e.g. the ARN of an existing user pool.
///
/// ```
/// use apigw_synth::Parameter;
/// let arn = Parameter::string("UserPoolArn").description("ARN of the existing Cognito user pool");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    pub(crate) name: String,
    pub(crate) kind: ParameterType,
    pub(crate) description: Option<String>,
    pub(crate) default: Option<String>,
    pub(crate) allowed_pattern: Option<String>,
    pub(crate) constraint_description: Option<String>,
}

impl Parameter {
    /// A parameter of `kind` named `name` (letters and digits only).
    pub fn new(name: impl Into<String>, kind: ParameterType) -> Self {
        Self {
            name: name.into(),
            kind,
            description: None,
            default: None,
            allowed_pattern: None,
            constraint_description: None,
        }
    }

    /// A `String` parameter.
    pub fn string(name: impl Into<String>) -> Self {
        Self::new(name, ParameterType::String)
    }

    /// Shown next to the input field. Default: none.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Used when the deployer gives no value. Default: none (the value is required).
    pub fn default_value(mut self, value: impl Into<String>) -> Self {
        self.default = Some(value.into());
        self
    }

    /// A regular expression the value must match. Default: none.
    pub fn allowed_pattern(mut self, regex: impl Into<String>) -> Self {
        self.allowed_pattern = Some(regex.into());
        self
    }

    /// The message CloudFormation shows when the value breaks the pattern. Default: none.
    pub fn constraint_description(mut self, text: impl Into<String>) -> Self {
        self.constraint_description = Some(text.into());
        self
    }

    /// The parameter's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}
