//! A split stack seen as the one API it deploys: the nested templates of a parent inlined
//! into it, each reference to a nested template's parameter replaced by what the parent
//! passes, so that moving a method from one nested template to another changes nothing.

mod arguments;
mod error;
mod substitute;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

pub use error::NestedError;

use super::template_reader::read_template;
use arguments::{Inliner, Nested};
use substitute::substitute;

const NESTED_STACK: &str = "AWS::CloudFormation::Stack";

/// The template sections merged from the nested templates into the parent.
const MERGED_SECTIONS: [&str; 3] = ["Resources", "Conditions", "Mappings"];

/// A nested stack of a parent template (an `AWS::CloudFormation::Stack` resource).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NestedStack {
    /// Its logical id in the parent, e.g. `NestedSvc000A1B2C3D4`.
    pub id: String,
    /// Its `TemplateURL` as written, e.g. `./NestedSvc000A1B2C3D4.template.json`.
    pub url: String,
    /// The file the URL names relative to the parent's directory (`./` removed); `None`
    /// when it is no such path (an `https://` or `s3://` URL, an absolute path, `..`).
    pub file: Option<String>,
}

/// The nested stacks of `parent`, in logical-id order; `origin` names the parent in errors.
/// Fails when one has no `TemplateURL` string.
pub fn nested_stacks(parent: &Value, origin: &str) -> Result<Vec<NestedStack>, NestedError> {
    let Some(resources) = parent.get("Resources").and_then(Value::as_object) else {
        return Ok(Vec::new());
    };
    let mut stacks = Vec::new();
    for (id, resource) in resources {
        if resource.get("Type").and_then(Value::as_str) != Some(NESTED_STACK) {
            continue;
        }
        let url = resource
            .get("Properties")
            .and_then(|p| p.get("TemplateURL"))
            .and_then(Value::as_str)
            .ok_or_else(|| NestedError::Malformed {
                parent: origin.to_owned(),
                stack: id.clone(),
                reason: "it has no `TemplateURL` string".to_owned(),
            })?;
        stacks.push(NestedStack {
            id: id.clone(),
            url: url.to_owned(),
            file: relative_file(url),
        });
    }
    Ok(stacks)
}

/// `./x/y.json` or `x/y.json` → `x/y.json`; URLs, absolute paths and `..` → `None`.
fn relative_file(url: &str) -> Option<String> {
    let file = url.strip_prefix("./").unwrap_or(url);
    let plain = !file.is_empty()
        && !file.contains("://")
        && !file.starts_with(['/', '\\'])
        && !file.contains(':')
        && file.split(['/', '\\']).all(|part| part != "..");
    plain.then(|| file.to_owned())
}

/// `parent` with the templates of its nested stacks inlined: their resources (and
/// conditions and mappings) merged into the parent's, every `Ref` to one of their
/// parameters (and `${Param}` in `Fn::Sub`) replaced by the parent's argument for it, a
/// `Fn::GetAtt [Nested, Outputs.X]` replaced by that output's value, and the
/// `AWS::CloudFormation::Stack` resources removed (also from `DependsOn`). `nested` holds
/// each nested template by the nested stack's logical id; `origin` names the parent in
/// errors. A template without nested stacks comes back as it is. A nested stack missing
/// from `nested` is an error ([`NestedError::Missing`], or [`NestedError::Unreadable`] when
/// its `TemplateURL` names no file beside the parent): what it deploys is never skipped.
pub fn inline_nested(
    parent: &Value,
    origin: &str,
    nested: &BTreeMap<String, Value>,
) -> Result<Value, NestedError> {
    let stacks = nested_stacks(parent, origin)?;
    if stacks.is_empty() {
        return Ok(parent.clone());
    }
    let mut inliner = Inliner::new(origin);
    for stack in &stacks {
        let Some(template) = nested.get(&stack.id) else {
            return Err(match &stack.file {
                Some(file) => NestedError::Missing {
                    parent: origin.to_owned(),
                    stack: stack.id.clone(),
                    file: sibling(origin, file),
                },
                None => NestedError::Unreadable {
                    parent: origin.to_owned(),
                    stack: stack.id.clone(),
                    url: stack.url.clone(),
                },
            });
        };
        let properties = parent["Resources"][&stack.id].get("Properties");
        let arguments = match properties.and_then(|p| p.get("Parameters")) {
            None => None,
            Some(Value::Object(map)) => Some(map),
            Some(_) => {
                return Err(inliner.malformed(&stack.id, "`Parameters` is not a mapping".into()));
            }
        };
        inliner.stacks.insert(
            stack.id.as_str(),
            Nested {
                template,
                arguments,
            },
        );
    }

    let mut merged = parent.clone();
    let nested_ids: BTreeSet<&str> = inliner.stacks.keys().copied().collect();
    // The parent's own references to nested outputs, and its dependencies on nested stacks.
    if let Some(resources) = merged.get_mut("Resources").and_then(Value::as_object_mut) {
        resources.retain(|id, _| !nested_ids.contains(id.as_str()));
        for resource in resources.values_mut() {
            *resource = inliner.in_parent(resource)?;
            drop_dependencies(resource, &nested_ids);
        }
    }
    if let Some(outputs) = merged.get("Outputs") {
        let outputs = inliner.in_parent(outputs)?;
        merged["Outputs"] = outputs;
    }

    let Some(top) = merged.as_object_mut() else {
        return Ok(merged);
    };
    for section in MERGED_SECTIONS {
        // Where each id came from, to name both templates of a duplicate.
        let mut owners: BTreeMap<String, String> = BTreeMap::new();
        let mut entries = match top.remove(section) {
            Some(Value::Object(map)) => map,
            _ => Map::new(),
        };
        for id in entries.keys() {
            owners.insert(id.clone(), "the parent".to_owned());
        }
        for stack in &stacks {
            let template: &Value = inliner.stacks[stack.id.as_str()].template;
            let Some(map) = template.get(section).and_then(Value::as_object) else {
                continue;
            };
            let parameters = inliner.arguments(&stack.id)?.clone();
            for (id, value) in map {
                if let Some(first) = owners.insert(id.clone(), format!("`{}`", stack.id)) {
                    return Err(NestedError::DuplicateId {
                        parent: origin.to_owned(),
                        id: id.clone(),
                        first,
                        second: format!("`{}`", stack.id),
                    });
                }
                entries.insert(id.clone(), substitute(value, &parameters));
            }
        }
        if !entries.is_empty() || section == "Resources" {
            top.insert(section.to_owned(), Value::Object(entries));
        }
    }
    Ok(merged)
}

/// [`inline_nested`] with each nested template read from the file its `TemplateURL` names
/// beside `path`, the parent's file. A missing file is [`NestedError::Missing`] naming it.
pub fn inline_files(parent: &Value, path: &Path) -> Result<Value, NestedError> {
    let origin = path.display().to_string();
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut nested = BTreeMap::new();
    for stack in nested_stacks(parent, &origin)? {
        let Some(file) = &stack.file else { continue };
        let file = dir.join(file);
        // Whatever is there is read (a FIFO or a broken symlink is an error naming it);
        // nothing at all is `NestedError::Missing`.
        if file.symlink_metadata().is_ok() {
            nested.insert(stack.id, read_template(&file)?);
        }
    }
    inline_nested(parent, &origin, &nested)
}

/// Reads the template at `path` (JSON or YAML) with the nested templates its relative
/// `TemplateURL`s name inlined ([`inline_files`]); a template without nested stacks comes
/// back as [`read_template`] reads it.
pub fn read_split_template(path: &Path) -> Result<Value, NestedError> {
    let parent = read_template(path)?;
    inline_files(&parent, path)
}

/// `file` in the directory of `origin` (a path, or a label such as `REV:./out/a.json`).
fn sibling(origin: &str, file: &str) -> String {
    match origin.rfind(['/', '\\']) {
        Some(end) => format!("{}/{file}", &origin[..end]),
        None => file.to_owned(),
    }
}

/// Removes the ids of `gone` from the resource's `DependsOn` (a string or a list).
fn drop_dependencies(resource: &mut Value, gone: &BTreeSet<&str>) {
    let Some(map) = resource.as_object_mut() else {
        return;
    };
    let keep = match map.get_mut("DependsOn") {
        Some(Value::String(id)) => !gone.contains(id.as_str()),
        Some(Value::Array(ids)) => {
            ids.retain(|id| id.as_str().is_none_or(|id| !gone.contains(id)));
            !ids.is_empty()
        }
        _ => true,
    };
    if !keep {
        map.remove("DependsOn");
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A parent passing the root resource id, the API and a resource of nested stack `A`
    /// (through its output) to nested stack `B`.
    fn split() -> (Value, BTreeMap<String, Value>) {
        let parent = json!({
            "Parameters": {"UserPoolArn": {"Type": "String"}},
            "Resources": {
                "RestApi": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "shop"}},
                "A": {"Type": "AWS::CloudFormation::Stack", "Properties": {
                    "TemplateURL": "./A.template.json",
                    "Parameters": {
                        "RestApi": {"Ref": "RestApi"},
                        "RestApiRootResourceId": {"Fn::GetAtt": ["RestApi", "RootResourceId"]}
                    }
                }},
                "B": {"Type": "AWS::CloudFormation::Stack", "Properties": {
                    "TemplateURL": "./B.template.json",
                    "Parameters": {
                        "RestApi": {"Ref": "RestApi"},
                        "ApiId": {"Ref": "RestApi"},
                        "Orders": {"Fn::GetAtt": ["A", "Outputs.Orders"]}
                    }
                }},
                "Deployment": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": ["A", "B", "Root"],
                    "Properties": {"RestApiId": {"Ref": "RestApi"}}}
            }
        });
        let a = json!({
            "Parameters": {"RestApi": {"Type": "String"}, "RestApiRootResourceId": {"Type": "String"}},
            "Resources": {"Orders": {"Type": "AWS::ApiGateway::Resource", "Properties": {
                "RestApiId": {"Ref": "RestApi"},
                "ParentId": {"Ref": "RestApiRootResourceId"},
                "PathPart": "orders"
            }}},
            "Outputs": {"Orders": {"Value": {"Ref": "Orders"}}}
        });
        let b = json!({
            "Parameters": {
                "RestApi": {"Type": "String"},
                "ApiId": {"Type": "String"},
                "Orders": {"Type": "String"}
            },
            "Resources": {
                "OrdersId": {"Type": "AWS::ApiGateway::Resource", "Properties": {
                    "RestApiId": {"Ref": "RestApi"},
                    "ParentId": {"Ref": "Orders"},
                    "PathPart": "{id}"
                }},
                "Permission": {"Type": "AWS::Lambda::Permission", "Properties": {
                    "SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiId}/*/${!Literal}"}
                }}
            }
        });
        (parent, BTreeMap::from([("A".into(), a), ("B".into(), b)]))
    }

    fn inlined() -> Value {
        let (parent, nested) = split();
        inline_nested(&parent, "p.json", &nested).unwrap()
    }

    #[test]
    fn a_parameter_ref_to_the_root_resource_id_becomes_the_parents_get_att() {
        assert_eq!(
            inlined()["Resources"]["Orders"]["Properties"]["ParentId"],
            json!({"Fn::GetAtt": ["RestApi", "RootResourceId"]})
        );
    }

    #[test]
    fn an_argument_from_another_nested_stacks_output_becomes_that_outputs_value() {
        assert_eq!(
            inlined()["Resources"]["OrdersId"]["Properties"]["ParentId"],
            json!({"Ref": "Orders"})
        );
    }

    #[test]
    fn a_parameter_in_a_sub_string_is_replaced_and_literals_stay() {
        assert_eq!(
            inlined()["Resources"]["Permission"]["Properties"]["SourceArn"],
            json!({"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${RestApi}/*/${!Literal}"})
        );
    }

    #[test]
    fn a_sub_parameter_without_a_placeholder_form_is_passed_as_a_variable() {
        let parameters = BTreeMap::from([("P".to_owned(), json!({"Fn::Join": ["", ["a", "b"]]}))]);
        let value = substitute(&json!({"Fn::Sub": "x/${P}/${Q}"}), &parameters);
        assert_eq!(
            value,
            json!({"Fn::Sub": ["x/${P}/${Q}", {"P": {"Fn::Join": ["", ["a", "b"]]}}]})
        );
    }

    #[test]
    fn nested_stacks_are_removed_with_the_dependencies_on_them() {
        let merged = inlined();
        let resources = merged["Resources"].as_object().unwrap();
        let ids: Vec<&str> = resources.keys().map(String::as_str).collect();
        assert_eq!(
            ids,
            ["Deployment", "Orders", "OrdersId", "Permission", "RestApi"]
        );
        assert_eq!(resources["Deployment"]["DependsOn"], json!(["Root"]));
        assert_eq!(merged["Parameters"], split().0["Parameters"]);
    }

    #[test]
    fn a_missing_nested_template_is_an_error_naming_its_file() {
        let (parent, mut nested) = split();
        nested.remove("B");
        let err = inline_nested(&parent, "out/shop/shop.template.json", &nested).unwrap_err();
        assert_eq!(
            err.to_string(),
            "out/shop/shop.template.json: the template of nested stack `B` is missing: out/shop/B.template.json"
        );
    }

    #[test]
    fn a_parameter_without_argument_or_default_is_an_error_naming_it() {
        let (mut parent, nested) = split();
        let arguments = &mut parent["Resources"]["B"]["Properties"]["Parameters"];
        arguments.as_object_mut().unwrap().remove("Orders");
        let err = inline_nested(&parent, "p.json", &nested).unwrap_err();
        assert_eq!(
            err.to_string(),
            "p.json: nested stack `B`: parameter `Orders` has no value: the parent passes none and it has no Default"
        );
    }

    #[test]
    fn outputs_that_feed_each_other_are_a_cycle_error() {
        let (mut parent, mut nested) = split();
        parent["Resources"]["A"]["Properties"]["Parameters"]["RestApi"] =
            json!({"Fn::GetAtt": ["B", "Outputs.Back"]});
        nested.get_mut("B").unwrap()["Outputs"] = json!({"Back": {"Value": {"Ref": "Orders"}}});
        let err = inline_nested(&parent, "p.json", &nested).unwrap_err();
        assert!(err.to_string().contains("(a cycle)"), "{err}");
    }

    #[test]
    fn a_logical_id_in_two_templates_is_an_error_naming_both() {
        let (parent, mut nested) = split();
        nested.get_mut("B").unwrap()["Resources"]["Orders"] = json!({"Type": "T"});
        let err = inline_nested(&parent, "p.json", &nested).unwrap_err();
        assert_eq!(
            err.to_string(),
            "p.json: logical id `Orders` is in both `A` and `B`"
        );
    }

    #[test]
    fn only_plain_relative_template_urls_name_files() {
        assert_eq!(
            relative_file("./N.template.json").as_deref(),
            Some("N.template.json")
        );
        assert_eq!(relative_file("sub/N.json").as_deref(), Some("sub/N.json"));
        for url in [
            "https://b.s3.amazonaws.com/N.json",
            "s3://b/N.json",
            "/etc/N.json",
            "../N.json",
            "",
        ] {
            assert_eq!(relative_file(url), None, "{url}");
        }
    }
}
