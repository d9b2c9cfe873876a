//! Every reference a resource holds is one its type declares. For each resource of random
//! APIs (whole, and split into nested stacks), of a 300-resource generated API split as
//! `synth` splits it, and of the committed stacks, the logical ids the declared values yield
//! (`Properties::exprs`, from each type's `references!`) are exactly those named by the
//! `Ref`s, `Fn::GetAtt`s and `Fn::Sub` placeholders of its JSON. The nested-stack split
//! rewrites only declared values, so an undeclared one would break a split template with no
//! error anywhere else. Every resource type the crate emits must be met.

use crate::support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use apigw_synth::cfn::{Expr, Properties, Template};
use apigw_synth::testing::{generated_stack, split_templates};
use apigw_synth::{MAX_RESOURCES, Stack, stack_file, synthesize};
use serde_json::Value as Json;
use support::random_api::{build, sample};

/// The logical ids the declared values of `properties` refer to.
fn declared(properties: &Properties) -> BTreeSet<String> {
    properties
        .exprs()
        .into_iter()
        .flat_map(Expr::references)
        .map(|id| id.as_str().to_owned())
        .collect()
}

/// The logical ids named anywhere in `json` by `Ref`, `Fn::GetAtt` or an `Fn::Sub`
/// placeholder (`${Id}`, `${Id.Attribute}`), pseudo parameters (`AWS::…`) left out.
fn found(json: &Json, names: &mut BTreeSet<String>) {
    match json {
        Json::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("Ref", Json::String(id)) => named(id, names),
                    ("Fn::GetAtt", Json::Array(pair)) => {
                        if let Some(Json::String(id)) = pair.first() {
                            named(id, names);
                        }
                    }
                    ("Fn::Sub", Json::String(text)) => placeholders(text, names),
                    _ => found(value, names),
                }
            }
        }
        Json::Array(items) => items.iter().for_each(|item| found(item, names)),
        _ => {}
    }
}

fn named(id: &str, names: &mut BTreeSet<String>) {
    if !id.starts_with("AWS::") {
        names.insert(id.to_owned());
    }
}

/// The ids of `${Id}` and `${Id.Attribute}` in an `Fn::Sub` string; `${!…}` is literal text.
fn placeholders(text: &str, names: &mut BTreeSet<String>) {
    for piece in text.split("${").skip(1) {
        if piece.starts_with('!') {
            continue;
        }
        let inner = piece.split('}').next().unwrap_or_default();
        named(inner.split('.').next().unwrap_or_default(), names);
    }
}

/// Checks every resource of `template` (from `source`); counts the resource types met.
fn check(source: &str, template: &Template, types: &mut BTreeMap<String, usize>) {
    for (id, resource) in &template.resources {
        let json = serde_json::to_value(resource).expect("a resource serializes");
        let mut in_json = BTreeSet::new();
        found(&json["Properties"], &mut in_json);
        assert_eq!(
            declared(&resource.properties),
            in_json,
            "{source}: {id} ({}): the ids its declared values refer to (left) differ from those \
             its JSON names (right); is a field missing from its `references!`?",
            resource.properties.type_name()
        );
        *types
            .entry(resource.properties.type_name().to_owned())
            .or_default() += 1;
    }
}

fn committed_stacks() -> Vec<Stack> {
    let mut stacks = support::stacks::all();
    for file in stack_file::find(&support::root().join("stacks")).expect("read stacks/") {
        stacks.push(
            stack_file::load(&file)
                .expect("a committed stack file loads")
                .stack()
                .clone(),
        );
    }
    // The production fixture has what random APIs do not draw: a Route 53 alias record.
    for fixture in ["eshop-fcj.yaml", "production-stage.yaml"] {
        let fixture = support::root().join("tests/fixtures").join(fixture);
        stacks.push(
            stack_file::load(Path::new(&fixture))
                .unwrap()
                .stack()
                .clone(),
        );
    }
    stacks
}

#[test]
fn every_reference_in_a_template_is_declared_by_its_resource_type() {
    let mut types = BTreeMap::new();
    for (i, spec) in sample(40).iter().enumerate() {
        let stack = build(spec, i % 2 == 1, "references");
        let source = format!("random API {i}");
        check(
            &source,
            &synthesize(&stack).expect("a random API synthesizes"),
            &mut types,
        );
        // A few resources per nested template: references cross templates everywhere.
        for (k, t) in split_templates(&stack, 4).unwrap().iter().enumerate() {
            check(&format!("{source}, split, template {k}"), t, &mut types);
        }
    }
    let large = generated_stack("references", 300, 5);
    for (k, t) in split_templates(&large, MAX_RESOURCES)
        .unwrap()
        .iter()
        .enumerate()
    {
        check(&format!("300 resources, template {k}"), t, &mut types);
    }
    for stack in committed_stacks() {
        check(stack.name(), &synthesize(&stack).unwrap(), &mut types);
    }

    // Raw resources (of the committed stacks) come on top of the typed ones.
    let met: BTreeSet<&str> = types.keys().map(String::as_str).collect();
    let all: BTreeSet<&str> = Properties::TYPE_NAMES.iter().copied().collect();
    assert!(
        all.is_subset(&met),
        "every resource type is checked: {types:?}"
    );
}
