//! Routing as API Gateway routes a REST API: the stage prefix, then the resource tree, a
//! literal part before a `{param}` part before a greedy `{proxy+}`, the method itself
//! before `ANY`.

use std::collections::BTreeMap;

use percent_encoding::percent_decode_str;

/// One node of the resource tree.
#[derive(Debug, Default)]
struct Node {
    /// The resource's full path (`/orders/{id}`), when a resource is defined here.
    path: Option<String>,
    literal: BTreeMap<String, Node>,
    /// A `{name}` child.
    param: Option<(String, Box<Node>)>,
    /// A `{name+}` child.
    greedy: Option<(String, Box<Node>)>,
}

/// The resource tree of one API.
#[derive(Debug, Default)]
pub struct Router {
    root: Node,
}

/// The resource a request path reaches, with its path parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched<'r> {
    /// The resource's path as defined (`/orders/{id}`).
    pub resource: &'r str,
    /// Path parameters, decoded (`id` → `42`).
    pub params: BTreeMap<String, String>,
}

impl Router {
    /// The tree of `paths`, each a resource's full path (`/`, `/orders/{id}`).
    pub fn new<'p>(paths: impl IntoIterator<Item = &'p String>) -> Self {
        let mut root = Node::default();
        for path in paths {
            let mut node = &mut root;
            for part in path.split('/').filter(|p| !p.is_empty()) {
                node = match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                    Some(name) => match name.strip_suffix('+') {
                        Some(greedy) => {
                            &mut node
                                .greedy
                                .get_or_insert_with(|| (greedy.to_owned(), Box::default()))
                                .1
                        }
                        None => {
                            &mut node
                                .param
                                .get_or_insert_with(|| (name.to_owned(), Box::default()))
                                .1
                        }
                    },
                    None => node.literal.entry(part.to_owned()).or_default(),
                };
            }
            node.path = Some(path.clone());
        }
        Self { root }
    }

    /// The resource `path` (below the stage, starting with `/`, still percent-encoded)
    /// reaches, or None. A trailing `/` is ignored; an empty part, a `.` or `..` part
    /// (encoded or not) reaches nothing; `%2F` stays inside its part.
    pub fn find(&self, path: &str) -> Option<Matched<'_>> {
        let trimmed = path.strip_suffix('/').unwrap_or(path);
        let raw: Vec<&str> = if trimmed.is_empty() {
            Vec::new()
        } else {
            trimmed.strip_prefix('/')?.split('/').collect()
        };
        let mut parts = Vec::with_capacity(raw.len());
        for part in &raw {
            let decoded = percent_decode_str(part).decode_utf8().ok()?.into_owned();
            if decoded.is_empty() || decoded == "." || decoded == ".." {
                return None;
            }
            parts.push(decoded);
        }
        let mut params = BTreeMap::new();
        let resource = walk(&self.root, &parts, &mut params)?;
        Some(Matched { resource, params })
    }
}

fn walk<'r>(
    node: &'r Node,
    parts: &[String],
    params: &mut BTreeMap<String, String>,
) -> Option<&'r str> {
    let Some((first, rest)) = parts.split_first() else {
        return node.path.as_deref();
    };
    if let Some(child) = node.literal.get(first)
        && let Some(found) = walk(child, rest, params)
    {
        return Some(found);
    }
    if let Some((name, child)) = &node.param
        && let Some(found) = walk(child, rest, params)
    {
        params.insert(name.clone(), first.clone());
        return Some(found);
    }
    if let Some((name, child)) = &node.greedy
        && let Some(found) = child.path.as_deref()
    {
        params.insert(name.clone(), parts.join("/"));
        return Some(found);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn router(paths: &[&str]) -> Router {
        let owned: Vec<String> = paths.iter().map(|p| (*p).to_owned()).collect();
        Router::new(&owned)
    }

    #[test]
    fn a_literal_part_wins_over_a_parameter_which_wins_over_a_greedy_path() {
        let r = router(&["/", "/a", "/a/me", "/a/{id}", "/a/{id}/b", "/{proxy+}"]);
        assert_eq!(r.find("/a/me").unwrap().resource, "/a/me");
        let m = r.find("/a/42").unwrap();
        assert_eq!((m.resource, m.params["id"].as_str()), ("/a/{id}", "42"));
        assert_eq!(r.find("/a/42/b").unwrap().resource, "/a/{id}/b");
        let m = r.find("/x/y/z").unwrap();
        assert_eq!(
            (m.resource, m.params["proxy"].as_str()),
            ("/{proxy+}", "x/y/z")
        );
        assert_eq!(r.find("/").unwrap().resource, "/");
        assert_eq!(r.find("/a/").unwrap().resource, "/a");
    }

    #[test]
    fn dot_segments_and_empty_parts_reach_nothing_and_an_encoded_slash_stays_in_its_part() {
        let r = router(&["/a", "/a/{id}"]);
        assert!(r.find("/a/..").is_none());
        assert!(r.find("/a/%2e%2E").is_none());
        assert!(r.find("/a//").is_none());
        assert!(r.find("/b").is_none());
        assert_eq!(r.find("/a/x%2Fy").unwrap().params["id"], "x/y");
    }
}
