//! Values: a string written into the template, or an intrinsic function CloudFormation
//! evaluates at deploy time.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A string written into the template, or an intrinsic: `{ ref: Name }` (a parameter, a raw
/// resource or a pseudo parameter such as `AWS::Region`), `{ getAtt: [Resource, Attribute] }`,
/// `{ sub: "${Name}-text" }`, `{ importValue: ExportName }`, `{ join: [",", [a, b]] }`,
/// `{ select: [0, { ref: ListParameter }] }`, `{ split: [",", value] }` or
/// `{ if: [Condition, a, b] }`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(
    untagged,
    expecting = "a string, or one of `{ ref: Name }`, `{ getAtt: [Resource, Attribute] }`, \
                 `{ sub: text }`, `{ importValue: name }`, `{ join: [separator, [values]] }`, \
                 `{ select: [index, list] }`, `{ split: [separator, value] }`, \
                 `{ if: [Condition, a, b] }`"
)]
pub enum ValueSpec {
    /// Written into the template as is.
    Literal(String),
    /// An intrinsic function.
    Intrinsic(Box<IntrinsicSpec>),
}

/// An intrinsic function, written as a map with one key (serialized so too: serde_yaml would
/// write an enum variant as a YAML tag, which stack files don't take).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum IntrinsicSpec {
    /// `Ref`: a parameter declared under `parameters`, a resource declared under
    /// `resources`, or a pseudo parameter (`AWS::Region`, `AWS::StackName`, …).
    Ref(String),
    /// `Fn::GetAtt`: `[Resource, Attribute]` of a resource declared under `resources`.
    GetAtt(GetAttSpec),
    /// `Fn::Sub`: text with `${Name}` and `${Resource.Attribute}` placeholders.
    Sub(String),
    /// `Fn::ImportValue`: the value another stack exports under this name.
    ImportValue(ValueSpec),
    /// `Fn::Join`: `[separator, [values]]`.
    Join((String, Vec<ValueSpec>)),
    /// `Fn::Select`: `[index, list]`, the list a `{ ref: ListParameter }` or a `split`.
    Select((u32, ValueSpec)),
    /// `Fn::Split`: `[separator, value]`, a list for `select`.
    Split((String, ValueSpec)),
    /// `Fn::If`: `[Condition, value if it holds, value otherwise]`, the condition declared
    /// under `conditions`.
    If((String, ValueSpec, ValueSpec)),
}

impl Serialize for IntrinsicSpec {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            IntrinsicSpec::Ref(v) => map.serialize_entry("ref", v)?,
            IntrinsicSpec::GetAtt(v) => map.serialize_entry("getAtt", v)?,
            IntrinsicSpec::Sub(v) => map.serialize_entry("sub", v)?,
            IntrinsicSpec::ImportValue(v) => map.serialize_entry("importValue", v)?,
            IntrinsicSpec::Join(v) => map.serialize_entry("join", v)?,
            IntrinsicSpec::Select(v) => map.serialize_entry("select", v)?,
            IntrinsicSpec::Split(v) => map.serialize_entry("split", v)?,
            IntrinsicSpec::If(v) => map.serialize_entry("if", v)?,
        }
        map.end()
    }
}

/// The resource and attribute of `getAtt`: `[Resource, Attribute]` or `Resource.Attribute`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum GetAttSpec {
    /// `[Resource, Attribute]`
    Pair((String, String)),
    /// `Resource.Attribute`
    Dotted(String),
}
