//! Typed intrinsic functions: `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::ImportValue`,
//! `Fn::Select`, `Fn::Split` and pseudo parameters.
//!
//! Each serializes as a single-key map, so JSON and long-form YAML both come out valid.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::{LogicalId, Text};

/// A pseudo parameter CloudFormation resolves at deploy time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pseudo {
    /// `AWS::AccountId`
    AccountId,
    /// `AWS::Partition`
    Partition,
    /// `AWS::Region`
    Region,
    /// `AWS::StackName`
    StackName,
    /// `AWS::URLSuffix`
    UrlSuffix,
    /// `AWS::StackId`
    StackId,
    /// `AWS::NotificationARNs`
    NotificationArns,
    /// `AWS::NoValue`: removes the property it is the value of (inside `Fn::If`).
    NoValue,
}

impl Pseudo {
    /// The name CloudFormation uses, e.g. `AWS::Region`.
    pub fn name(self) -> &'static str {
        match self {
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::Partition => "AWS::Partition",
            Pseudo::Region => "AWS::Region",
            Pseudo::StackName => "AWS::StackName",
            Pseudo::UrlSuffix => "AWS::URLSuffix",
            Pseudo::StackId => "AWS::StackId",
            Pseudo::NotificationArns => "AWS::NotificationARNs",
            Pseudo::NoValue => "AWS::NoValue",
        }
    }

    /// Every pseudo parameter.
    pub const ALL: [Pseudo; 8] = [
        Pseudo::AccountId,
        Pseudo::Partition,
        Pseudo::Region,
        Pseudo::StackName,
        Pseudo::UrlSuffix,
        Pseudo::StackId,
        Pseudo::NotificationArns,
        Pseudo::NoValue,
    ];

    /// The pseudo parameter CloudFormation names `name` (`AWS::Region`), if it is one.
    pub fn from_name(name: &str) -> Option<Pseudo> {
        Pseudo::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// An attribute that `Fn::GetAtt` may read. Only attributes the resource types of this crate
/// actually have are listed, so an attribute name can't be mistyped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Attribute {
    /// `AWS::ApiGateway::RestApi.RootResourceId`
    RootResourceId,
    /// `Arn` of a resource that has one (e.g. `AWS::Cognito::UserPool`).
    Arn,
    /// `AWS::ApiGateway::Resource.ResourceId`
    ResourceId,
    /// `AWS::ApiGateway::DomainName.RegionalDomainName`
    RegionalDomainName,
    /// `AWS::ApiGateway::DomainName.RegionalHostedZoneId`
    RegionalHostedZoneId,
    /// `AWS::ApiGateway::DomainName.DistributionDomainName`
    DistributionDomainName,
    /// `AWS::ApiGateway::DomainName.DistributionHostedZoneId`
    DistributionHostedZoneId,
    /// An output of a nested stack: `Outputs.<name>`.
    Output(LogicalId),
    /// Any other attribute, of a resource the stack declares raw (e.g. a function's `Arn`
    /// is [`Attribute::Arn`], a table's `StreamArn` is `Named("StreamArn")`).
    Named(String),
}

impl Attribute {
    /// The attribute as `Fn::GetAtt` names it, e.g. `RootResourceId` or `Outputs.Name`.
    pub fn name(&self) -> String {
        match self {
            Attribute::RootResourceId => "RootResourceId".into(),
            Attribute::Arn => "Arn".into(),
            Attribute::ResourceId => "ResourceId".into(),
            Attribute::RegionalDomainName => "RegionalDomainName".into(),
            Attribute::RegionalHostedZoneId => "RegionalHostedZoneId".into(),
            Attribute::DistributionDomainName => "DistributionDomainName".into(),
            Attribute::DistributionHostedZoneId => "DistributionHostedZoneId".into(),
            Attribute::Output(name) => format!("Outputs.{name}"),
            Attribute::Named(name) => name.clone(),
        }
    }

    /// The attribute `Fn::GetAtt` names `name`: a known one where it is one.
    pub fn from_name(name: &str) -> Attribute {
        match name {
            "RootResourceId" => Attribute::RootResourceId,
            "Arn" => Attribute::Arn,
            "ResourceId" => Attribute::ResourceId,
            other => match other.strip_prefix("Outputs.").map(LogicalId::new) {
                Some(Ok(output)) => Attribute::Output(output),
                Some(Err(_)) | None => Attribute::Named(other.to_owned()),
            },
        }
    }
}

/// A value in a template: a literal or an intrinsic function.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Expr {
    /// A plain string.
    Literal(String),
    /// `{"Ref": id}`: a resource's primary id or a parameter's value.
    Ref(LogicalId),
    /// `{"Ref": "AWS::Region"}` and friends.
    Pseudo(Pseudo),
    /// `{"Fn::GetAtt": [id, attribute]}`
    GetAtt(LogicalId, Attribute),
    /// `{"Fn::Sub": "..."}` built from typed parts.
    Sub(Vec<SubPart>),
    /// `{"Fn::Join": [separator, [values]]}`
    Join(String, Vec<Expr>),
    /// `{"Fn::ImportValue": name}`: the value another stack exports under `name`.
    ImportValue(Box<Expr>),
    /// `{"Fn::Select": [index, list]}`: the item at `index` of a list (a
    /// `CommaDelimitedList` parameter's `Ref`, or an [`Expr::Split`]).
    Select(u32, Box<Expr>),
    /// `{"Fn::Split": [separator, value]}`: a list, for [`Expr::Select`].
    Split(String, Box<Expr>),
    /// `{"Fn::If": [condition, if_true, if_false]}`: one of two values, by a condition of
    /// the template.
    If(LogicalId, Box<Expr>, Box<Expr>),
}

/// One piece of an `Fn::Sub` string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SubPart {
    /// Text copied as is (a literal `${` is escaped as `${!`).
    Text(Text),
    /// `${LogicalId}`
    Ref(LogicalId),
    /// `${AWS::Region}` and friends.
    Pseudo(Pseudo),
    /// `${LogicalId.Attribute}`
    GetAtt(LogicalId, Attribute),
}

impl From<&'static str> for SubPart {
    fn from(text: &'static str) -> Self {
        SubPart::Text(Text::Borrowed(text))
    }
}

impl From<String> for SubPart {
    fn from(text: String) -> Self {
        SubPart::Text(Text::Owned(text))
    }
}

impl From<Pseudo> for SubPart {
    fn from(p: Pseudo) -> Self {
        SubPart::Pseudo(p)
    }
}

impl From<&LogicalId> for SubPart {
    fn from(id: &LogicalId) -> Self {
        SubPart::Ref(id.clone())
    }
}

impl Expr {
    /// A literal string.
    pub fn literal(s: impl Into<String>) -> Self {
        Expr::Literal(s.into())
    }

    /// `Fn::Sub` from its parts.
    pub fn sub(parts: impl IntoIterator<Item = SubPart>) -> Self {
        Expr::Sub(parts.into_iter().collect())
    }

    /// The logical ids this value refers to (for dependency and existence checks).
    pub fn references(&self) -> Vec<&LogicalId> {
        match self {
            Expr::Literal(_) | Expr::Pseudo(_) => Vec::new(),
            Expr::Ref(id) | Expr::GetAtt(id, _) => vec![id],
            Expr::Sub(parts) => parts
                .iter()
                .filter_map(|p| match p {
                    SubPart::Ref(id) | SubPart::GetAtt(id, _) => Some(id),
                    SubPart::Text(_) | SubPart::Pseudo(_) => None,
                })
                .collect(),
            Expr::Join(_, items) => items.iter().flat_map(Expr::references).collect(),
            Expr::ImportValue(inner) | Expr::Select(_, inner) | Expr::Split(_, inner) => {
                inner.references()
            }
            // The condition is no resource or parameter: see [`Expr::conditions`].
            Expr::If(_, a, b) => {
                let mut all = a.references();
                all.extend(b.references());
                all
            }
        }
    }

    /// The conditions this value names (in `Fn::If`).
    pub fn conditions(&self) -> Vec<&LogicalId> {
        match self {
            Expr::Literal(_) | Expr::Pseudo(_) | Expr::Ref(_) | Expr::GetAtt(..) | Expr::Sub(_) => {
                Vec::new()
            }
            Expr::Join(_, items) => items.iter().flat_map(Expr::conditions).collect(),
            Expr::ImportValue(inner) | Expr::Select(_, inner) | Expr::Split(_, inner) => {
                inner.conditions()
            }
            Expr::If(condition, a, b) => {
                let mut all = vec![condition];
                all.extend(a.conditions());
                all.extend(b.conditions());
                all
            }
        }
    }

    /// This value as a `Fn::Sub` part, where it can be one.
    pub fn as_sub_part(&self) -> Option<SubPart> {
        match self {
            Expr::Literal(s) => Some(SubPart::Text(Text::Owned(s.clone()))),
            Expr::Ref(id) => Some(SubPart::Ref(id.clone())),
            Expr::Pseudo(p) => Some(SubPart::Pseudo(*p)),
            Expr::GetAtt(id, a) => Some(SubPart::GetAtt(id.clone(), a.clone())),
            Expr::Sub(_)
            | Expr::Join(..)
            | Expr::ImportValue(_)
            | Expr::Select(..)
            | Expr::Split(..)
            | Expr::If(..) => None,
        }
    }
}

/// The parts of a `Fn::Sub` string as CloudFormation reads it: `${Name}` a reference (a
/// pseudo parameter, or a logical id), `${Name.Attribute}` an attribute, `${!Text}` the
/// literal `${Text}`. Fails with the placeholder that names no valid logical id.
pub fn parse_sub(text: &str) -> Result<Vec<SubPart>, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        literal.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            literal.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let inner = &after[..end];
        rest = &after[end + 1..];
        if let Some(text) = inner.strip_prefix('!') {
            literal.push_str("${");
            literal.push_str(text);
            literal.push('}');
            continue;
        }
        let part = if let Some(p) = Pseudo::from_name(inner) {
            SubPart::Pseudo(p)
        } else {
            let (id, attribute) = match inner.split_once('.') {
                Some((id, attribute)) => (id, Some(attribute)),
                None => (inner, None),
            };
            let id = LogicalId::new(id).map_err(|_| format!("${{{inner}}}"))?;
            match attribute {
                Some(a) => SubPart::GetAtt(id, Attribute::from_name(a)),
                None => SubPart::Ref(id),
            }
        };
        if !literal.is_empty() {
            parts.push(SubPart::Text(Text::Owned(std::mem::take(&mut literal))));
        }
        parts.push(part);
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        parts.push(SubPart::Text(Text::Owned(literal)));
    }
    Ok(parts)
}

fn sub_string(parts: &[SubPart]) -> String {
    let mut s = String::with_capacity(128);
    for part in parts {
        match part {
            // `${` is rare in literal text: copy as is unless a `$` is there at all.
            SubPart::Text(t) if !t.contains('$') => s.push_str(t),
            SubPart::Text(t) => s.push_str(&t.replace("${", "${!")),
            SubPart::Ref(id) => {
                s.push_str("${");
                s.push_str(id.as_str());
                s.push('}');
            }
            SubPart::Pseudo(p) => {
                s.push_str("${");
                s.push_str(p.name());
                s.push('}');
            }
            SubPart::GetAtt(id, a) => {
                s.push_str("${");
                s.push_str(id.as_str());
                s.push('.');
                s.push_str(&a.name());
                s.push('}');
            }
        }
    }
    s
}

impl Serialize for Expr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Expr::Literal(s) => serializer.serialize_str(s),
            Expr::Ref(id) => single(serializer, "Ref", id.as_str()),
            Expr::Pseudo(p) => single(serializer, "Ref", p.name()),
            Expr::GetAtt(id, a) => single(serializer, "Fn::GetAtt", &(id.as_str(), a.name())),
            Expr::Sub(parts) => {
                if parts.iter().all(|p| matches!(p, SubPart::Text(_))) {
                    let text: String = parts
                        .iter()
                        .map(|p| match p {
                            SubPart::Text(t) => t.as_ref(),
                            SubPart::Ref(_) | SubPart::Pseudo(_) | SubPart::GetAtt(..) => "",
                        })
                        .collect();
                    serializer.serialize_str(&text)
                } else {
                    single(serializer, "Fn::Sub", &sub_string(parts))
                }
            }
            Expr::Join(sep, items) => single(serializer, "Fn::Join", &(sep, items)),
            Expr::ImportValue(name) => single(serializer, "Fn::ImportValue", name),
            Expr::Select(index, list) => single(serializer, "Fn::Select", &(index, list)),
            Expr::Split(sep, value) => single(serializer, "Fn::Split", &(sep, value)),
            Expr::If(condition, a, b) => single(serializer, "Fn::If", &(condition.as_str(), a, b)),
        }
    }
}

fn single<S: Serializer, V: Serialize + ?Sized>(
    serializer: S,
    key: &str,
    value: &V,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, value)?;
    map.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> LogicalId {
        LogicalId::new(s).unwrap()
    }

    #[test]
    fn ref_serializes_as_single_key_map() {
        let json = serde_json::to_string(&Expr::Ref(id("Api"))).unwrap();
        assert_eq!(json, r#"{"Ref":"Api"}"#);
    }

    #[test]
    fn get_att_serializes_as_pair() {
        let json =
            serde_json::to_string(&Expr::GetAtt(id("Api"), Attribute::RootResourceId)).unwrap();
        assert_eq!(json, r#"{"Fn::GetAtt":["Api","RootResourceId"]}"#);
    }

    #[test]
    fn sub_escapes_literal_placeholders() {
        let e = Expr::sub([
            "a${b}".into(),
            Pseudo::Region.into(),
            SubPart::GetAtt(id("Pool"), Attribute::Arn),
        ]);
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, r#"{"Fn::Sub":"a${!b}${AWS::Region}${Pool.Arn}"}"#);
    }

    #[test]
    fn sub_without_placeholders_is_a_plain_string() {
        let json = serde_json::to_string(&Expr::sub(["a".into(), "b".into()])).unwrap();
        assert_eq!(json, r#""ab""#);
    }

    #[test]
    fn a_sub_string_parses_back_into_the_parts_it_was_written_from() {
        let e = Expr::sub([
            "a${b}".into(),
            Pseudo::Region.into(),
            SubPart::GetAtt(id("Pool"), Attribute::Arn),
            SubPart::Ref(id("Fn")),
            "/x".into(),
        ]);
        let json = serde_json::to_value(&e).unwrap();
        let text = json["Fn::Sub"].as_str().unwrap();
        let again = Expr::Sub(parse_sub(text).unwrap());
        assert_eq!(serde_json::to_value(&again).unwrap(), json);
        assert_eq!(parse_sub("${not-an-id}"), Err("${not-an-id}".to_owned()));
    }

    #[test]
    fn import_value_and_select_serialize_as_single_key_maps() {
        let e = Expr::Select(
            1,
            Box::new(Expr::Split(
                ",".into(),
                Box::new(Expr::ImportValue(Box::new(Expr::literal("x")))),
            )),
        );
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"Fn::Select":[1,{"Fn::Split":[",",{"Fn::ImportValue":"x"}]}]}"#
        );
    }

    #[test]
    fn sub_in_yaml_is_a_long_form_map_not_a_tag() {
        let yaml = serde_yaml::to_string(&Expr::Ref(id("Api"))).unwrap();
        assert_eq!(yaml, "Ref: Api\n");
    }
}
