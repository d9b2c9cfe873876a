//! Property tests over random valid APIs (seeded, reproducible): authorization is never
//! lost, preflights are never authorized, the deployment covers every method, logical ids
//! are valid, sibling order does not matter, and the deployment id moves exactly when
//! something that reaches the stage changes. A sample also goes through cfn-lint.

mod support;

use apigw_synth::{Format, Stack, render, synthesize};
use proptest::prelude::*;
use serde_json::Value as Json;
use support::random_api::{Auth, MethodSpec, ResourceSpec, api_spec, build, has_method, runner};

fn json(stack: &Stack) -> (String, Json) {
    let text = render(
        &synthesize(stack).expect("a random valid API synthesizes"),
        Format::Json,
    );
    let value = serde_json::from_str(&text).unwrap();
    (text, value)
}

fn resources(t: &Json) -> impl Iterator<Item = (&String, &Json)> {
    t["Resources"].as_object().unwrap().iter()
}

fn deployment_id(t: &Json) -> String {
    resources(t)
        .find(|(_, r)| r["Type"] == "AWS::ApiGateway::Deployment")
        .map(|(id, _)| id.clone())
        .unwrap()
}

#[test]
fn methods_keep_their_authorization_and_preflights_have_none() {
    runner(200)
        .run(&api_spec(), |spec| {
            let (_, t) = json(&build(&spec, false, "d"));
            for (id, r) in resources(&t).filter(|(_, r)| r["Type"] == "AWS::ApiGateway::Method") {
                let p = &r["Properties"];
                let kind = p["AuthorizationType"].as_str().unwrap();
                if p["HttpMethod"] == "OPTIONS" {
                    prop_assert_eq!(kind, "NONE", "{} is an authorized preflight", id);
                    prop_assert!(p.get("AuthorizationScopes").is_none());
                } else if kind == "COGNITO_USER_POOLS" {
                    prop_assert!(
                        p["AuthorizerId"]["Ref"].is_string(),
                        "{} lacks AuthorizerId",
                        id
                    );
                } else {
                    prop_assert!(p.get("AuthorizationScopes").is_none(), "{} has scopes", id);
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn only_methods_marked_public_have_no_authorization() {
    fn public_count(tree: &[ResourceSpec]) -> usize {
        tree.iter()
            .map(|r| {
                r.methods
                    .iter()
                    .filter(|m| matches!(m.auth, Auth::Public))
                    .count()
                    + public_count(&r.children)
            })
            .sum()
    }
    runner(200)
        .run(&api_spec(), |spec| {
            let (_, t) = json(&build(&spec, false, "d"));
            let unauthorized = resources(&t)
                .filter(|(_, r)| r["Type"] == "AWS::ApiGateway::Method")
                .filter(|(_, r)| r["Properties"]["HttpMethod"] != "OPTIONS")
                .filter(|(_, r)| r["Properties"]["AuthorizationType"] == "NONE")
                .count();
            let ping = usize::from(!has_method(&spec.tree));
            prop_assert_eq!(unauthorized, public_count(&spec.tree) + ping);
            Ok(())
        })
        .unwrap();
}

#[test]
fn deployment_depends_on_every_method_and_ids_are_valid() {
    let valid = regex::Regex::new("^[A-Za-z0-9]{1,255}$").unwrap();
    runner(200)
        .run(&api_spec(), |spec| {
            let (_, t) = json(&build(&spec, false, "d"));
            let id = deployment_id(&t);
            let depends: Vec<&str> = t["Resources"][&id]["DependsOn"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            for (rid, r) in resources(&t) {
                prop_assert!(valid.is_match(rid), "invalid logical id {}", rid);
                if r["Type"] == "AWS::ApiGateway::Method" {
                    prop_assert!(depends.contains(&rid.as_str()), "{} not in DependsOn", rid);
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn sibling_and_method_order_does_not_change_the_template() {
    runner(200)
        .run(&api_spec(), |spec| {
            let (a, _) = json(&build(&spec, false, "d"));
            let (b, _) = json(&build(&spec, true, "d"));
            prop_assert_eq!(a, b);
            Ok(())
        })
        .unwrap();
}

#[test]
fn deployment_id_moves_exactly_when_the_stage_content_changes() {
    runner(100)
        .run(&api_spec(), |spec| {
            let (_, base) = json(&build(&spec, false, "d"));
            let (_, stage_only) = json(&build(&spec, false, "another description"));
            prop_assert_eq!(deployment_id(&base), deployment_id(&stage_only));

            let mut changed = spec.clone();
            changed.tree.push(ResourceSpec {
                part: "extra".into(),
                methods: vec![MethodSpec {
                    verb: "GET",
                    function: Some("fn-a"),
                    auth: Auth::Default,
                    scopes: false,
                    throttled: None,
                    reason: false,
                }],
                children: Vec::new(),
                cors: None,
            });
            let (_, more) = json(&build(&changed, false, "d"));
            prop_assert_ne!(deployment_id(&base), deployment_id(&more));

            let mut toggled = spec.clone();
            toggled.cors = !toggled.cors;
            let (_, cors) = json(&build(&toggled, false, "d"));
            let preflights_or_responses = |t: &Json| {
                resources(t)
                    .filter(|(_, r)| {
                        r["Type"] == "AWS::ApiGateway::GatewayResponse"
                            || r["Properties"]["HttpMethod"] == "OPTIONS"
                    })
                    .count()
            };
            if preflights_or_responses(&base) != preflights_or_responses(&cors) {
                prop_assert_ne!(deployment_id(&base), deployment_id(&cors));
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_sample_of_random_apis_passes_cfn_lint_and_checkov() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, spec) in support::random_api::sample(20).into_iter().enumerate() {
        let (text, t) = json(&build(&spec, false, "d"));
        eprintln!("random-{i}: {} resources", resources(&t).count());
        let path = dir.path().join(format!("random-{i}.template.json"));
        std::fs::write(&path, text).unwrap();
        files.push(path);
    }
    let report = support::lint(&files);
    assert!(report.trim().is_empty(), "{report}");
    support::assert_checkov_clean(&files);
}
