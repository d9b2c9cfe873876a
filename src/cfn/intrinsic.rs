//! Typed intrinsic functions: `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join` and pseudo parameters.
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
        }
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
        }
    }

    /// This value as a `Fn::Sub` part, where it can be one.
    pub fn as_sub_part(&self) -> Option<SubPart> {
        match self {
            Expr::Literal(s) => Some(SubPart::Text(Text::Owned(s.clone()))),
            Expr::Ref(id) => Some(SubPart::Ref(id.clone())),
            Expr::Pseudo(p) => Some(SubPart::Pseudo(*p)),
            Expr::GetAtt(id, a) => Some(SubPart::GetAtt(id.clone(), a.clone())),
            Expr::Sub(_) | Expr::Join(..) => None,
        }
    }
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
    fn sub_in_yaml_is_a_long_form_map_not_a_tag() {
        let yaml = serde_yaml::to_string(&Expr::Ref(id("Api"))).unwrap();
        assert_eq!(yaml, "Ref: Api\n");
    }
}
