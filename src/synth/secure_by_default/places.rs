//! Placing a template's resources in the API: following a `ResourceId` or `ParentId`
//! across the templates of a split stack to the resolved resource it is.

use std::collections::BTreeMap;

use crate::cfn::{Attribute, Expr, LogicalId, Properties, Template};

use super::Exposure;

/// Where a template's `AWS::ApiGateway::Resource`s are in the API, found by following
/// references across the templates of a split stack (a nested template's parameter is what
/// its parent passes; a parent's `Fn::GetAtt` of a nested stack's output is that output).
pub(super) struct Places<'e, 't> {
    exposure: &'e Exposure<'e>,
    templates: &'t [(&'t str, &'t Template)],
    /// Each nested template's index, by its nested stack's logical id in the parent.
    nested: BTreeMap<&'t str, usize>,
    /// What the parent passes each template's parameters (none for the parent).
    arguments: Vec<Option<&'t BTreeMap<String, Expr>>>,
    /// Each resource already placed (or found unplaceable), by template and logical id.
    known: BTreeMap<(usize, &'t LogicalId), Option<usize>>,
    /// How many references may be followed in a row: more means a cycle.
    hops: usize,
    /// How many resources the templates hold: a longer chain of parents is a cycle.
    resources: usize,
}

/// Where a reference leads.
enum Target<'t> {
    /// The API's root resource.
    Root,
    /// A resource of a template, by template and logical id.
    Resource(usize, &'t LogicalId),
}

impl<'e, 't> Places<'e, 't> {
    pub(super) fn new(
        exposure: &'e Exposure<'e>,
        templates: &'t [(&'t str, &'t Template)],
    ) -> Self {
        let nested = templates
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, (name, _))| (*name, i))
            .collect();
        let parent = templates.first().map(|(_, t)| *t);
        let arguments = templates
            .iter()
            .enumerate()
            .map(|(i, (name, _))| {
                let id = LogicalId::new(*name).ok().filter(|_| i > 0)?;
                match &parent?.resources.get(&id)?.properties {
                    Properties::NestedStack(stack) => Some(&stack.parameters),
                    _ => None,
                }
            })
            .collect();
        let hops = 2 + 2 * templates.len();
        let resources = templates.iter().map(|(_, t)| t.resources.len()).sum();
        Places {
            exposure,
            templates,
            nested,
            arguments,
            known: BTreeMap::new(),
            hops,
            resources,
        }
    }

    /// The resolved resource `expr` (a `ResourceId` or `ParentId` in template `t`) is.
    pub(super) fn node(&mut self, t: usize, expr: &'t Expr) -> Option<usize> {
        match self.target(t, expr)? {
            Target::Root => Some(0),
            Target::Resource(t, id) => self.resource(t, id),
        }
    }

    /// What `expr` in template `t` refers to, following parameters into the parent and
    /// nested stacks' outputs into their templates.
    fn target(&self, mut t: usize, mut expr: &'t Expr) -> Option<Target<'t>> {
        for _ in 0..self.hops {
            let (_, template) = self.templates[t];
            match expr {
                Expr::GetAtt(id, Attribute::RootResourceId) => {
                    let api = template.resources.get(id)?;
                    let is_api = match &api.properties {
                        Properties::RestApi(_) => true,
                        Properties::Raw(raw) => raw.type_name == "AWS::ApiGateway::RestApi",
                        _ => false,
                    };
                    return is_api.then_some(Target::Root);
                }
                Expr::Ref(id) if template.resources.contains_key(id) => {
                    return Some(Target::Resource(t, id));
                }
                Expr::Ref(id) if t != 0 && template.parameters.contains_key(id) => {
                    expr = self.arguments[t]?.get(id.as_str())?;
                    t = 0;
                }
                Expr::GetAtt(id, Attribute::Output(output)) => {
                    let j = *self.nested.get(id.as_str())?;
                    expr = &self.templates[j].1.outputs.get(output)?.value;
                    t = j;
                }
                _ => return None,
            }
        }
        None
    }

    /// The resolved resource the `AWS::ApiGateway::Resource` `id` of template `t` is: its
    /// parent's, then the child of that by its `PathPart`. Walked up with a list, not
    /// recursion, and remembered.
    fn resource(&mut self, t: usize, id: &'t LogicalId) -> Option<usize> {
        let mut chain: Vec<(usize, &'t LogicalId, &'t str)> = Vec::new();
        let mut at = (t, id);
        let mut base = loop {
            if let Some(known) = self.known.get(&at) {
                break *known;
            }
            // A chain longer than the templates' resources: a cycle.
            if chain.len() > self.resources {
                break None;
            }
            let resource = self.templates[at.0].1.resources.get(at.1);
            let Some(Properties::ApiResource(r)) = resource.map(|r| &r.properties) else {
                break None;
            };
            chain.push((at.0, at.1, r.path_part.as_str()));
            match self.target(at.0, &r.parent_id) {
                Some(Target::Root) => break Some(0),
                Some(Target::Resource(pt, pid)) => at = (pt, pid),
                None => break None,
            }
        };
        for (t, id, part) in chain.into_iter().rev() {
            base = base.and_then(|parent| self.exposure.children.get(&(parent, part)).copied());
            self.known.insert((t, id), base);
        }
        base
    }
}
