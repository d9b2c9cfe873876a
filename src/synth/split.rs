//! The nested-stack split: a stack over CloudFormation's per-template limits becomes a parent
//! template (the RestApi, authorizers, gateway responses, root methods, Deployment and Stage)
//! and nested templates that each carry whole subtrees of the API.
//!
//! The API's resources are in depth-first order with sorted siblings, so a subtree is a
//! contiguous range. Each top-level subtree is one unit; a subtree too large for one nested
//! template is cut into its own resource and its children's subtrees, recursively. Units are
//! packed greedily, in order, into nested templates, so adding a route after the last one
//! changes only the last nested template.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::cfn::cloudformation::NestedStack;
use crate::cfn::{
    Attribute, Expr, LogicalId, Output, Parameter, Properties, Resource, SubPart, Template,
};

use super::Flat;
use super::fragments::Fragment;

/// The longest id of a nested stack, which names its file (`<id>.template.json`): file
/// names have at most 255 bytes.
const MAX_NESTED_ID: usize = 128;

/// How much one nested template may hold.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Caps {
    /// Resources per nested template.
    pub(crate) resources: usize,
    /// Estimated bytes of the resources of one nested template.
    pub(crate) bytes: usize,
}

/// A template of a split stack.
pub(crate) struct Part {
    /// The file stem: `<stack>` for the parent, the nested stack's logical id for the others.
    pub(crate) name: String,
    /// The template.
    pub(crate) template: Template,
    /// The text each resource was rendered to when emitted, in the template's order; `None`
    /// where the split changed the resource (or made it), which must be rendered again.
    pub(crate) texts: Vec<Option<Fragment>>,
}

/// Splits `flat` into the parent template (first) and the nested templates, whose
/// `TemplateURL`s are `./<logical id>.template.<ext>`.
pub(crate) fn split(stack: &str, flat: Flat<'_>, ext: &str, caps: Caps) -> Vec<Part> {
    let Flat {
        api,
        template: mut parent,
        placed,
        fragments: _,
    } = flat;
    let n = api.resources.len();

    // Own cost of each API resource: the CloudFormation resources placed on it (measured
    // when they were emitted).
    let mut own = vec![(0usize, 0usize); n];
    for p in &placed {
        if let Some(i) = p.place {
            own[i].0 += 1;
            own[i].1 += p.fragment.bytes;
        }
    }
    let mut prefix = vec![(0usize, 0usize); n + 1];
    for i in 0..n {
        prefix[i + 1] = (prefix[i].0 + own[i].0, prefix[i].1 + own[i].1);
    }
    let cost = |r: &Range<usize>| {
        (
            prefix[r.end].0 - prefix[r.start].0,
            prefix[r.end].1 - prefix[r.start].1,
        )
    };
    let fits = |r: &Range<usize>| {
        let (count, bytes) = cost(r);
        count <= caps.resources && bytes <= caps.bytes
    };

    // Subtree ranges and children, from the parent links of the depth-first order.
    let mut end: Vec<usize> = (1..=n).collect();
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in (1..n).rev() {
        if let Some(p) = api.resources[i].parent {
            end[p] = end[p].max(end[i]);
        }
    }
    for i in 1..n {
        if let Some(p) = api.resources[i].parent {
            kids[p].push(i);
        }
    }

    let mut units = Vec::new();
    collect_units(&kids[0], &end, &kids, &fits, &mut units);
    let mut groups: Vec<Range<usize>> = Vec::new();
    for unit in units {
        if let Some(last) = groups.last_mut()
            && fits(&(last.start..unit.end))
        {
            last.end = unit.end;
            continue;
        }
        groups.push(unit);
    }

    let mut child_of: Vec<Option<usize>> = vec![None; n];
    for (k, g) in groups.iter().enumerate() {
        for slot in &mut child_of[g.clone()] {
            *slot = Some(k);
        }
    }
    // A nested stack's id is also its file's name: short enough for any file system.
    let names: Vec<LogicalId> = groups
        .iter()
        .map(|g| {
            let path = api.path(g.start);
            LogicalId::derive_at_most("Nested", &path, &path, MAX_NESTED_ID)
        })
        .collect();

    // Move each resource to its nested template.
    let mut children: Vec<Template> = groups
        .iter()
        .map(|g| {
            let first = api.path(g.start);
            let last = api.path(g.end - 1);
            let mut description = format!("{stack}: API resources {first} to {last}");
            truncate(&mut description, 1024);
            Template {
                description: Some(description),
                ..Template::default()
            }
        })
        .collect();
    // The template's order is sorted, so each map is bulk-built from a sorted run: full
    // nodes, where inserting one by one would leave every node half empty.
    let mut kept = Vec::new();
    let mut moved: Vec<Vec<(LogicalId, Resource)>> = vec![Vec::new(); children.len()];
    let mut texts: Vec<Vec<Option<Fragment>>> = vec![Vec::new(); children.len()];
    for ((id, resource), placed) in std::mem::take(&mut parent.resources)
        .into_iter()
        .zip(placed)
    {
        match placed.place.and_then(|i| child_of[i]) {
            Some(k) => {
                moved[k].push((id, resource));
                texts[k].push(Some(placed.fragment));
            }
            None => kept.push((id, resource)),
        }
    }
    parent.resources = kept.into_iter().collect();

    // Wire references that cross templates: a parameter in the nested template, filled by
    // the parent from its own resource or from another nested stack's output. One walk over
    // each nested template's values, before its map is built: its ids, sorted, say what is
    // local.
    let mut wanted_by: Vec<BTreeMap<LogicalId, Wanted>> = Vec::new();
    for ((child, resources), texts) in children.iter_mut().zip(moved).zip(&mut texts) {
        let mut wanted = BTreeMap::new();
        let (ids, mut resources): (Vec<LogicalId>, Vec<Resource>) = resources.into_iter().unzip();
        let foreign = |id: &LogicalId| ids.binary_search(id).is_err();
        for (resource, text) in resources.iter_mut().zip(texts.iter_mut()) {
            let mut changed = false;
            for expr in resource.properties.exprs_mut() {
                changed |= rewrite(expr, &foreign, &mut wanted);
            }
            if changed {
                *text = None;
            }
        }
        child.resources = ids.into_iter().zip(resources).collect();
        wanted_by.push(wanted);
    }
    // Few ids are wanted across templates (the API, its authorizers, the parents of cut
    // subtrees): look each up in the nested templates.
    let home = |id: &LogicalId| children.iter().position(|c| c.resources.contains_key(id));
    let mut outputs: Vec<BTreeMap<LogicalId, Expr>> = vec![BTreeMap::new(); children.len()];
    let mut arguments: Vec<BTreeMap<String, Expr>> = vec![BTreeMap::new(); children.len()];
    let mut parameters: Vec<Vec<(LogicalId, Parameter)>> = vec![Vec::new(); children.len()];
    for (k, wanted) in wanted_by.into_iter().enumerate() {
        for (param, wanted) in wanted {
            let (target, attribute) = match wanted {
                Wanted::Resource(target, attribute) => (target, attribute),
                Wanted::Choice(choice) => {
                    // Conditions live in the parent: it picks, the nested stack reads the pick.
                    parameters[k].push((
                        param.clone(),
                        nested_parameter("A value the parent stack picks by a condition".into()),
                    ));
                    arguments[k].insert(param.as_str().to_owned(), choice);
                    continue;
                }
            };
            let value = match &attribute {
                None => Expr::Ref(target.clone()),
                Some(a) => Expr::GetAtt(target.clone(), a.clone()),
            };
            let argument = match home(&target) {
                Some(j) if j != k => {
                    outputs[j].insert(param.clone(), value);
                    Expr::GetAtt(names[j].clone(), Attribute::Output(param.clone()))
                }
                _ => value,
            };
            let description = match &attribute {
                None => format!("{target} of the parent stack"),
                Some(a) => format!("{target}.{} of the parent stack", a.name()),
            };
            parameters[k].push((param.clone(), nested_parameter(description)));
            arguments[k].insert(param.as_str().to_owned(), argument);
        }
    }
    // Raw resources stay in the parent: what they refer to that moved is read from the
    // nested stack's outputs, and a `DependsOn` on it waits for the nested stack.
    for resource in parent.resources.values_mut() {
        if !matches!(resource.properties, Properties::Raw(_)) {
            continue;
        }
        for expr in resource.properties.exprs_mut() {
            reach_into(expr, &home, &names, &mut outputs);
        }
        for id in &mut resource.depends_on {
            if let Some(k) = home(id) {
                *id = names[k].clone();
            }
        }
        resource.depends_on.sort();
        resource.depends_on.dedup();
    }
    for (child, parameters) in children.iter_mut().zip(parameters) {
        child.parameters.extend(parameters);
    }
    for (child, wanted) in children.iter_mut().zip(outputs) {
        for (name, value) in wanted {
            child.outputs.insert(
                name.clone(),
                Output {
                    description: Some(format!("{name}, for another nested stack")),
                    value,
                    condition: None,
                    export: None,
                },
            );
        }
    }

    // The parent: one nested stack resource per template, and the deployment after all.
    for ((name, parameters), _) in names.iter().zip(arguments).zip(&children) {
        let mut resource = Resource::new(NestedStack {
            template_url: format!("./{name}.template.{ext}"),
            parameters,
        });
        // W3002 says a local TemplateURL needs `aws cloudformation package`: that is the
        // documented way to deploy a split stack (the package step uploads the file).
        resource.lint_exemptions = vec!["W3002"];
        parent.resources.insert(name.clone(), resource);
    }
    let kept: BTreeSet<LogicalId> = parent.resources.keys().cloned().collect();
    for resource in parent.resources.values_mut() {
        if matches!(resource.properties, Properties::Deployment(_)) {
            let mut depends_on: Vec<LogicalId> = std::mem::take(&mut resource.depends_on)
                .into_iter()
                .filter(|id| kept.contains(id))
                .collect();
            depends_on.extend(names.iter().cloned());
            depends_on.sort();
            depends_on.dedup();
            resource.depends_on = depends_on;
        }
    }

    // The parent is small and partly rewritten: all of it is rendered again.
    let mut parts = vec![Part {
        name: stack.to_owned(),
        texts: vec![None; parent.resources.len()],
        template: parent,
    }];
    parts.extend(
        names
            .into_iter()
            .zip(children)
            .zip(texts)
            .map(|((name, template), texts)| Part {
                name: name.as_str().to_owned(),
                template,
                texts,
            }),
    );
    parts
}

/// The units the subtrees of `tops` are packed by, in order: a subtree that fits is one
/// unit; one too large is its own resource, then its children's units. Walked with a list
/// of pending subtrees, not recursion: a route may be thousands of parts deep.
fn collect_units(
    tops: &[usize],
    end: &[usize],
    kids: &[Vec<usize>],
    fits: &dyn Fn(&Range<usize>) -> bool,
    units: &mut Vec<Range<usize>>,
) {
    let mut pending: Vec<usize> = tops.iter().rev().copied().collect();
    while let Some(i) = pending.pop() {
        let whole = i..end[i];
        if fits(&whole) || kids[i].is_empty() {
            units.push(whole);
            continue;
        }
        units.push(i..i + 1);
        pending.extend(kids[i].iter().rev());
    }
}

/// What the parent passes a nested stack's parameter: a resource's id (or attribute), or a
/// value it picks by a condition (`Fn::If`; conditions stay in the parent).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Wanted {
    Resource(LogicalId, Option<Attribute>),
    Choice(Expr),
}

/// A `String` parameter of a nested template, filled by the parent.
fn nested_parameter(description: String) -> Parameter {
    Parameter {
        kind: "String".into(),
        description: Some(description),
        default: None,
        allowed_pattern: None,
        constraint_description: None,
        no_echo: false,
    }
}

/// Points every reference to a `foreign` resource (held by another template) at a
/// parameter, recording in `wanted` which parameter stands for which resource (and
/// attribute). True when `expr` changed: a `Ref` keeps its text (the parameter is named
/// after the resource), a `GetAtt` becomes a `Ref`, an `Fn::If` (its condition is the
/// parent's) becomes a `Ref` to a parameter the parent fills with it.
fn rewrite(
    expr: &mut Expr,
    foreign: &impl Fn(&LogicalId) -> bool,
    wanted: &mut BTreeMap<LogicalId, Wanted>,
) -> bool {
    match expr {
        Expr::If(..) => {
            let text = serde_json::to_string(&*expr).unwrap_or_default();
            let Expr::If(condition, ..) = &*expr else {
                return false;
            };
            let param = LogicalId::derive("If", condition.as_str(), &text);
            wanted.insert(param.clone(), Wanted::Choice(expr.clone()));
            *expr = Expr::Ref(param);
            true
        }
        Expr::Literal(_) | Expr::Pseudo(_) => false,
        Expr::Ref(id) => {
            if foreign(id) {
                wanted.insert(id.clone(), Wanted::Resource(id.clone(), None));
            }
            false
        }
        Expr::GetAtt(id, attribute) => {
            if !foreign(id) {
                return false;
            }
            let param = attribute_parameter(id, attribute);
            wanted.insert(
                param.clone(),
                Wanted::Resource(id.clone(), Some(attribute.clone())),
            );
            *expr = Expr::Ref(param);
            true
        }
        Expr::Sub(parts) => {
            let mut changed = false;
            for part in parts {
                match part {
                    SubPart::Ref(id) if foreign(id) => {
                        wanted.insert(id.clone(), Wanted::Resource(id.clone(), None));
                    }
                    SubPart::GetAtt(id, attribute) if foreign(id) => {
                        let param = attribute_parameter(id, attribute);
                        wanted.insert(
                            param.clone(),
                            Wanted::Resource(id.clone(), Some(attribute.clone())),
                        );
                        *part = SubPart::Ref(param);
                        changed = true;
                    }
                    SubPart::Ref(_)
                    | SubPart::GetAtt(..)
                    | SubPart::Text(_)
                    | SubPart::Pseudo(_) => {}
                }
            }
            changed
        }
        Expr::Join(_, items) => {
            let mut changed = false;
            for item in items {
                changed |= rewrite(item, foreign, wanted);
            }
            changed
        }
        Expr::ImportValue(inner) | Expr::Select(_, inner) | Expr::Split(_, inner) => {
            rewrite(inner, foreign, wanted)
        }
    }
}

/// Points every reference in `expr` (held by the parent) to a resource that moved to a
/// nested template (`home`) at an output of that nested stack, recording the output.
fn reach_into(
    expr: &mut Expr,
    home: &impl Fn(&LogicalId) -> Option<usize>,
    names: &[LogicalId],
    outputs: &mut [BTreeMap<LogicalId, Expr>],
) {
    let mut output = |id: &LogicalId, attribute: Option<&Attribute>| {
        let k = home(id)?;
        let (name, value) = match attribute {
            None => (id.clone(), Expr::Ref(id.clone())),
            Some(a) => (
                attribute_parameter(id, a),
                Expr::GetAtt(id.clone(), a.clone()),
            ),
        };
        outputs[k].insert(name.clone(), value);
        Some((names[k].clone(), Attribute::Output(name)))
    };
    match expr {
        Expr::Literal(_) | Expr::Pseudo(_) => {}
        Expr::Ref(id) => {
            if let Some((stack, a)) = output(&id.clone(), None) {
                *expr = Expr::GetAtt(stack, a);
            }
        }
        Expr::GetAtt(id, attribute) => {
            if let Some((stack, a)) = output(&id.clone(), Some(&attribute.clone())) {
                *expr = Expr::GetAtt(stack, a);
            }
        }
        Expr::Sub(parts) => {
            for part in parts {
                let found = match part {
                    SubPart::Ref(id) => output(&id.clone(), None),
                    SubPart::GetAtt(id, a) => output(&id.clone(), Some(&a.clone())),
                    SubPart::Text(_) | SubPart::Pseudo(_) => None,
                };
                if let Some((stack, a)) = found {
                    *part = SubPart::GetAtt(stack, a);
                }
            }
        }
        Expr::Join(_, items) => {
            for item in items {
                reach_into(item, home, names, outputs);
            }
        }
        Expr::ImportValue(inner) | Expr::Select(_, inner) | Expr::Split(_, inner) => {
            reach_into(inner, home, names, outputs);
        }
        Expr::If(_, a, b) => {
            reach_into(a, home, names, outputs);
            reach_into(b, home, names, outputs);
        }
    }
}

/// `RestApi` + `RootResourceId` → `RestApiRootResourceId`.
fn attribute_parameter(id: &LogicalId, attribute: &Attribute) -> LogicalId {
    LogicalId::readable(id.as_str(), &attribute.name())
}

fn truncate(s: &mut String, max: usize) {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
}
