//! `x-amazon-apigateway-gateway-responses` as the stack file's gateway responses.

use std::collections::BTreeMap;

use serde_json::Value;

use super::ImportError;
use super::api::Reader;
use crate::stack_file::format::{GatewayResponseSpec, GatewayResponseTypeSpec};

/// `x-amazon-apigateway-gateway-responses`, by type; header values unquoted.
pub(super) fn read(
    reader: &mut Reader<'_>,
) -> Result<BTreeMap<GatewayResponseTypeSpec, GatewayResponseSpec>, ImportError> {
    let mut out = BTreeMap::new();
    let doc = reader.doc;
    let responses = doc
        .get("x-amazon-apigateway-gateway-responses")
        .and_then(Value::as_object);
    for (kind, response) in responses.into_iter().flatten() {
        let at = [
            "x-amazon-apigateway-gateway-responses".to_owned(),
            kind.clone(),
        ];
        let Ok(kind_spec) =
            serde_json::from_value::<GatewayResponseTypeSpec>(Value::String(kind.clone()))
        else {
            reader.lose(
                &at,
                format!("gateway response type `{kind}` is not one API Gateway has"),
            );
            continue;
        };
        let mut spec = GatewayResponseSpec::default();
        if let Some(status) = response.get("statusCode") {
            spec.status_code = status
                .as_u64()
                .or_else(|| status.as_str()?.parse().ok())
                .and_then(|s| u16::try_from(s).ok());
        }
        for (key, value) in response
            .get("responseParameters")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let text = value.as_str().unwrap_or_default();
            let header = key.strip_prefix("gatewayresponse.header.");
            let quoted = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\''));
            match (header, quoted) {
                (Some(name), Some(inner)) => {
                    let mut p = at.to_vec();
                    p.extend(["responseParameters".to_owned(), key.clone()]);
                    let pointer = reader.at(&p);
                    spec.headers
                        .insert(name.to_owned(), reader.values.value(inner, &pointer));
                }
                _ => {
                    let mut p = at.to_vec();
                    p.extend(["responseParameters".to_owned(), key.clone()]);
                    reader.lose(&p, "a gateway response header mapped from the request: stack files set static values");
                }
            }
        }
        for (content_type, template) in response
            .get("responseTemplates")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(t) = template.as_str() {
                spec.templates.insert(content_type.clone(), t.to_owned());
            }
        }
        out.insert(kind_spec, spec);
    }
    Ok(out)
}
