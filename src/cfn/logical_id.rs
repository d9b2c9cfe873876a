//! Logical ids: the names of resources, parameters and outputs inside a template.

use std::fmt;
use std::sync::Arc;

use serde::{Serialize, Serializer};
use sha2::{Digest, Sha256};

/// The longest logical id CloudFormation accepts.
pub(crate) const MAX_LEN: usize = 255;

/// A CloudFormation logical id: 1 to 255 ASCII letters and digits.
///
/// The field is private, so every `LogicalId` in a template is valid. A template refers to
/// the same few ids (the API, its authorizers, each resource) from thousands of places:
/// the id is shared, so a copy costs no allocation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LogicalId(Arc<str>);

impl Serialize for LogicalId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// A string that is not a valid logical id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid logical id (1 to 255 ASCII letters and digits)")]
pub struct InvalidLogicalId(pub String);

impl LogicalId {
    /// Checks `id` against `^[A-Za-z0-9]{1,255}$`.
    pub fn new(id: impl Into<String>) -> Result<Self, InvalidLogicalId> {
        let id = id.into();
        if is_valid(&id) {
            Ok(Self(id.into()))
        } else {
            Err(InvalidLogicalId(id))
        }
    }

    /// A readable, collision-free id: `prefix` + PascalCase of `readable` + 8 hex digits of
    /// the SHA-256 of `raw`, so `{id}` and `id` (same readable part) still differ.
    pub fn derive(prefix: &str, readable: &str, raw: &str) -> Self {
        Self::derive_at_most(prefix, readable, raw, MAX_LEN)
    }

    /// [`derive`](LogicalId::derive), at most `max` characters long (at least the hash's 8
    /// and at most 255): for ids that also name a file, whose name has at most 255 bytes
    /// with its extension.
    pub fn derive_at_most(prefix: &str, readable: &str, raw: &str, max: usize) -> Self {
        let digest = Sha256::digest(raw.as_bytes());
        let max = max.clamp(8, MAX_LEN);
        let words = pascal_case(readable);
        Self::within(prefix, &[&words], &digest, max)
    }

    /// [`derive`](LogicalId::derive) from parts already computed: `prefix`, then the
    /// PascalCase `words` (their concatenation is the PascalCase of the readable text), then
    /// 8 hex digits of `digest` (the SHA-256 of the raw text). Lets ids along a path be
    /// derived from their parent's work instead of the whole path again.
    pub(crate) fn from_digest(prefix: &str, words: &[&str], digest: &[u8]) -> Self {
        Self::within(prefix, words, digest, MAX_LEN)
    }

    fn within(prefix: &str, words: &[&str], digest: &[u8], max: usize) -> Self {
        let hash = hex_upper(&digest[..4]);
        let mut id = alphanumeric(prefix);
        for word in words {
            if id.len() >= max - hash.len() {
                break;
            }
            id.push_str(word);
        }
        id.truncate(max - hash.len());
        id.push_str(&hash);
        Self(id.into())
    }

    /// `prefix` + PascalCase of `readable`, without a hash: for ids that are unique by
    /// construction (one per stack or per enum value). Falls back to `prefix` alone.
    pub fn readable(prefix: &str, readable: &str) -> Self {
        let mut id = alphanumeric(prefix);
        id.push_str(&pascal_case(readable));
        id.truncate(MAX_LEN);
        if id.is_empty() {
            id.push('X');
        }
        Self(id.into())
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LogicalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_valid(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_LEN && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn alphanumeric(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// `get-category`, `{id}`, `/products/{id}` → `GetCategory`, `Id`, `ProductsId`.
pub(crate) fn pascal_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut upper_next = true;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if upper_next {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper_next = false;
        } else {
            upper_next = true;
        }
    }
    out
}

/// Upper-case hex of `bytes`.
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0xF)] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_punctuation_and_empty_ids() {
        assert!(LogicalId::new("Api-1").is_err());
        assert!(LogicalId::new("").is_err());
        assert!(LogicalId::new("x".repeat(256)).is_err());
        assert!(LogicalId::new("Api1").is_ok());
    }

    #[test]
    fn derived_ids_differ_when_only_punctuation_differs() {
        let a = LogicalId::derive("Resource", "/users/{id}", "/users/{id}");
        let b = LogicalId::derive("Resource", "/users/id", "/users/id");
        assert_ne!(a, b);
        assert!(a.as_str().starts_with("ResourceUsersId"));
    }

    #[test]
    fn derived_ids_stay_within_the_length_limit() {
        let long = "a/".repeat(400);
        let id = LogicalId::derive("Resource", &long, &long);
        assert_eq!(id.as_str().len(), MAX_LEN);
        assert!(LogicalId::new(id.as_str()).is_ok());
    }

    #[test]
    fn pascal_case_capitalises_each_word() {
        assert_eq!(pascal_case("get-category"), "GetCategory");
        assert_eq!(pascal_case("/products/{id}"), "ProductsId");
    }
}
