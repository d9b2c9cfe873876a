//! The route tree: each `AWS::ApiGateway::Resource`'s full path, from its `ParentId` chain.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::api::{Api, of_type};
use super::{ExportError, text};

/// Every resource's full path, by logical id; the root is `/`.
pub(super) struct Tree<'a> {
    api: &'a str,
    paths: BTreeMap<&'a str, String>,
}

impl<'a> Tree<'a> {
    /// The paths of `api`'s resources. Walked without recursion; a chain of parents that
    /// loops is an error, a parent that is not in the template leaves its children out.
    pub(super) fn of(
        api: &Api<'a>,
        resources: &'a Map<String, Value>,
    ) -> Result<Self, ExportError> {
        let parts: BTreeMap<&str, (&Value, String)> =
            of_type(api, resources, "AWS::ApiGateway::Resource")
                .filter_map(|(id, p)| {
                    let part = text::property(p, "PathPart")?;
                    Some((id, (p.get("ParentId")?, part)))
                })
                .collect();
        let mut paths: BTreeMap<&str, String> = BTreeMap::new();
        for &start in parts.keys() {
            // The chain from `start` up to a known path or the root.
            let mut chain = vec![start];
            let base = loop {
                let at = chain[chain.len() - 1];
                let (parent, _) = &parts[at];
                if text::is_root_of(parent, api.id) {
                    break Some(String::new());
                }
                match text::ref_id(parent) {
                    Some(p) if paths.contains_key(p) => break Some(paths[p].clone()),
                    Some(p) if chain.contains(&p) => {
                        return Err(ExportError::ResourceCycle(start.to_owned()));
                    }
                    Some(p) if parts.contains_key(p) => chain.push(p),
                    _ => break None,
                }
            };
            let Some(mut path) = base else { continue };
            for id in chain.iter().rev() {
                path.push('/');
                path.push_str(&parts[id].1);
                paths.insert(id, path.clone());
            }
        }
        Ok(Self { api: api.id, paths })
    }

    /// The path a method's `ResourceId` names, when it names a resource of the API.
    pub(super) fn path_of(&self, resource_id: Option<&Value>) -> Option<String> {
        let value = resource_id?;
        if text::is_root_of(value, self.api) {
            return Some("/".to_owned());
        }
        self.paths.get(text::ref_id(value)?).cloned()
    }
}

/// The API's methods, by logical id.
pub(super) fn methods<'t>(
    api: &Api<'_>,
    resources: &'t Map<String, Value>,
) -> impl Iterator<Item = (&'t str, &'t Value)> {
    of_type(api, resources, "AWS::ApiGateway::Method")
}

/// The path parameters of `path`, named as the path template writes them: `{id}` gives
/// `id`, and a greedy `{proxy+}` gives `proxy+` (so that validators find each template
/// variable declared).
pub(super) fn parameters(path: &str) -> impl Iterator<Item = &str> {
    path.split('/')
        .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_greedy_path_parameter_is_named_as_the_template_writes_it() {
        let names: Vec<&str> = parameters("/files/{bucket}/{proxy+}").collect();
        assert_eq!(names, ["bucket", "proxy+"]);
    }
}
