//! The template's outputs: the invoke URL, the API's id, and the stack's own.

use crate::api::Value;
use crate::cfn::{Export, Expr, LogicalId, Output, Pseudo, SubPart};
use crate::error::ProblemKind;

use super::{Emitter, ids, parameters};

impl Emitter<'_, '_, '_> {
    /// Adds a generated output `id`, described as `owner` for a stack output that would take
    /// its name.
    pub(super) fn output(&mut self, id: LogicalId, owner: String, output: Output) {
        if let Some(previous) = self.output_owners.get(&id) {
            let kind = ProblemKind::LogicalIdCollision(
                id.to_string(),
                format!("outputs: {previous} and {owner}"),
            );
            self.problems.stack(kind);
            return;
        }
        self.output_owners.insert(id.clone(), owner);
        self.template.outputs.insert(id, output);
    }

    /// `InvokeUrl` of the first stage (and `InvokeUrl<Stage>` of each other one),
    /// `RestApiId`, then each output the stack declares (one named like a generated output
    /// is a problem). Custom domains add theirs before.
    pub(super) fn outputs(&mut self) {
        let stages = &self.stack.api.stages;
        for (i, stage) in stages.iter().enumerate() {
            let label = stage.label();
            let name = if i == 0 {
                LogicalId::readable("InvokeUrl", "")
            } else {
                ids::invoke_url(label)
            };
            let url = self.invoke_url(label);
            let description = match &stage.name {
                Value::Literal(_) => format!("Invoke URL of stage {label}"),
                Value::Ref(parameter) => {
                    format!("Invoke URL of the stage named by parameter {parameter}")
                }
                _ => format!("Invoke URL of stage {label} (named at deploy time)"),
            };
            self.output(
                name,
                format!("the invoke URL of stage `{label}`"),
                Output {
                    description: Some(description),
                    value: url,
                    condition: None,
                    export: None,
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
                condition: None,
                export: None,
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
            let condition = output
                .condition
                .as_deref()
                .map(|c| LogicalId::new(c).unwrap_or_else(|_| LogicalId::readable("X", c)));
            self.template.outputs.insert(
                id,
                Output {
                    description: output.description.clone(),
                    value: parameters::expr(&output.value),
                    condition,
                    export: output.export.as_ref().map(|name| Export {
                        name: parameters::expr(name),
                    }),
                },
            );
        }
        for (name, export) in &self.stack.exports {
            let output = LogicalId::new(name.as_str())
                .ok()
                .and_then(|id| self.template.outputs.get_mut(&id));
            match output {
                Some(output) => {
                    output.export = Some(Export {
                        name: parameters::expr(export),
                    });
                }
                None => self.problems.stack(ProblemKind::InvalidRaw {
                    section: "exports",
                    item: name.clone(),
                    reason: "the stack has no output of this name, generated or its own".to_owned(),
                }),
            }
        }
    }

    /// `https://{api}.execute-api.{region}.{suffix}/{stage}/`.
    fn invoke_url(&self, stage_label: &str) -> Expr {
        let stage_id = ids::stage(stage_label);
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
