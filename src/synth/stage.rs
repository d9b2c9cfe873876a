//! The `AWS::ApiGateway::Stage` that serves the latest deployment.

use crate::cfn::{Expr, LogicalId, Resource, apigateway};

use super::{Emitter, ids};

impl Emitter<'_, '_, '_> {
    /// The API's stage, pointing at `deployment`.
    pub(super) fn stage(&mut self, deployment: LogicalId) {
        let stage = &self.stack.api.stage;
        self.insert(
            ids::stage(&stage.name),
            format!("stage `{}`", stage.name),
            Resource::new(apigateway::Stage {
                rest_api_id: self.api_ref(),
                deployment_id: Expr::Ref(deployment),
                stage_name: stage.name.clone(),
                description: stage.description.clone(),
                variables: stage.variables.clone(),
                tracing_enabled: stage.tracing,
            }),
        );
    }
}
