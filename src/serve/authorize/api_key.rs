//! API keys: a method with `ApiKeyRequired` takes only a request whose `x-api-key` header
//! holds the value of an enabled key of a usage plan of the served stage. Values come from
//! the template (a literal `Value`, or a parameter) or from `--api-key NAME=VALUE`.

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
}
