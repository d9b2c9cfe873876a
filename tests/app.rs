//! The CLI as a library: `App` runs the whole command line over a program's own stacks, as
//! the `apigw-synth` binary does over `stacks/`.

use std::process::ExitCode;

use apigw_synth::{App, Integration, Method, RestApi, Stack};

fn pets() -> Stack {
    let api = RestApi::new("pets").route("/pets", Method::get(Integration::mock()).public());
    Stack::new("pets", api)
}

#[test]
fn an_app_writes_only_its_own_stacks() {
    let out = tempfile::tempdir().unwrap();
    let no_stack_files = tempfile::tempdir().unwrap();
    let (out_dir, stacks_dir) = (
        out.path().to_str().unwrap(),
        no_stack_files.path().to_str().unwrap(),
    );
    let code = App::new(vec![pets()]).run_from([
        "apigw-synth",
        "synth",
        "--out",
        out_dir,
        "--stacks",
        stacks_dir,
    ]);
    assert_eq!(code, ExitCode::SUCCESS);
    let mut written: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    // The template, and the manifest of what synth generated there (see src/out/manifest.rs).
    assert_eq!(written, ["apigw-synth.manifest", "pets.template.json"]);
    let check = App::new(vec![pets()]).run_from([
        "apigw-synth",
        "synth",
        "--check",
        "--out",
        out_dir,
        "--stacks",
        stacks_dir,
    ]);
    assert_eq!(check, ExitCode::SUCCESS);
}

#[test]
fn an_unknown_command_is_a_usage_error_with_exit_code_2() {
    let code = App::new(vec![pets()]).run_from(["apigw-synth", "deploy"]);
    assert_eq!(code, ExitCode::from(2));
}

#[test]
fn a_stale_template_fails_the_check_with_exit_code_1() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("pets.template.json"), "{}\n").unwrap();
    let no_stack_files = tempfile::tempdir().unwrap();
    let code = App::new(vec![pets()]).run_from([
        "apigw-synth",
        "synth",
        "--check",
        "--out",
        out.path().to_str().unwrap(),
        "--stacks",
        no_stack_files.path().to_str().unwrap(),
    ]);
    assert_eq!(code, ExitCode::FAILURE);
}
