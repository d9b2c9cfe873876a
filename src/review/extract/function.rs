//! Lambda functions as the view names them: by their `FunctionName` wherever a `Ref`, a
//! `Fn::GetAtt` or an ARN points at them, whatever their logical id.

use serde_json::Value;

use super::{Extractor, Kind, properties};
use crate::review::expr::{expr_text, get_att, ref_target};

impl Extractor<'_> {
    /// The function a `FunctionName` or ARN expression names: a `Ref`/`GetAtt` of a
    /// function in the template gives its `FunctionName` (else its logical id), an ARN its
    /// name part.
    pub(super) fn function_name(&self, value: &Value) -> String {
        let target = ref_target(value).or_else(|| get_att(value).map(|(a, _)| a));
        if let Some(id) = target {
            return self.function_by_id(id);
        }
        function_from_arn(&self.function_text(&expr_text(value)))
    }

    /// `${Fn.Arn}` or `${Fn}` of a template function → its name.
    pub(super) fn function_text(&self, text: &str) -> String {
        if let Some(inner) = text.strip_prefix("${").and_then(|t| t.strip_suffix('}')) {
            let id = inner.strip_suffix(".Arn").unwrap_or(inner);
            if self.resource_of_kind(id, Kind::Function).is_some() {
                return self.function_by_id(id);
            }
        }
        text.to_owned()
    }

    fn function_by_id(&self, id: &str) -> String {
        match self.resource_of_kind(id, Kind::Function) {
            Some(r) => properties(r)
                .get("FunctionName")
                .and_then(Value::as_str)
                .map_or_else(|| id.to_owned(), str::to_owned),
            None => id.to_owned(),
        }
    }
}

/// `arn:…:function:name[:alias]` → `name[:alias]`; anything else as it is.
pub(super) fn function_from_arn(arn: &str) -> String {
    match arn.split_once(":function:") {
        Some((_, name)) => name.to_owned(),
        None => arn.to_owned(),
    }
}
