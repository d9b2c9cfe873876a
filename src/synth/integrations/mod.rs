//! Integrations: each kind checked, and emitted as a method's `Integration` with the method
//! responses it needs. Every function here matches [`Integration`] exhaustively: a new kind
//! is a compile error in each until it is handled.

mod aws;
mod http;
mod options;

pub(crate) use aws::{action_values, generated_role};

use std::collections::BTreeMap;

use crate::api::{
    AwsAction, AwsIntegration, HttpMethod, Integration, LambdaFunction, LambdaIntegration,
    MockIntegration, Value,
};
use crate::cfn::apigateway::{self, IntegrationResponse, MethodResponse};
use crate::cfn::{Attribute, Expr, Pseudo, SubPart, Text};
use crate::error::ProblemKind;

use super::parameters::{self, Declared, check_value};
use super::problems::Problems;
use super::{ids, names};

impl super::Emitter<'_, '_, '_> {
    /// The role each AWS service integration without one of its own assumes: one per
    /// distinct grant, API-wide (a split stack keeps it in the parent and passes its ARN).
    pub(super) fn integration_roles(&mut self, api: &super::resolve::ResolvedApi<'_>) {
        let mut roles = BTreeMap::new();
        for method in api.resources.iter().flat_map(|r| r.methods.iter()) {
            if let Integration::Aws(a) = method.integration
                && let Some((id, role)) = aws::generated_role(a)
            {
                roles.entry(id).or_insert(role);
            }
        }
        for (id, role) in roles {
            let owner = format!("the integration role {id}");
            self.insert(id, owner, crate::cfn::Resource::new(role));
        }
    }
}

/// A method's integration as emitted: the `Integration`, the `MethodResponses` it needs,
/// and the request parameters the method must declare (`true`: required).
pub(crate) struct Emitted {
    pub(crate) integration: apigateway::Integration,
    pub(crate) method_responses: Vec<MethodResponse>,
    pub(crate) method_parameters: BTreeMap<Text, bool>,
}

/// Every problem of `integration`, on the method `method` at `path`.
pub(crate) fn check(
    integration: &Integration,
    parameters: &Declared<'_>,
    path: &str,
    method: &str,
    problems: &mut Problems<'_>,
) {
    match integration {
        Integration::Lambda(lambda) => check_lambda(lambda, parameters, path, method, problems),
        Integration::Mock(mock) if !(100..=599).contains(&mock.status) => {
            let kind = ProblemKind::InvalidIntegration {
                field: "mockResponse",
                message: format!("status {} is not 100 to 599", mock.status),
            };
            problems.at(Some(path), Some(method), kind);
        }
        Integration::Mock(_) => {}
        Integration::Http(h) => http::check(h, parameters, path, method, problems),
        Integration::Aws(a) => aws::check(a, parameters, path, method, problems),
    }
}

fn check_lambda(
    lambda: &LambdaIntegration,
    parameters: &Declared<'_>,
    path: &str,
    method: &str,
    problems: &mut Problems<'_>,
) {
    check_function(&lambda.function, parameters, path, method, problems);
}

/// Every problem of a Lambda function an integration invokes.
fn check_function(
    function: &LambdaFunction,
    parameters: &Declared<'_>,
    path: &str,
    method: &str,
    problems: &mut Problems<'_>,
) {
    let (path, method) = (Some(path), Some(method));
    match function {
        LambdaFunction::Name(name) if !names::is_qualified_function_name(name) => {
            problems.at(path, method, ProblemKind::InvalidFunctionName(name.clone()));
        }
        LambdaFunction::Name(_) => {}
        LambdaFunction::Arn(Value::Literal(arn)) if !names::is_function_arn(arn) => {
            problems.at(path, method, ProblemKind::InvalidFunctionArn(arn.clone()));
        }
        LambdaFunction::Arn(value) => check_value(value, parameters, path, method, problems),
        LambdaFunction::Resource(name) => match parameters.resources.get(name.as_str()) {
            None => problems.at(path, method, ProblemKind::UndeclaredParameter(name.clone())),
            Some(&found) if found != "AWS::Lambda::Function" => {
                let kind = ProblemKind::NotALambdaFunction {
                    name: name.clone(),
                    found: found.to_owned(),
                };
                problems.at(path, method, kind);
            }
            Some(_) => {}
        },
    }
}

/// The Lambda function `integration` invokes, which needs a permission to be invoked by the
/// API; `None` for a kind that invokes none.
pub(crate) fn invoked_function(integration: &Integration) -> Option<&LambdaFunction> {
    match integration {
        Integration::Lambda(lambda) => Some(&lambda.function),
        Integration::Aws(AwsIntegration {
            action: AwsAction::Lambda(function),
            role: None,
            ..
        }) => Some(function),
        Integration::Mock(_) | Integration::Http(_) | Integration::Aws(_) => None,
    }
}

/// `integration` as the `Integration` of a `verb` method, with what the method needs.
pub(crate) fn emit(
    integration: &Integration,
    verb: HttpMethod,
    path: impl FnOnce() -> String,
) -> Emitted {
    let mut method_parameters = BTreeMap::new();
    let (integration, method_responses) = match integration {
        Integration::Lambda(lambda) => (
            apigateway::Integration {
                integration_http_method: Some("POST".into()),
                uri: Some(lambda_uri(&lambda.function)),
                ..apigateway::Integration::of_type("AWS_PROXY")
            },
            Vec::new(),
        ),
        Integration::Mock(MockIntegration { status, body }) => (
            apigateway::Integration {
                request_templates: BTreeMap::from([(
                    "application/json".into(),
                    Expr::literal(format!("{{\"statusCode\": {status}}}")),
                )]),
                integration_responses: vec![IntegrationResponse {
                    status_code: status.to_string().into(),
                    selection_pattern: None,
                    response_parameters: BTreeMap::new(),
                    response_templates: body
                        .iter()
                        .map(|b| ("application/json".into(), Expr::literal(b)))
                        .collect(),
                }],
                ..apigateway::Integration::of_type("MOCK")
            },
            vec![MethodResponse::of_status(status.to_string())],
        ),
        Integration::Http(h) => http::emit(h, verb, &mut method_parameters),
        Integration::Aws(a) => aws::emit(a, &path(), &mut method_parameters),
    };
    Emitted {
        integration,
        method_responses,
        method_parameters,
    }
}

/// The `Uri` API Gateway calls `function` through.
pub(crate) fn lambda_uri(function: &LambdaFunction) -> Expr {
    // One `Fn::Sub` per Lambda method: built with its exact length and adjacent texts
    // merged, since a 10,000-method API holds 10,000 of them.
    let mut parts: Vec<SubPart> = Vec::with_capacity(11);
    parts.extend([
        "arn:".into(),
        Pseudo::Partition.into(),
        ":apigateway:".into(),
        Pseudo::Region.into(),
    ]);
    match function {
        LambdaFunction::Name(name) => parts.extend([
            ":lambda:path/2015-03-31/functions/arn:".into(),
            Pseudo::Partition.into(),
            ":lambda:".into(),
            Pseudo::Region.into(),
            ":".into(),
            Pseudo::AccountId.into(),
            format!(":function:{name}/invocations").into(),
        ]),
        LambdaFunction::Arn(Value::Literal(arn)) => {
            parts.push(format!(":lambda:path/2015-03-31/functions/{arn}/invocations").into())
        }
        LambdaFunction::Arn(value) => {
            let arn = parameters::expr(value);
            parts.push(":lambda:path/2015-03-31/functions/".into());
            match arn {
                Expr::Sub(inner) => parts.extend(inner),
                other => match other.as_sub_part() {
                    Some(part) => parts.push(part),
                    // `Fn::Join`, `Fn::ImportValue`, `Fn::Select`: a `Fn::Sub` can't hold
                    // them, so the URI is joined.
                    None => {
                        let head = Expr::Sub(parts);
                        return Expr::Join(
                            String::new(),
                            vec![head, other, Expr::literal("/invocations")],
                        );
                    }
                },
            }
            parts.push("/invocations".into());
        }
        LambdaFunction::Resource(name) => parts.extend([
            ":lambda:path/2015-03-31/functions/".into(),
            SubPart::GetAtt(ids::parameter(name), Attribute::Arn),
            "/invocations".into(),
        ]),
    }
    Expr::Sub(parts)
}
