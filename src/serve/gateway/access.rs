//! The access control of the served API, read from the template: Cognito authorizers (their
//! issuers and clients), Lambda authorizers (function, identity sources, TTL) and API keys.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use super::ServeOptions;
use super::integration::function_name;
use crate::review::{ApiView, TemplateModel};
use crate::serve::ServeError;
use crate::serve::authorize::api_key::ApiKeys;
use crate::serve::authorize::cognito::CognitoAuthorizer;
use crate::serve::authorize::lambda::{IdentitySource, LambdaAuthorizer, LambdaKind};
use crate::serve::integration::lambda_proxy::invoke_url;
use crate::serve::parameters::Values;

/// The Cognito authorizers of `api`, by name: their issuers from the pools' ARNs, and the
/// clients of the pools the template creates.
pub(super) fn cognito_authorizers(
    model: &TemplateModel,
    api: &ApiView,
    values: &Values,
) -> Result<BTreeMap<String, Arc<CognitoAuthorizer>>, ServeError> {
    // Pool logical id → its clients' local ids.
    let mut clients_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (id, other) in &model.others {
        if other.resource_type == "AWS::Cognito::UserPoolClient"
            && let Some(pool) = other.details.get("Properties.UserPoolId")
            && let Some(pool) = pool.strip_prefix("${").and_then(|p| p.strip_suffix('}'))
            && let Ok(client) = values.fill(&format!("${{{id}}}"))
        {
            clients_of
                .entry(pool.to_owned())
                .or_default()
                .insert(client);
        }
    }
    let mut out = BTreeMap::new();
    for (name, view) in &api.authorizers {
        let props = &view.properties;
        if props.get("Type").map(String::as_str) != Some("COGNITO_USER_POOLS") {
            continue;
        }
        let header = props
            .get("IdentitySource")
            .and_then(|s| s.strip_prefix("method.request.header."))
            .unwrap_or("Authorization")
            .to_owned();
        let mut issuers = Vec::new();
        let mut clients = Some(BTreeSet::new());
        let mut created_issuers = BTreeSet::new();
        for arn in props
            .get("ProviderARNs")
            .map(String::as_str)
            .unwrap_or("")
            .split(", ")
        {
            let filled = values.fill(arn).map_err(|p| ServeError::Unresolved {
                what: format!("authorizer {name}: user pool {arn}"),
                name: p,
            })?;
            let issuer =
                CognitoAuthorizer::issuer_of(&filled).ok_or_else(|| ServeError::Invalid {
                    message: format!("authorizer {name}: {filled} is not a user pool ARN"),
                })?;
            // `${Pool.Arn}`: a pool of this template, with a local id and no keys to fetch.
            if arn.starts_with("${") && arn.ends_with(".Arn}") {
                created_issuers.insert(issuer.clone());
            }
            issuers.push(issuer);
            // A pool the template creates (`${Pool.Arn}`) has the clients it creates; a
            // pool from outside has clients serve can't know.
            let created = arn
                .strip_prefix("${")
                .and_then(|a| a.strip_suffix(".Arn}"))
                .and_then(|pool| clients_of.get(pool));
            match (created, clients.as_mut()) {
                (Some(ids), Some(all)) => all.extend(ids.iter().cloned()),
                _ => clients = None,
            }
        }
        out.insert(
            name.clone(),
            Arc::new(CognitoAuthorizer {
                name: name.clone(),
                header,
                issuers,
                clients,
                created: created_issuers,
            }),
        );
    }
    Ok(out)
}

/// The Lambda authorizers (TOKEN, REQUEST) of `api`, by name: the function from the
/// authorizer's URI, its endpoint, identity sources and TTL (default 300 s).
pub(super) fn lambda_authorizers(
    api: &ApiView,
    values: &Values,
    options: &ServeOptions,
    notes: &mut Vec<String>,
) -> BTreeMap<String, Arc<LambdaAuthorizer>> {
    let mut out = BTreeMap::new();
    for (name, view) in &api.authorizers {
        let props = &view.properties;
        let kind = match props.get("Type").map(String::as_str) {
            Some("TOKEN") => LambdaKind::Token,
            Some("REQUEST") => LambdaKind::Request,
            _ => continue,
        };
        let uri = props.get("AuthorizerUri").cloned().unwrap_or_default();
        let arn = uri
            .split_once("functions/")
            .map_or(uri.as_str(), |(_, r)| r)
            .trim_end_matches("/invocations");
        let filled = values
            .fill(arn)
            .unwrap_or_else(|_| arn.replace("${", "").replace('}', ""));
        let function = function_name(&filled);
        let url = options
            .functions
            .get(&function)
            .or(options.lambda_endpoint.as_ref())
            .map(|base| invoke_url(base, &function));
        if url.is_none() {
            notes.push(format!(
                "Lambda authorizer {name}: {function} has no endpoint (--lambda-endpoint or --function {function}=URL): 500"
            ));
        }
        if props.contains_key("IdentityValidationExpression") {
            notes.push(format!(
                "Lambda authorizer {name}: IdentityValidationExpression is not applied"
            ));
        }
        let sources = IdentitySource::parse_list(
            props
                .get("IdentitySource")
                .map_or("method.request.header.Authorization", String::as_str),
        );
        let ttl = props
            .get("AuthorizerResultTtlInSeconds")
            .and_then(|t| t.parse().ok())
            .unwrap_or(300);
        out.insert(
            name.clone(),
            Arc::new(LambdaAuthorizer::new(
                name.clone(),
                kind,
                function,
                url,
                sources,
                Duration::from_secs(ttl),
            )),
        );
    }
    out
}

/// The API keys accepted: each enabled key of the template in a usage plan, with its value
/// from the template or `given` (by key name); a name in `given` that no key has is an error.
pub(super) fn api_keys(
    model: &TemplateModel,
    values: &Values,
    given: &BTreeMap<String, String>,
    notes: &mut Vec<String>,
) -> Result<ApiKeys, ServeError> {
    let planned: BTreeSet<String> = model
        .others
        .values()
        .filter(|o| o.resource_type == "AWS::ApiGateway::UsagePlanKey")
        .filter_map(|o| o.details.get("Properties.KeyId").cloned())
        .collect();
    let mut keys = Vec::new();
    let mut names = BTreeSet::new();
    for (id, other) in &model.others {
        if other.resource_type != "AWS::ApiGateway::ApiKey" {
            continue;
        }
        let name = other
            .details
            .get("Properties.Name")
            .cloned()
            .unwrap_or_else(|| id.clone());
        names.insert(name.clone());
        if other.details.get("Properties.Enabled").map(String::as_str) == Some("false")
            || !planned.contains(&format!("${{{id}}}"))
        {
            continue;
        }
        let value = given.get(&name).cloned().or_else(|| {
            other
                .details
                .get("Properties.Value")
                .and_then(|v| values.fill(v).ok())
        });
        match value {
            Some(v) => keys.push((name, v)),
            None => notes.push(format!("API key {name}: no value (--api-key {name}=VALUE)")),
        }
    }
    if let Some(unknown) = given.keys().find(|n| !names.contains(*n)) {
        return Err(ServeError::Invalid {
            message: format!(
                "--api-key {unknown}: the template has no such key (keys: {})",
                names.into_iter().collect::<Vec<_>>().join(", ")
            ),
        });
    }
    Ok(ApiKeys::new(keys))
}
