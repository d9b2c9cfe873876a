//! The throttling of the served stage, read from the template: the stage's `MethodSettings`
//! throttling (a method's own setting over `* /*`, field by field), the usage plans bound to
//! the stage (`ApiStages`) with their `Throttle`, per-method `Throttle` and `Quota`, and the
//! API keys each plan holds.

use std::collections::BTreeMap;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::review::{ApiView, OtherResource, TemplateModel};
use crate::serve::parameters::Values;
use crate::serve::throttling::bucket::Limits;
use crate::serve::throttling::quota::{Period, Quota};
use crate::serve::throttling::{MethodLimits, PlanLimits, Throttling};

/// API Gateway's account-level limits in most regions: what a method setting that sets only
/// one of rate and burst gets for the other.
const ACCOUNT_RATE: f64 = 10_000.0;
const ACCOUNT_BURST: u32 = 5_000;

/// A setting's rate and burst, either unset.
type RateBurst = (Option<f64>, Option<f64>);

/// The usage plans bound to the served stage, by the logical id of each API key they hold
/// (a key in two plans of the stage keeps the first by name, and a note says so).
pub(super) fn plans_by_key(
    model: &TemplateModel,
    api: &ApiView,
    stage: &str,
    values: &Values,
    notes: &mut Vec<String>,
) -> BTreeMap<String, PlanLimits> {
    let mut plans: Vec<(String, PlanLimits)> = model
        .others
        .values()
        .filter(|o| o.resource_type == "AWS::ApiGateway::UsagePlan")
        .filter_map(|plan| {
            plan_limits(plan, api, stage, values, notes).map(|l| (plan.logical_id.clone(), l))
        })
        .collect();
    plans.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    let mut by_key: BTreeMap<String, PlanLimits> = BTreeMap::new();
    for plan_key in model
        .others
        .values()
        .filter(|o| o.resource_type == "AWS::ApiGateway::UsagePlanKey")
    {
        let id_of = |field: &str| {
            plan_key
                .details
                .get(&format!("Properties.{field}"))
                .and_then(|t| t.strip_prefix("${"))
                .and_then(|t| t.strip_suffix('}'))
        };
        let (Some(key), Some(plan)) = (id_of("KeyId"), id_of("UsagePlanId")) else {
            continue;
        };
        let Some((_, limits)) = plans.iter().find(|(id, _)| id == plan) else {
            continue;
        };
        if let Some(other) = by_key.get(key) {
            let (kept, left) = if other.name <= limits.name {
                (&other.name, &limits.name)
            } else {
                (&limits.name, &other.name)
            };
            notes.push(format!(
                "API key {} is in usage plans {kept} and {left} of stage {stage}: {kept} applies",
                key_name(model, key)
            ));
            if other.name <= limits.name {
                continue;
            }
        }
        by_key.insert(key.to_owned(), limits.clone());
    }
    by_key
}

/// The name of the API key of logical id `id` (its `Name`, else the id).
fn key_name(model: &TemplateModel, id: &str) -> String {
    model
        .others
        .values()
        .find(|o| o.logical_id == id && o.resource_type == "AWS::ApiGateway::ApiKey")
        .and_then(|key| key.details.get("Properties.Name"))
        .cloned()
        .unwrap_or_else(|| id.to_owned())
}

/// A plan's limits on the served stage, or None when it is not bound to it.
fn plan_limits(
    plan: &OtherResource,
    api: &ApiView,
    stage: &str,
    values: &Values,
    notes: &mut Vec<String>,
) -> Option<PlanLimits> {
    let property = |key: &str| {
        plan.details
            .get(&format!("Properties.{key}"))
            .and_then(|v| values.fill(v).ok())
    };
    let name = property("UsagePlanName").unwrap_or_else(|| plan.logical_id.clone());
    let mut number = |key: &str| -> Option<f64> {
        let text = property(key)?;
        let n = text.parse::<f64>().ok().filter(|n| *n >= 0.0);
        if n.is_none() {
            notes.push(format!("usage plan {name}: {key} {text} is not applied"));
        }
        n
    };
    let entry = (0..)
        .map_while(|i| {
            let entry = format!("ApiStages[{i}]");
            let api_id = plan.details.get(&format!("Properties.{entry}.ApiId"));
            let stage_of = plan.details.get(&format!("Properties.{entry}.Stage"));
            (api_id.is_some() || stage_of.is_some()).then_some((entry, api_id, stage_of))
        })
        .find(|(_, api_id, stage_of)| {
            names(api_id.map(String::as_str), "RestApi", &api.name)
                && names(stage_of.map(String::as_str), "Stage", stage)
        })?
        .0;
    let throttle = limits(number("Throttle.RateLimit"), number("Throttle.BurstLimit"));
    let quota = match (number("Quota.Limit"), property("Quota.Period")) {
        (Some(limit), Some(period)) => match Period::parse(&period) {
            Some(period) => Some(Quota {
                limit: limit as u64,
                offset: number("Quota.Offset").unwrap_or(0.0) as u64,
                period,
            }),
            None => {
                notes.push(format!(
                    "usage plan {name}: quota period {period} is not applied"
                ));
                None
            }
        },
        _ => None,
    };
    // `Properties.ApiStages[0].Throttle./orders/{id}/GET.RateLimit`.
    let prefix = format!("Properties.{entry}.Throttle.");
    let mut fields: BTreeMap<&str, RateBurst> = BTreeMap::new();
    for (key, value) in &plan.details {
        let Some((target, field)) = key
            .strip_prefix(&prefix)
            .and_then(|rest| rest.rsplit_once('.'))
        else {
            continue;
        };
        let n = values.fill(value).ok().and_then(|v| v.parse::<f64>().ok());
        let slot = fields.entry(target).or_default();
        match field {
            "RateLimit" => slot.0 = n,
            "BurstLimit" => slot.1 = n,
            _ => {}
        }
    }
    let mut methods = Vec::new();
    for (target, (rate, burst)) in fields {
        let (path, verb) = target.rsplit_once('/').unwrap_or(("", target));
        let path = if path.is_empty() { "/" } else { path };
        if let Some(l) = limits(rate, burst) {
            methods.push((path.to_owned(), verb.to_owned(), l));
        }
    }
    Some(PlanLimits {
        name,
        throttle,
        methods,
        quota,
    })
}

/// Whether a reference (`${Stage:test}`, a literal) names `name`: true unless it plainly
/// names another (`${Kind:other}`, another literal). A reference serve can't read (a stage
/// named at deploy time) is taken to name it.
fn names(reference: Option<&str>, kind: &str, name: &str) -> bool {
    let Some(reference) = reference else {
        return true;
    };
    match reference
        .strip_prefix(&format!("${{{kind}:"))
        .and_then(|r| r.strip_suffix('}'))
    {
        Some(other) => other == name,
        None => reference.contains("${") || reference == name,
    }
}

/// The limits of a rate and a burst, either of which may be unset (the account's then).
fn limits(rate: Option<f64>, burst: Option<f64>) -> Option<Limits> {
    if rate.is_none() && burst.is_none() {
        return None;
    }
    Some(Limits {
        rate: rate.unwrap_or(ACCOUNT_RATE),
        burst: burst.map_or(ACCOUNT_BURST, |b| b as u32),
    })
}

/// The stage's throttling of each method of `api`: the method's own `MethodSettings` entry
/// over `* {path}` over `* /*`, field by field.
pub(super) fn stage_methods(
    api: &ApiView,
    raw_stage: &str,
    stage: &str,
    values: &Values,
) -> Vec<MethodLimits> {
    let Some(view) = api.stages.get(raw_stage) else {
        return Vec::new();
    };
    // `MethodSettings.GET /orders/{id}.ThrottlingRateLimit` → ("GET /orders/{id}", rate).
    let mut settings: BTreeMap<&str, RateBurst> = BTreeMap::new();
    for (key, value) in &view.details {
        let Some((target, field)) = key
            .strip_prefix("MethodSettings.")
            .and_then(|rest| rest.rsplit_once('.'))
        else {
            continue;
        };
        let n = values.fill(value).ok().and_then(|v| v.parse::<f64>().ok());
        let slot = settings.entry(target).or_default();
        match field {
            "ThrottlingRateLimit" => slot.0 = n,
            "ThrottlingBurstLimit" => slot.1 = n,
            _ => {}
        }
    }
    settings.retain(|_, (rate, burst)| rate.is_some() || burst.is_some());
    if settings.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (path, route) in &api.routes {
        for verb in route.methods.keys() {
            let own = format!("{verb} {path}");
            let path_wide = format!("* {path}");
            let chain = [own.as_str(), path_wide.as_str(), "* /*"];
            let found: Vec<(&str, RateBurst)> = chain
                .iter()
                .filter_map(|k| settings.get(k).map(|s| (*k, *s)))
                .collect();
            let Some((source, _)) = found.first() else {
                continue;
            };
            let rate = found.iter().find_map(|(_, s)| s.0);
            let burst = found.iter().find_map(|(_, s)| s.1);
            if let Some(l) = limits(rate, burst) {
                out.push(MethodLimits {
                    resource: path.clone(),
                    verb: verb.clone(),
                    limits: l,
                    source: format!("stage {stage} method settings {source}"),
                });
            }
        }
    }
    out
}

/// The throttling of the served stage: its method settings, and each accepted key's plan
/// (`plans`, by key logical id) by the key's name; buckets full and quotas unused now.
pub(super) fn throttling(
    model: &TemplateModel,
    methods: Vec<MethodLimits>,
    plans: &BTreeMap<String, PlanLimits>,
) -> Throttling {
    let keys = plans.iter().filter_map(|(id, plan)| {
        let key = model
            .others
            .values()
            .find(|o| o.logical_id == *id && o.resource_type == "AWS::ApiGateway::ApiKey")?;
        let name = key
            .details
            .get("Properties.Name")
            .cloned()
            .unwrap_or_else(|| id.clone());
        Some((name, plan))
    });
    let unix = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Throttling::new(methods, keys, Instant::now(), unix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_names_the_stage_unless_it_plainly_names_another() {
        assert!(names(Some("${Stage:test}"), "Stage", "test"));
        assert!(!names(Some("${Stage:prod}"), "Stage", "test"));
        assert!(names(Some("${StageLogicalId}"), "Stage", "test"));
        assert!(names(Some("test"), "Stage", "test"));
        assert!(!names(Some("prod"), "Stage", "test"));
        assert!(names(None, "Stage", "test"));
    }

    #[test]
    fn a_setting_with_one_field_gets_the_accounts_other() {
        assert_eq!(limits(None, None), None);
        assert_eq!(
            limits(Some(5.0), None),
            Some(Limits {
                rate: 5.0,
                burst: ACCOUNT_BURST
            })
        );
    }
}
