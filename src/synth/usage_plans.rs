//! API keys and usage plans: each checked (no key value in clear text, plans bound to stages,
//! keys and methods the API has) and emitted as `AWS::ApiGateway::ApiKey`, `UsagePlan` and
//! `UsagePlanKey`, with an output giving each key's id (never its value).

use std::collections::BTreeSet;

use crate::api::{ApiKey, ApiKeySource, Authorizer, Stack, UsagePlan, Value};
use crate::budget::Warning;
use crate::cfn::apigateway::{self, ApiStage, QuotaSettings, ThrottleSettings, UsagePlanKey};
use crate::cfn::{Expr, LogicalId, Output, Resource};
use crate::error::ProblemKind;

use super::resolve::{Auth, ResolvedApi};
use super::{Emitter, ids};

/// The logical id of the API key `name`.
fn key_id(name: &str) -> LogicalId {
    LogicalId::derive("ApiKey", name, name)
}

/// The logical id of the usage plan `name`.
fn plan_id(name: &str) -> LogicalId {
    LogicalId::derive("UsagePlan", name, name)
}

/// With `apiKeySource: authorizer`, a warning for each method that requires an API key but is
/// not behind a Lambda authorizer: nothing gives API Gateway its key, so every request is
/// refused. A warning, not an error: an API imported from a document that leaves its Lambda
/// authorizer out has such methods, and synthesizes as its source deploys.
pub(crate) fn keys_nothing_gives(stack: &Stack, api: &ResolvedApi<'_>) -> Vec<Warning> {
    if stack.api.api_keys.source != Some(ApiKeySource::Authorizer) {
        return Vec::new();
    }
    let lambda = |name: &str| {
        api.authorizers
            .iter()
            .any(|a| a.name() == name && matches!(a, Authorizer::Lambda(_)))
    };
    let mut out = Vec::new();
    for (i, resource) in api.resources.iter().enumerate() {
        for method in &resource.methods {
            let keyed = matches!(method.auth, Auth::Authorizer(name) if lambda(name));
            if method.api_key_required && !keyed {
                out.push(Warning::KeyWithoutLambdaAuthorizer {
                    stack: stack.name.clone(),
                    path: api.path(i),
                    method: method.verb.as_str().to_owned(),
                });
            }
        }
    }
    out
}

impl Emitter<'_, '_, '_> {
    /// Every API key (with its id as an output) and usage plan (with a key entry per key it
    /// holds) of the API.
    pub(super) fn usage_plans(&mut self, api: &ResolvedApi<'_>) {
        let keys = &self.stack.api.api_keys.keys;
        let plans = &self.stack.api.api_keys.plans;
        for key in keys {
            self.api_key(key);
        }
        // The API's routes, only when a plan throttles single methods (a large API holds
        // thousands).
        let throttles = plans.iter().any(|p| !p.method_throttles.is_empty());
        let routes: BTreeSet<(String, &str)> = (0..api.resources.len())
            .filter(|_| throttles)
            .flat_map(|i| {
                let path = api.path(i);
                api.resources[i]
                    .methods
                    .iter()
                    .map(move |m| (path.clone(), m.verb.as_str()))
            })
            .collect();
        for plan in plans {
            self.usage_plan(plan, &routes);
        }
    }

    fn api_key(&mut self, key: &ApiKey) {
        let value = match &key.value {
            None => None,
            Some(Value::Ref(p))
                if self
                    .stack
                    .parameters
                    .iter()
                    .any(|param| param.name == *p && param.no_echo) =>
            {
                Some(Expr::Ref(ids::parameter(p)))
            }
            Some(_) => {
                self.problems
                    .stack(ProblemKind::ApiKeyValueInClear(key.name.clone()));
                None
            }
        };
        let id = key_id(&key.name);
        self.insert(
            id.clone(),
            format!("API key `{}`", key.name),
            Resource::new(apigateway::ApiKey {
                name: key.name.clone(),
                description: key.description.clone(),
                enabled: key.enabled,
                value,
            }),
        );
        self.output(
            LogicalId::readable("ApiKey", &format!("{} Id", key.name)),
            format!("the id of API key `{}`", key.name),
            Output {
                description: Some(format!(
                    "Id of API key {} (its value: aws apigateway get-api-key --include-value \
                     --api-key <id>)",
                    key.name
                )),
                value: Expr::Ref(id),
                condition: None,
                export: None,
            },
        );
    }

    fn usage_plan(&mut self, plan: &UsagePlan, routes: &BTreeSet<(String, &str)>) {
        let invalid = |reason: String| ProblemKind::InvalidUsagePlan {
            plan: plan.name.clone(),
            reason,
        };
        let stages: BTreeSet<&str> = self.stack.api.stages.iter().map(|s| s.label()).collect();
        if plan.stages.is_empty() {
            self.problems
                .stack(ProblemKind::UsagePlanWithoutStage(plan.name.clone()));
        }
        for stage in plan.stages.iter().filter(|s| !stages.contains(s.as_str())) {
            self.problems
                .stack(invalid(format!("the API has no stage `{stage}`")));
        }
        let keys: BTreeSet<&str> = self
            .stack
            .api
            .api_keys
            .keys
            .iter()
            .map(|k| k.name.as_str())
            .collect();
        for key in plan.keys.iter().filter(|k| !keys.contains(k.as_str())) {
            self.problems
                .stack(invalid(format!("the API has no API key `{key}`")));
        }
        let mut method_throttle = std::collections::BTreeMap::new();
        for ((path, verb), t) in &plan.method_throttles {
            if !routes.contains(&(path.clone(), verb.as_str())) {
                self.problems
                    .stack(invalid(format!("the API has no method `{verb} {path}`")));
                continue;
            }
            // `/orders/{id}/GET`; the root's methods are `//GET`.
            let key = format!("{path}/{verb}");
            method_throttle.insert(
                key,
                ThrottleSettings {
                    burst_limit: t.burst,
                    rate_limit: t.rate,
                },
            );
        }
        let plan_id = plan_id(&plan.name);
        // `Stage: { Ref: Stage… }` orders the plan after the stage it is bound to.
        let api_stages = plan
            .stages
            .iter()
            .map(|stage| ApiStage {
                api_id: self.api_ref(),
                stage: Expr::Ref(ids::stage(stage)),
                throttle: method_throttle.clone(),
            })
            .collect();
        self.insert(
            plan_id.clone(),
            format!("usage plan `{}`", plan.name),
            Resource::new(apigateway::UsagePlan {
                usage_plan_name: plan.name.clone(),
                description: plan.description.clone(),
                api_stages,
                throttle: plan.throttle.map(|t| ThrottleSettings {
                    burst_limit: t.burst,
                    rate_limit: t.rate,
                }),
                quota: plan.quota.map(|(limit, period, offset)| QuotaSettings {
                    limit,
                    offset,
                    period: period.as_str().into(),
                }),
            }),
        );
        for key in plan.keys.iter().filter(|k| keys.contains(k.as_str())) {
            self.insert(
                LogicalId::derive(
                    "UsagePlanKey",
                    &format!("{} {key}", plan.name),
                    &format!("{}\0{key}", plan.name),
                ),
                format!("the key `{key}` of usage plan `{}`", plan.name),
                Resource::new(UsagePlanKey {
                    key_id: Expr::Ref(key_id(key)),
                    key_type: "API_KEY".into(),
                    usage_plan_id: Expr::Ref(plan_id.clone()),
                }),
            );
        }
    }
}
