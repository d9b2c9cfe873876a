//! Resources: the path tree of an API.

use std::collections::BTreeMap;

use super::{AuthorizerRef, Cors, Method};

/// Options a resource passes down to its methods and children. Unset fields inherit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct MethodDefaults {
    pub(crate) authorizer: Option<AuthorizerRef>,
    pub(crate) scopes: Option<Vec<String>>,
    pub(crate) api_key_required: Option<bool>,
}

/// A resource's CORS setting, inherited by its subtree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CorsSetting {
    On(Cors),
    Off,
}

/// A resource: one path part (`categories`, `{id}` or `{proxy+}`) with its methods and
/// child resources. The console's "Create resource".
///
/// ```
/// use apigw_synth::{Integration, Method, Resource};
/// let categories = Resource::new("categories")
///     .method(Method::get(Integration::lambda("get-category")))
///     .resource(Resource::new("{id}").method(Method::delete(Integration::lambda("delete-category"))));
/// ```
///
/// A tree can be as deep as its routes: dropping, cloning and comparing one walk it with a
/// list of pending nodes, not by recursion, so no depth exhausts the stack.
#[derive(Debug)]
pub struct Resource {
    pub(crate) part: String,
    pub(crate) methods: Vec<Method>,
    pub(crate) children: Vec<Resource>,
    /// The position in `children` of the last child of each part: adding a route to a wide
    /// tree looks its parts up instead of comparing them with every sibling (20,000
    /// top-level routes took 2.2 s to load, quadratic).
    pub(crate) index: BTreeMap<String, usize>,
    pub(crate) cors: Option<CorsSetting>,
    pub(crate) defaults: MethodDefaults,
}

impl Resource {
    /// A resource for one path part: a literal (`categories`), a path parameter (`{id}`) or
    /// a greedy parameter (`{proxy+}`, last part only). Synth checks the part.
    pub fn new(part: impl Into<String>) -> Self {
        Self {
            part: part.into(),
            methods: Vec::new(),
            children: Vec::new(),
            index: BTreeMap::new(),
            cors: None,
            defaults: MethodDefaults::default(),
        }
    }

    /// Add a method.
    pub fn method(mut self, method: Method) -> Self {
        self.methods.push(method);
        self
    }

    /// Add a child resource.
    pub fn resource(mut self, child: Resource) -> Self {
        self.push_child(child);
        self
    }

    /// CORS for this resource and its subtree, replacing the inherited setting whole.
    /// Default: inherited from the parent (the API's default CORS at the top).
    pub fn cors(mut self, cors: Cors) -> Self {
        self.cors = Some(CorsSetting::On(cors));
        self
    }

    /// No CORS preflight for this resource and its subtree. Default: inherited.
    pub fn no_cors(mut self) -> Self {
        self.cors = Some(CorsSetting::Off);
        self
    }

    /// The authorizer for methods in this subtree that name none. Default: inherited.
    pub fn default_authorizer(mut self, authorizer: impl Into<AuthorizerRef>) -> Self {
        self.defaults.authorizer = Some(authorizer.into());
        self
    }

    /// Whether methods in this subtree that say nothing require an API key. Default:
    /// inherited (the API's, else false).
    pub fn api_key_required(mut self, required: bool) -> Self {
        self.defaults.api_key_required = Some(required);
        self
    }

    /// The scopes for Cognito-authorized methods in this subtree that set none.
    /// Default: inherited.
    pub fn default_scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.defaults.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// Adds `child` after the others.
    pub(crate) fn push_child(&mut self, child: Resource) {
        self.index.insert(child.part.clone(), self.children.len());
        self.children.push(child);
    }

    /// The (last) child for `part`, created if missing.
    pub(crate) fn child_mut(&mut self, part: &str) -> &mut Resource {
        let index = match self.index.get(part) {
            Some(&i) => i,
            None => {
                self.push_child(Resource::new(part));
                self.children.len() - 1
            }
        };
        &mut self.children[index]
    }
}

impl Resource {
    /// This resource without its children.
    fn without_children(&self) -> Resource {
        Resource {
            part: self.part.clone(),
            methods: self.methods.clone(),
            children: Vec::with_capacity(self.children.len()),
            index: self.index.clone(),
            cors: self.cors.clone(),
            defaults: self.defaults.clone(),
        }
    }
}

impl Drop for Resource {
    /// Takes the subtree apart level by level from a list, so that dropping a tree of any
    /// depth needs no recursion (a 25,000-part route overflowed the stack).
    fn drop(&mut self) {
        let mut pending = std::mem::take(&mut self.children);
        while let Some(mut child) = pending.pop() {
            pending.append(&mut child.children);
        }
    }
}

impl Clone for Resource {
    /// Copies the tree depth first from a list of nodes in progress, without recursion.
    fn clone(&self) -> Self {
        let mut stack: Vec<(&Resource, Resource, usize)> = vec![(self, self.without_children(), 0)];
        let mut root = None;
        while let Some((original, copy, next)) = stack.pop() {
            if let Some(child) = original.children.get(next) {
                stack.push((original, copy, next + 1));
                stack.push((child, child.without_children(), 0));
            } else if let Some((_, parent, _)) = stack.last_mut() {
                parent.children.push(copy);
            } else {
                root = Some(copy);
            }
        }
        root.unwrap_or_else(|| self.without_children())
    }
}

impl PartialEq for Resource {
    /// Compares the trees node by node from a list of pairs, without recursion.
    fn eq(&self, other: &Self) -> bool {
        let mut pending = vec![(self, other)];
        while let Some((a, b)) = pending.pop() {
            let same = a.part == b.part
                && a.methods == b.methods
                && a.index == b.index
                && a.cors == b.cors
                && a.defaults == b.defaults
                && a.children.len() == b.children.len();
            if !same {
                return false;
            }
            pending.extend(a.children.iter().zip(&b.children));
        }
        true
    }
}

impl Eq for Resource {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Integration, Method};

    /// A chain of `depth` resources, built without recursion.
    fn chain(depth: usize) -> Resource {
        let mut node = Resource::new("leaf").method(Method::get(Integration::mock()).public());
        for _ in 0..depth {
            node = Resource::new("a").resource(node);
        }
        node
    }

    #[test]
    fn a_tree_deeper_than_the_stack_allows_recursion_clones_compares_and_drops() {
        let deep = chain(200_000);
        let copy = deep.clone();
        assert!(copy == deep);
        let other = chain(199_999);
        assert!(other != deep);
    }
}
