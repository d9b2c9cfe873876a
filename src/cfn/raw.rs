//! Raw CloudFormation: resources, conditions and mappings the stack declares as JSON, for what
//! the typed model does not cover. They stay typed where it matters: every string, `Ref`,
//! `Fn::GetAtt`, `Fn::Sub` and `Fn::ImportValue` inside becomes an [`Expr`], so references
//! are checked and rewritten like those of generated resources.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::Serializer;

use super::{Attribute, Expr, LogicalId, Pseudo, References, intrinsic};

/// A JSON value whose strings and id-naming intrinsics are [`Expr`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawValue {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as written.
    Number(serde_json::Number),
    /// A string, or an intrinsic that names ids (`Ref`, `Fn::GetAtt`, `Fn::Sub`,
    /// `Fn::ImportValue`).
    Value(Expr),
    /// A list.
    List(Vec<RawValue>),
    /// A map (other intrinsics, such as `Fn::If` or `Fn::FindInMap`, are maps whose values
    /// are read the same way).
    Map(BTreeMap<String, RawValue>),
}

/// A raw value that can't be read: where (a JSON pointer) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pointer}: {reason}")]
pub struct InvalidRawValue {
    /// Where the value is, e.g. `/Properties/Role/Fn::GetAtt`.
    pub pointer: String,
    /// Why it can't be read.
    pub reason: String,
}

impl RawValue {
    /// Reads `value`, turning its strings and id-naming intrinsics into [`Expr`]s.
    pub fn from_json(value: &serde_json::Value) -> Result<RawValue, InvalidRawValue> {
        let mut pointer = String::new();
        read(value, &mut pointer)
    }

    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        // The model holds only strings, numbers, bools and string-keyed maps.
        serde_json::to_value(self).unwrap_or_default()
    }

    /// The map this value is, if it is one.
    pub fn as_map(&self) -> Option<&BTreeMap<String, RawValue>> {
        match self {
            RawValue::Map(map) => Some(map),
            _ => None,
        }
    }

    /// The literal string this value is, if it is one.
    pub fn as_literal(&self) -> Option<&str> {
        match self {
            RawValue::Value(Expr::Literal(s)) => Some(s),
            _ => None,
        }
    }
}

fn invalid(pointer: &str, reason: impl Into<String>) -> InvalidRawValue {
    InvalidRawValue {
        pointer: if pointer.is_empty() {
            "/".to_owned()
        } else {
            pointer.to_owned()
        },
        reason: reason.into(),
    }
}

fn read(value: &serde_json::Value, pointer: &mut String) -> Result<RawValue, InvalidRawValue> {
    use serde_json::Value as J;
    Ok(match value {
        J::Null => RawValue::Null,
        J::Bool(b) => RawValue::Bool(*b),
        J::Number(n) => RawValue::Number(n.clone()),
        J::String(s) => RawValue::Value(Expr::Literal(s.clone())),
        J::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                out.push(read(item, pointer)?);
                pointer.truncate(len);
            }
            RawValue::List(out)
        }
        J::Object(map) => {
            if map.len() == 1
                && let Some((key, inner)) = map.iter().next()
            {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(key);
                let expr = intrinsic_expr(key, inner, pointer)?;
                pointer.truncate(len);
                if let Some(expr) = expr {
                    return Ok(RawValue::Value(expr));
                }
            }
            let mut out = BTreeMap::new();
            for (key, item) in map {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(key);
                out.insert(key.clone(), read(item, pointer)?);
                pointer.truncate(len);
            }
            RawValue::Map(out)
        }
    })
}

/// The [`Expr`] the single-key map `{key: inner}` is, when it is an intrinsic that names ids
/// in a form the model holds; `None` for any other map.
fn intrinsic_expr(
    key: &str,
    inner: &serde_json::Value,
    pointer: &str,
) -> Result<Option<Expr>, InvalidRawValue> {
    use serde_json::Value as J;
    let id = |name: &str| {
        LogicalId::new(name).map_err(|_| {
            invalid(
                pointer,
                format!("`{name}` is no logical id (1 to 255 letters and digits)"),
            )
        })
    };
    Ok(Some(match (key, inner) {
        ("Ref", J::String(name)) => match Pseudo::from_name(name) {
            Some(p) => Expr::Pseudo(p),
            None => Expr::Ref(id(name)?),
        },
        ("Ref", _) => return Err(invalid(pointer, "`Ref` takes a name")),
        ("Fn::GetAtt", J::String(dotted)) => match dotted.split_once('.') {
            Some((name, attribute)) => Expr::GetAtt(id(name)?, Attribute::from_name(attribute)),
            None => return Err(invalid(pointer, "`Fn::GetAtt` takes `Name.Attribute`")),
        },
        ("Fn::GetAtt", J::Array(pair)) => match pair.as_slice() {
            [J::String(name), J::String(attribute)] => {
                Expr::GetAtt(id(name)?, Attribute::from_name(attribute))
            }
            _ => {
                return Err(invalid(
                    pointer,
                    "`Fn::GetAtt` takes [Name, Attribute] (both strings)",
                ));
            }
        },
        ("Fn::GetAtt", _) => return Err(invalid(pointer, "`Fn::GetAtt` takes [Name, Attribute]")),
        ("Fn::Sub", J::String(text)) => match intrinsic::parse_sub(text) {
            Ok(parts) => Expr::Sub(parts),
            Err(placeholder) => {
                return Err(invalid(
                    pointer,
                    format!("placeholder `{placeholder}` names no logical id or pseudo parameter"),
                ));
            }
        },
        ("Fn::ImportValue", J::String(name)) => {
            Expr::ImportValue(Box::new(Expr::Literal(name.clone())))
        }
        _ => return Ok(None),
    }))
}

impl Serialize for RawValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            RawValue::Null => serializer.serialize_unit(),
            RawValue::Bool(b) => serializer.serialize_bool(*b),
            RawValue::Number(n) => n.serialize(serializer),
            RawValue::Value(e) => e.serialize(serializer),
            RawValue::List(items) => items.serialize(serializer),
            RawValue::Map(map) => map.serialize(serializer),
        }
    }
}

impl References for RawValue {
    fn exprs<'a>(&'a self, out: &mut Vec<&'a Expr>) {
        match self {
            RawValue::Null | RawValue::Bool(_) | RawValue::Number(_) => {}
            RawValue::Value(e) => out.push(e),
            RawValue::List(items) => items.exprs(out),
            RawValue::Map(map) => map.exprs(out),
        }
    }

    fn exprs_mut<'a>(&'a mut self, out: &mut Vec<&'a mut Expr>) {
        match self {
            RawValue::Null | RawValue::Bool(_) | RawValue::Number(_) => {}
            RawValue::Value(e) => out.push(e),
            RawValue::List(items) => items.exprs_mut(out),
            RawValue::Map(map) => map.exprs_mut(out),
        }
    }
}

/// The properties of a resource of any type, as the stack wrote them (or as an override left
/// a generated resource's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawProperties {
    /// The resource type, e.g. `AWS::Lambda::Function`.
    pub type_name: String,
    /// The properties, by name.
    pub properties: BTreeMap<String, RawValue>,
}

impl Serialize for RawProperties {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.properties.serialize(serializer)
    }
}

impl References for RawProperties {
    fn exprs<'a>(&'a self, out: &mut Vec<&'a Expr>) {
        self.properties.exprs(out);
    }

    fn exprs_mut<'a>(&'a mut self, out: &mut Vec<&'a mut Expr>) {
        self.properties.exprs_mut(out);
    }
}

/// `patch` merged into `target` as JSON Merge Patch (RFC 7386) does: maps merge key by key,
/// `null` removes a key, anything else replaces the value whole (lists included).
pub fn merge_patch(target: &mut serde_json::Value, patch: &serde_json::Value) {
    use serde_json::Value as J;
    let J::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = J::Object(serde_json::Map::new());
    }
    if let J::Object(map) = target {
        for (key, value) in patch {
            if value.is_null() {
                map.remove(key);
            } else {
                merge_patch(map.entry(key.clone()).or_insert(J::Null), value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn intrinsics_that_name_ids_become_exprs_and_serialize_back_as_written() {
        let written = json!({
            "Role": {"Fn::GetAtt": ["OrdersRole", "Arn"]},
            "Name": {"Fn::Sub": "${AWS::StackName}-orders-${Table.StreamArn}"},
            "Env": {"Fn::If": ["IsProd", {"Ref": "Stage"}, {"Ref": "AWS::NoValue"}]},
            "Timeout": 30,
            "Layers": [{"Fn::ImportValue": "shared-layer"}]
        });
        let raw = RawValue::from_json(&written).unwrap();
        assert_eq!(raw.to_json(), written);
        let mut exprs = Vec::new();
        raw.exprs(&mut exprs);
        let ids: Vec<&str> = exprs
            .iter()
            .flat_map(|e| e.references())
            .map(LogicalId::as_str)
            .collect();
        assert_eq!(ids, ["Stage", "Table", "OrdersRole"]);
    }

    #[test]
    fn a_ref_to_a_name_that_is_no_logical_id_is_refused_with_its_place() {
        let e = RawValue::from_json(&json!({"A": [{"Ref": "my-fn"}]})).unwrap_err();
        assert_eq!(e.pointer, "/A/0/Ref");
    }

    #[test]
    fn a_merge_patch_merges_maps_removes_nulls_and_replaces_the_rest() {
        let mut target = json!({"A": {"B": 1, "C": 2}, "D": [1, 2]});
        merge_patch(&mut target, &json!({"A": {"B": null, "E": 3}, "D": [3]}));
        assert_eq!(target, json!({"A": {"C": 2, "E": 3}, "D": [3]}));
    }
}
