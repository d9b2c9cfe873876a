//! Method responses: each response model checked, and declared on the method response of
//! its status (added where the integration declares none for it).

use std::collections::BTreeSet;

use crate::api::{Model, ResponseModel};
use crate::cfn::apigateway::MethodResponse;
use crate::cfn::{Expr, Text};
use crate::error::ProblemKind;

use super::ids;
use super::problems::Problems;

/// Every problem of one method's response models (`path` is its route).
pub(crate) fn check(
    response_models: &[ResponseModel],
    models: &[Model],
    path: &str,
    method: &str,
    problems: &mut Problems<'_>,
) {
    let mut seen = BTreeSet::new();
    for r in response_models {
        let mut report = |message: String| {
            let kind = ProblemKind::InvalidResponseModel {
                status: r.status,
                message,
            };
            problems.at(Some(path), Some(method), kind);
        };
        if !(100..=599).contains(&r.status) {
            report("a status code is 100 to 599".to_owned());
        }
        if !r.content_type.contains('/') {
            report(format!(
                "the content type `{}` is not `type/subtype`",
                r.content_type
            ));
        } else if !seen.insert((r.status, r.content_type.as_str())) {
            report(format!("a model for `{}` is given twice", r.content_type));
        }
        if !models.iter().any(|m| m.name == r.model) {
            let kind = ProblemKind::UnknownModel {
                model: r.model.clone(),
                status: Some(r.status),
            };
            problems.at(Some(path), Some(method), kind);
        }
    }
}

/// `responses` with each response model on the method response of its status, by
/// reference; a status the integration declares no response for gets one, in the order
/// the models are given.
pub(crate) fn add_models(responses: &mut Vec<MethodResponse>, response_models: &[ResponseModel]) {
    for r in response_models {
        let status = Text::from(r.status.to_string());
        let index = match responses.iter().position(|m| m.status_code == status) {
            Some(i) => i,
            None => {
                responses.push(MethodResponse::of_status(status));
                responses.len() - 1
            }
        };
        responses[index].response_models.insert(
            r.content_type.clone().into(),
            Expr::Ref(ids::model(&r.model)),
        );
    }
}
