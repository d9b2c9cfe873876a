//! The template's outputs: the invoke URL, the API's id, and the stack's own.

use crate::cfn::{Expr, LogicalId, Output, Pseudo, SubPart};

use super::{Emitter, ids, parameters};

impl Emitter<'_, '_, '_> {
    /// `InvokeUrl` of the stage, `RestApiId`, then each output the stack declares.
    pub(super) fn outputs(&mut self) {
        let stage_id = ids::stage(&self.stack.api.stage.name);
        let stage_name = &self.stack.api.stage.name;
        let url = Expr::sub([
            "https://".into(),
            SubPart::Ref(self.rest_api.clone()),
            ".execute-api.".into(),
            Pseudo::Region.into(),
            ".".into(),
            Pseudo::UrlSuffix.into(),
            "/".into(),
            SubPart::Ref(stage_id),
            "/".into(),
        ]);
        self.template.outputs.insert(
            LogicalId::readable("InvokeUrl", ""),
            Output {
                description: Some(format!("Invoke URL of stage {stage_name}")),
                value: url,
            },
        );
        self.template.outputs.insert(
            LogicalId::readable("RestApiId", ""),
            Output {
                description: Some("Id of the REST API".to_owned()),
                value: self.api_ref(),
            },
        );
        for output in &self.stack.outputs {
            self.template.outputs.insert(
                ids::parameter(&output.name),
                Output {
                    description: output.description.clone(),
                    value: parameters::expr(&output.value),
                },
            );
        }
    }
}
