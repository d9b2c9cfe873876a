//! Values a stack gives at synth time or leaves to deploy time: a literal, or an intrinsic
//! function CloudFormation evaluates (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::ImportValue`,
//! `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::If`).

/// A string value: written into the template, or computed by CloudFormation at deploy time.
/// Every name a value refers to must be a parameter the stack declares, a raw resource it
/// declares ([`Stack::resource`](crate::Stack::resource)) or a pseudo parameter
/// (`AWS::Region`); synth checks it.
///
/// ```
/// use apigw_synth::Value;
/// let origin = Value::parameter("FrontendOrigin");
/// let arn = Value::get_att("OrdersFunction", "Arn");
/// let name = Value::sub("${AWS::StackName}-orders");
/// let shared = Value::import("shared-user-pool-arn");
/// let origin = Value::if_condition("IsProd", "https://shop.example.com", Value::parameter("DevOrigin"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    /// Written into the template as is.
    Literal(String),
    /// `Ref`: the value of the stack parameter of this name (declared with
    /// [`Stack::parameter`](crate::Stack::parameter)), the id of a raw resource, or a pseudo
    /// parameter such as `AWS::Region`.
    Ref(String),
    /// `Fn::GetAtt`: an attribute of a raw resource, e.g. `("OrdersFunction", "Arn")`.
    GetAtt(String, String),
    /// `Fn::Sub`: text with `${Name}` and `${Name.Attribute}` placeholders (`${!x}` for a
    /// literal `${x}`).
    Sub(String),
    /// `Fn::ImportValue`: the value another stack exports under this name.
    ImportValue(Box<Value>),
    /// `Fn::Join`: the values joined with the separator.
    Join(String, Vec<Value>),
    /// `Fn::Select`: the item at the index of a list: a `Ref` to a list parameter
    /// (`CommaDelimitedList`), or a [`Value::Split`].
    Select(u32, Box<Value>),
    /// `Fn::Split`: a value cut at each separator, into a list for [`Value::Select`].
    Split(String, Box<Value>),
    /// `Fn::If`: the first value when the condition of this name (declared with
    /// [`Stack::condition`](crate::Stack::condition)) holds, else the second. Checks that
    /// read a literal read both.
    If(String, Box<Value>, Box<Value>),
}

impl Value {
    /// A literal value.
    pub fn literal(value: impl Into<String>) -> Self {
        Value::Literal(value.into())
    }

    /// The value of the stack parameter `name`.
    pub fn parameter(name: impl Into<String>) -> Self {
        Value::Ref(name.into())
    }

    /// `Ref` to `name`: a parameter, a raw resource or a pseudo parameter.
    pub fn reference(name: impl Into<String>) -> Self {
        Value::Ref(name.into())
    }

    /// `Fn::GetAtt` of the raw resource `resource`'s `attribute`.
    pub fn get_att(resource: impl Into<String>, attribute: impl Into<String>) -> Self {
        Value::GetAtt(resource.into(), attribute.into())
    }

    /// `Fn::Sub` of `text`.
    pub fn sub(text: impl Into<String>) -> Self {
        Value::Sub(text.into())
    }

    /// `Fn::ImportValue` of the export `name`.
    pub fn import(name: impl Into<Value>) -> Self {
        Value::ImportValue(Box::new(name.into()))
    }

    /// `Fn::Join` of `values` with `separator`.
    pub fn join(separator: impl Into<String>, values: impl IntoIterator<Item = Value>) -> Self {
        Value::Join(separator.into(), values.into_iter().collect())
    }

    /// `Fn::Select` of item `index` of `list`.
    pub fn select(index: u32, list: Value) -> Self {
        Value::Select(index, Box::new(list))
    }

    /// `Fn::Split` of `value` at `separator`.
    pub fn split(separator: impl Into<String>, value: impl Into<Value>) -> Self {
        Value::Split(separator.into(), Box::new(value.into()))
    }

    /// `Fn::If`: `if_true` when the condition `condition` holds, else `if_false`.
    pub fn if_condition(
        condition: impl Into<String>,
        if_true: impl Into<Value>,
        if_false: impl Into<Value>,
    ) -> Self {
        Value::If(
            condition.into(),
            Box::new(if_true.into()),
            Box::new(if_false.into()),
        )
    }

    /// Every literal the value may be as written: the literal itself, or each literal
    /// branch of an `Fn::If` (checks that read a literal read them all). Empty for a value
    /// What names a value in logical ids and messages: a literal's text, or the name a
    /// `Ref` gives; empty for any other intrinsic (which a place needing a label refuses).
    pub(crate) fn label(&self) -> &str {
        match self {
            Value::Literal(name) | Value::Ref(name) => name,
            Value::GetAtt(..)
            | Value::Sub(_)
            | Value::ImportValue(_)
            | Value::Join(..)
            | Value::Select(..)
            | Value::Split(..)
            | Value::If(..) => "",
        }
    }

    /// computed at deploy time.
    pub fn literals(&self) -> Vec<&str> {
        match self {
            Value::Literal(s) => vec![s.as_str()],
            Value::If(_, a, b) => {
                let mut all = a.literals();
                all.extend(b.literals());
                all
            }
            Value::Ref(_)
            | Value::GetAtt(..)
            | Value::Sub(_)
            | Value::ImportValue(_)
            | Value::Join(..)
            | Value::Select(..)
            | Value::Split(..) => Vec::new(),
        }
    }

    /// The text, when the value is a literal.
    pub fn as_literal(&self) -> Option<&str> {
        match self {
            Value::Literal(s) => Some(s),
            Value::Ref(_)
            | Value::GetAtt(..)
            | Value::Sub(_)
            | Value::ImportValue(_)
            | Value::Join(..)
            | Value::Select(..)
            | Value::Split(..)
            | Value::If(..) => None,
        }
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
