//! Lambda permissions: the statements of each function's resource policy, by function.

use std::collections::{BTreeMap, BTreeSet};

use super::{Extractor, Kind, properties};
use crate::review::view::PermissionStatement;

impl Extractor<'_> {
    /// Every `AWS::Lambda::Permission` as a statement of its function's policy.
    pub(super) fn permissions(
        &self,
        permissions: &mut BTreeMap<String, BTreeSet<PermissionStatement>>,
    ) {
        for (id, resource) in self.of_kind(Kind::Permission) {
            let props = properties(resource);
            let function = props
                .get("FunctionName")
                .map(|f| self.function_name(f))
                .unwrap_or_else(|| id.to_owned());
            let text = |k: &str| props.get(k).map(|v| self.text(v));
            let statement = PermissionStatement {
                principal: text("Principal").unwrap_or_default(),
                source_arn: text("SourceArn"),
                action: text("Action").unwrap_or_default(),
                source_account: text("SourceAccount"),
            };
            permissions.entry(function).or_default().insert(statement);
        }
    }
}
