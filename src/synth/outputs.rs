//! The template's outputs: the invoke URL, the API's id, and the stack's own.

use crate::cfn::{Expr, LogicalId, Output, Pseudo, SubPart};
use crate::error::ProblemKind;

use super::{Emitter, ids, parameters};

impl Emitter<'_, '_, '_> {
    /// Adds a generated output `id`, described as `owner` for a stack output that would take
    /// its name.
    pub(super) fn output(&mut self, id: LogicalId, owner: String, output: Output) {
        self.output_owners.insert(id.clone(), owner);
        self.template.outputs.insert(id, output);
    }

    /// `InvokeUrl` of the first stage (and `InvokeUrl<Stage>` of each other one),
    /// `RestApiId`, then each output the stack declares (one named like a generated output
    /// is a problem). Custom domains add theirs before.
    pub(super) fn outputs(&mut self) {
        let stages = &self.stack.api.stages;
        for (i, stage) in stages.iter().enumerate() {
            let name = if i == 0 {
                LogicalId::readable("InvokeUrl", "")
            } else {
                ids::invoke_url(&stage.name)
            };
            let url = self.invoke_url(&stage.name);
            self.output(
                name,
                format!("the invoke URL of stage `{}`", stage.name),
                Output {
                    description: Some(format!("Invoke URL of stage {}", stage.name)),
                    value: url,
                },
            );
        }
        let api = self.api_ref();
        self.output(
            LogicalId::readable("RestApiId", ""),
            "the id of the REST API".to_owned(),
            Output {
                description: Some("Id of the REST API".to_owned()),
                value: api,
            },
        );
        // The stack's own come last: one named like a generated output would replace it.
        for output in &self.stack.outputs {
            let id = ids::parameter(&output.name);
            if let Some(owner) = self.output_owners.get(&id) {
                let kind = ProblemKind::OutputNameTaken(output.name.clone(), owner.clone());
                self.problems.stack(kind);
                continue;
            }
            self.template.outputs.insert(
                id,
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
