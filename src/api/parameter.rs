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
    /// `AWS::SSM::Parameter::Value<String>`: the deployer gives the name of an SSM
    /// parameter, and CloudFormation reads its value (e.g. a user pool ARN kept in SSM).
    SsmString,
    /// `AWS::SSM::Parameter::Value<List<String>>`: an SSM parameter holding a list.
    SsmStringList,
}

impl ParameterType {
    /// The name CloudFormation uses.
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterType::String => "String",
            ParameterType::Number => "Number",
            ParameterType::CommaDelimitedList => "CommaDelimitedList",
            ParameterType::SsmString => "AWS::SSM::Parameter::Value<String>",
            ParameterType::SsmStringList => "AWS::SSM::Parameter::Value<List<String>>",
        }
    }

    /// Whether the parameter gives a list (usable only where a list goes, e.g. `Fn::Select`).
    pub fn is_list(self) -> bool {
        match self {
            ParameterType::CommaDelimitedList | ParameterType::SsmStringList => true,
            ParameterType::String | ParameterType::Number | ParameterType::SsmString => false,
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
    pub(crate) no_echo: bool,
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
            no_echo: false,
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

    /// A parameter whose value is an SSM parameter's, of which the deployer gives the name
    /// (`AWS::SSM::Parameter::Value<String>`).
    pub fn ssm(name: impl Into<String>) -> Self {
        Self::new(name, ParameterType::SsmString)
    }

    /// Mask the value (`****`) in the CloudFormation console and API, for a secret.
    /// Default: shown.
    pub fn no_echo(mut self, masked: bool) -> Self {
        self.no_echo = masked;
        self
    }

    /// The parameter's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}
