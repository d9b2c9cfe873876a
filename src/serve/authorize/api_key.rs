//! API keys: a method with `ApiKeyRequired` takes only a request whose key is the value of an
//! enabled key of a usage plan of the served stage. The key is the `x-api-key` header, or,
//! when the API's `ApiKeySourceType` is `AUTHORIZER`, the `usageIdentifierKey` its Lambda
//! authorizer returned. Values come from the template (a literal `Value`, or a parameter)
//! or from `--api-key NAME=VALUE`.

use std::collections::BTreeMap;

use crate::api::ApiKeySource;

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

/// Where a request's API key is read, in words, for the log and the banner: the header, or
/// the `usageIdentifierKey` of the method's Lambda authorizer (a method without one has no
/// key).
pub fn describe(source: ApiKeySource) -> &'static str {
    match source {
        ApiKeySource::Header => "x-api-key",
        ApiKeySource::Authorizer => "usageIdentifierKey of the Lambda authorizer",
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
    fn a_key_source_reads_back_from_its_template_text_only() {
        for source in [ApiKeySource::Header, ApiKeySource::Authorizer] {
            assert_eq!(ApiKeySource::parse(source.as_str()), Some(source));
        }
        assert_eq!(ApiKeySource::parse("authorizer"), None);
    }
}
