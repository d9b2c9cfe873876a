//! The resource tree, walked depth first with siblings in sorted order: each resource's
//! path part, its place in the route (path parameters, API Gateway's length limits) and the
//! options it passes down. A stack of frames, not recursion: a route may be as deep as its
//! input.

use std::collections::BTreeMap;

use crate::api::{Authorizer, Cors, CorsSetting, Resource};
use crate::error::ProblemKind;

use super::super::parameters::Declared;
use super::super::problems::Problems;
use super::super::{cors, limits, names};
use super::ResolvedResource;

/// What a resource inherits from the resources above it.
#[derive(Clone, Copy)]
pub(super) struct Inherited<'a> {
    pub(super) authorizer: Option<&'a str>,
    pub(super) scopes: Option<&'a [String]>,
    pub(super) cors: Option<&'a Cors>,
    pub(super) api_key_required: Option<bool>,
}

/// The walk: what it knows of the stack, and what it has resolved so far.
pub(super) struct Walk<'a, 'p, 's> {
    /// The API's authorizers, by name.
    pub(super) authorizers: BTreeMap<&'a str, &'a Authorizer>,
    pub(super) parameters: &'p Declared<'a>,
    pub(super) problems: &'p mut Problems<'s>,
    pub(super) resources: Vec<ResolvedResource<'a>>,
    /// The stage's name, which every request's URL and ARN hold.
    pub(super) stage: &'a str,
    /// The longest URL the endpoint type allows, and its name.
    max_url: (usize, &'static str),
    /// The path of the resource being walked (problems name it).
    pub(super) path: String,
    /// How often each path parameter name occurs on the path being walked.
    route_parameters: BTreeMap<&'a str, usize>,
    /// Whether a route was cut short at a limit (its methods are then not resolved).
    pub(super) cut: bool,
}

/// A resource being walked, with its children still to visit.
struct Frame<'a> {
    index: usize,
    here: Inherited<'a>,
    /// Sorted by part.
    children: Vec<&'a Resource>,
    next: usize,
    /// The path parameter among the children visited so far, if any.
    variable: Option<&'a str>,
    /// The part of the child visited last.
    previous: Option<&'a str>,
    /// The length of [`Walk::path`] at this resource.
    path_len: usize,
    /// The length of the shortest request path to this resource.
    shortest: usize,
    /// The path parameter this resource's part declares, if any.
    parameter: Option<&'a str>,
}

impl<'a, 'p, 's> Walk<'a, 'p, 's> {
    /// A walk of an API with these authorizers, declared parameters, stage name and longest
    /// URL (with the endpoint type's name).
    pub(super) fn new(
        authorizers: BTreeMap<&'a str, &'a Authorizer>,
        parameters: &'p Declared<'a>,
        problems: &'p mut Problems<'s>,
        stage: &'a str,
        max_url: (usize, &'static str),
    ) -> Self {
        Walk {
            authorizers,
            parameters,
            problems,
            resources: Vec::new(),
            stage,
            max_url,
            path: "/".to_owned(),
            route_parameters: BTreeMap::new(),
            cut: false,
        }
    }

    /// The tree from `root`, depth first with siblings in sorted order, with a stack of
    /// frames rather than recursion: a route may be as deep as its input.
    pub(super) fn tree(&mut self, root: &'a Resource) {
        let inherited = Inherited {
            authorizer: None,
            scopes: None,
            api_key_required: None,
            cors: None,
        };
        let first = self.enter(root, None, inherited, 1, None);
        let mut stack = vec![first];
        while let Some(frame) = stack.last_mut() {
            let Some(&child) = frame.children.get(frame.next) else {
                if let Some(name) = frame.parameter
                    && let Some(count) = self.route_parameters.get_mut(name)
                {
                    *count -= 1;
                }
                stack.pop();
                continue;
            };
            frame.next += 1;
            self.path.truncate(frame.path_len);
            if frame.index != 0 {
                self.path.push('/');
            }
            self.path.push_str(&child.part);
            if frame.previous == Some(child.part.as_str()) {
                let kind = ProblemKind::DuplicatePathPart(child.part.clone());
                self.problems.at(Some(&self.path), None, kind);
                continue;
            }
            frame.previous = Some(&child.part);
            let problem = names::path_part_problem(&child.part);
            if let Some(reason) = problem {
                let part = child.part.clone();
                let kind = ProblemKind::InvalidPathPart { part, reason };
                self.problems.at(Some(&self.path), None, kind);
            } else if names::is_variable(&child.part) {
                if let Some(other) = frame.variable {
                    let kind = ProblemKind::ConflictingPathParameters(
                        other.to_owned(),
                        child.part.clone(),
                    );
                    self.problems.at(Some(&self.path), None, kind);
                }
                frame.variable = Some(&child.part);
            }
            let parameter = problem
                .is_none()
                .then(|| names::parameter_name(&child.part))
                .flatten();
            let separator = usize::from(frame.index != 0);
            let part = limits::shortest_part(&child.part, parameter.is_some());
            let shortest = frame.shortest + separator + part;
            let url = limits::shortest_url(self.stage, shortest);
            let (max_url, endpoint) = self.max_url;
            if url > max_url {
                // Nothing below can be called either: stop this route here.
                let kind = ProblemKind::RouteTooLong {
                    length: url,
                    limit: max_url,
                    endpoint,
                };
                self.problems.at(Some(&self.path), None, kind);
                self.cut = true;
                continue;
            }
            if let Some(name) = parameter {
                let count = self.route_parameters.entry(name).or_insert(0);
                if *count > 0 {
                    let kind = ProblemKind::DuplicatePathParameter(name.to_owned());
                    self.problems.at(Some(&self.path), None, kind);
                }
                *count += 1;
            }
            let (here, parent) = (frame.here, frame.index);
            let next = self.enter(child, Some(parent), here, shortest, parameter);
            stack.push(next);
        }
    }

    /// Resolves `resource` (at [`Walk::path`], a child of `parent`) with its methods, and
    /// returns its frame, its children not yet visited.
    fn enter(
        &mut self,
        resource: &'a Resource,
        parent: Option<usize>,
        inherited: Inherited<'a>,
        shortest: usize,
        parameter: Option<&'a str>,
    ) -> Frame<'a> {
        let cors = match &resource.cors {
            Some(CorsSetting::On(c)) => Some(c),
            Some(CorsSetting::Off) => None,
            None => inherited.cors,
        };
        if let Some(c) = cors.filter(|_| matches!(resource.cors, Some(CorsSetting::On(_)))) {
            cors::check(c, self.parameters, &self.path, self.problems);
        }
        if let Some(name) = &resource.defaults.authorizer {
            let path = std::mem::take(&mut self.path);
            self.check_authorizer_ref(name.name(), &path, None);
            self.path = path;
        }
        let here = Inherited {
            authorizer: resource
                .defaults
                .authorizer
                .as_ref()
                .map(|a| a.name())
                .or(inherited.authorizer),
            scopes: resource.defaults.scopes.as_deref().or(inherited.scopes),
            cors,
            api_key_required: resource
                .defaults
                .api_key_required
                .or(inherited.api_key_required),
        };

        let methods = self.methods(resource, here, shortest);
        let index = self.resources.len();
        let depth = parent.map_or(0, |p| self.resources[p].depth + 1);
        self.resources.push(ResolvedResource {
            part: &resource.part,
            parent,
            depth,
            cors,
            methods,
        });

        if names::is_greedy(&resource.part) && !resource.children.is_empty() {
            let kind = ProblemKind::GreedyNotLast(resource.part.clone());
            self.problems.at(Some(&self.path), None, kind);
        }

        // Siblings in sorted order, so the output does not depend on declaration order.
        let mut children: Vec<&'a Resource> = resource.children.iter().collect();
        children.sort_by(|a, b| a.part.cmp(&b.part));
        Frame {
            index,
            here,
            children,
            next: 0,
            variable: None,
            previous: None,
            path_len: self.path.len(),
            shortest,
            parameter,
        }
    }
}
