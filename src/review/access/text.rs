//! The access view as text for people (one line per method, who first) and as JSON for
//! scripts, both safe to print whatever the template holds.

use serde::Serialize;

use super::{AccessView, ApiAccess, AuthorizerAccess, Caller, KeyRequirement, UsagePlanAccess};
use crate::review::render::Palette;
use crate::review::terminal::{TerminalText, escape_json};

/// The access view of one stack (or template file), as `--format json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackAccess {
    /// The stack's name, or the template file's path.
    pub name: String,
    /// Its APIs.
    #[serde(flatten)]
    pub access: AccessView,
}

/// The JSON array of `stacks`, pretty-printed, every character a terminal would act on
/// escaped, ending with a newline.
pub fn render_access_json(stacks: &[StackAccess]) -> String {
    // Strings, bools and vectors of them only: serializing can't fail.
    let json = serde_json::to_string_pretty(stacks).unwrap_or_default();
    format!("{}\n", escape_json(&json))
}

/// `view` as text: per API its endpoint, stages and key source, its authorizers and usage
/// plans, then one line per method saying who may call it. `color` makes public methods
/// red.
pub fn render_access_text(view: &AccessView, color: bool) -> String {
    let p = Palette::new(color);
    let mut out = TerminalText::new();
    for (i, api) in view.apis.iter().enumerate() {
        if i > 0 {
            out.newline();
        }
        api_text(api, &p, &mut out);
    }
    if view.apis.is_empty() {
        out.push("(no REST API in this template)");
        out.newline();
    }
    out.finish()
}

fn api_text(api: &ApiAccess, p: &Palette, out: &mut TerminalText) {
    out.push_styled(p.heading, &format!("API {}", api.api));
    out.newline();
    out.push(&format!("  {}", reach(api)));
    out.newline();
    if !api.authorizers.is_empty() {
        out.push("  authorizers:");
        out.newline();
        let width = api.authorizers.iter().map(|a| a.name.chars().count()).max();
        for a in &api.authorizers {
            let name = format!("{:<w$}", a.name, w = width.unwrap_or(0));
            out.push(&format!("    {name}  {}", authorizer_text(a)));
            out.newline();
        }
    }
    if !api.resource_policy.is_empty() {
        out.push("  resource policy:");
        out.newline();
        for s in &api.resource_policy {
            out.push(&format!("    {s}"));
            out.newline();
        }
    }
    if !api.usage_plans.is_empty() {
        out.push("  usage plans:");
        out.newline();
        let width = api.usage_plans.iter().map(|u| u.name.chars().count()).max();
        for u in &api.usage_plans {
            let name = format!("{:<w$}", u.name, w = width.unwrap_or(0));
            out.push(&format!("    {name}  {}", plan_text(u)));
            out.newline();
        }
    }
    if api.methods.is_empty() {
        out.push("  (no method)");
        out.newline();
        return;
    }
    out.push("  methods:");
    out.newline();
    let label = |m: &super::MethodAccess| format!("{} {}", m.method, m.path);
    let width = api.methods.iter().map(|m| label(m).chars().count()).max();
    for m in &api.methods {
        out.push(&format!("    {:<w$}  ", label(m), w = width.unwrap_or(0)));
        let who = caller_text(&m.caller, &api.authorizers);
        match m.caller {
            Caller::Public { .. } | Caller::Unknown { .. } => out.push_styled(p.danger, &who),
            Caller::Iam | Caller::Cognito { .. } | Caller::Lambda { .. } => out.push(&who),
        }
        if let Some(key) = &m.api_key {
            out.push(&format!(" + {}", key_text(key, &api.api_key_source)));
        }
        for s in &m.resource_policy {
            out.push(&format!("; policy: {s}"));
        }
        if m.policy_allows_nobody {
            out.push_styled(p.dim, "; no policy statement allows it: nobody can call it");
        }
        out.newline();
    }
}

/// `REGIONAL endpoint, stages v1, prod`, with the VPC endpoints of a private API and the
/// default URL turned off.
fn reach(api: &ApiAccess) -> String {
    let mut parts = vec![match &api.endpoint {
        Some(e) => format!("{e} endpoint"),
        None => "endpoint type not set (EDGE)".to_owned(),
    }];
    if !api.vpc_endpoints.is_empty() {
        parts.push(format!(
            "through VPC endpoints {}",
            api.vpc_endpoints.join(", ")
        ));
    }
    if !api.execute_api_endpoint {
        parts.push("execute-api URL disabled (custom domains only)".to_owned());
    }
    parts.push(match api.stages.as_slice() {
        [] => "no stage".to_owned(),
        [one] => format!("stage {one}"),
        many => format!("stages {}", many.join(", ")),
    });
    parts.join(", ")
}

/// `Lambda TOKEN, function check-token, header Authorization, matching ^Bearer, cached 300 s`.
fn authorizer_text(a: &AuthorizerAccess) -> String {
    let mut parts = vec![match a.kind.as_str() {
        "COGNITO_USER_POOLS" => "Cognito".to_owned(),
        "TOKEN" | "REQUEST" => format!("Lambda {}", a.kind),
        other => other.to_owned(),
    }];
    if !a.user_pools.is_empty() {
        let pools: Vec<String> = a
            .user_pools
            .iter()
            .map(|u| match (u.created, u.self_sign_up) {
                (true, Some(true)) => format!("{} (created here, anyone may sign up)", u.pool),
                (true, _) => format!("{} (created here, users added by administrators)", u.pool),
                (false, _) => u.pool.clone(),
            })
            .collect();
        parts.push(format!("pools {}", pools.join(", ")));
    }
    if let Some(f) = &a.function {
        parts.push(format!("function {f}"));
    }
    if !a.identity_sources.is_empty() {
        parts.push(a.identity_sources.join(" + "));
    }
    if let Some(e) = &a.validation_expression {
        parts.push(format!("matching {e}"));
    }
    if let Some(ttl) = &a.result_ttl_seconds {
        parts.push(match ttl.as_str() {
            "0" => "not cached".to_owned(),
            ttl => format!("cached {ttl} s"),
        });
    }
    if let Some(role) = &a.credentials {
        parts.push(format!("invoked as {role}"));
    }
    parts.join(", ")
}

/// `stage v1, keys partner-a partner-b, rate 50/s, burst 100, quota 100000 per MONTH`.
fn plan_text(u: &UsagePlanAccess) -> String {
    let mut parts = vec![match u.stages.as_slice() {
        [one] => format!("stage {one}"),
        many => format!("stages {}", many.join(", ")),
    }];
    parts.push(match u.keys.as_slice() {
        [] => "no key".to_owned(),
        keys => format!("keys {}", keys.join(" ")),
    });
    if let Some(t) = &u.throttle {
        parts.push(t.clone());
    }
    if let Some(q) = &u.quota {
        parts.push(format!("quota {q}"));
    }
    parts.join(", ")
}

/// Who may call a method, in a few words.
fn caller_text(caller: &Caller, authorizers: &[AuthorizerAccess]) -> String {
    match caller {
        Caller::Public { reason: None } => "PUBLIC: anyone".to_owned(),
        Caller::Public {
            reason: Some(reason),
        } => format!("PUBLIC: anyone ({reason})"),
        Caller::Iam => "IAM: callers whose policies allow execute-api:Invoke".to_owned(),
        Caller::Cognito {
            authorizer,
            user_pools,
            scopes,
            clients,
        } => {
            let open = authorizers
                .iter()
                .filter(|a| &a.name == authorizer)
                .flat_map(|a| &a.user_pools)
                .any(|u| u.self_sign_up == Some(true));
            let pools = match user_pools.as_slice() {
                [] => "a pool outside this template".to_owned(),
                [one] => format!("pool {one}"),
                many => format!("pools {}", many.join(", ")),
            };
            let who = if open {
                "anyone who signs up to"
            } else {
                "users of"
            };
            let mut text = format!("Cognito {authorizer}: {who} {pools}");
            if !scopes.is_empty() {
                text.push_str(&format!(", access token with {}", scopes.join(" or ")));
            }
            match clients.as_deref() {
                None => {}
                Some([]) => text.push_str(", which none of the pool's app clients may request"),
                Some([one]) => text.push_str(&format!(" (client {one})")),
                Some(names) => text.push_str(&format!(" (clients {})", names.join(", "))),
            }
            text
        }
        Caller::Lambda {
            authorizer,
            kind,
            function,
        } => {
            let function = function.as_deref().unwrap_or("its function");
            format!("Lambda {kind} {authorizer}: whom {function} allows")
        }
        Caller::Unknown {
            authorization_type,
            authorizer,
        } => match authorizer {
            Some(a) => format!("UNREADABLE {authorization_type} {a}: may be public"),
            None => format!("UNREADABLE {authorization_type}: may be public"),
        },
    }
}

/// `API key (header) of plan standard: partner-a, partner-b`, or that no plan admits one.
fn key_text(key: &KeyRequirement, source: &str) -> String {
    let source = match source {
        "HEADER" => "x-api-key header".to_owned(),
        "AUTHORIZER" => "from the authorizer".to_owned(),
        other => other.to_owned(),
    };
    if key.usage_plans.is_empty() {
        return format!("API key ({source}), but no usage plan holds one: nobody can call it");
    }
    let plans = if key.usage_plans.len() == 1 {
        format!("plan {}", key.usage_plans[0])
    } else {
        format!("plans {}", key.usage_plans.join(", "))
    };
    let mut text = match key.keys.as_slice() {
        [] => format!("API key ({source}) of {plans}, which holds none"),
        keys => format!("API key ({source}) of {plans}: {}", keys.join(", ")),
    };
    for t in &key.method_throttles {
        text.push_str(&format!("; throttled by {t}"));
    }
    text
}
