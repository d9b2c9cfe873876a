//! API keys: a method with `ApiKeyRequired` takes only a request whose key is the value of an
//! enabled key of a usage plan of the served stage. The key is the `x-api-key` header, or,
//! when the API's `ApiKeySourceType` is `AUTHORIZER`, the `usageIdentifierKey` its Lambda
//! authorizer returned. Values come from the template (a literal `Value`, or a parameter)
//! or from `--api-key NAME=VALUE`.

use std::collections::BTreeMap;

/// The keys accepted on the served stage: value → key name.
#[derive(Debug, Clone, Default)]
pub struct ApiKeys {
    by_value: BTreeMap<String, String>,
}

impl ApiKeys {
    /// The keys named `names` with their values.
    pub fn new(keys: impl IntoIterator<Item = (String, String)>) -> Self {
        Self {
            by_value: keys
                .into_iter()
                .map(|(name, value)| (value, name))
                .collect(),
        }
    }

    /// The name of the key whose value `header` is, or None.
    pub fn check(&self, header: Option<&str>) -> Option<&str> {
        self.by_value.get(header?).map(String::as_str)
    }

    /// The names of the keys, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.by_value.values().map(String::as_str).collect();
        names.sort_unstable();
        names
    }
}

/// Where a request's API key is read (the REST API's `ApiKeySourceType`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum KeySource {
    /// The `x-api-key` header (`HEADER`, the default).
    #[default]
    Header,
    /// The `usageIdentifierKey` of the method's Lambda authorizer (`AUTHORIZER`); a method
    /// without one has no key.
    Authorizer,
}

impl KeySource {
    /// The source an `ApiKeySourceType` value names; anything but `AUTHORIZER` is the header.
    pub fn of(setting: Option<&str>) -> Self {
        match setting {
            Some("AUTHORIZER") => Self::Authorizer,
            _ => Self::Header,
        }
    }

    /// The source in words, for the log and the banner.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Header => "x-api-key",
            Self::Authorizer => "usageIdentifierKey of the Lambda authorizer",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_known_value_passes() {
        let keys = ApiKeys::new([("partner-a".to_owned(), "secret-a".to_owned())]);
        assert_eq!(keys.check(Some("secret-a")), Some("partner-a"));
        assert_eq!(keys.check(Some("secret-b")), None);
        assert_eq!(keys.check(None), None);
    }

    #[test]
    fn only_authorizer_names_the_authorizer_as_key_source() {
        assert_eq!(KeySource::of(Some("AUTHORIZER")), KeySource::Authorizer);
        assert_eq!(KeySource::of(Some("HEADER")), KeySource::Header);
        assert_eq!(KeySource::of(None), KeySource::Header);
    }
}
