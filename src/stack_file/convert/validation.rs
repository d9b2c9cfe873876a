//! Request validation: a method's `validate`, `requestModels` and `required`.

use std::collections::BTreeMap;

use crate::{Method, RequestValidation};

use super::super::format::{RequiredSpec, ValidationSpec};

/// `method` with the validation, models and required parameters a stack file gives.
pub(super) fn method_request(
    mut method: Method,
    validate: Option<ValidationSpec>,
    models: BTreeMap<String, String>,
    required: Option<RequiredSpec>,
) -> Method {
    if let Some(v) = validate {
        method = method.validate(match v {
            ValidationSpec::Body => RequestValidation::Body,
            ValidationSpec::Parameters => RequestValidation::Parameters,
            ValidationSpec::All => RequestValidation::BodyAndParameters,
        });
    }
    for (content_type, model) in models {
        method = method.request_model(content_type, model);
    }
    let RequiredSpec {
        query,
        headers,
        path,
    } = required.unwrap_or_default();
    for name in query {
        method = method.required_query(name);
    }
    for name in headers {
        method = method.required_header(name);
    }
    for name in path {
        method = method.required_path(name);
    }
    method
}
