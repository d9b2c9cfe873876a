//! Values a stack gives at synth time or leaves to deploy time.

/// A string value: written into the template, or read from a template parameter at deploy time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    /// Written into the template as is.
    Literal(String),
    /// `Ref` to the stack parameter of this name; it must be declared with
    /// [`Stack::parameter`](crate::Stack::parameter).
    Parameter(String),
}

impl Value {
    /// A literal value.
    pub fn literal(value: impl Into<String>) -> Self {
        Value::Literal(value.into())
    }

    /// The value of the stack parameter `name`.
    pub fn parameter(name: impl Into<String>) -> Self {
        Value::Parameter(name.into())
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Literal(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Literal(s)
    }
}
