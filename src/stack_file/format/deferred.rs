//! Parts of a file read later, on their own, so that one mistake does not hide others.

use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A part of the file read later, on its own, so that one mistake in it does not hide the
/// mistakes elsewhere. Its schema is `T`'s.
#[derive(Debug, Clone)]
pub struct Deferred<T> {
    pub(crate) value: serde_yaml::Value,
    marker: PhantomData<fn() -> T>,
}

impl<T: Serialize> Deferred<T> {
    /// `value`, to be written into a stack file (and read back later, as any deferred part).
    pub fn new(value: &T) -> Result<Self, serde_yaml::Error> {
        serde_yaml::to_value(value).map(|value| Deferred {
            value,
            marker: PhantomData,
        })
    }
}

impl<T> Serialize for Deferred<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<'de, T> Deserialize<'de> for Deferred<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_yaml::Value::deserialize(deserializer).map(|value| Deferred {
            value,
            marker: PhantomData,
        })
    }
}

impl<T: JsonSchema> JsonSchema for Deferred<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
