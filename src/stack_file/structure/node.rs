//! The deserializer over a parsed YAML value that records a mistake where the derived code
//! asks for something the file does not hold, hands it a stand-in, and reads on.

use std::cell::RefCell;
use std::fmt;
use std::sync::OnceLock;

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde_yaml::Value;

use super::super::LoadProblemKind;
use super::filler::{Empty, Filler, FillerStruct, FillerVariant};
use super::{Learned, Mistake, Pass, Required, hints};

/// Why reading stopped.
#[derive(Debug)]
pub(super) enum Error {
    /// The pass ends here; what was found is recorded or learned already.
    Abort,
    /// The derived code's `missing field`, caught where the struct is read.
    Missing(&'static str),
    /// An error a type raised on its own (an untagged enum's, a custom one).
    Other(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Abort => f.write_str("reading stopped"),
            Error::Missing(field) => write!(f, "missing field `{field}`"),
            Error::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error::Other(message.to_string())
    }

    fn missing_field(field: &'static str) -> Self {
        Error::Missing(field)
    }
}

/// A path in the file, linked to its parent so that reading copies no path: only a mistake
/// turns it into segments.
#[derive(Debug, Clone, Copy)]
pub(super) enum Path<'p> {
    /// Where the part starts.
    Base(&'p [String]),
    /// A key of a mapping.
    Key(&'p Path<'p>, &'p str),
    /// An item of a sequence.
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    /// The segments from the file's root.
    pub(super) fn segments(&self) -> Vec<String> {
        let mut tail = Vec::new();
        let mut at = self;
        loop {
            match at {
                Path::Base(base) => {
                    let mut path = base.to_vec();
                    path.extend(tail.into_iter().rev());
                    return path;
                }
                Path::Key(parent, key) => {
                    tail.push((*key).to_owned());
                    at = parent;
                }
                Path::Index(parent, index) => {
                    tail.push(index.to_string());
                    at = parent;
                }
            }
        }
    }
}

/// A mistake for a value its type rejected on its own, with `message` (serde's) made plain.
pub(super) fn rejected(value: &Value, path: Vec<String>, message: &str) -> Mistake {
    let kind = if message.starts_with("unknown field") {
        LoadProblemKind::UnknownField
    } else if message.starts_with("unknown variant") {
        LoadProblemKind::UnknownVariant
    } else if message.starts_with("missing field") {
        LoadProblemKind::MissingField
    } else {
        LoadProblemKind::InvalidValue
    };
    Mistake {
        path,
        at_key: false,
        kind,
        message: hints::rejected(value, message),
    }
}

/// `result` of reading a child at `path`; a type's own error becomes a mistake there,
/// learned so that the next pass leaves the value out.
fn guarded<T>(
    result: Result<T, Error>,
    value: &Value,
    path: &Path<'_>,
    pass: &RefCell<Pass>,
) -> Result<T, Error> {
    match result {
        Err(Error::Abort) => Err(Error::Abort),
        Err(e) => {
            let mistake = rejected(value, path.segments(), &e.to_string());
            pass.borrow_mut().learned.push(Learned::Rejected(mistake));
            Err(Error::Abort)
        }
        ok => ok,
    }
}

/// Whether the value at `path` is left out (its type rejected it on an earlier pass).
fn left_out(pass: &RefCell<Pass>, path: &Path<'_>) -> bool {
    let pass = pass.borrow();
    !pass.left_out.is_empty() && pass.left_out.contains(&path.segments())
}

/// A key as the spans index it: its text.
fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        Value::Tagged(t) => key_text(&t.value),
        Value::Sequence(_) | Value::Mapping(_) => "?".to_owned(),
    }
}

/// A value of the file, at its path, read for the derived code.
pub(super) struct Node<'de, 'a> {
    value: &'de Value,
    path: &'a Path<'a>,
    pass: &'a RefCell<Pass>,
    /// Whether the value is a mapping's key (mistakes then point at the key).
    key: bool,
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

    fn wrong_type(&self, expected: &str) {
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

fn untag(value: &Value) -> &Value {
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
        let access = Fields {
            parent: self.path,
            pass: self.pass,
            fields: given.into_iter(),
            current: None,
        };
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

/// The items of a sequence, each at its index; those left out are skipped.
struct Items<'de, 'a> {
    parent: &'a Path<'a>,
    pass: &'a RefCell<Pass>,
    items: std::iter::Enumerate<std::slice::Iter<'de, Value>>,
}

impl<'de, 'a> Items<'de, 'a> {
    fn new(parent: &'a Path<'a>, pass: &'a RefCell<Pass>, items: &'de [Value]) -> Self {
        Items {
            parent,
            pass,
            items: items.iter().enumerate(),
        }
    }
}

impl<'de> SeqAccess<'de> for Items<'de, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        for (index, item) in self.items.by_ref() {
            let path = Path::Index(self.parent, index);
            if left_out(self.pass, &path) {
                continue;
            }
            let node = Node::new(item, &path, self.pass);
            return guarded(seed.deserialize(node), item, &path, self.pass).map(Some);
        }
        Ok(None)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The entries of a mapping read as a map, each at its key; those left out are skipped.
struct Entries<'de, 'a> {
    parent: &'a Path<'a>,
    pass: &'a RefCell<Pass>,
    entries: serde_yaml::mapping::Iter<'de>,
    /// The value whose key was read last, and the key's text.
    current: Option<(&'de Value, String)>,
}

impl<'de, 'a> Entries<'de, 'a> {
    fn new(parent: &'a Path<'a>, pass: &'a RefCell<Pass>, map: &'de serde_yaml::Mapping) -> Self {
        Entries {
            parent,
            pass,
            entries: map.iter(),
            current: None,
        }
    }
}

impl<'de> MapAccess<'de> for Entries<'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        for (k, v) in self.entries.by_ref() {
            let text = key_text(k);
            let path = Path::Key(self.parent, &text);
            if left_out(self.pass, &path) {
                continue;
            }
            let node = Node {
                value: untag(k),
                path: &path,
                pass: self.pass,
                key: true,
            };
            let key = guarded(seed.deserialize(node), k, &path, self.pass)?;
            self.current = Some((v, text));
            return Ok(Some(key));
        }
        Ok(None)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        let Some((value, text)) = self.current.take() else {
            return Err(Error::Other("a value without a key".to_owned()));
        };
        let path = Path::Key(self.parent, &text);
        let node = Node::new(value, &path, self.pass);
        guarded(seed.deserialize(node), value, &path, self.pass)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A field handed to a struct: given in the file, or filled in for a missing one.
enum Field<'de> {
    Given(&'static str, &'de Value),
    Filler(&'static str),
}

impl Field<'_> {
    fn name(&self) -> &'static str {
        match self {
            Field::Given(name, _) | Field::Filler(name) => name,
        }
    }
}

/// The fields of a struct, in the file's order, the filled-in ones last.
struct Fields<'de, 'a> {
    parent: &'a Path<'a>,
    pass: &'a RefCell<Pass>,
    fields: std::vec::IntoIter<Field<'de>>,
    current: Option<Field<'de>>,
}

impl<'de> MapAccess<'de> for Fields<'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(field) = self.fields.next() else {
            return Ok(None);
        };
        let name: BorrowedStrDeserializer<'de, Error> = BorrowedStrDeserializer::new(field.name());
        self.current = Some(field);
        seed.deserialize(name).map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        match self.current.take() {
            Some(Field::Given(name, value)) => {
                let path = Path::Key(self.parent, name);
                let node = Node::new(value, &path, self.pass);
                guarded(seed.deserialize(node), value, &path, self.pass)
            }
            // A stand-in the type rejects: nothing to learn, so the reading stops.
            Some(Field::Filler(_)) => seed
                .deserialize(Filler::default())
                .map_err(|_| Error::Abort),
            None => Err(Error::Other("a value without a key".to_owned())),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.fields.len())
    }
}

/// A variant written as a one-key mapping, with its content.
struct Variant<'de, 'a> {
    name: &'de str,
    node: Node<'de, 'a>,
}

impl<'de, 'a> EnumAccess<'de> for Variant<'de, 'a> {
    type Error = Error;
    type Variant = Node<'de, 'a>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), Error> {
        let name: BorrowedStrDeserializer<'de, Error> = BorrowedStrDeserializer::new(self.name);
        Ok((seed.deserialize(name)?, self.node))
    }
}

impl<'de> VariantAccess<'de> for Node<'de, '_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        if !self.value.is_null() {
            self.wrong_type("nothing (a variant without settings)");
        }
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_tuple(len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_struct("", fields, visitor)
    }
}
