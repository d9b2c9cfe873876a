//! The `AWS::ApiGateway::Stage` that serves the latest deployment: its name and variables
//! checked against API Gateway's rules, and emitted.

use crate::api::Stage;
use crate::cfn::{Expr, LogicalId, Resource, apigateway};
use crate::error::ProblemKind;

use super::parameters::{self, Declared, check_value};
use super::problems::Problems;
use super::{Emitter, ids, names};

/// Stage variables per stage: API Gateway's limit, which can't be raised.
const MAX_VARIABLES: usize = 100;

/// Every problem of `stage`: its name, and each variable's name and value.
pub(crate) fn check(stage: &Stage, declared: &Declared<'_>, problems: &mut Problems<'_>) {
    match stage.name.as_literal() {
        Some(name) if !names::is_stage_name(name) => {
            problems.stack(ProblemKind::InvalidStageName(name.to_owned()));
        }
        Some(_) => {}
        None => check_value(&stage.name, declared, None, None, problems),
    }
    for (name, value) in &stage.variables {
        let reason = names::stage_variable_name_problem(name)
            .or_else(|| names::stage_variable_value_problem(value));
        if let Some(reason) = reason {
            let name = name.clone();
            problems.stack(ProblemKind::InvalidStageVariable { name, reason });
        }
    }
    if let Some(name) = stage.variables.keys().nth(MAX_VARIABLES) {
        let reason = "a stage holds at most 100 variables (API Gateway's limit)";
        let name = name.clone();
        problems.stack(ProblemKind::InvalidStageVariable { name, reason });
    }
}

impl Emitter<'_, '_, '_> {
    /// The API's stage, pointing at `deployment`.
    pub(super) fn stage(&mut self, deployment: LogicalId) {
        let stage = &self.stack.api.stage;
        self.insert(
            ids::stage(&stage.label()),
            format!("stage `{}`", stage.label()),
            Resource::new(apigateway::Stage {
                rest_api_id: self.api_ref(),
                deployment_id: Expr::Ref(deployment),
                stage_name: parameters::expr(&stage.name),
                description: stage.description.clone(),
                variables: stage.variables.clone(),
                tracing_enabled: stage.tracing,
            }),
        );
    }
}
