//! Stack files mean what the Rust builders mean: the issue's YAML fixture (and its JSON
//! twin) synthesizes byte-identical to the Rust eshop-fcj stack, and the committed JSON
//! Schema is the one derived from the loader's types.

use crate::support;

use std::path::Path;

use apigw_synth::stack_file;
use apigw_synth::{Format, USER_POOL_ARN_PATTERN, render, synthesize};

const FIXTURE: &str = "tests/fixtures/eshop-fcj.yaml";

fn fixture_text() -> String {
    std::fs::read_to_string(support::root().join(FIXTURE)).expect("read the fixture")
}

fn rust_template() -> String {
    let template =
        synthesize(&support::stacks::eshop_fcj::stack()).expect("rust stack synthesizes");
    render(&template, Format::Json)
}

#[test]
fn the_issue_fixture_synthesizes_byte_identical_to_the_rust_stack() {
    let loaded = stack_file::load_str(Path::new(FIXTURE), &fixture_text()).expect("fixture loads");
    assert_eq!(loaded.stack().name(), "eshop-fcj");
    let template = loaded.synthesize().expect("fixture synthesizes");
    assert_eq!(render(&template, Format::Json), rust_template());
}

#[test]
fn the_fixture_written_as_json_means_the_same() {
    let value: serde_json::Value = serde_yaml::from_str(&fixture_text()).expect("fixture is YAML");
    let json = serde_json::to_string_pretty(&value).expect("as JSON");
    let loaded = stack_file::load_str(Path::new("eshop-fcj.json"), &json).expect("JSON loads");
    let template = loaded.synthesize().expect("JSON synthesizes");
    assert_eq!(render(&template, Format::Json), rust_template());
}

#[test]
fn a_stack_without_a_stack_key_is_named_after_its_file() {
    let text =
        "api:\n  name: shop\n  routes:\n    /health:\n      GET: { mock: true, public: true }\n";
    let loaded = stack_file::load_str(Path::new("stacks/shop-status.yml"), text).expect("loads");
    assert_eq!(loaded.stack().name(), "shop-status");
}

#[test]
fn a_parameter_used_as_a_user_pool_arn_gets_the_arn_pattern() {
    let loaded = stack_file::load_str(Path::new(FIXTURE), &fixture_text()).expect("fixture loads");
    let template = loaded.synthesize().expect("synthesizes");
    let json = render(&template, Format::Json);
    let pattern = serde_json::to_string(USER_POOL_ARN_PATTERN).expect("pattern as JSON");
    assert!(
        json.contains(&format!("\"AllowedPattern\": {pattern}")),
        "{json}"
    );
}

#[test]
fn a_user_pool_arn_parameter_keeps_its_own_pattern() {
    let text = fixture_text().replace(
        "    description: ARN of the existing Cognito user pool\n",
        "    description: ARN of the existing Cognito user pool\n    allowedPattern: '^arn:.*$'\n",
    );
    let loaded = stack_file::load_str(Path::new(FIXTURE), &text).expect("loads");
    let json = render(&loaded.synthesize().expect("synthesizes"), Format::Json);
    assert!(json.contains("\"AllowedPattern\": \"^arn:.*$\""), "{json}");
    assert!(!json.contains("must be a Cognito user pool ARN"), "{json}");
}

#[test]
fn the_committed_schema_is_the_one_the_loader_types_derive() {
    let path = support::root()
        .join("stacks")
        .join(stack_file::SCHEMA_FILE_NAME);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == stack_file::schema(),
        "{} is stale: run `cargo run -- schema > stacks/stack.schema.json`",
        path.display()
    );
}

#[test]
fn the_schema_of_stack_files() {
    support::with_snapshots(|| insta::assert_snapshot!("stack_file_schema", stack_file::schema()));
}
