//! Resolution: walks the builder tree, applies inherited options and collects every problem.
//! The stack-wide settings here; the resource tree in [`tree`], each resource's methods in
//! [`methods`].

mod methods;
mod tree;

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use crate::api::{
    Authorizer, Cors, CorsSetting, HttpMethod, Integration, MethodRequest, MethodSettings,
    ResponseModel, Stack,
};
use crate::cfn::LogicalId;
use crate::error::ProblemKind;

use super::parameters::{Declared, check_value};
use super::problems::Problems;
use super::{authorizers, domain_names, gateway_responses, limits, names, stage, text, validation};

use tree::Walk;

/// How a resolved method is authorized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth<'a> {
    /// An authorizer of the API, by name; its kind is looked up by name where it matters.
    Authorizer(&'a str),
    /// IAM (SigV4).
    Iam,
    /// No authorization: the stack marked the method public.
    Public,
    /// No authorization and none chosen: already a problem. Emitted as `NONE`, which the
    /// secure-by-default check on the template refuses too.
    Missing,
}

/// A method after inheritance.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedMethod<'a> {
    pub(crate) verb: HttpMethod,
    pub(crate) integration: &'a Integration,
    pub(crate) auth: Auth<'a>,
    pub(crate) scopes: Vec<String>,
    /// Whether the stack marked the method public, as written (`Method::public`): what the
    /// secure-by-default check accepts, whatever resolution made of it.
    pub(crate) marked_public: bool,
    /// Why a public method is public, when the stack says.
    pub(crate) public_reason: Option<&'a str>,
    /// The method's own settings, on every stage.
    pub(crate) settings: &'a MethodSettings,
    /// Whether callers must send an API key (inherited, never on an `OPTIONS`).
    pub(crate) api_key_required: bool,
    /// Its validation, models and required parameters.
    pub(crate) request: &'a MethodRequest,
    /// The models of its responses' bodies.
    pub(crate) response_models: &'a [ResponseModel],
}

/// A resource after inheritance; index 0 is the root `/`. Its path is not stored (a route
/// thousands of parts deep would hold paths of quadratic total length):
/// [`ResolvedApi::path`] spells it out where a message needs it.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedResource<'a> {
    pub(crate) part: &'a str,
    pub(crate) parent: Option<usize>,
    /// How many parts deep it is: 0 for the root.
    pub(crate) depth: usize,
    pub(crate) cors: Option<&'a Cors>,
    /// Sorted by verb.
    pub(crate) methods: Vec<ResolvedMethod<'a>>,
}

impl ResolvedResource<'_> {
    /// Whether synth generates a CORS preflight `OPTIONS` here: CORS is on, and the
    /// resource is not the root, or the root has methods of its own.
    pub(crate) fn has_preflight(&self) -> bool {
        self.cors.is_some() && (self.parent.is_some() || !self.methods.is_empty())
    }
}

/// The whole API after inheritance, in a deterministic order.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedApi<'a> {
    /// Depth first, siblings sorted by part: a subtree is a contiguous range.
    pub(crate) resources: Vec<ResolvedResource<'a>>,
    pub(crate) authorizers: Vec<&'a Authorizer>,
    pub(crate) api_cors: Option<&'a Cors>,
}

impl<'a> ResolvedApi<'a> {
    /// The parts from the root down to resource `index` (none for the root).
    pub(crate) fn parts(&self, index: usize) -> Vec<&'a str> {
        let mut parts = Vec::new();
        let mut at = Some(index);
        while let Some(i) = at {
            let r = &self.resources[i];
            if r.parent.is_some() {
                parts.push(r.part);
            }
            at = r.parent;
        }
        parts.reverse();
        parts
    }

    /// The path of resource `index`: `/` for the root, `/products/{id}`.
    pub(crate) fn path(&self, index: usize) -> String {
        format!("/{}", self.parts(index).join("/"))
    }
}

/// An empty resolution, for a stack whose text can't be read further.
fn unresolved<'a>() -> ResolvedApi<'a> {
    ResolvedApi {
        resources: Vec::new(),
        authorizers: Vec::new(),
        api_cors: None,
    }
}

/// Resolves `stack`'s API, pushing every problem found into `problems`. A control character
/// in any of the stack's text is reported alone: every later message would print it.
pub(crate) fn resolve<'a>(stack: &'a Stack, problems: &mut Problems<'_>) -> ResolvedApi<'a> {
    if !text::check(stack, problems) {
        return unresolved();
    }
    let api = &stack.api;

    if !names::is_stack_name(&stack.name) {
        problems.stack(ProblemKind::InvalidStackName(stack.name.clone()));
    } else if names::is_reserved_file_name(&stack.name) {
        problems.stack(ProblemKind::ReservedStackName(stack.name.clone()));
    }

    let mut parameters = Declared::default();
    for p in &stack.parameters {
        if LogicalId::new(p.name.as_str()).is_err() {
            problems.stack(ProblemKind::InvalidParameterName(p.name.clone()));
        }
        if parameters
            .parameters
            .insert(p.name.as_str(), p.kind)
            .is_some()
        {
            problems.stack(ProblemKind::DuplicateParameter(p.name.clone()));
        }
    }
    for r in &stack.raw {
        parameters
            .resources
            .insert(r.id.as_str(), r.type_name.as_str());
    }
    for (name, _) in &stack.conditions {
        parameters.conditions.insert(name.as_str());
    }

    // The first authorizer of a name is the API's; each other one is a problem.
    let mut by_name = BTreeMap::new();
    let mut authorizers = Vec::new();
    for a in &api.authorizers {
        authorizers::check(a, &parameters, problems);
        match by_name.entry(a.name()) {
            Entry::Vacant(slot) => {
                slot.insert(a);
                authorizers.push(a);
            }
            Entry::Occupied(_) => {
                problems.stack(ProblemKind::DuplicateAuthorizer(a.name().to_owned()));
            }
        }
    }

    super::resource_policy::check(api, &parameters, problems);

    stage::check_names_apart(&api.stages, problems);
    stage::check_tags(&api.tags, problems);
    domain_names::check(stack, &parameters, problems);
    check_value(&api.name, &parameters, None, None, problems);

    for output in &stack.outputs {
        if LogicalId::new(output.name.as_str()).is_err() {
            problems.stack(ProblemKind::InvalidOutputName(output.name.clone()));
        }
        check_value(&output.value, &parameters, None, None, problems);
        if let Some(export) = &output.export {
            check_value(export, &parameters, None, None, problems);
        }
    }
    for (_, export) in &stack.exports {
        check_value(export, &parameters, None, None, problems);
    }

    for (path, method) in &api.route_errors {
        problems.at(
            Some(path),
            Some(method),
            ProblemKind::RouteWithoutLeadingSlash,
        );
    }

    let api_cors = match &api.root.cors {
        Some(CorsSetting::On(c)) => Some(c),
        Some(CorsSetting::Off) | None => None,
    };

    // The longest stage name makes the longest URLs.
    let longest_stage = api
        .stages
        .iter()
        .map(|s| stage::known_length_name(s, &stack.parameters))
        .max_by_key(|n| n.len())
        .unwrap_or("");
    let mut walk = Walk::new(
        by_name,
        &parameters,
        problems,
        longest_stage,
        limits::max_url(api.endpoint),
    );
    walk.tree(&api.root);

    let method_count: usize = walk.resources.iter().map(|r| r.methods.len()).sum();
    if method_count == 0 && api.route_errors.is_empty() && !walk.cut {
        walk.problems.stack(ProblemKind::NoMethods);
    }

    let resolved = ResolvedApi {
        resources: walk.resources,
        authorizers,
        api_cors,
    };
    for stage in &api.stages {
        stage::check(stage, &resolved, &parameters, walk.problems);
    }
    validation::check_models(&api.models, walk.problems);
    gateway_responses::check(&api.gateway_responses, api_cors, &parameters, walk.problems);
    stage::check_method_caching(&api.stages, &resolved, walk.problems);
    resolved
}
