//! The budget: every template is measured against CloudFormation's limits and each Lambda
//! function's policy against Lambda's; oversized templates warn with the deploy command,
//! limits no split can fix are errors naming what to change.

use crate::support;

use apigw_synth::budget::MAX_POLICY_BYTES;
use apigw_synth::testing::{generated_stack, one_function_stack};
use apigw_synth::{Format, Parameter, ProblemKind, Stack, Warning, synthesize_stack};

#[test]
fn a_function_used_by_1000_methods_has_a_policy_far_below_20_kb() {
    let stack = one_function_stack("busy", 200, 5, "busy-function");
    let s = synthesize_stack(&stack, Format::Json).unwrap();
    assert_eq!(s.policies.len(), 1);
    let policy = &s.policies[0];
    assert_eq!(policy.function, "busy-function");
    assert_eq!(policy.statements, 1);
    assert!(
        policy.bytes < MAX_POLICY_BYTES / 20,
        "{} bytes",
        policy.bytes
    );
}

#[test]
fn eshop_fits_inline_and_warns_about_nothing() {
    let s = synthesize_stack(&support::stacks::eshop_fcj::stack(), Format::Json).unwrap();
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let b = s.files[0].budget;
    // 36 API resources and the stage's access log group.
    assert_eq!((b.resources, b.parameters, b.outputs), (37, 1, 2));
    // It logs without creating the account's CloudWatch role: synth says how to set it.
    assert!(
        matches!(&s.notes[..], [apigw_synth::Note::CloudWatchRole { stack }] if stack == "eshop-fcj"),
        "{:?}",
        s.notes
    );
    assert_eq!(b.bytes, s.files[0].contents.len());
    // One policy estimate per function, each a single statement.
    assert_eq!(s.policies.len(), 9);
    assert!(s.policies.iter().all(|p| p.statements == 1));
}

#[test]
fn a_template_over_51200_bytes_warns_with_the_s3_deploy_command() {
    let s = synthesize_stack(&generated_stack("mid-api", 40, 5), Format::Json).unwrap();
    assert!(!s.is_nested());
    assert!(s.files[0].budget.bytes > 51_200);
    assert!(matches!(s.warnings[..], [Warning::NeedsS3Bucket { .. }]));
    support::with_snapshots(|| {
        insta::assert_snapshot!("budget_inline_warning", s.warnings[0].to_string());
    });
}

#[test]
fn a_split_stack_warns_with_the_package_and_deploy_commands() {
    let s = synthesize_stack(&generated_stack("big-api", 300, 5), Format::Json).unwrap();
    assert!(matches!(s.warnings[..], [Warning::Nested { .. }]));
    support::with_snapshots(|| {
        insta::assert_snapshot!("budget_nested_warning", s.warnings[0].to_string());
    });
}

#[test]
fn more_than_200_parameters_is_an_error_naming_the_fix() {
    let mut stack = generated_stack("many-params", 2, 1);
    for i in 0..200 {
        stack = stack.parameter(Parameter::string(format!("Extra{i}")));
    }
    let e = synthesize_stack(&stack, Format::Json).unwrap_err();
    assert!(matches!(
        &e.problems[0].kind,
        ProblemKind::TemplateLimit {
            what: "parameters",
            value: 201,
            limit: 200,
            ..
        }
    ));
    support::with_snapshots(|| insta::assert_snapshot!("budget_too_many_parameters", e));
}

#[test]
fn yaml_output_is_measured_and_named_as_yaml() {
    let stack: Stack = generated_stack("big-api", 300, 5);
    let s = synthesize_stack(&stack, Format::Yaml).unwrap();
    assert!(s.files.iter().all(|f| f.path.ends_with(".template.yaml")));
    assert!(s.files[0].contents.contains(".template.yaml"));
    assert!(s.files.iter().all(|f| f.budget.bytes == f.contents.len()));
}

#[test]
fn list_shows_each_templates_numbers_against_the_limits() {
    let output = support::bin().arg("list").output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    support::with_snapshots(|| insta::assert_snapshot!("budget_list", stdout));
}
