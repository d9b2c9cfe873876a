//! Lambda authorizers (TOKEN and REQUEST), as API Gateway calls them: the function invoked
//! through the same transport as Lambda integrations with the authorizer event, its policy
//! evaluated against the method ARN (an explicit Deny wins, then an Allow; `*` and `?`
//! wildcards in resources and actions), its `context` and `principalId` passed on, the
//! answer cached for the authorizer's TTL by identity source.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{Map, Value};

/// TOKEN or REQUEST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LambdaKind {
    /// The token of one header.
    Token,
    /// Any of the request's headers, query strings, stage variables and context.
    Request,
}

/// Where an identity source is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentitySource {
    /// `method.request.header.NAME`.
    Header(String),
    /// `method.request.querystring.NAME`.
    Query(String),
    /// `stageVariables.NAME`.
    StageVariable(String),
}

impl IdentitySource {
    /// The sources of an `IdentitySource` property (comma separated); an unknown one is
    /// left out.
    pub fn parse_list(text: &str) -> Vec<Self> {
        text.split(',')
            .map(str::trim)
            .filter_map(|s| {
                if let Some(h) = s.strip_prefix("method.request.header.") {
                    Some(Self::Header(h.to_owned()))
                } else if let Some(q) = s.strip_prefix("method.request.querystring.") {
                    Some(Self::Query(q.to_owned()))
                } else {
                    s.strip_prefix("stageVariables.")
                        .map(|v| Self::StageVariable(v.to_owned()))
                }
            })
            .collect()
    }
}

/// One Lambda authorizer of the API.
#[derive(Debug)]
pub struct LambdaAuthorizer {
    /// Its name.
    pub name: String,
    /// TOKEN or REQUEST.
    pub kind: LambdaKind,
    /// The function's name.
    pub function: String,
    /// The Invoke API URL, when an endpoint is known.
    pub url: Option<String>,
    /// Where the identity is read; all must be present.
    pub sources: Vec<IdentitySource>,
    /// How long an answer is reused for the same identity (0: never).
    pub ttl: Duration,
    cache: Mutex<BTreeMap<Vec<String>, (Instant, Policy)>>,
}

/// An authorizer's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// `principalId`.
    pub principal_id: Option<String>,
    statements: Vec<Statement>,
    /// `context`, values as the function gave them.
    pub context: Map<String, Value>,
    /// `usageIdentifierKey`: the API key value of the caller, for an API whose key source is
    /// `AUTHORIZER`.
    pub usage_identifier_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Statement {
    allow: bool,
    actions: Vec<String>,
    resources: Vec<String>,
}

/// What the policy says about one method ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// An Allow matches and no Deny does.
    Allow,
    /// A Deny matches.
    ExplicitDeny,
    /// Nothing matches.
    NotAllowed,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    principal_id: Option<Value>,
    policy_document: PolicyDocument,
    #[serde(default)]
    context: Option<Map<String, Value>>,
    #[serde(default)]
    usage_identifier_key: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PolicyDocument {
    #[allow(dead_code)]
    version: Option<String>,
    statement: OneOrMany<RawStatement>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    fn into_vec(self) -> Vec<T> {
        match self {
            Self::One(t) => vec![t],
            Self::Many(v) => v,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawStatement {
    effect: String,
    action: OneOrMany<String>,
    resource: OneOrMany<String>,
}

impl Policy {
    /// The policy of a function's answer; a malformed one is an error saying why.
    pub fn parse(answer: &[u8]) -> Result<Self, String> {
        let a: Answer = serde_json::from_slice(answer)
            .map_err(|e| format!("malformed authorizer answer: {e}"))?;
        let mut statements = Vec::new();
        for s in a.policy_document.statement.into_vec() {
            let allow = match s.effect.as_str() {
                "Allow" => true,
                "Deny" => false,
                other => return Err(format!("malformed authorizer answer: Effect {other}")),
            };
            statements.push(Statement {
                allow,
                actions: s.action.into_vec(),
                resources: s.resource.into_vec(),
            });
        }
        let principal_id = a.principal_id.map(|p| match p {
            Value::String(s) => s,
            other => other.to_string(),
        });
        Ok(Self {
            principal_id,
            statements,
            context: a.context.unwrap_or_default(),
            usage_identifier_key: a.usage_identifier_key,
        })
    }

    /// What the policy says about invoking `method_arn`.
    pub fn evaluate(&self, method_arn: &str) -> Verdict {
        let applies = |s: &Statement| {
            s.actions.iter().any(|a| wildcard(a, "execute-api:Invoke"))
                && s.resources.iter().any(|r| wildcard(r, method_arn))
        };
        if self.statements.iter().any(|s| !s.allow && applies(s)) {
            Verdict::ExplicitDeny
        } else if self.statements.iter().any(|s| s.allow && applies(s)) {
            Verdict::Allow
        } else {
            Verdict::NotAllowed
        }
    }

    /// `requestContext.authorizer`: the context, values as strings, and `principalId`.
    pub fn authorizer_context(&self) -> Value {
        let mut out = Map::new();
        for (k, v) in &self.context {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            out.insert(k.clone(), Value::from(text));
        }
        if let Some(p) = &self.principal_id {
            out.insert("principalId".to_owned(), Value::from(p.as_str()));
        }
        Value::Object(out)
    }
}

/// IAM's wildcard match: `*` any run of characters, `?` one character.
fn wildcard(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative match with backtracking to the last `*`: linear in practice.
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < t.len() {
        if i < p.len() && (p[i] == '?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

impl LambdaAuthorizer {
    /// An authorizer with an empty cache.
    pub fn new(
        name: String,
        kind: LambdaKind,
        function: String,
        url: Option<String>,
        sources: Vec<IdentitySource>,
        ttl: Duration,
    ) -> Self {
        Self {
            name,
            kind,
            function,
            url,
            sources,
            ttl,
            cache: Mutex::new(BTreeMap::new()),
        }
    }

    /// The cached answer for `identity`, when still fresh.
    pub fn cached(&self, identity: &[String]) -> Option<Policy> {
        if self.ttl.is_zero() {
            return None;
        }
        let cache = self.cache.lock().ok()?;
        let (at, policy) = cache.get(identity)?;
        (at.elapsed() < self.ttl).then(|| policy.clone())
    }

    /// Keeps `policy` for `identity` for the TTL; stale entries go at the same time.
    pub fn remember(&self, identity: Vec<String>, policy: Policy) {
        if self.ttl.is_zero() {
            return;
        }
        if let Ok(mut cache) = self.cache.lock() {
            let ttl = self.ttl;
            cache.retain(|_, (at, _)| at.elapsed() < ttl);
            cache.insert(identity, (Instant::now(), policy));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:local/test/GET/partner";

    fn policy(statements: &str) -> Policy {
        Policy::parse(format!(r#"{{"principalId": "p1", "policyDocument": {{"Version": "2012-10-17", "Statement": {statements}}}, "context": {{"tier": 2}}}}"#).as_bytes()).unwrap()
    }

    #[test]
    fn an_explicit_deny_wins_over_an_allow_and_wildcards_match() {
        let p = policy(
            r#"[{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:*:*:local/test/*"}, {"Effect": "Deny", "Action": "execute-api:*", "Resource": ["arn:aws:execute-api:us-east-1:123456789012:local/test/GET/part?er"]}]"#,
        );
        assert_eq!(p.evaluate(ARN), Verdict::ExplicitDeny);
        assert_eq!(
            p.evaluate("arn:aws:execute-api:us-east-1:123456789012:local/test/POST/x"),
            Verdict::Allow
        );
        assert_eq!(
            p.evaluate("arn:aws:execute-api:us-east-1:123456789012:local/prod/GET/x"),
            Verdict::NotAllowed
        );
        assert_eq!(p.authorizer_context()["tier"], "2");
        assert_eq!(p.authorizer_context()["principalId"], "p1");
    }

    #[test]
    fn a_policy_without_document_or_with_an_odd_effect_is_malformed() {
        assert!(Policy::parse(br#"{"principalId": "x"}"#).is_err());
        assert!(Policy::parse(br#"{"policyDocument": {"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}}"#).is_err());
    }
}
