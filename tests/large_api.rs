//! Large APIs: a generated 300-resource, 1,500-method stack FILE, loaded like any stack file
//! and synthesized (in process and through the CLI), becomes a parent and nested templates,
//! each within CloudFormation's limits and cfn-lint clean, holding every method exactly once
//! with its authorizer; the split is deterministic and stable when a route is appended.

use crate::support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use apigw_synth::stack_file::{self, format::StackSpec};
use apigw_synth::testing::{VERBS, add_route, generated_stack_spec, stack_file_yaml};
use apigw_synth::{Format, HttpMethod, Synthesized, render, synthesize, synthesize_stack};
use serde_json::Value;

/// Writes `spec` as `<dir>/big-api.yaml`.
fn write_stack_file(dir: &Path, spec: &StackSpec) -> PathBuf {
    let path = dir.join("big-api.yaml");
    std::fs::write(&path, stack_file_yaml(spec)).unwrap();
    path
}

/// Writes `spec` to a stack file, loads it as `synth` does, and synthesizes it.
fn synth_file(spec: &StackSpec) -> Synthesized {
    let dir = tempfile::tempdir().unwrap();
    let loaded = stack_file::load(&write_stack_file(dir.path(), spec)).unwrap();
    synthesize_stack(loaded.stack(), Format::Json).unwrap()
}

fn big_spec() -> StackSpec {
    generated_stack_spec("big-api", 300, 5)
}

fn big() -> Synthesized {
    synth_file(&big_spec())
}

/// Each written file, parsed.
fn templates(s: &Synthesized) -> Vec<(String, Value)> {
    s.files
        .iter()
        .map(|f| (f.path.clone(), serde_json::from_str(&f.contents).unwrap()))
        .collect()
}

/// The `Resources` of `template` of the CloudFormation type `kind`, by logical id.
fn of_type<'t>(template: &'t Value, kind: &str) -> Vec<(&'t String, &'t Value)> {
    template["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == kind)
        .collect()
}

const METHOD: &str = "AWS::ApiGateway::Method";

/// The logical id each `Fn::GetAtt` in `value` reads from.
fn get_att_targets<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Object(map) => {
            if let Some(target) = map.get("Fn::GetAtt").and_then(|g| g[0].as_str()) {
                out.push(target);
            }
            map.values().for_each(|v| get_att_targets(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| get_att_targets(v, out)),
        _ => {}
    }
}

/// Every method's logical id with the file that holds it.
fn method_homes(s: &Synthesized) -> BTreeMap<String, String> {
    let mut homes = BTreeMap::new();
    for (path, template) in templates(s) {
        for (id, _) in of_type(&template, METHOD) {
            let previous = homes.insert(id.clone(), path.clone());
            assert!(previous.is_none(), "{id} is in two templates");
        }
    }
    homes
}

/// The parent template, parsed.
fn parent(s: &Synthesized) -> Value {
    serde_json::from_str(&s.files[0].contents).unwrap()
}

#[test]
fn a_300_resource_api_splits_into_templates_of_at_most_500_resources() {
    let s = big();
    assert!(s.is_nested());
    assert!(s.files.len() >= 5, "{} files", s.files.len());
    assert_eq!(s.files[0].path, "big-api/big-api.template.json");
    for f in &s.files {
        assert!(f.path.starts_with("big-api/"), "{}", f.path);
        assert!(
            f.budget.resources <= 500,
            "{}: {}",
            f.path,
            f.budget.resources
        );
        assert!(
            f.budget.parameters <= 200 && f.budget.outputs <= 200,
            "{}",
            f.path
        );
    }
}

#[test]
fn every_method_is_in_exactly_one_template_with_its_authorizer() {
    let s = big();
    // 1,500 methods and 300 CORS preflights; `method_homes` fails on a duplicate.
    assert_eq!(method_homes(&s).len(), 1800);

    let parent = parent(&s);
    let authorizers = of_type(&parent, "AWS::ApiGateway::Authorizer");
    let [(authorizer, _)] = authorizers.as_slice() else {
        panic!("one authorizer in the parent: {authorizers:?}");
    };
    let mut pairs = BTreeSet::new();
    let mut authorized = 0;
    for (path, template) in &templates(&s)[1..] {
        let stack_id = path
            .trim_start_matches("big-api/")
            .trim_end_matches(".template.json");
        let nested = &parent["Resources"][stack_id];
        assert_eq!(nested["Type"], "AWS::CloudFormation::Stack", "{stack_id}");
        for (_, m) in of_type(template, METHOD) {
            let m = &m["Properties"];
            let verb = m["HttpMethod"].as_str().unwrap();
            assert!(
                pairs.insert((m["ResourceId"].to_string(), verb.to_owned())),
                "duplicate method"
            );
            if verb == "OPTIONS" {
                assert_eq!(m["AuthorizationType"], "NONE");
                continue;
            }
            assert_eq!(m["AuthorizationType"], "COGNITO_USER_POOLS");
            let Some(param) = m["AuthorizerId"]["Ref"].as_str() else {
                panic!("method without authorizer id in {path}");
            };
            assert!(
                template["Parameters"].get(param).is_some(),
                "{param} undeclared"
            );
            assert_eq!(
                nested["Properties"]["Parameters"][param]["Ref"],
                authorizer.as_str(),
                "the parent passes the authorizer's id"
            );
            authorized += 1;
        }
    }
    assert_eq!(authorized, 1500);
}

#[test]
fn the_parent_keeps_the_api_authorizer_deployment_stage_and_its_log_group() {
    let s = big();
    let parent = parent(&s);
    let kinds: BTreeSet<&str> = parent["Resources"]
        .as_object()
        .unwrap()
        .values()
        .map(|r| r["Type"].as_str().unwrap())
        .collect();
    for kind in [
        "AWS::ApiGateway::RestApi",
        "AWS::ApiGateway::Authorizer",
        "AWS::ApiGateway::Deployment",
        "AWS::ApiGateway::Stage",
        "AWS::ApiGateway::GatewayResponse",
        "AWS::CloudFormation::Stack",
        "AWS::Logs::LogGroup",
    ] {
        assert!(kinds.contains(kind), "parent lacks {kind}");
    }
    // The stage's settings name methods of nested templates by path; they stay on the stage.
    let stage = &parent["Resources"]["StageProd"]["Properties"];
    assert_eq!(stage["MethodSettings"][1]["ResourcePath"], "/~1svc000");
    assert_eq!(stage["MethodSettings"][1]["ThrottlingRateLimit"], 10);
    for nested in s.files.iter().skip(1) {
        assert!(
            !nested.contents.contains("AWS::Logs::LogGroup"),
            "{}",
            nested.path
        );
        assert!(
            !nested.contents.contains("AWS::ApiGateway::Stage"),
            "{}",
            nested.path
        );
    }
}

#[test]
fn the_deployment_depends_on_every_nested_stack() {
    let s = big();
    let parent = parent(&s);
    let nested = of_type(&parent, "AWS::CloudFormation::Stack");
    assert_eq!(nested.len(), s.files.len() - 1);
    let deployments = of_type(&parent, "AWS::ApiGateway::Deployment");
    let depends_on: Vec<&str> = deployments[0].1["DependsOn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap())
        .collect();
    for (id, _) in nested {
        assert!(depends_on.contains(&id.as_str()), "deployment ignores {id}");
    }
    for id in depends_on {
        assert!(
            parent["Resources"].get(id).is_some(),
            "{id} is not in the parent"
        );
    }
}

#[test]
fn nested_template_urls_are_relative_paths_to_the_written_files() {
    let s = big();
    let paths: BTreeSet<&str> = s.files.iter().map(|f| f.path.as_str()).collect();
    let parent = parent(&s);
    for (_, n) in of_type(&parent, "AWS::CloudFormation::Stack") {
        let url = n["Properties"]["TemplateURL"].as_str().unwrap();
        let file = url.strip_prefix("./").unwrap();
        assert!(paths.contains(format!("big-api/{file}").as_str()), "{file}");
    }
}

#[test]
fn the_parent_and_the_first_and_last_nested_templates_pass_cfn_lint() {
    let (_dir, paths) = write_big();
    assert_eq!(support::lint(&linted(&paths)), "");
}

#[test]
fn the_parent_and_the_first_and_last_nested_templates_pass_checkov_and_each_skip_says_why() {
    let (_dir, paths) = write_big();
    let report = support::assert_checkov_clean(&linted(&paths));
    // The parent holds the stage and its log group, with their skips.
    for id in ["CKV_AWS_120", "CKV_AWS_158"] {
        assert!(
            report.skipped.iter().any(|(skipped, _, _)| skipped == id),
            "{id} not skipped: {:?}",
            report.skipped
        );
    }
}

/// The templates the linters read: the parent, which cfn-lint follows into every nested
/// stack's parameters, and the first and last nested templates. The nested ones between
/// are written by the same code with other routes, and each costs cfn-lint 15 s of CPU
/// (the five took 80 s, a tenth of the suite's).
fn linted(paths: &[PathBuf]) -> Vec<PathBuf> {
    assert!(paths.len() >= 3, "a parent and nested templates: {paths:?}");
    assert!(
        paths[0].ends_with("big-api/big-api.template.json"),
        "{paths:?}"
    );
    vec![
        paths[0].clone(),
        paths[1].clone(),
        paths[paths.len() - 1].clone(),
    ]
}

/// The templates of [`big`], written to a temporary directory.
fn write_big() -> (tempfile::TempDir, Vec<std::path::PathBuf>) {
    let s = big();
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for f in &s.files {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &f.contents).unwrap();
        paths.push(path);
    }
    assert!(paths.len() > 1, "the 300-resource API is split");
    (dir, paths)
}

#[test]
fn the_stack_file_and_its_split_are_identical_across_runs() {
    assert_eq!(stack_file_yaml(&big_spec()), stack_file_yaml(&big_spec()));
    let a = big();
    let b = big();
    let files = |s: &Synthesized| -> Vec<(String, String)> {
        s.files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone()))
            .collect()
    };
    assert_eq!(files(&a), files(&b));
}

#[test]
fn appending_a_route_moves_no_existing_method() {
    let before = big();
    let mut spec = big_spec();
    add_route(&mut spec, "/svc999", &[HttpMethod::Get], "appended");
    let after = synth_file(&spec);

    let old = method_homes(&before);
    let new = method_homes(&after);
    assert_eq!(new.len(), old.len() + 2, "the new GET and its preflight");
    for (id, file) in &old {
        assert_eq!(new.get(id), Some(file), "{id} moved");
    }
}

#[test]
fn a_change_in_a_nested_method_changes_the_deployment_id() {
    let deployment = |s: &Synthesized| -> String {
        of_type(&parent(s), "AWS::ApiGateway::Deployment")[0]
            .0
            .clone()
    };
    let before = big();
    // A HEAD method deep in the last service, which lands in a nested template.
    let mut spec = big_spec();
    let mut verbs = VERBS.to_vec();
    verbs.push(HttpMethod::Head);
    add_route(&mut spec, "/svc029/{id}/part8", &verbs, "fn-299");
    let after = synth_file(&spec);
    assert_ne!(deployment(&before), deployment(&after));
}

#[test]
fn nested_stacks_read_the_root_resource_id_from_the_parent() {
    let s = big();
    for (path, template) in &templates(&s)[1..] {
        let mut targets = Vec::new();
        get_att_targets(&template["Resources"], &mut targets);
        for target in targets {
            assert!(
                template["Resources"].get(target).is_some(),
                "{path}: Fn::GetAtt on {target}, which is not a resource of the template"
            );
        }
    }
    let parent = parent(&s);
    let arguments: Vec<&Value> = of_type(&parent, "AWS::CloudFormation::Stack")
        .into_iter()
        .filter_map(|(_, n)| n["Properties"]["Parameters"].get("RestApiRootResourceId"))
        .collect();
    assert!(!arguments.is_empty());
    for a in arguments {
        assert_eq!(a["Fn::GetAtt"][1], "RootResourceId", "{a}");
    }
}

#[test]
fn a_small_stack_stays_one_file_identical_to_synthesize() {
    let stack = support::stacks::eshop_fcj::stack();
    let s = synthesize_stack(&stack, Format::Json).unwrap();
    assert_eq!(s.files.len(), 1);
    assert_eq!(s.files[0].path, "eshop-fcj.template.json");
    let single = render(&synthesize(&stack).unwrap(), Format::Json);
    assert_eq!(s.files[0].contents, single);
    let committed = std::fs::read_to_string(support::root().join("out/eshop-fcj.template.json"));
    assert_eq!(s.files[0].contents, committed.unwrap());
}

#[test]
fn synth_with_the_stack_file_writes_the_parent_and_nested_templates_and_the_deploy_commands() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.yaml"), stack_file_yaml(&big_spec())).unwrap();
    let output = support::bin()
        .current_dir(dir.path())
        .args(["synth", "--stack-file", "big.yaml", "--out", "out"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");

    let folder = dir.path().join("out/big-api");
    let parent = std::fs::read_to_string(folder.join("big-api.template.json")).unwrap();
    let parent: serde_json::Value = serde_json::from_str(&parent).unwrap();
    let mut nested: Vec<String> = parent["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::CloudFormation::Stack")
        .map(|r| r["Properties"]["TemplateURL"].as_str().unwrap().to_owned())
        .collect();
    nested.sort();
    let mut written: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "big-api.template.json")
        .map(|n| format!("./{n}"))
        .collect();
    written.sort();
    assert!(nested.len() >= 5, "{nested:?}");
    assert_eq!(written, nested, "one file per nested stack, nothing else");
    support::with_snapshots(|| insta::assert_snapshot!("large_api_cli_warning", stderr));
}
