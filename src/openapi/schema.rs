//! Models as OpenAPI 3.0 schemas: draft 4 as API Gateway takes it, with what OpenAPI 3.0
//! writes otherwise (a list of types: `nullable`, or `anyOf`; no `$schema`).

use serde_json::{Map, Value};

/// The keywords whose value is one subschema, and those whose value is a list or a map of
/// them.
const ONE: [&str; 3] = ["items", "additionalProperties", "not"];
const LIST: [&str; 3] = ["allOf", "anyOf", "oneOf"];
const MAP: [&str; 2] = ["properties", "patternProperties"];

/// `schema` (a model's draft 4 schema) as an OpenAPI 3.0 Schema Object: `"type": ["string",
/// "null"]` becomes `"type": "string", "nullable": true`; several other types become an
/// `anyOf` of one type each; every subschema likewise.
pub(super) fn to_openapi(mut schema: Value) -> Value {
    if let Some(object) = schema.as_object_mut() {
        object.remove("$schema");
        convert(object);
    }
    schema
}

fn convert(object: &mut Map<String, Value>) {
    for (key, value) in object.iter_mut() {
        match value {
            Value::Object(child) if ONE.contains(&key.as_str()) => convert(child),
            Value::Object(children) if MAP.contains(&key.as_str()) => {
                for child in children.values_mut().filter_map(Value::as_object_mut) {
                    convert(child);
                }
            }
            Value::Array(children) if LIST.contains(&key.as_str()) || key == "items" => {
                for child in children.iter_mut().filter_map(Value::as_object_mut) {
                    convert(child);
                }
            }
            _ => {}
        }
    }
    let Some(Value::Array(types)) = object.get("type") else {
        return;
    };
    let nullable = types.iter().any(|t| t == "null");
    let mut others: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
    match others.len() {
        0 => {
            object.remove("type");
        }
        1 => {
            object.insert("type".to_owned(), others.remove(0));
        }
        _ => {
            object.remove("type");
            let one_each = others
                .into_iter()
                .map(|t| Value::Object(Map::from_iter([("type".to_owned(), t)])))
                .collect();
            object.insert("anyOf".to_owned(), Value::Array(one_each));
        }
    }
    if nullable {
        object.insert("nullable".to_owned(), Value::Bool(true));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_type_list_with_null_is_nullable_at_every_depth() {
        let schema = json!({
            "$schema": "http://json-schema.org/draft-04/schema#",
            "type": "object",
            "properties": {
                "tags": { "type": ["array", "null"], "items": { "type": ["string", "null"] } },
                "id": { "type": ["string", "integer"] }
            }
        });
        assert_eq!(
            to_openapi(schema),
            json!({
                "type": "object",
                "properties": {
                    "tags": {
                        "type": "array", "nullable": true,
                        "items": { "type": "string", "nullable": true }
                    },
                    "id": { "anyOf": [{ "type": "string" }, { "type": "integer" }] }
                }
            })
        );
    }
}
