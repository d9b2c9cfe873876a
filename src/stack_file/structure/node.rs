//! The deserializer over a parsed YAML value that records a mistake where the derived code
//! asks for something the file does not hold, hands it a stand-in, and reads on.

use std::cell::RefCell;
use std::sync::OnceLock;

use serde::de::value::StrDeserializer;
use serde::de::{Deserializer, IntoDeserializer, Visitor};
use serde_yaml::Value;

use super::super::LoadProblemKind;
use super::access::{Entries, Field, Fields, Items, Variant, key_text};
use super::error::Error;
use super::filler::{Empty, Filler, FillerStruct, FillerVariant};
use super::path::{Path, left_out};
use super::{Learned, Mistake, Pass, Required, hints};

/// A value of the file, at its path, read for the derived code.
pub(super) struct Node<'de, 'a> {
    pub(super) value: &'de Value,
    pub(super) path: &'a Path<'a>,
    pub(super) pass: &'a RefCell<Pass>,
    /// Whether the value is a mapping's key (mistakes then point at the key).
    pub(super) key: bool,
}

impl<'de, 'a> Node<'de, 'a> {
    /// The whole part `value`, found at `path`.
    pub(super) fn new(value: &'de Value, path: &'a Path<'a>, pass: &'a RefCell<Pass>) -> Self {
        let value = untag(value);
        Node {
            value,
            path,
            pass,
            key: false,
        }
    }

    fn record(&self, kind: LoadProblemKind, message: String) {
        self.pass.borrow_mut().mistakes.push(Mistake {
            path: self.path.segments(),
            at_key: self.key,
            kind,
            message,
        });
    }

    pub(super) fn wrong_type(&self, expected: &str) {
        self.record(
            LoadProblemKind::InvalidValue,
            hints::wrong_type(self.value, expected),
        );
    }

    /// An integer of the range `min..=max`, or `None` with the mistake recorded.
    fn integer(&self, min: i128, max: i128) -> Option<i128> {
        let expected = format!("a whole number from {min} to {max}");
        let Value::Number(n) = self.value else {
            self.wrong_type(&expected);
            return None;
        };
        let whole = n
            .as_u64()
            .map(i128::from)
            .or_else(|| n.as_i64().map(i128::from));
        match whole {
            Some(w) if (min..=max).contains(&w) => Some(w),
            Some(w) => {
                let message = format!("invalid value: integer `{w}`, expected {expected}");
                self.record(LoadProblemKind::InvalidValue, message);
                None
            }
            None => {
                self.wrong_type(&expected);
                None
            }
        }
    }
}

/// An empty mapping and an empty sequence: what `key:` with nothing after it is read as
/// where a mapping or a list goes, as serde_yaml reads it.
fn empty_mapping() -> &'static serde_yaml::Mapping {
    static EMPTY: OnceLock<serde_yaml::Mapping> = OnceLock::new();
    EMPTY.get_or_init(serde_yaml::Mapping::new)
}

pub(super) fn untag(value: &Value) -> &Value {
    match value {
        Value::Tagged(t) => untag(&t.value),
        other => other,
    }
}

macro_rules! integer {
    ($($method:ident $visit:ident $t:ty;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let n = self
                .integer(i128::from(<$t>::MIN), i128::from(<$t>::MAX))
                .and_then(|n| <$t>::try_from(n).ok())
                .unwrap_or_default();
            visitor.$visit(n)
        }
    )*};
}

impl<'de> Deserializer<'de> for Node<'de, '_> {
    type Error = Error;

    /// The value as it is, for types that look at it themselves (untagged enums, a
    /// deferred part, any value).
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (None, Some(i)) => visitor.visit_i64(i),
                (None, None) => visitor.visit_f64(n.as_f64().unwrap_or_default()),
            },
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Sequence(items) => visitor.visit_seq(Items::new(self.path, self.pass, items)),
            Value::Mapping(map) => visitor.visit_map(Entries::new(self.path, self.pass, map)),
            Value::Tagged(t) => Node::new(&t.value, self.path, self.pass).deserialize_any(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Bool(b) => visitor.visit_bool(*b),
            _ => {
                self.wrong_type("a boolean");
                visitor.visit_bool(false)
            }
        }
    }

    integer! {
        deserialize_i8 visit_i8 i8;
        deserialize_i16 visit_i16 i16;
        deserialize_i32 visit_i32 i32;
        deserialize_i64 visit_i64 i64;
        deserialize_u8 visit_u8 u8;
        deserialize_u16 visit_u16 u16;
        deserialize_u32 visit_u32 u32;
        deserialize_u64 visit_u64 u64;
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Number(n) => visitor.visit_f64(n.as_f64().unwrap_or_default()),
            _ => {
                self.wrong_type("a number");
                visitor.visit_f64(0.0)
            }
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => visitor.visit_borrowed_str(s),
            _ => {
                self.wrong_type("a string");
                visitor.visit_str("")
            }
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => visitor.visit_borrowed_bytes(s.as_bytes()),
            _ => {
                self.wrong_type("a string");
                visitor.visit_bytes(&[])
            }
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if !self.value.is_null() {
            self.wrong_type("null");
        }
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Sequence(items) => visitor.visit_seq(Items::new(self.path, self.pass, items)),
            Value::Null => visitor.visit_seq(Empty),
            _ => {
                self.wrong_type("a sequence");
                visitor.visit_seq(Empty)
            }
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Mapping(map) => visitor.visit_map(Entries::new(self.path, self.pass, map)),
            Value::Null => visitor.visit_map(Empty),
            _ => {
                self.wrong_type("a mapping");
                visitor.visit_map(Empty)
            }
        }
    }

    /// A mapping with the struct's fields: an unknown key is a mistake and skipped; a
    /// required field known to be missing is a mistake and filled in.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let map = match self.value {
            Value::Mapping(map) => map,
            Value::Null => empty_mapping(),
            _ => {
                self.wrong_type("a mapping");
                return visitor.visit_map(FillerStruct::new(fields));
            }
        };
        let mut given = Vec::with_capacity(map.len());
        let mut present = Vec::with_capacity(map.len());
        // Fields suggested for misspelt ones: not reported missing as well.
        let mut suggested = Vec::new();
        for (k, v) in map {
            let known = k
                .as_str()
                .and_then(|k| fields.iter().copied().find(|f| *f == k));
            let Some(field) = known else {
                let text = key_text(k);
                let path = Path::Key(self.path, &text);
                let node = Node {
                    value: k,
                    path: &path,
                    pass: self.pass,
                    key: true,
                };
                let (message, suggestion) =
                    hints::unknown_field(&text, fields, &self.path.segments());
                suggested.extend(suggestion);
                node.record(LoadProblemKind::UnknownField, message);
                continue;
            };
            present.push(field);
            if !left_out(self.pass, &Path::Key(self.path, field)) {
                given.push(Field::Given(field, v));
            }
        }
        let required: Vec<&'static str> = self
            .pass
            .borrow()
            .required
            .iter()
            .filter(|r| r.structure == name && r.fields == fields)
            .map(|r| r.field)
            .collect();
        for field in required {
            if given.iter().any(|g| g.name() == field) {
                continue;
            }
            if !present.contains(&field) && !suggested.contains(&field) {
                // Said at the mapping's key (`stage:`), where the field is missing.
                let at_key = Node { key: true, ..self };
                at_key.record(
                    LoadProblemKind::MissingField,
                    format!("missing field `{field}`"),
                );
            }
            given.push(Field::Filler(field));
        }
        let access = Fields::new(self.path, self.pass, given);
        match visitor.visit_map(access) {
            Err(Error::Missing(field)) => {
                self.pass
                    .borrow_mut()
                    .learned
                    .push(Learned::Required(Required {
                        structure: name,
                        fields,
                        field,
                    }));
                Err(Error::Abort)
            }
            other => other,
        }
    }

    /// A variant by name (`regional`), or a one-key mapping (`{ variant: content }`); an
    /// unknown one is a mistake, and the first variant stands in.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let known = |name: &str| variants.iter().copied().find(|v| *v == name);
        match self.value {
            Value::String(s) if known(s).is_some() => {
                let access: StrDeserializer<'_, Error> = s.as_str().into_deserializer();
                return visitor.visit_enum(access);
            }
            Value::Mapping(map) if map.len() == 1 => {
                if let Some((Value::String(name), content)) = map.iter().next()
                    && known(name).is_some()
                {
                    let path = Path::Key(self.path, name);
                    let node = Node::new(content, &path, self.pass);
                    return visitor.visit_enum(Variant { name, node });
                }
            }
            _ => {}
        }
        let unknown = match self.value {
            Value::String(s) => Some(s.as_str()),
            Value::Mapping(map) if map.len() == 1 => {
                map.iter().next().and_then(|(k, _)| k.as_str())
            }
            _ => None,
        };
        match unknown {
            Some(name) => self.record(
                LoadProblemKind::UnknownVariant,
                hints::unknown_variant(name, variants),
            ),
            None => self.wrong_type(&hints::one_of(variants)),
        }
        let Some(first) = variants.first() else {
            return Err(Error::Other("a type without variants".to_owned()));
        };
        visitor.visit_enum(FillerVariant(first, Filler::default()))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}
