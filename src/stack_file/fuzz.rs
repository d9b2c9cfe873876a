//! The entry the fuzz targets and the corpus regression test share: bytes → load → synth →
//! render, with the invariants every input must keep.

use std::path::Path;

use serde_json::Value as Json;

use crate::{Format, render};

use super::{FileError, load_bytes};

/// Feeds `data` through the whole path as a YAML and as a JSON stack file: load, synth and
/// render both formats. `Err` names a broken invariant: an error without problems, a
/// rendered template that does not parse or differs between JSON and YAML, output that
/// changes between two runs, an authorized preflight, a Cognito method without its
/// authorizer, or a Deployment that does not depend on every method. A panic, a hang or
/// unbounded memory is a finding too, caught by the fuzzer around it.
pub fn fuzz_entry(data: &[u8]) -> Result<(), String> {
    for name in ["fuzz.yaml", "fuzz.json"] {
        let path = Path::new(name);
        let Some(json) = synthesized(path, data)? else {
            continue;
        };
        if synthesized(path, data)?.as_deref() != Some(json.as_str()) {
            return Err(format!("{name}: a second run gave other bytes"));
        }
        check_template(name, &json)?;
    }
    Ok(())
}

/// The rendered JSON template, `None` when the input fails with problems (as it should).
fn synthesized(path: &Path, data: &[u8]) -> Result<Option<String>, String> {
    let no_problems = |e: &FileError| {
        let _ = e.to_string();
        if e.problems.is_empty() {
            Err(format!("{}: an error without problems", path.display()))
        } else {
            Ok(None)
        }
    };
    let loaded = match load_bytes(path, data) {
        Ok(l) => l,
        Err(e) => return no_problems(&e),
    };
    let template = match loaded.synthesize() {
        Ok(t) => t,
        Err(e) => return no_problems(&e),
    };
    let json = render(&template, Format::Json);
    let yaml = render(&template, Format::Yaml);
    let from_json: Json = serde_json::from_str(&json).map_err(|e| format!("JSON: {e}"))?;
    let from_yaml: Json = serde_yaml::from_str(&yaml).map_err(|e| format!("YAML: {e}"))?;
    if from_json != from_yaml {
        return Err(format!("{}: YAML and JSON differ", path.display()));
    }
    Ok(Some(json))
}

fn check_template(name: &str, json: &str) -> Result<(), String> {
    let template: Json = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let empty = serde_json::Map::new();
    let resources = template["Resources"].as_object().unwrap_or(&empty);
    let of_type = |t: &'static str| resources.iter().filter(move |(_, r)| r["Type"] == t);
    let methods: Vec<&String> = of_type("AWS::ApiGateway::Method")
        .map(|(id, _)| id)
        .collect();
    for (id, method) in of_type("AWS::ApiGateway::Method") {
        let p = &method["Properties"];
        if p["HttpMethod"] == "OPTIONS" && p["AuthorizationType"] != "NONE" {
            return Err(format!("{name}: preflight {id} is authorized"));
        }
        if p["AuthorizationType"] == "COGNITO_USER_POOLS" && p["AuthorizerId"].is_null() {
            return Err(format!(
                "{name}: {id} is Cognito-authorized without an authorizer"
            ));
        }
    }
    for (id, deployment) in of_type("AWS::ApiGateway::Deployment") {
        let depends: Vec<&str> = deployment["DependsOn"]
            .as_array()
            .map(|a| a.iter().filter_map(Json::as_str).collect())
            .unwrap_or_default();
        if let Some(m) = methods.iter().find(|m| !depends.contains(&m.as_str())) {
            return Err(format!("{name}: {id} does not depend on {m}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn method(verb: &str, auth: &str) -> String {
        format!(
            r#"{{"Type":"AWS::ApiGateway::Method","Properties":{{"HttpMethod":"{verb}","AuthorizationType":"{auth}"}}}}"#
        )
    }

    #[test]
    fn an_authorized_preflight_breaks_an_invariant() {
        let t = format!(
            r#"{{"Resources":{{"M":{}}}}}"#,
            method("OPTIONS", "AWS_IAM")
        );
        assert_eq!(
            check_template("t", &t),
            Err("t: preflight M is authorized".to_owned())
        );
    }

    #[test]
    fn a_cognito_method_without_authorizer_breaks_an_invariant() {
        let t = format!(
            r#"{{"Resources":{{"M":{}}}}}"#,
            method("GET", "COGNITO_USER_POOLS")
        );
        assert!(check_template("t", &t).is_err());
    }

    #[test]
    fn a_deployment_missing_a_method_breaks_an_invariant() {
        let t = format!(
            r#"{{"Resources":{{"M":{},"D":{{"Type":"AWS::ApiGateway::Deployment","DependsOn":[]}}}}}}"#,
            method("GET", "NONE")
        );
        assert_eq!(
            check_template("t", &t),
            Err("t: D does not depend on M".to_owned())
        );
    }

    #[test]
    fn a_valid_stack_keeps_every_invariant() {
        let text = "api:\n  name: s\n  cors: {}\n  routes:\n    /a:\n      GET: { mock: true, public: true }\n";
        assert_eq!(fuzz_entry(text.as_bytes()), Ok(()));
    }
}
