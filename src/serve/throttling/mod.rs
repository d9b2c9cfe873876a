//! Throttling and quotas, applied as API Gateway applies them ("Throttle requests to your
//! REST APIs for better throughput", developer guide): the stage's method settings
//! (`ThrottlingRateLimit`, `ThrottlingBurstLimit`) throttle each method for every caller; an
//! API key's usage plan throttles the key (`Throttle`, one bucket per key) and each method
//! it names for the key (`ApiStages[].Throttle`), and counts the key's requests against its
//! `Quota`. Every bucket and counter is made when the API is served: a request allocates
//! nothing here, and takes a short lock per bucket it passes.

pub mod bucket;
pub mod quota;

use std::collections::BTreeMap;
use std::fmt;
use std::time::Instant;

use bucket::{Limits, TokenBucket};
use quota::{Quota, QuotaCounter};

/// One usage plan's limits, as the template sets them for the served stage.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanLimits {
    /// The plan's name.
    pub name: String,
    /// Per key, over every method (`Throttle`).
    pub throttle: Option<Limits>,
    /// Per key and method (`ApiStages[].Throttle`): resource path, HTTP method, limits.
    pub methods: Vec<(String, String, Limits)>,
    /// Per key (`Quota`).
    pub quota: Option<Quota>,
}

/// The stage's throttling of one method (`MethodSettings`).
#[derive(Debug, Clone, PartialEq)]
pub struct MethodLimits {
    /// The method's resource path.
    pub resource: String,
    /// The method's HTTP method as declared (`ANY` included).
    pub verb: String,
    /// Its limits.
    pub limits: Limits,
    /// The setting they come from, for the log (`stage test method settings GET /busy`).
    pub source: String,
}

/// Why a request was refused: the rule, for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limited {
    /// A bucket was empty: 429 `THROTTLED`.
    Throttled(String),
    /// The key's quota is used up: 429 `QUOTA_EXCEEDED`.
    QuotaExceeded(String),
}

/// What a key's request counted against, for the log (`usage plan daily, 2 of quota 3 per
/// DAY`).
#[derive(Debug, Clone, Copy)]
pub struct KeyUse<'a> {
    plan: &'a str,
    quota: Option<(u64, Quota)>,
}

impl fmt::Display for KeyUse<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "usage plan {}", self.plan)?;
        if let Some((used, quota)) = self.quota {
            write!(f, ", {used} of {quota}")?;
        }
        Ok(())
    }
}

struct StageBucket {
    source: String,
    bucket: TokenBucket,
}

struct KeyLimits {
    plan: String,
    throttle: Option<TokenBucket>,
    /// By resource path, then HTTP method.
    methods: BTreeMap<String, BTreeMap<String, TokenBucket>>,
    quota: Option<QuotaCounter>,
}

/// The served stage's throttling and every key's usage plan limits.
#[derive(Default)]
pub struct Throttling {
    /// By resource path, then HTTP method.
    methods: BTreeMap<String, BTreeMap<String, StageBucket>>,
    /// By API key name.
    keys: BTreeMap<String, KeyLimits>,
}

impl fmt::Debug for Throttling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Throttling")
            .field("methods", &self.methods.len())
            .field("keys", &self.keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Throttling {
    /// The stage's `methods` limits and each key's plan (`keys`: key name, plan), their
    /// buckets full and their quotas unused at `now` (`unix_seconds` the same instant).
    pub fn new<'p>(
        methods: Vec<MethodLimits>,
        keys: impl IntoIterator<Item = (String, &'p PlanLimits)>,
        now: Instant,
        unix_seconds: u64,
    ) -> Self {
        let mut by_method: BTreeMap<String, BTreeMap<String, StageBucket>> = BTreeMap::new();
        for m in methods {
            by_method.entry(m.resource).or_default().insert(
                m.verb,
                StageBucket {
                    source: m.source,
                    bucket: TokenBucket::new(m.limits, now),
                },
            );
        }
        let mut by_key = BTreeMap::new();
        for (key, plan) in keys {
            let mut methods: BTreeMap<String, BTreeMap<String, TokenBucket>> = BTreeMap::new();
            for (resource, verb, limits) in &plan.methods {
                methods
                    .entry(resource.clone())
                    .or_default()
                    .insert(verb.clone(), TokenBucket::new(*limits, now));
            }
            by_key.insert(
                key,
                KeyLimits {
                    plan: plan.name.clone(),
                    throttle: plan.throttle.map(|l| TokenBucket::new(l, now)),
                    methods,
                    quota: plan.quota.map(|q| QuotaCounter::new(q, unix_seconds)),
                },
            );
        }
        Self {
            methods: by_method,
            keys: by_key,
        }
    }

    /// Whether anything is throttled or counted at all.
    pub fn is_empty(&self) -> bool {
        self.methods.is_empty() && self.keys.is_empty()
    }

    /// What is throttled and counted, a line each, for the banner: the stage's throttled
    /// methods, then each usage plan with its keys (`usage plan gold (keys a, b): rate 50/s,
    /// burst 100; quota 1000 per DAY; GET /orders: rate 5/s, burst 10`).
    pub fn describe(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for (resource, verbs) in &self.methods {
            for (verb, b) in verbs {
                lines.push(format!(
                    "throttled: {verb} {resource}, {} ({})",
                    b.bucket.limits(),
                    b.source
                ));
            }
        }
        let mut plans: BTreeMap<&str, (Vec<&str>, &KeyLimits)> = BTreeMap::new();
        for (key, limits) in &self.keys {
            plans
                .entry(limits.plan.as_str())
                .or_insert((Vec::new(), limits))
                .0
                .push(key);
        }
        for (plan, (keys, limits)) in plans {
            let mut parts = Vec::new();
            if let Some(b) = &limits.throttle {
                parts.push(b.limits().to_string());
            }
            if let Some(q) = &limits.quota {
                parts.push(q.quota().to_string());
            }
            for (resource, verbs) in &limits.methods {
                for (verb, b) in verbs {
                    parts.push(format!("{verb} {resource}: {}", b.limits()));
                }
            }
            if parts.is_empty() {
                parts.push("no limits".to_owned());
            }
            lines.push(format!(
                "usage plan {plan} (keys {}): {}",
                keys.join(", "),
                parts.join("; ")
            ));
        }
        lines
    }

    /// The stage's throttling of the method `verb` (as declared) on `resource`, for every
    /// caller.
    pub fn method(&self, resource: &str, verb: &str, now: Instant) -> Result<(), Limited> {
        match self.methods.get(resource).and_then(|m| m.get(verb)) {
            Some(b) if !b.bucket.take(now) => Err(Limited::Throttled(format!(
                "{} over {}",
                b.source,
                b.bucket.limits()
            ))),
            _ => Ok(()),
        }
    }

    /// The usage plan of `key` on the method `verb` of `resource`: the plan's throttling of
    /// the method for the key, then of the key, then its quota. A key without a plan here
    /// passes (`Ok(None)`).
    pub fn key(
        &self,
        key: &str,
        resource: &str,
        verb: &str,
        now: Instant,
        unix_seconds: u64,
    ) -> Result<Option<KeyUse<'_>>, Limited> {
        let Some(limits) = self.keys.get(key) else {
            return Ok(None);
        };
        let plan = limits.plan.as_str();
        if let Some(b) = limits.methods.get(resource).and_then(|m| m.get(verb))
            && !b.take(now)
        {
            return Err(Limited::Throttled(format!(
                "usage plan {plan}, {verb} {resource}: key {key} over {}",
                b.limits()
            )));
        }
        if let Some(b) = &limits.throttle
            && !b.take(now)
        {
            return Err(Limited::Throttled(format!(
                "usage plan {plan}: key {key} over {}",
                b.limits()
            )));
        }
        let quota = match &limits.quota {
            Some(counter) => match counter.take(unix_seconds) {
                Some(used) => Some((used, counter.quota())),
                None => {
                    return Err(Limited::QuotaExceeded(format!(
                        "usage plan {plan}: key {key} over {}",
                        counter.quota()
                    )));
                }
            },
            None => None,
        };
        Ok(Some(KeyUse { plan, quota }))
    }
}

#[cfg(test)]
mod tests {
    use super::quota::Period;
    use super::*;

    const NOON: u64 = 1_796_040_000;

    fn plan() -> PlanLimits {
        PlanLimits {
            name: "gold".to_owned(),
            throttle: Some(Limits {
                rate: 1.0,
                burst: 3,
            }),
            methods: vec![(
                "/reports".to_owned(),
                "GET".to_owned(),
                Limits {
                    rate: 1.0,
                    burst: 1,
                },
            )],
            quota: Some(Quota {
                limit: 2,
                offset: 0,
                period: Period::Day,
            }),
        }
    }

    #[test]
    fn each_key_has_its_own_buckets_and_quota() {
        let plan = plan();
        let now = Instant::now();
        let t = Throttling::new(
            Vec::new(),
            [("a".to_owned(), &plan), ("b".to_owned(), &plan)],
            now,
            NOON,
        );
        assert!(t.key("a", "/items", "GET", now, NOON).is_ok());
        assert!(t.key("a", "/items", "GET", now, NOON).is_ok());
        assert_eq!(
            t.key("a", "/items", "GET", now, NOON).unwrap_err(),
            Limited::QuotaExceeded("usage plan gold: key a over quota 2 per DAY".to_owned())
        );
        let used = t.key("b", "/items", "GET", now, NOON).unwrap().unwrap();
        assert_eq!(used.to_string(), "usage plan gold, 1 of quota 2 per DAY");
        assert!(
            t.key("nobody", "/items", "GET", now, NOON)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_plans_method_throttle_applies_to_its_method_only() {
        let plan = plan();
        let now = Instant::now();
        let t = Throttling::new(Vec::new(), [("a".to_owned(), &plan)], now, NOON);
        assert!(t.key("a", "/reports", "GET", now, NOON).is_ok());
        assert_eq!(
            t.key("a", "/reports", "GET", now, NOON).unwrap_err(),
            Limited::Throttled(
                "usage plan gold, GET /reports: key a over rate 1/s, burst 1".to_owned()
            )
        );
        assert!(t.key("a", "/items", "GET", now, NOON).is_ok());
    }

    #[test]
    fn the_stage_throttles_a_method_for_every_caller() {
        let now = Instant::now();
        let t = Throttling::new(
            vec![MethodLimits {
                resource: "/busy".to_owned(),
                verb: "GET".to_owned(),
                limits: Limits {
                    rate: 1.0,
                    burst: 1,
                },
                source: "stage test: GET /busy".to_owned(),
            }],
            [],
            now,
            NOON,
        );
        assert!(t.method("/busy", "GET", now).is_ok());
        assert_eq!(
            t.method("/busy", "GET", now).unwrap_err(),
            Limited::Throttled("stage test: GET /busy over rate 1/s, burst 1".to_owned())
        );
        assert!(t.method("/busy", "POST", now).is_ok());
        assert!(t.method("/calm", "GET", now).is_ok());
    }
}
