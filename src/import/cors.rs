//! CORS: the preflight `OPTIONS` mocks of a document read back as the API's `cors`, when
//! every resource has the same one (the stack file's CORS is API-wide), and the CORS headers
//! synth adds to gateway responses taken out of them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::api::Reader;
use crate::stack_file::format::{CorsMethodSpec, CorsSpec, GatewayResponseSpec};

/// The headers synth's preflights allow by default.
const DEFAULT_HEADERS: &str =
    "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token";

/// The verbs `Access-Control-Allow-Methods` lists for `ANY`.
const ANY: [&str; 6] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/// One preflight: the CORS headers its mock answers with (values as written, quoted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Preflight {
    /// Where it is in the source.
    pub(super) pointer: String,
    /// Header name (`Access-Control-Allow-Origin`) → value (`'*'`).
    headers: BTreeMap<String, String>,
    /// Whether a mapping template picks the origin (several origins).
    templated: bool,
}

impl Preflight {
    /// The preflight a mock integration is, when one of its responses sets
    /// `Access-Control-Allow-Methods`.
    pub(super) fn of(integration: &Map<String, Value>, pointer: String) -> Option<Self> {
        let responses = integration.get("responses")?.as_object()?;
        let response = responses.values().find(|r| {
            r.pointer("/responseParameters/method.response.header.Access-Control-Allow-Methods")
                .is_some()
        })?;
        let headers = response
            .get("responseParameters")?
            .as_object()?
            .iter()
            .filter_map(|(k, v)| {
                Some((
                    k.strip_prefix("method.response.header.")?.to_owned(),
                    v.as_str()?.to_owned(),
                ))
            })
            .collect();
        Some(Self {
            pointer,
            headers,
            templated: response.get("responseTemplates").is_some(),
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    /// What every preflight of one API-wide setting shares: all but the allowed methods.
    fn shared(&self) -> BTreeMap<&str, &str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.as_str() != "Access-Control-Allow-Methods")
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }
}

/// `'text'` without its quotes.
fn unquoted(value: &str) -> Option<&str> {
    value.strip_prefix('\'')?.strip_suffix('\'')
}

/// The API's CORS from its preflights (path → preflight), given each route's verbs: `None`
/// without preflights, or when they differ from what one API-wide setting gives (then each
/// is listed as lossy).
pub(super) fn settle(
    reader: &mut Reader<'_>,
    preflights: &BTreeMap<String, Preflight>,
    verbs: &BTreeMap<String, BTreeSet<String>>,
) -> Option<CorsSpec> {
    // A resource with a preflight but no method at or below it: a stack file's routes
    // have methods, so it is not created.
    let routed = |path: &str| {
        verbs
            .keys()
            .any(|p| p == path || (p.starts_with(path) && p[path.len()..].starts_with('/')))
    };
    let mut kept = BTreeMap::new();
    for (path, preflight) in preflights {
        if routed(path) {
            kept.insert(path.clone(), preflight.clone());
        } else {
            reader.lose_at(
                preflight.pointer.clone(),
                format!("`{path}` has a CORS preflight and no method at or below it: a stack file's routes have methods, so it is not created"),
            );
        }
    }
    let preflights = &kept;
    let first = preflights.values().next()?;
    let cors = api_wide(reader, first, preflights, verbs);
    if cors.is_none() {
        for preflight in preflights.values() {
            reader.lose_at(
                preflight.pointer.clone(),
                "a CORS preflight that is not the same on every resource (or allows several origins): a stack file's CORS is API-wide; not imported",
            );
        }
    }
    cors
}

/// The API-wide CORS all `preflights` agree on, when they do, with one on every resource
/// synth would give one.
fn api_wide(
    reader: &mut Reader<'_>,
    first: &Preflight,
    preflights: &BTreeMap<String, Preflight>,
    verbs: &BTreeMap<String, BTreeSet<String>>,
) -> Option<CorsSpec> {
    if first.templated || preflights.values().any(|p| p.shared() != first.shared()) {
        return None;
    }
    // Synth gives a preflight to every resource but a root without methods.
    let mut expected: BTreeSet<String> = BTreeSet::new();
    for path in verbs.keys() {
        let mut prefix = String::new();
        for part in path.split('/').filter(|p| !p.is_empty()) {
            prefix.push('/');
            prefix.push_str(part);
            expected.insert(prefix.clone());
        }
    }
    if verbs.get("/").is_some_and(|v| !v.is_empty()) {
        expected.insert("/".to_owned());
    }
    let found: BTreeSet<String> = preflights.keys().cloned().collect();
    if found != expected {
        return None;
    }
    // Allowed methods: each resource's own (the default), or one list for all.
    let mut listed: Option<Vec<String>> = None;
    let mut own = true;
    for (path, preflight) in preflights {
        let allowed: Vec<String> = unquoted(preflight.header("Access-Control-Allow-Methods")?)?
            .split(',')
            .map(|m| m.trim().to_owned())
            .filter(|m| m != "OPTIONS")
            .collect();
        let mut theirs: BTreeSet<String> = verbs.get(path).cloned().unwrap_or_default();
        theirs.remove("OPTIONS");
        if theirs.remove("ANY") {
            theirs.extend(ANY.iter().map(|v| (*v).to_owned()));
        }
        own &= allowed.iter().cloned().collect::<BTreeSet<_>>() == theirs;
        match &listed {
            None => listed = Some(allowed),
            Some(l) if *l == allowed => {}
            Some(_) => {
                if !own {
                    return None;
                }
            }
        }
    }
    let allow_methods = if own {
        None
    } else {
        let methods: Option<Vec<CorsMethodSpec>> = listed?
            .iter()
            .map(|m| serde_json::from_value(Value::String(m.clone())).ok())
            .collect();
        Some(methods?)
    };
    let origin = unquoted(first.header("Access-Control-Allow-Origin")?)?;
    let origin = reader.values.value(origin, &first.pointer);
    let allow_headers = match unquoted(first.header("Access-Control-Allow-Headers")?)? {
        DEFAULT_HEADERS => None,
        other => Some(other.split(',').map(|h| h.trim().to_owned()).collect()),
    };
    let max_age_seconds = match first.header("Access-Control-Max-Age") {
        Some(age) => Some(unquoted(age)?.parse().ok()?),
        None => None,
    };
    Some(CorsSpec {
        allow_origins: Some(vec![origin]),
        allow_headers,
        allow_methods,
        expose_headers: None,
        allow_credentials: first
            .header("Access-Control-Allow-Credentials")
            .is_some_and(|v| unquoted(v) == Some("true")),
        max_age_seconds,
    })
}

/// Takes the CORS headers synth adds out of the gateway responses (and the exposed headers
/// into `cors`); `DEFAULT_4XX` and `DEFAULT_5XX` left with nothing else go.
pub(super) fn strip_gateway_responses<K: Ord + Copy>(
    cors: &mut CorsSpec,
    responses: &mut BTreeMap<K, GatewayResponseSpec>,
    defaults: &[K],
) {
    for response in responses.values_mut() {
        if let Some(expose) = response.headers.get("Access-Control-Expose-Headers")
            && let Some(text) = super::values::literal(expose).and_then(unquoted_or_plain)
        {
            cors.expose_headers = Some(text.split(',').map(|h| h.trim().to_owned()).collect());
        }
        response
            .headers
            .retain(|name, _| !name.starts_with("Access-Control-") && name != "Vary");
    }
    responses.retain(|kind, r| {
        !(defaults.contains(kind)
            && r.status_code.is_none()
            && r.headers.is_empty()
            && r.templates.is_empty())
    });
}

fn unquoted_or_plain(text: &str) -> Option<&str> {
    Some(unquoted(text).unwrap_or(text))
}
