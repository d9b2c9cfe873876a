//! Lambda invoke permissions: one per function and API, as narrow as one statement allows.

use std::collections::BTreeMap;

use crate::api::{HttpMethod, LambdaFunction, Value};
use crate::cfn::lambda::Permission;
use crate::cfn::{Expr, LogicalId, Pseudo, Resource, SubPart};

use super::owner::Owner;
use super::resolve::ResolvedApi;
use super::{Emitter, ids, integrations, names, parameters};

/// The index of the first resource calling a function, and every call (verb, resource).
type Calls = (usize, Vec<(HttpMethod, usize)>);

/// The functions the API integrates with, each with the methods that call it (in resource
/// order) and the index of the first resource that calls it.
pub(crate) fn uses<'a>(api: &'a ResolvedApi<'a>) -> BTreeMap<&'a LambdaFunction, Calls> {
    let mut uses: BTreeMap<&LambdaFunction, Calls> = BTreeMap::new();
    for (index, resource) in api.resources.iter().enumerate() {
        for method in &resource.methods {
            if let Some(f) = integrations::invoked_function(method.integration) {
                uses.entry(f)
                    .or_insert_with(|| (index, Vec::new()))
                    .1
                    .push((method.verb, index));
            }
        }
    }
    uses
}

impl Emitter<'_, '_, '_> {
    /// One invoke permission per function the API calls, placed on the first resource
    /// whose methods call it (where a nested-stack split places the permission).
    pub(super) fn permissions(&mut self, api: &ResolvedApi<'_>) {
        for (id, permission, first, function, calls) in permissions(api, &self.rest_api) {
            if !self.overrides.is_empty() {
                self.overrides.bind_permission(&id, function, &calls);
            }
            let owner = Owner::Described(format!("the invoke permission {id}"));
            self.insert_placed(id, owner, Resource::new(permission), Some(first));
        }
    }
}

/// A permission: its logical id, the resource, the index of the first resource whose methods
/// call the function, the function as an override names it (none for a computed ARN), and
/// the calls (route, verb).
type Emitted<'a> = (
    LogicalId,
    Permission,
    usize,
    Option<&'a str>,
    Vec<(String, HttpMethod)>,
);

/// The permission resources.
fn permissions<'a>(api: &'a ResolvedApi<'a>, rest_api: &LogicalId) -> Vec<Emitted<'a>> {
    uses(api)
        .into_iter()
        .map(|(function, (first, calls))| {
            let named = match function {
                LambdaFunction::Name(n) | LambdaFunction::Resource(n) => Some(n.as_str()),
                LambdaFunction::Arn(Value::Literal(arn) | Value::Ref(arn)) => Some(arn.as_str()),
                LambdaFunction::Arn(_) => None,
            };
            let routes: Vec<(String, HttpMethod)> = calls
                .iter()
                .map(|(verb, index)| (api.path(*index), *verb))
                .collect();
            let (readable, key, function_name) = target(function);
            let calls: Vec<(HttpMethod, Vec<&str>)> = calls
                .into_iter()
                .map(|(verb, index)| (verb, generalize(api.parts(index))))
                .collect();
            let permission = Permission {
                action: "lambda:InvokeFunction".into(),
                function_name,
                principal: "apigateway.amazonaws.com".into(),
                source_arn: source_arn(rest_api, &calls),
            };
            (
                ids::permission(readable, &key),
                permission,
                first,
                named,
                routes,
            )
        })
        .collect()
}

/// `function` as a permission names it (`FunctionName`), with a readable part and a key for
/// the permission's logical id.
pub(crate) fn target(function: &LambdaFunction) -> (&str, String, Expr) {
    match function {
        LambdaFunction::Name(n) => (n.as_str(), format!("name:{n}"), Expr::literal(n)),
        LambdaFunction::Arn(Value::Literal(arn)) => {
            let name = arn.split(':').nth(6).unwrap_or(arn);
            (name, format!("arn:{arn}"), Expr::literal(arn))
        }
        LambdaFunction::Arn(Value::Ref(p)) => (
            p.as_str(),
            format!("param:{p}"),
            Expr::Ref(ids::parameter(p)),
        ),
        LambdaFunction::Arn(value) => {
            let function_name = parameters::expr(value);
            let key = format!("value:{}", crate::to_json(&function_name));
            let readable = match value {
                Value::GetAtt(resource, _) => resource.as_str(),
                _ => "Function",
            };
            (readable, key, function_name)
        }
        LambdaFunction::Resource(name) => (
            name.as_str(),
            format!("resource:{name}"),
            Expr::Ref(ids::parameter(name)),
        ),
    }
}

/// `arn:…:execute-api:…:${RestApi}/*/<method>/<path>`: any stage, and the one method and
/// path (or the narrowest wildcard) of the calls.
/// Each call is its verb and its path's parts, generalized.
fn source_arn(rest_api: &LogicalId, calls: &[(HttpMethod, Vec<&str>)]) -> Expr {
    let first = calls[0].0;
    let verb = if first != HttpMethod::Any && calls.iter().all(|c| c.0 == first) {
        first.as_str()
    } else {
        "*"
    };
    let paths: Vec<&Vec<&str>> = calls.iter().map(|c| &c.1).collect();
    let path = if paths.iter().all(|p| p == &paths[0]) {
        paths[0].join("/")
    } else {
        let common = paths[0]
            .iter()
            .enumerate()
            .take_while(|(i, seg)| paths.iter().all(|p| p.get(*i) == Some(seg)))
            .count();
        let mut prefix = paths[0][..common].join("/");
        prefix.push('*');
        prefix
    };
    Expr::sub([
        "arn:".into(),
        Pseudo::Partition.into(),
        ":execute-api:".into(),
        Pseudo::Region.into(),
        ":".into(),
        Pseudo::AccountId.into(),
        ":".into(),
        SubPart::Ref(rest_api.clone()),
        format!("/*/{verb}/{path}").into(),
    ])
}

/// `["categories", "{id}"]` → `["categories", "*"]`: path parameters match any value.
fn generalize(parts: Vec<&str>) -> Vec<&str> {
    parts
        .into_iter()
        .map(|s| if names::is_variable(s) { "*" } else { s })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arn(calls: &[(HttpMethod, &str)]) -> String {
        let id = LogicalId::new("Api").unwrap();
        let calls: Vec<(HttpMethod, Vec<&str>)> = calls
            .iter()
            .map(|(verb, path)| {
                let parts = path.split('/').filter(|s| !s.is_empty()).collect();
                (*verb, generalize(parts))
            })
            .collect();
        serde_json::to_string(&source_arn(&id, &calls)).unwrap()
    }

    #[test]
    fn one_call_is_scoped_to_its_method_and_path() {
        assert!(arn(&[(HttpMethod::Put, "/products/{id}")]).contains("${Api}/*/PUT/products/*\""));
    }

    #[test]
    fn calls_on_a_subtree_share_its_prefix() {
        let a = arn(&[
            (HttpMethod::Get, "/categories"),
            (HttpMethod::Get, "/categories/{id}"),
        ]);
        assert!(a.contains("${Api}/*/GET/categories*\""), "{a}");
    }

    #[test]
    fn unrelated_calls_fall_back_to_any_method_and_path() {
        let a = arn(&[(HttpMethod::Get, "/a"), (HttpMethod::Post, "/b")]);
        assert!(a.contains("${Api}/*/*/*\""), "{a}");
    }

    #[test]
    fn any_method_is_a_wildcard() {
        assert!(arn(&[(HttpMethod::Any, "/{proxy+}")]).contains("${Api}/*/*/*\""));
    }
}
