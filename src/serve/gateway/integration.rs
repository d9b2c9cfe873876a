//! A method's integration as served: a MOCK, a Lambda integration (proxy or not) with its
//! endpoint, an HTTP proxy or HTTP integration to an `http://` or `https://` URL, an AWS
//! service action at `--aws-endpoint`, or one serve does not call (501).

use std::collections::BTreeMap;

use super::ServeOptions;
use crate::review::IntegrationTarget;
use crate::serve::binary_media::BinaryMediaTypes;
use crate::serve::integration::Integration;
use crate::serve::integration::aws_service::AwsService;
use crate::serve::integration::http::HttpIntegration;
use crate::serve::integration::http_proxy::HttpProxy;
use crate::serve::integration::lambda::LambdaIntegration;
use crate::serve::integration::lambda_proxy::invoke_url;
use crate::serve::integration::mock::MockIntegration;
use crate::serve::parameters::Values;

/// A method's integration as served.
pub(super) fn integration(
    method: &crate::review::MethodView,
    values: &Values,
    options: &ServeOptions,
    path: &str,
    verb: &str,
    binary: &BinaryMediaTypes,
    notes: &mut Vec<String>,
) -> Integration {
    match &method.integration {
        IntegrationTarget::Mock { .. } => Integration::Mock(MockIntegration::from_details(
            &filled_details(method, values),
        )),
        IntegrationTarget::Lambda {
            function,
            proxy: true,
        } => {
            let (function, endpoint) = lambda_endpoint(function, values, options);
            if endpoint.is_none() {
                notes.push(no_endpoint(verb, path, &function));
            }
            Integration::LambdaProxy { function, endpoint }
        }
        IntegrationTarget::Lambda {
            function,
            proxy: false,
        } => {
            let (function, endpoint) = lambda_endpoint(function, values, options);
            if endpoint.is_none() {
                notes.push(no_endpoint(verb, path, &function));
            }
            LambdaIntegration::new(
                function,
                endpoint,
                &filled_details(method, values),
                binary.clone(),
            )
            .map_or_else(
                |why| {
                    let what = format!("integration {}: {why} (501)", method.integration);
                    notes.push(format!("{verb} {path}: {what}"));
                    Integration::Unserved { what }
                },
                |lambda| Integration::Lambda(Box::new(lambda)),
            )
        }
        IntegrationTarget::Http {
            proxy: true,
            uri: Some(uri),
            ..
        } if values.fill(uri).is_ok_and(|u| served_url(&u)) => {
            let url = values.fill(uri).unwrap_or_else(|_| uri.clone());
            Integration::HttpProxy(HttpProxy::from_details(
                url,
                &filled_details(method, values),
            ))
        }
        IntegrationTarget::Http {
            proxy: false,
            uri: Some(uri),
            ..
        } if values.fill(uri).is_ok_and(|u| served_url(&u)) => {
            let url = values.fill(uri).unwrap_or_else(|_| uri.clone());
            HttpIntegration::new(url, &filled_details(method, values), binary.clone()).map_or_else(
                |why| {
                    let what = format!("integration {}: {why} (501)", method.integration);
                    notes.push(format!("{verb} {path}: {what}"));
                    Integration::Unserved { what }
                },
                |http| Integration::Http(Box::new(http)),
            )
        }
        IntegrationTarget::AwsService { uri: Some(uri), .. } if options.aws_endpoint.is_some() => {
            aws_service(method, uri, values, options, binary).unwrap_or_else(|why| {
                let what = format!("integration {}: {why} (501)", method.integration);
                notes.push(format!("{verb} {path}: {what}"));
                Integration::Unserved { what }
            })
        }
        other @ (IntegrationTarget::Http { .. }
        | IntegrationTarget::AwsService { .. }
        | IntegrationTarget::Other { .. }
        | IntegrationTarget::Missing) => {
            let what = match other {
                IntegrationTarget::AwsService { .. } => {
                    format!("integration {other} is not served without --aws-endpoint (501)")
                }
                _ => format!("integration {other} is not served (501)"),
            };
            notes.push(format!("{verb} {path}: {what}"));
            Integration::Unserved { what }
        }
    }
}

/// An AWS service integration at `--aws-endpoint`, its URI and details filled; the error
/// names a value serve can't fill or what it can't take.
fn aws_service(
    method: &crate::review::MethodView,
    uri: &str,
    values: &Values,
    options: &ServeOptions,
    binary: &BinaryMediaTypes,
) -> Result<Integration, String> {
    let uri = values.fill(uri).map_err(|name| {
        format!("${{{name}}} has no value (give it with --parameter {name}=VALUE)")
    })?;
    let details = filled_details(method, values);
    let endpoint = options.aws_endpoint.as_deref().unwrap_or_default();
    let service = AwsService::new(
        &uri,
        &details,
        endpoint,
        options.aws_credentials.clone(),
        binary.clone(),
    )?;
    Ok(Integration::AwsService(Box::new(service)))
}

/// A Lambda integration's function name and Invoke API URL (`--function NAME=URL`, else
/// `--lambda-endpoint`; none without either). A function given by a parameter with no value
/// here is named by the parameter.
fn lambda_endpoint(
    function: &str,
    values: &Values,
    options: &ServeOptions,
) -> (String, Option<String>) {
    let filled = values
        .fill(function)
        .unwrap_or_else(|_| function.replace("${", "").replace('}', ""));
    let name = function_name(&filled);
    let endpoint = options
        .functions
        .get(&name)
        .or(options.lambda_endpoint.as_ref())
        .map(|base| invoke_url(base, &name));
    (name, endpoint)
}

/// The note of a Lambda function without endpoint.
fn no_endpoint(verb: &str, path: &str, function: &str) -> String {
    format!(
        "{verb} {path}: Lambda {function} has no endpoint (--lambda-endpoint or --function {function}=URL): 502"
    )
}

/// Whether an HTTP integration's URL is one serve calls: `http://` or `https://`.
fn served_url(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// A method's flattened details, each value filled where it can be (else as written).
fn filled_details(method: &crate::review::MethodView, values: &Values) -> BTreeMap<String, String> {
    method
        .details
        .iter()
        .map(|(k, v)| (k.clone(), values.fill(v).unwrap_or_else(|_| v.clone())))
        .collect()
}

/// A function's name from its name or ARN (`arn:aws:lambda:r:a:function:NAME[:alias]`).
pub(super) fn function_name(text: &str) -> String {
    match text.split_once(":function:") {
        Some((_, rest)) => rest.split(':').next().unwrap_or(rest).to_owned(),
        None => text.to_owned(),
    }
}
