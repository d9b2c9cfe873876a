//! Large APIs: a 300-resource, 1,500-method API synthesizes to a parent and nested templates,
//! each within CloudFormation's limits and cfn-lint clean, holding every method exactly once
//! with its authorizer; the split is deterministic and stable when a route is appended.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use apigw_synth::cfn::{Attribute, Expr, LogicalId, Properties, Template};
use apigw_synth::testing::generated_stack;
use apigw_synth::{
    Format, HttpMethod, Integration, Method, Synthesized, render, synthesize, synthesize_stack,
};

fn big() -> Synthesized {
    synthesize_stack(&generated_stack("big-api", 300, 5), Format::Json).unwrap()
}

/// Every method's logical id with the file that holds it.
fn method_homes(s: &Synthesized) -> BTreeMap<LogicalId, String> {
    let mut homes = BTreeMap::new();
    for f in &s.files {
        for (id, r) in &f.template.resources {
            if matches!(r.properties, Properties::Method(_)) {
                let previous = homes.insert(id.clone(), f.path.clone());
                assert!(previous.is_none(), "{id} is in two templates");
            }
        }
    }
    homes
}

fn parent(s: &Synthesized) -> &Template {
    &s.files[0].template
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
    let authorizer = parent
        .resources
        .iter()
        .find(|(_, r)| matches!(r.properties, Properties::Authorizer(_)))
        .map(|(id, _)| id.clone())
        .unwrap();
    let mut pairs = BTreeSet::new();
    let mut authorized = 0;
    for f in &s.files[1..] {
        let stack_id = LogicalId::new(
            f.path
                .trim_start_matches("big-api/")
                .trim_end_matches(".template.json"),
        )
        .unwrap();
        let Properties::NestedStack(nested) = &parent.resources[&stack_id].properties else {
            panic!("{stack_id} is not a nested stack in the parent");
        };
        for r in f.template.resources.values() {
            let Properties::Method(m) = &r.properties else {
                continue;
            };
            let resource = serde_json::to_string(&m.resource_id).unwrap();
            assert!(
                pairs.insert((resource, m.http_method.clone())),
                "duplicate method"
            );
            if m.http_method == "OPTIONS" {
                assert_eq!(m.authorization_type, "NONE");
                continue;
            }
            assert_eq!(m.authorization_type, "COGNITO_USER_POOLS");
            let Some(Expr::Ref(param)) = &m.authorizer_id else {
                panic!("method without authorizer id in {}", f.path);
            };
            assert!(
                f.template.parameters.contains_key(param),
                "{param} undeclared"
            );
            assert_eq!(
                nested.parameters[param.as_str()],
                Expr::Ref(authorizer.clone()),
                "the parent passes the authorizer's id"
            );
            authorized += 1;
        }
    }
    assert_eq!(authorized, 1500);
}

#[test]
fn the_parent_keeps_the_api_authorizer_deployment_and_stage() {
    let s = big();
    let kinds: BTreeSet<&str> = parent(&s)
        .resources
        .values()
        .map(|r| r.properties.type_name())
        .collect();
    for kind in [
        "AWS::ApiGateway::RestApi",
        "AWS::ApiGateway::Authorizer",
        "AWS::ApiGateway::Deployment",
        "AWS::ApiGateway::Stage",
        "AWS::ApiGateway::GatewayResponse",
        "AWS::CloudFormation::Stack",
    ] {
        assert!(kinds.contains(kind), "parent lacks {kind}");
    }
}

#[test]
fn the_deployment_depends_on_every_nested_stack() {
    let s = big();
    let parent = parent(&s);
    let nested: Vec<&LogicalId> = parent
        .resources
        .iter()
        .filter(|(_, r)| matches!(r.properties, Properties::NestedStack(_)))
        .map(|(id, _)| id)
        .collect();
    assert_eq!(nested.len(), s.files.len() - 1);
    let deployment = parent
        .resources
        .values()
        .find(|r| matches!(r.properties, Properties::Deployment(_)))
        .unwrap();
    for id in nested {
        assert!(
            deployment.depends_on.contains(id),
            "deployment ignores {id}"
        );
    }
    for id in &deployment.depends_on {
        assert!(
            parent.resources.contains_key(id),
            "{id} is not in the parent"
        );
    }
}

#[test]
fn nested_template_urls_are_relative_paths_to_the_written_files() {
    let s = big();
    let paths: BTreeSet<&str> = s.files.iter().map(|f| f.path.as_str()).collect();
    for r in parent(&s).resources.values() {
        if let Properties::NestedStack(n) = &r.properties {
            let file = n.template_url.strip_prefix("./").unwrap();
            assert!(paths.contains(format!("big-api/{file}").as_str()), "{file}");
        }
    }
}

#[test]
fn every_template_of_the_split_passes_cfn_lint() {
    let s = big();
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for f in &s.files {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &f.contents).unwrap();
        paths.push(path);
    }
    assert_eq!(support::lint(&paths), "");
}

#[test]
fn the_split_is_identical_across_runs() {
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
    let mut stack = generated_stack("big-api", 300, 5);
    let mut api = stack.api().clone();
    api.add_route("/svc999", Method::get(Integration::lambda("appended")));
    stack = apigw_synth::Stack::new("big-api", api)
        .parameter(apigw_synth::Parameter::string("UserPoolArn"));
    let after = synthesize_stack(&stack, Format::Json).unwrap();

    let old = method_homes(&before);
    let new = method_homes(&after);
    assert_eq!(new.len(), old.len() + 2, "the new GET and its preflight");
    for (id, file) in &old {
        assert_eq!(new.get(id), Some(file), "{id} moved");
    }
}

#[test]
fn a_change_in_a_nested_method_changes_the_deployment_id() {
    let deployment = |s: &Synthesized| -> LogicalId {
        parent(s)
            .resources
            .iter()
            .find(|(_, r)| matches!(r.properties, Properties::Deployment(_)))
            .map(|(id, _)| id.clone())
            .unwrap()
    };
    let before = big();
    let mut api = generated_stack("big-api", 300, 5).api().clone();
    // A HEAD method deep in the last service, which lands in a nested template.
    api.add_route(
        "/svc029/{id}/part8",
        Method::new(HttpMethod::Head, Integration::lambda("fn-299")),
    );
    let stack = apigw_synth::Stack::new("big-api", api)
        .parameter(apigw_synth::Parameter::string("UserPoolArn"));
    let after = synthesize_stack(&stack, Format::Json).unwrap();
    assert_ne!(deployment(&before), deployment(&after));
}

#[test]
fn nested_stacks_read_the_root_resource_id_from_the_parent() {
    let s = big();
    for f in &s.files[1..] {
        let json = &f.contents;
        assert!(
            !json.contains("RootResourceId\"]"),
            "{}: GetAtt on a parameter",
            f.path
        );
    }
    let arguments: Vec<&Expr> = parent(&s)
        .resources
        .values()
        .filter_map(|r| match &r.properties {
            Properties::NestedStack(n) => n.parameters.get("RestApiRootResourceId"),
            _ => None,
        })
        .collect();
    assert!(!arguments.is_empty());
    for a in arguments {
        assert!(
            matches!(a, Expr::GetAtt(_, Attribute::RootResourceId)),
            "{a:?}"
        );
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
