//! The access view built from the review model: each API's endpoint and key source from its
//! settings, its authorizers, the usage plans bound to its stages with their keys, then
//! each method's caller and key requirement.

use std::collections::BTreeMap;

use super::caller::{ById, authorizer_access, caller, property, referenced_id};
use super::{AccessView, ApiAccess, Caller, KeyRequirement, MethodAccess, UsagePlanAccess, policy};
use crate::review::view::{ApiView, OtherResource, TemplateModel};

/// Who can call what in `model`, API by API.
pub fn access_view(model: &TemplateModel) -> AccessView {
    let by_id: ById<'_> = model
        .others
        .values()
        .map(|r| (r.logical_id.as_str(), r))
        .collect();
    AccessView {
        apis: model
            .apis
            .values()
            .map(|api| api_access(api, &by_id))
            .collect(),
    }
}

fn api_access(api: &ApiView, by_id: &ById<'_>) -> ApiAccess {
    let s = &api.settings;
    let authorizers: Vec<_> = api
        .authorizers
        .iter()
        .map(|(name, a)| authorizer_access(name, a, by_id))
        .collect();
    let plans = usage_plans(api, by_id);
    let mut methods = Vec::new();
    for (path, route) in &api.routes {
        for (verb, method) in &route.methods {
            let api_key = method
                .api_key_required
                .then(|| key_requirement(path, verb, &plans));
            let stages: Vec<String> = api.stages.keys().cloned().collect();
            let covering: Vec<_> = api
                .policy
                .iter()
                .filter(|s| policy::covers(s, verb, path, &stages))
                .collect();
            let caller = caller(method, &authorizers);
            let policy_allows_nobody = !api.policy.is_empty()
                && matches!(caller, Caller::Public { .. })
                && !covering.iter().any(|s| s.effect == "Allow");
            methods.push(MethodAccess {
                method: verb.clone(),
                path: path.clone(),
                caller,
                api_key,
                resource_policy: covering
                    .into_iter()
                    .filter(|s| !policy::allows_anyone(s))
                    .map(policy::describe_for_method)
                    .collect(),
                policy_allows_nobody,
            });
        }
    }
    ApiAccess {
        api: api.name.clone(),
        endpoint: s
            .get("EndpointConfiguration.Types[0]")
            .or_else(|| s.get("EndpointConfiguration.Types"))
            .cloned(),
        vpc_endpoints: indexed(s, "EndpointConfiguration.VpcEndpointIds"),
        execute_api_endpoint: s
            .get("DisableExecuteApiEndpoint")
            .is_none_or(|v| v != "true"),
        api_key_source: s
            .get("ApiKeySourceType")
            .map_or_else(|| "HEADER".to_owned(), |v| v.to_uppercase()),
        stages: api.stages.keys().cloned().collect(),
        resource_policy: api.policy.iter().map(policy::describe).collect(),
        authorizers,
        usage_plans: plans.into_iter().map(|p| p.access).collect(),
        methods,
    }
}

/// The values of `prefix[0]`, `prefix[1]`, … in index order (or of `prefix` itself when
/// the list is one expression).
fn indexed(map: &BTreeMap<String, String>, prefix: &str) -> Vec<String> {
    let mut items: Vec<(usize, &String)> = map
        .iter()
        .filter_map(|(k, v)| {
            let index = k
                .strip_prefix(prefix)?
                .strip_prefix('[')?
                .strip_suffix(']')?;
            Some((index.parse().ok()?, v))
        })
        .collect();
    items.sort();
    let mut items: Vec<String> = items.into_iter().map(|(_, v)| v.clone()).collect();
    if items.is_empty()
        && let Some(whole) = map.get(prefix)
    {
        items.push(whole.clone());
    }
    items
}

/// A usage plan bound to the API, with its per-method throttles (`/orders/POST` →
/// `rate 5/s, burst 10`).
struct Plan {
    access: UsagePlanAccess,
    method_throttles: BTreeMap<String, String>,
}

/// The usage plans with an `ApiStages` entry for `api`, each with the keys its usage-plan
/// keys attach.
fn usage_plans(api: &ApiView, by_id: &ById<'_>) -> Vec<Plan> {
    let api_ref = format!("${{RestApi:{}}}", api.name);
    let mut plans = Vec::new();
    for plan in by_id.values() {
        if plan.resource_type != "AWS::ApiGateway::UsagePlan" {
            continue;
        }
        let mut stages = Vec::new();
        let mut method_throttles = BTreeMap::new();
        for i in 0.. {
            let entry = format!("ApiStages[{i}]");
            let Some(api_id) = property(plan, &format!("{entry}.ApiId")) else {
                break;
            };
            if api_id != api_ref {
                continue;
            }
            if let Some(stage) = property(plan, &format!("{entry}.Stage")) {
                stages.push(stage_name(stage));
            }
            let throttle_prefix = format!("Properties.{entry}.Throttle.");
            let mut fields: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
            for (key, value) in &plan.details {
                if let Some((target, field)) = key
                    .strip_prefix(&throttle_prefix)
                    .and_then(|rest| rest.rsplit_once('.'))
                {
                    fields.entry(target).or_default().insert(field, value);
                }
            }
            for (target, f) in fields {
                let text = throttle(f.get("RateLimit").copied(), f.get("BurstLimit").copied());
                method_throttles.insert(target.to_owned(), text);
            }
        }
        if stages.is_empty() {
            continue;
        }
        let plan_throttle = (
            property(plan, "Throttle.RateLimit"),
            property(plan, "Throttle.BurstLimit"),
        );
        let quota = property(plan, "Quota.Limit").map(|limit| {
            let period = property(plan, "Quota.Period").unwrap_or("?");
            match property(plan, "Quota.Offset") {
                Some(offset) => format!("{limit} per {period}, offset {offset}"),
                None => format!("{limit} per {period}"),
            }
        });
        let access = UsagePlanAccess {
            name: property(plan, "UsagePlanName")
                .unwrap_or(&plan.logical_id)
                .to_owned(),
            stages,
            keys: plan_keys(plan, by_id),
            throttle: (plan_throttle != (None, None))
                .then(|| throttle(plan_throttle.0, plan_throttle.1)),
            quota,
        };
        plans.push(Plan {
            access,
            method_throttles,
        });
    }
    plans.sort_by(|a, b| a.access.name.cmp(&b.access.name));
    plans
}

/// `${Stage:v1}` → `v1`; anything else as written.
fn stage_name(text: &str) -> String {
    text.strip_prefix("${Stage:")
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(text)
        .to_owned()
}

/// `rate 50/s, burst 100`.
fn throttle(rate: Option<&str>, burst: Option<&str>) -> String {
    let mut parts = Vec::new();
    if let Some(rate) = rate {
        parts.push(format!("rate {rate}/s"));
    }
    if let Some(burst) = burst {
        parts.push(format!("burst {burst}"));
    }
    parts.join(", ")
}

/// The keys the template's usage-plan keys attach to `plan`, by name (a disabled key says
/// so; a key outside the template as its expression), sorted.
fn plan_keys(plan: &OtherResource, by_id: &ById<'_>) -> Vec<String> {
    let mut keys: Vec<String> = by_id
        .values()
        .filter(|k| k.resource_type == "AWS::ApiGateway::UsagePlanKey")
        .filter(|k| {
            property(k, "UsagePlanId").and_then(referenced_id) == Some(plan.logical_id.as_str())
        })
        .filter_map(|k| property(k, "KeyId"))
        .map(|key| {
            let Some(api_key) = referenced_id(key)
                .and_then(|id| by_id.get(id))
                .filter(|r| r.resource_type == "AWS::ApiGateway::ApiKey")
            else {
                return key.to_owned();
            };
            let name = property(api_key, "Name").unwrap_or(&api_key.logical_id);
            if property(api_key, "Enabled") == Some("true") {
                name.to_owned()
            } else {
                format!("{name} (disabled)")
            }
        })
        .collect();
    keys.sort();
    keys
}

/// The plans (and their keys) whose keys a caller of `verb path` may send.
fn key_requirement(path: &str, verb: &str, plans: &[Plan]) -> KeyRequirement {
    let target = format!("{path}/{verb}");
    let mut keys: Vec<String> = plans
        .iter()
        .flat_map(|p| p.access.keys.iter().cloned())
        .collect();
    keys.sort();
    keys.dedup();
    KeyRequirement {
        usage_plans: plans.iter().map(|p| p.access.name.clone()).collect(),
        keys,
        method_throttles: plans
            .iter()
            .filter_map(|p| {
                let t = p.method_throttles.get(&target)?;
                Some(format!("{}: {t}", p.access.name))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use crate::review::{Caller, access_view, model, parse_template};

    const API: &str = "Resources:\n  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: shop}}\n  Other: {Type: AWS::ApiGateway::RestApi, Properties: {Name: other}}\n  Prod: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: !Ref Api, StageName: prod}}\n  M: {Type: AWS::ApiGateway::Method, Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: AWS_IAM, ApiKeyRequired: true}}\n";

    fn view(extra: &str) -> crate::review::AccessView {
        let t = parse_template(&format!("{API}{extra}"), false, "t.yaml").unwrap();
        access_view(&model(&t))
    }

    #[test]
    fn a_key_required_with_no_usage_plan_on_the_api_admits_nobody() {
        let v = view(
            "  Plan: {Type: AWS::ApiGateway::UsagePlan, Properties: {ApiStages: [{ApiId: !Ref Other, Stage: prod}]}}\n",
        );
        let shop = v.apis.iter().find(|a| a.api == "shop").unwrap();
        assert!(shop.usage_plans.is_empty(), "the plan is the other API's");
        let key = shop.methods[0].api_key.as_ref().unwrap();
        assert!(key.usage_plans.is_empty());
        assert_eq!(shop.methods[0].caller, Caller::Iam);
    }

    #[test]
    fn a_plan_s_keys_are_named_and_a_key_not_enabled_says_so() {
        let v = view(
            "  Plan: {Type: AWS::ApiGateway::UsagePlan, Properties: {UsagePlanName: gold, ApiStages: [{ApiId: !Ref Api, Stage: !Ref Prod}]}}\n  A: {Type: AWS::ApiGateway::ApiKey, Properties: {Name: a, Enabled: true}}\n  B: {Type: AWS::ApiGateway::ApiKey, Properties: {Name: b}}\n  KA: {Type: AWS::ApiGateway::UsagePlanKey, Properties: {UsagePlanId: !Ref Plan, KeyId: !Ref A, KeyType: API_KEY}}\n  KB: {Type: AWS::ApiGateway::UsagePlanKey, Properties: {UsagePlanId: !Ref Plan, KeyId: !Ref B, KeyType: API_KEY}}\n",
        );
        let shop = v.apis.iter().find(|a| a.api == "shop").unwrap();
        assert_eq!(shop.usage_plans[0].name, "gold");
        assert_eq!(shop.usage_plans[0].stages, ["prod"]);
        let key = shop.methods[0].api_key.as_ref().unwrap();
        assert_eq!(key.usage_plans, ["gold"]);
        assert_eq!(key.keys, ["a", "b (disabled)"]);
    }
}
