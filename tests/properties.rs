//! Property tests over random valid APIs (seeded, reproducible): authorization is never
//! lost, the only methods without authorization are the generated preflights and the
//! methods marked public (declared `OPTIONS` included, in one template and across a split),
//! the deployment covers every method, logical ids are valid, sibling order does not
//! matter, and the deployment id moves exactly when something that reaches the stage
//! changes. A sample also goes through cfn-lint. Overrides (the escape hatch) answer to the
//! same rule: one that removes a method's authorization fails unless the method is public,
//! in one template and across a split.

use crate::support;

use apigw_synth::cfn::Template;
use apigw_synth::testing::split_templates;
use apigw_synth::{Format, Generated, HttpMethod, Stack, render, synthesize};
use proptest::prelude::*;
use serde_json::Value as Json;
use support::random_api::{
    ApiSpec, Auth, MethodSpec, ResourceSpec, api_spec, build, declare_options_where_valid,
    has_method, policy_draw, preflight_count, public_count, runner,
};

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

/// The methods of `templates` without authorization, as (generated preflights, others): a
/// generated preflight is an `OPTIONS` with a MOCK integration answering with the CORS
/// headers; anything else without authorization must be a method the stack marked public.
fn unauthenticated(templates: &[Json]) -> (usize, usize) {
    let mut preflights = 0;
    let mut others = 0;
    for t in templates {
        for (_, r) in resources(t).filter(|(_, r)| r["Type"] == "AWS::ApiGateway::Method") {
            let p = &r["Properties"];
            if p["AuthorizationType"] != "NONE" {
                continue;
            }
            let answers_cors = p["Integration"]["IntegrationResponses"][0]["ResponseParameters"]
                ["method.response.header.Access-Control-Allow-Methods"]
                .is_string();
            if p["HttpMethod"] == "OPTIONS" && p["Integration"]["Type"] == "MOCK" && answers_cors {
                preflights += 1;
            } else {
                others += 1;
            }
        }
    }
    (preflights, others)
}

/// What `spec` allows without authorization: (preflights, methods marked public).
fn allowed(spec: &ApiSpec) -> (usize, usize) {
    let ping = !has_method(&spec.tree);
    let preflights = preflight_count(&spec.tree, spec.cors) + usize::from(ping && spec.cors);
    (preflights, public_count(&spec.tree) + usize::from(ping))
}

#[test]
fn only_preflights_and_methods_marked_public_have_no_authorization() {
    let declared_options = std::cell::Cell::new(0);
    runner(200)
        .run(&api_spec(), |spec| {
            let (_, t) = json(&build(&spec, false, "d"));
            let with_a_lambda = resources(&t)
                .filter(|(_, r)| r["Properties"]["HttpMethod"] == "OPTIONS")
                .filter(|(_, r)| r["Properties"]["Integration"]["Type"] != "MOCK")
                .count();
            declared_options.set(declared_options.get() + with_a_lambda);
            prop_assert_eq!(unauthenticated(&[t]), allowed(&spec));
            Ok(())
        })
        .unwrap();
    assert!(
        declared_options.get() > 10,
        "the APIs declare OPTIONS methods with a Lambda behind"
    );
}

#[test]
fn the_rule_holds_on_every_template_of_a_split_stack() {
    runner(100)
        .run(&api_spec(), |spec| {
            let stack = build(&spec, false, "d");
            let parts: Vec<Template> =
                split_templates(&stack, 4).expect("a random valid API splits");
            let parts: Vec<Json> = parts
                .iter()
                .map(|t| serde_json::from_str(&render(t, Format::Json)).unwrap())
                .collect();
            prop_assert_eq!(unauthenticated(&parts), allowed(&spec));
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_drawn_resource_policy_is_on_the_api_in_the_parent_and_a_private_api_names_its_endpoint() {
    let drawn = std::cell::Cell::new((0, 0));
    runner(100)
        .run(&api_spec(), |spec| {
            let (deny, private) = policy_draw(&spec);
            let parts = split_templates(&build(&spec, false, "d"), 4).expect("splits");
            let parts: Vec<Json> = parts
                .iter()
                .map(|t| serde_json::to_value(t).unwrap())
                .collect();
            let api = &parts[0]["Resources"]["RestApi"]["Properties"];
            prop_assert_eq!(api.get("Policy").is_some(), deny || private);
            for nested in &parts[1..] {
                prop_assert!(nested["Resources"].get("RestApi").is_none());
            }
            let statements = api["Policy"]["Statement"].as_array().cloned();
            if deny {
                let part = &spec.tree[0].part;
                let part = if part.starts_with('{') { "*" } else { part };
                let first = &statements.as_ref().unwrap()[0];
                prop_assert_eq!(first["Effect"].as_str(), Some("Deny"));
                let arn = format!("execute-api:/*/*/{part}");
                prop_assert_eq!(first["Resource"][0].as_str(), Some(arn.as_str()));
            }
            if private {
                prop_assert_eq!(
                    &api["EndpointConfiguration"]["VpcEndpointIds"],
                    &serde_json::json!(["vpce-0123456789abcdef0"])
                );
            }
            let (d, p) = drawn.get();
            drawn.set((d + usize::from(deny), p + usize::from(private)));
            Ok(())
        })
        .unwrap();
    let (deny, private) = drawn.get();
    assert!(
        deny > 5 && private > 2,
        "policies drawn: {deny}, private: {private}"
    );
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

/// Every integration's role is generated for it alone: no wildcard action or resource, and
/// each method that assumes a generated role names one the template holds; every path
/// parameter an integration maps is one its method declares.
#[test]
fn integrations_get_least_privilege_roles_and_declare_what_they_map() {
    runner(200)
        .run(&api_spec(), |spec| {
            let (_, t) = json(&build(&spec, false, "d"));
            for (id, r) in resources(&t).filter(|(_, r)| r["Type"] == "AWS::IAM::Role") {
                for policy in r["Properties"]["Policies"].as_array().into_iter().flatten() {
                    for st in policy["PolicyDocument"]["Statement"].as_array().unwrap() {
                        let text = st.to_string();
                        prop_assert!(
                            !text.contains("\"*\""),
                            "{} allows a wildcard: {}",
                            id,
                            text
                        );
                        prop_assert!(!text.contains(":*\""), "{} allows a wildcard: {}", id, text);
                    }
                }
            }
            for (id, r) in resources(&t).filter(|(_, r)| r["Type"] == "AWS::ApiGateway::Method") {
                let p = &r["Properties"];
                if let Some(role) = p["Integration"]["Credentials"]["Fn::GetAtt"][0].as_str() {
                    prop_assert_eq!(&t["Resources"][role]["Type"], "AWS::IAM::Role", "{}", id);
                }
                let mapped = p["Integration"]["RequestParameters"].as_object();
                for source in mapped.into_iter().flatten().filter_map(|(_, v)| v.as_str()) {
                    if source.starts_with("method.request.") {
                        prop_assert!(
                            p["RequestParameters"].get(source).is_some(),
                            "{} maps {} without declaring it",
                            id,
                            source
                        );
                    }
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
                    http: None,
                }],
                children: Vec::new(),
                cors: None,
                origins: 1,
            });
            let (_, more) = json(&build(&changed, false, "d"));
            prop_assert_ne!(deployment_id(&base), deployment_id(&more));

            let mut toggled = spec.clone();
            toggled.cors = !toggled.cors;
            // CORS now generates the preflights some declared OPTIONS stood for.
            declare_options_where_valid(&mut toggled.tree, toggled.cors);
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

            // Declared gateway responses reach the stage: declaring or dropping them redeploys.
            let mut responses = spec.clone();
            responses.gateway_responses = !responses.gateway_responses;
            let (_, other) = json(&build(&responses, false, "d"));
            prop_assert_ne!(deployment_id(&base), deployment_id(&other));
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

/// Every method of `tree` (under `prefix`): its path, verb and whether it is marked public.
fn methods_of(tree: &[ResourceSpec], prefix: &str, out: &mut Vec<(String, &'static str, bool)>) {
    for r in tree {
        let path = format!("{prefix}/{}", r.part);
        for m in &r.methods {
            out.push((path.clone(), m.verb, matches!(m.auth, Auth::Public)));
        }
        methods_of(&r.children, &path, out);
    }
}

#[test]
fn an_override_that_removes_authorization_fails_unless_the_method_is_public() {
    let (refused, accepted) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    runner(100)
        .run(&(api_spec(), any::<prop::sample::Index>()), |(spec, pick)| {
            let mut methods = Vec::new();
            methods_of(&spec.tree, "", &mut methods);
            if methods.is_empty() {
                methods.push(("/ping".to_owned(), "GET", true));
            }
            let (path, verb, public) = pick.get(&methods).clone();
            let verb: HttpMethod = verb.parse().unwrap();
            let stack = build(&spec, false, "d").override_properties(
                Generated::method(path.clone(), verb),
                serde_json::json!({"AuthorizationType": "NONE", "AuthorizerId": null, "AuthorizationScopes": null}),
            );
            let results = [
                synthesize(&stack).map(|_| ()),
                split_templates(&stack, 4).map(|_| ()),
            ];
            for result in results {
                match result {
                    Ok(()) => prop_assert!(public, "{} {} opened by an override", verb, path),
                    Err(e) => {
                        prop_assert!(!public, "{} {} is public: {}", verb, path, e);
                        let codes: Vec<&str> = e.problems.iter().map(|p| p.kind.code()).collect();
                        prop_assert_eq!(codes, ["raw-method-without-authorization"]);
                    }
                }
            }
            let side = if public { &accepted } else { &refused };
            side.set(side.get() + 1);
            Ok(())
        })
        .unwrap();
    let (refused, accepted) = (refused.get(), accepted.get());
    assert!(
        refused > 10 && accepted > 10,
        "both sides drawn: {refused} refused, {accepted} accepted"
    );
}
