//! Template parameters: each `ParameterSpec` into a [`Parameter`].

use std::collections::{BTreeMap, BTreeSet};

use crate::{Parameter, ParameterType, USER_POOL_ARN_PATTERN};

use super::super::USER_POOL_ARN_CONSTRAINT;
use super::super::format::{Deferred, ParameterSpec, ParameterTypeSpec};
use super::super::load::{Loader, path_of};

impl Loader {
    /// The parameters that can be read, in name order; `pool_parameters` are those used as
    /// user pool ARNs.
    pub(super) fn parameters(
        &mut self,
        specs: BTreeMap<String, Deferred<ParameterSpec>>,
        pool_parameters: &BTreeSet<String>,
    ) -> Vec<Parameter> {
        let mut parameters = Vec::new();
        for (name, deferred) in specs {
            let at = path_of(&["parameters", &name]);
            let Some(p) = self.read_deferred::<ParameterSpec>(&deferred, at) else {
                self.skipped.push(name);
                continue;
            };
            parameters.push(parameter(&name, p, pool_parameters.contains(&name)));
        }
        parameters
    }
}

/// The parameter; a `String` used as a user pool ARN gets the ARN pattern unless it sets one.
fn parameter(name: &str, spec: ParameterSpec, user_pool_arn: bool) -> Parameter {
    let ParameterSpec {
        kind,
        description,
        default,
        allowed_pattern,
        constraint_description,
        no_echo,
    } = spec;
    let kind = match kind {
        ParameterTypeSpec::String => ParameterType::String,
        ParameterTypeSpec::Number => ParameterType::Number,
        ParameterTypeSpec::CommaDelimitedList => ParameterType::CommaDelimitedList,
        ParameterTypeSpec::SsmString => ParameterType::SsmString,
        ParameterTypeSpec::SsmStringList => ParameterType::SsmStringList,
    };
    let mut parameter = Parameter::new(name, kind).no_echo(no_echo);
    if let Some(d) = description {
        parameter = parameter.description(d);
    }
    if let Some(d) = default {
        parameter = parameter.default_value(d);
    }
    let pool_pattern = user_pool_arn && kind == ParameterType::String && allowed_pattern.is_none();
    if pool_pattern {
        parameter = parameter.allowed_pattern(USER_POOL_ARN_PATTERN);
    } else if let Some(a) = allowed_pattern {
        parameter = parameter.allowed_pattern(a);
    }
    match constraint_description {
        Some(c) => parameter = parameter.constraint_description(c),
        None if pool_pattern => {
            parameter = parameter.constraint_description(USER_POOL_ARN_CONSTRAINT);
        }
        None => {}
    }
    parameter
}
