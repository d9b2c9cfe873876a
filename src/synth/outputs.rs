//! The template's outputs: the invoke URL, the API's id, and the stack's own.

use crate::cfn::{Expr, LogicalId, Output, Pseudo, SubPart};

use super::{Emitter, ids, parameters};

impl Emitter<'_, '_, '_> {
    /// `InvokeUrl` of the first stage (and `InvokeUrl<Stage>` of each other one),
    /// `RestApiId`, then each output the stack declares.
    pub(super) fn outputs(&mut self) {
        for (i, stage) in self.stack.api.stages.iter().enumerate() {
            let name = if i == 0 {
                LogicalId::readable("InvokeUrl", "")
            } else {
                ids::invoke_url(&stage.name)
            };
            self.template.outputs.insert(
                name,
                Output {
                    description: Some(format!("Invoke URL of stage {}", stage.name)),
                    value: self.invoke_url(&stage.name),
                },
            );
        }
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

    /// `https://{api}.execute-api.{region}.{suffix}/{stage}/`.
    fn invoke_url(&self, stage_name: &str) -> Expr {
        let stage_id = ids::stage(stage_name);
        Expr::sub([
            "https://".into(),
            SubPart::Ref(self.rest_api.clone()),
            ".execute-api.".into(),
            Pseudo::Region.into(),
            ".".into(),
            Pseudo::UrlSuffix.into(),
            "/".into(),
            SubPart::Ref(stage_id),
            "/".into(),
        ])
    }
}
