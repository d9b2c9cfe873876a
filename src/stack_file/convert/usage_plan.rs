//! API keys and usage plans: the specs into [`ApiKey`]s and [`UsagePlan`]s of the API.

use std::collections::BTreeMap;

use crate::{ApiKey, ApiKeySource, HttpMethod, QuotaPeriod, RestApi, UsagePlan};

use super::super::format::{
    ApiKeySourceSpec, ApiKeySpec, QuotaPeriodSpec, QuotaSpec, ThrottlingSpec, UsagePlanSpec,
};
use super::super::load::{Loader, path_of};

impl Loader {
    /// `rest` with the key source, keys and plans the specs give.
    pub(super) fn usage_plans(
        &mut self,
        mut rest: RestApi,
        source: Option<ApiKeySourceSpec>,
        keys: BTreeMap<String, ApiKeySpec>,
        plans: BTreeMap<String, UsagePlanSpec>,
    ) -> RestApi {
        if let Some(source) = source {
            rest = rest.api_key_source(match source {
                ApiKeySourceSpec::Header => ApiKeySource::Header,
                ApiKeySourceSpec::Authorizer => ApiKeySource::Authorizer,
            });
        }
        for (name, spec) in keys {
            let ApiKeySpec {
                description,
                value,
                enabled,
            } = spec;
            let mut key = ApiKey::new(name.clone());
            if let Some(d) = description {
                key = key.description(d);
            }
            if let Some(v) = value {
                let v = self.value(v, path_of(&["api", "apiKeys", &name, "value"]));
                key = key.value(v);
            }
            if let Some(e) = enabled {
                key = key.enabled(e);
            }
            rest = rest.api_key(key);
        }
        for (name, spec) in plans {
            let UsagePlanSpec {
                stages,
                description,
                throttle,
                quota,
                method_throttle,
                api_keys,
            } = spec;
            let mut plan = UsagePlan::new(name);
            for stage in stages {
                plan = plan.stage(stage);
            }
            if let Some(d) = description {
                plan = plan.description(d);
            }
            if let Some(ThrottlingSpec {
                rate_limit,
                burst_limit,
            }) = throttle
            {
                plan = plan.throttle(rate_limit, burst_limit);
            }
            if let Some(QuotaSpec {
                limit,
                period,
                offset,
            }) = quota
            {
                let period = match period {
                    QuotaPeriodSpec::Day => QuotaPeriod::Day,
                    QuotaPeriodSpec::Week => QuotaPeriod::Week,
                    QuotaPeriodSpec::Month => QuotaPeriod::Month,
                };
                plan = plan.quota(limit, period).quota_offset(offset);
            }
            for (route, t) in method_throttle {
                // `VERB /path`; an unknown verb or route is reported by synth as a method the
                // API lacks.
                let (verb, path) = route.split_once(' ').unwrap_or(("", route.as_str()));
                let verb = verb.parse().unwrap_or(HttpMethod::Any);
                let path = if verb == HttpMethod::Any && !route.starts_with("ANY ") {
                    route.clone()
                } else {
                    path.to_owned()
                };
                plan = plan.method_throttle(path, verb, t.rate_limit, t.burst_limit);
            }
            for key in api_keys {
                plan = plan.api_key(key);
            }
            rest = rest.usage_plan(plan);
        }
        rest
    }
}
