//! The synth pass: resolves a [`Stack`](crate::Stack), validates it, and emits its template.
//!
//! This module is the emitter's core: where each emitted resource goes (insert, flush) and
//! the logical ids two resources share (collisions). What is emitted lives in modules named
//! after it, each adding its part to [`Emitter`]: [`rest_api`], [`authorizers`], [`user_pools`],
//! [`resources`] (with [`integrations`] and [`cors`]), [`gateway_responses`],
//! [`permissions`], [`deployment`], [`stage`], [`outputs`] and [`parameters`].

mod authorizers;
mod cors;
mod deployment;
mod domain_names;
mod fragments;
mod gateway_responses;
mod ids;
mod integrations;
mod limits;
mod method_response;
mod names;
mod outputs;
mod owner;
mod parameters;
mod permissions;
mod problems;
mod raw;
mod resolve;
mod resource_policy;
mod resources;
mod rest_api;
mod secure_by_default;
mod split;
mod stage;
mod synthesized;
mod text;
mod usage_plans;
mod user_pools;
mod validation;

use std::collections::BTreeMap;

use crate::api::{Authorizer, Stack};
use crate::cfn::{Expr, LogicalId, Resource, Template};
use crate::error::{ProblemKind, SynthError};

use fragments::{Fragment, Fragments};
use owner::Owner;
use problems::Problems;
use resolve::ResolvedApi;
use secure_by_default::Exposure;

pub use crate::budget::MAX_RESOURCES;

pub(crate) use limits::{LONGEST_PATH, shortest_part};

pub(crate) use integrations::{emit as emit_integration, generated_role};
pub(crate) use names::{
    is_greedy, is_reserved_file_name, is_stack_name, path_part_problem, stack_name_clash,
};
pub(crate) use resources::PUBLIC_WITHOUT_REASON;
pub use synthesized::{SynthFile, Synthesized, synthesize_stack, synthesize_stacks};

pub(crate) use synthesized::split_templates;

/// Synthesizes one stack into its template, or every problem found. A stack over
/// CloudFormation's limits fails here with [`ProblemKind::TooManyResources`];
/// [`synthesize_stack`] splits it into nested stacks instead.
pub fn synthesize(stack: &Stack) -> Result<Template, SynthError> {
    let flat = flat(stack)?;
    let exposure = Exposure::of(&flat.api);
    let template = flat.template;
    let problems = secure_by_default::check(&stack.name, &exposure, &[(&stack.name, &template)]);
    if !problems.is_empty() {
        return Err(SynthError { problems });
    }
    if template.resources.len() > MAX_RESOURCES {
        let mut problems = Problems::new(&stack.name);
        problems.stack(ProblemKind::TooManyResources(template.resources.len()));
        return Err(SynthError {
            problems: problems.list,
        });
    }
    Ok(template)
}

/// A stack synthesized into one template, before any split.
pub(crate) struct Flat<'a> {
    /// The resolved API (resources in depth-first, sorted order; index 0 is `/`).
    pub(crate) api: ResolvedApi<'a>,
    /// Every resource of the stack in one template.
    pub(crate) template: Template,
    /// Where each resource belongs and what it weighs, in the order of
    /// `template.resources`, so that a split walks both together instead of looking every
    /// id up.
    pub(crate) placed: Vec<Placed>,
    /// The text of every resource, rendered as it was emitted.
    pub(crate) fragments: Fragments,
}

/// Where a resource belongs, and its rendering.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    /// The API resource (index into the resolved API's resources) that a resource, method or
    /// permission belongs to: what a nested-stack split moves together. `None` for the
    /// API-wide ones.
    pub(crate) place: Option<usize>,
    /// Its text, its size in the template and, if it reaches the stage, its hash.
    pub(crate) fragment: Fragment,
}

/// Resolves, validates and emits `stack` into one template, however large.
pub(crate) fn flat(stack: &Stack) -> Result<Flat<'_>, SynthError> {
    let mut problems = Problems::new(&stack.name);
    let api = resolve::resolve(stack, &mut problems);
    if !problems.list.is_empty() {
        return Err(SynthError {
            problems: problems.list,
        });
    }
    let (template, placed, fragments) = Emitter::new(stack, &mut problems).emit(&api);
    if !problems.list.is_empty() {
        return Err(SynthError {
            problems: problems.list,
        });
    }
    Ok(Flat {
        api,
        template,
        placed,
        fragments,
    })
}

/// Synthesizes every stack; fails with the problems of all of them (including duplicate
/// stack names) when any has one.
pub fn synthesize_all(stacks: &[Stack]) -> Result<Vec<(String, Template)>, SynthError> {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut seen = names::StackNames::default();
    for stack in stacks {
        if let Some(clash) = seen.add(&stack.name) {
            let mut p = Problems::new(&stack.name);
            p.stack(clash);
            problems.extend(p.list);
            continue;
        }
        match synthesize(stack) {
            Ok(t) => out.push((stack.name.clone(), t)),
            Err(e) => problems.extend(e.problems),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(SynthError { problems })
    }
}

/// Emits a resolved stack into one template. Each kind of resource is emitted by the
/// module named after it; this core keeps where they go.
struct Emitter<'s, 'p, 'n> {
    stack: &'s Stack,
    problems: &'p mut Problems<'n>,
    template: Template,
    rest_api: LogicalId,
    /// Each authorizer and its logical id, by name (derived once, referenced by every
    /// method).
    authorizers_by_name: BTreeMap<&'s str, (LogicalId, &'s Authorizer)>,
    /// Where each resource in `template` belongs and what it weighs, in the template's order.
    placed: Vec<Placed>,
    /// What each resource in `template` was emitted for, in the template's order: to report
    /// a collision with one emitted later.
    owners: Vec<Owner>,
    /// Resources emitted but not yet in `template`: collected in a `Vec` and moved into the
    /// map in one sorted bulk build, which is much cheaper than thousands of inserts, and
    /// where equal ids end up side by side.
    pending: Vec<Pending>,
    fragments: Fragments,
    /// What each generated output is, by id, for a stack output that would take its name.
    output_owners: BTreeMap<LogicalId, String>,
    /// The stack's property overrides, by the logical id of their target.
    overrides: raw::Overrides<'s>,
}

/// A resource emitted but not yet in the template.
struct Pending {
    id: LogicalId,
    resource: Resource,
    owner: Owner,
    placed: Placed,
}

impl<'s, 'p, 'n> Emitter<'s, 'p, 'n> {
    fn new(stack: &'s Stack, problems: &'p mut Problems<'n>) -> Self {
        Self {
            stack,
            problems,
            template: Template::default(),
            rest_api: ids::rest_api(),
            authorizers_by_name: BTreeMap::new(),
            placed: Vec::new(),
            owners: Vec::new(),
            pending: Vec::new(),
            fragments: Fragments::default(),
            output_owners: BTreeMap::new(),
            overrides: raw::Overrides::new(
                &stack.overrides,
                stack.api.stages.first().map_or("prod", |s| s.label()),
            ),
        }
    }

    /// Everything the stack holds, in the order that makes the deployment digest whole: the
    /// template's parameters, the API with all that reaches the stage and the permissions
    /// (flushed), then the deployment, the stage and the outputs.
    fn emit(mut self, api: &ResolvedApi<'s>) -> (Template, Vec<Placed>, Fragments) {
        self.template.description = Some(self.stack.description.clone().unwrap_or_else(|| {
            let name = match self.stack.api.name.as_literal() {
                Some(name) => name.to_owned(),
                None => "(named at deploy time)".to_owned(),
            };
            format!("API Gateway REST API {name} (apigw-synth)")
        }));
        self.parameters();
        self.raw_sections();
        self.rest_api(api);
        self.authorizers(api);
        let methods = self.resources(api);
        self.gateway_responses(api);
        self.validation(api);
        self.permissions(api);
        self.integration_roles(api);
        // Raw resources before the deployment: a raw method or resource reaches the stage.
        self.raw_resources();
        self.flush(api);
        let deployment = self.deployment(methods);
        self.stages(deployment, api);
        self.usage_plans(api);
        self.domains();
        self.outputs();
        self.flush(api);
        self.unapplied_overrides();
        raw::check_references(&self.template, &self.overrides, self.problems);
        (self.template, self.placed, self.fragments)
    }

    fn insert(&mut self, id: LogicalId, owner: impl Into<Owner>, resource: Resource) {
        self.insert_placed(id, owner.into(), resource, None);
    }

    /// [`Self::insert`] for a resource that belongs to the API resource `place`. It is
    /// rendered now, while it is in the cache.
    fn insert_placed(
        &mut self,
        id: LogicalId,
        owner: Owner,
        resource: Resource,
        place: Option<usize>,
    ) {
        let resource = if self.overrides.is_empty() {
            resource
        } else {
            self.apply_overrides(&id, resource)
        };
        let fragment = self.fragments.render(&id, &resource);
        self.pending.push(Pending {
            id,
            resource,
            owner,
            placed: Placed { place, fragment },
        });
    }

    /// Moves the pending resources into the template, keeping `placed` and `owners` in its
    /// order. Of resources with the same logical id, or with a parameter's, the first one
    /// stays and each other one is reported as a collision.
    fn flush(&mut self, api: &ResolvedApi<'_>) {
        let pending = std::mem::take(&mut self.pending);
        // (emission index, problem): reported in the order the resources were emitted.
        let mut collisions = Vec::new();
        if self.template.resources.is_empty() {
            // Sort small (id, index) pairs rather than whole resources (ids are shared, so
            // copying one is cheap), then take each resource once, in that order.
            let mut order: Vec<(LogicalId, usize)> = pending
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.clone(), i))
                .collect();
            order.sort_unstable();
            let mut slots: Vec<Option<Pending>> = pending.into_iter().map(Some).collect();
            let mut resources: Vec<(LogicalId, Resource)> = Vec::with_capacity(order.len());
            for (_, emitted) in order {
                let Some(p) = slots[emitted].take() else {
                    continue;
                };
                // Equal ids come one after another, in the order they were emitted.
                let previous = match (resources.last(), self.owners.last()) {
                    (Some((last, _)), Some(owner)) if *last == p.id => Some(owner.describe(api)),
                    _ => self.parameter_owner(&p.id),
                };
                if let Some(previous) = previous {
                    let owner = p.owner.describe(api);
                    collisions.push((emitted, collision(&p.id, previous, owner)));
                    continue;
                }
                self.placed.push(p.placed);
                self.owners.push(p.owner);
                resources.push((p.id, p.resource));
            }
            self.template.resources = resources.into_iter().collect();
        } else {
            // Few resources come after the first flush: insert each at its position in the
            // template's order.
            for (emitted, p) in pending.into_iter().enumerate() {
                let at = self.template.resources.range(..&p.id).count();
                let previous = if self.template.resources.contains_key(&p.id) {
                    Some(self.owners[at].describe(api))
                } else {
                    self.parameter_owner(&p.id)
                };
                if let Some(previous) = previous {
                    let owner = p.owner.describe(api);
                    collisions.push((emitted, collision(&p.id, previous, owner)));
                    continue;
                }
                self.placed.insert(at, p.placed);
                self.owners.insert(at, p.owner);
                self.template.resources.insert(p.id, p.resource);
            }
        }
        collisions.sort_by_key(|c| c.0);
        for (_, kind) in collisions {
            self.problems.stack(kind);
        }
    }

    /// ``parameter `name` `` when `id` is a declared parameter's logical id.
    fn parameter_owner(&self, id: &LogicalId) -> Option<String> {
        if !self.template.parameters.contains_key(id) {
            return None;
        }
        let p = self
            .stack
            .parameters
            .iter()
            .find(|p| ids::parameter(&p.name) == *id)?;
        Some(format!("parameter `{}`", p.name))
    }

    /// `Ref` to the API, which every API Gateway resource names.
    fn api_ref(&self) -> Expr {
        Expr::Ref(self.rest_api.clone())
    }
}

/// Two things with one logical id: `previous` keeps it. When one of them is a raw
/// resource, the stack chose that id: the problem says so, naming the other.
fn collision(id: &LogicalId, previous: String, owner: String) -> ProblemKind {
    if owner.starts_with(owner::RAW) {
        ProblemKind::RawIdTaken {
            id: id.to_string(),
            owner: previous,
        }
    } else if previous.starts_with(owner::RAW) {
        ProblemKind::RawIdTaken {
            id: id.to_string(),
            owner,
        }
    } else {
        ProblemKind::LogicalIdCollision(id.to_string(), format!("{previous} and {owner}"))
    }
}
