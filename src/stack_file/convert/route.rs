//! Routes: each route's methods added to the API at its path, a trailing `/` dropped.

use std::collections::BTreeMap;

use crate::RestApi;

use super::super::LoadProblemKind;
use super::super::format::{Deferred, MethodSpec, RouteSpec};
use super::super::load::{Loader, path_of};
use super::super::locate::RouteKey;

impl Loader {
    /// Adds the methods of every route that can be read to `rest`; returns each route as
    /// written, with its methods, to place synth's problems.
    pub(super) fn routes(
        &mut self,
        specs: BTreeMap<String, Deferred<RouteSpec>>,
        rest: &mut RestApi,
    ) -> Vec<RouteKey> {
        let mut routes: Vec<RouteKey> = Vec::new();
        // Normalized route → the key that first declared it (a map: thousands of routes).
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (raw, route) in specs {
            let normalized = normalize(&raw);
            let route_path = path_of(&["api", "routes", &raw]);
            if let Some(first) = seen.get(&normalized) {
                let message = format!(
                    "route `{raw}` is `{normalized}`, already declared as `{first}`; merge their methods"
                );
                self.problem(&route_path, true, LoadProblemKind::DuplicateRoute, message);
                continue;
            }
            seen.insert(normalized.clone(), raw.clone());
            // A route with a mistake of its own (a misspelt method) is not built, but its
            // methods are still read, for their mistakes.
            let (route, clean) = self.read_container::<RouteSpec>(&route, route_path.clone());
            let Some(route) = route else {
                self.skipped_route = true;
                continue;
            };
            if !clean {
                self.skipped_route = true;
            }
            let mut methods = Vec::new();
            for (verb, deferred) in route.methods() {
                let mut at = route_path.clone();
                at.push(verb.to_owned());
                methods.push(verb);
                let Some(m) = self.read_deferred::<MethodSpec>(deferred, at.clone()) else {
                    self.skipped_route = true;
                    continue;
                };
                if !clean {
                    continue;
                }
                match self.method(verb, m, &at) {
                    Some(method) => rest.add_route(&normalized, method),
                    None => self.skipped_route = true,
                }
            }
            routes.push(RouteKey {
                raw,
                normalized,
                methods,
            });
        }
        routes
    }
}

/// A route key as the API sees it: a trailing `/` dropped (but `/` stays `/`).
fn normalize(raw: &str) -> String {
    match raw.strip_suffix('/') {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => raw.to_owned(),
    }
}
