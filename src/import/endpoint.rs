//! The endpoint of an OpenAPI document's API: `x-amazon-apigateway-endpoint-configuration`.

use serde_json::Value;

use super::api::Reader;
use crate::stack_file::format::{EndpointSpec, ValueSpec};

/// The endpoint, and a private API's VPC endpoints. API Gateway's export writes no endpoint
/// type: regional, unless the document lists VPC endpoints (private).
pub(super) fn read(reader: &mut Reader<'_>) -> (EndpointSpec, Vec<ValueSpec>) {
    let key = "x-amazon-apigateway-endpoint-configuration";
    let Some(ids) = reader.doc.pointer(&format!("/{key}/vpcEndpointIds")) else {
        return (EndpointSpec::Regional, Vec::new());
    };
    let at = [key, "vpcEndpointIds"];
    let pointer = reader.at(&at);
    let ids = crate::openapi::as_texts(ids);
    let texts: Option<Vec<&str>> = ids
        .as_array()
        .map(|ids| ids.iter().map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(texts) = texts else {
        reader.lose(
            &at,
            "VPC endpoints given otherwise than as a list of ids: not imported; the API is private",
        );
        return (EndpointSpec::Private, Vec::new());
    };
    let ids = texts
        .into_iter()
        .map(|id| reader.values.value(id, &pointer))
        .collect();
    (EndpointSpec::Private, ids)
}
