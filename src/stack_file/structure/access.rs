//! How the derived code walks a value: the items of a sequence, the entries of a map, the
//! fields of a struct (stand-ins for missing ones) and a variant's content, each read at its
//! own path.

use std::cell::RefCell;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_yaml::Value;

use super::Pass;
use super::error::{Error, guarded};
use super::filler::Filler;
use super::node::{Node, untag};
use super::path::{Path, left_out};

/// A key as the spans index it: its text.
pub(super) fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        Value::Tagged(t) => key_text(&t.value),
        Value::Sequence(_) | Value::Mapping(_) => "?".to_owned(),
    }
}

/// The items of a sequence, each at its index; those left out are skipped.
pub(super) struct Items<'de, 'a> {
    parent: &'a Path<'a>,
    pass: &'a RefCell<Pass>,
    items: std::iter::Enumerate<std::slice::Iter<'de, Value>>,
}

impl<'de, 'a> Items<'de, 'a> {
    pub(super) fn new(parent: &'a Path<'a>, pass: &'a RefCell<Pass>, items: &'de [Value]) -> Self {
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
pub(super) struct Entries<'de, 'a> {
    parent: &'a Path<'a>,
    pass: &'a RefCell<Pass>,
    entries: serde_yaml::mapping::Iter<'de>,
    /// The value whose key was read last, and the key's text.
    current: Option<(&'de Value, String)>,
}

impl<'de, 'a> Entries<'de, 'a> {
    pub(super) fn new(
        parent: &'a Path<'a>,
        pass: &'a RefCell<Pass>,
        map: &'de serde_yaml::Mapping,
    ) -> Self {
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
pub(super) enum Field<'de> {
    Given(&'static str, &'de Value),
    Filler(&'static str),
}

impl Field<'_> {
    pub(super) fn name(&self) -> &'static str {
        match self {
            Field::Given(name, _) | Field::Filler(name) => name,
        }
    }
}

/// The fields of a struct, in the file's order, the filled-in ones last.
pub(super) struct Fields<'de, 'a> {
    parent: &'a Path<'a>,
    pass: &'a RefCell<Pass>,
    fields: std::vec::IntoIter<Field<'de>>,
    current: Option<Field<'de>>,
}

impl<'de, 'a> Fields<'de, 'a> {
    /// The struct at `parent` with the fields `given`.
    pub(super) fn new(
        parent: &'a Path<'a>,
        pass: &'a RefCell<Pass>,
        given: Vec<Field<'de>>,
    ) -> Self {
        Fields {
            parent,
            pass,
            fields: given.into_iter(),
            current: None,
        }
    }
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
pub(super) struct Variant<'de, 'a> {
    /// The variant's name.
    pub(super) name: &'de str,
    /// Its content.
    pub(super) node: Node<'de, 'a>,
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
