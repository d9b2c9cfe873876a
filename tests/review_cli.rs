//! The `diff` and `tree` commands end to end: exit codes (0 no change, 1 changes, 2 error),
//! `--fail-on security`, `--old/--new` on hand-written templates (JSON and YAML with
//! short-form tags), JSON output, color, and the tree of eshop-fcj.

use crate::support;

use std::path::Path;
use std::process::Output;

use support::{code, stderr, stdout};

const PETS: &str = "tests/fixtures/review/pets.json";
const PETS_RENAMED: &str = "tests/fixtures/review/pets-renamed.yaml";
const PETS_CHANGED: &str = "tests/fixtures/review/pets-changed.yaml";

fn run(args: &[&str]) -> Output {
    support::bin()
        .args(args)
        .current_dir(support::root())
        .output()
        .expect("run apigw-synth")
}

/// A copy of the committed `out/` in a new directory, its eshop-fcj template edited by `edit`.
fn committed_copy(edit: impl FnOnce(&mut serde_json::Value)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(support::root().join("out")).expect("out/") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).expect("copy");
        }
    }
    let committed = support::root().join("out/eshop-fcj.template.json");
    let text = std::fs::read_to_string(committed).expect("committed template");
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    edit(&mut value);
    let path = dir.path().join("eshop-fcj.template.json");
    std::fs::write(path, apigw_synth::to_json(&value)).expect("write copy");
    dir
}

/// Edits a template so that `GET /products` has no authorizer.
fn unprotect_get_products(t: &mut serde_json::Value) {
    let method = &mut t["Resources"]["MethodProductsGETEB262CAD"]["Properties"];
    method["AuthorizationType"] = "NONE".into();
    method
        .as_object_mut()
        .expect("properties")
        .remove("AuthorizerId");
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

#[test]
fn diff_against_the_committed_out_finds_no_change_and_exits_0() {
    let o = run(&["diff", "--color", "never"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        stdout(&o),
        "eshop-fcj: no changes (out/eshop-fcj.template.json → synthesized)\n\
         orders-preview: no changes (out/orders-preview.template.json → synthesized)\n\
         partners: no changes (out/partners.template.json → synthesized)\n\
         tasks: no changes (out/tasks.template.json → synthesized)\n"
    );
}

#[test]
fn diff_of_two_hand_written_templates_reports_every_change_and_exits_1() {
    let o = run(&[
        "diff",
        "--old",
        PETS,
        "--new",
        PETS_CHANGED,
        "--color",
        "never",
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    support::with_snapshots(|| insta::assert_snapshot!("diff_fixtures_text", stdout(&o)));
}

#[test]
fn diff_reads_short_form_yaml_tags_so_a_renamed_reordered_copy_has_no_change() {
    let o = run(&[
        "diff",
        "--old",
        PETS,
        "--new",
        PETS_RENAMED,
        "--color",
        "never",
    ]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("no changes"), "{}", stdout(&o));
}

#[test]
fn diff_json_lists_both_sections_with_totals() {
    let o = run(&[
        "diff",
        "--old",
        PETS,
        "--new",
        PETS_CHANGED,
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let value: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    support::with_snapshots(|| insta::assert_json_snapshot!("diff_fixtures_json", value));
}

#[test]
fn fail_on_security_exits_1_for_access_control_changes() {
    let o = run(&[
        "diff",
        "--old",
        PETS,
        "--new",
        PETS_CHANGED,
        "--fail-on",
        "security",
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
}

#[test]
fn fail_on_security_exits_0_when_only_other_changes() {
    let dir = committed_copy(|t| {
        t["Resources"]["StageEshop"]["Properties"]["Description"] = "Old description".into();
    });
    let against = arg(dir.path());
    let any = run(&["diff", "--against", against, "--color", "never"]);
    assert_eq!(code(&any), 1, "{}", stderr(&any));
    assert!(
        stdout(&any).contains("0 access-control changes, 1 other change"),
        "{}",
        stdout(&any)
    );
    let security = run(&["diff", "--against", against, "--fail-on", "security"]);
    assert_eq!(code(&security), 0, "{}", stderr(&security));
}

#[test]
fn diff_catches_a_lost_authorizer_in_the_committed_template() {
    // The committed template had GET /products unauthorized; the stack protects it.
    let dir = committed_copy(unprotect_get_products);
    let o = run(&[
        "diff",
        "--against",
        arg(dir.path()),
        "--fail-on",
        "security",
        "--color",
        "never",
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(
        stdout(&o).contains(
            "~ GET /products: authorization → `COGNITO_USER_POOLS cognito-authorizer-eshop-fcj` instead of `PUBLIC`"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_stack_without_a_committed_template_is_all_new() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = run(&["diff", "--against", arg(dir.path()), "--color", "never"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stdout(&o).contains("does not exist"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("+ GET /products added"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_missing_template_file_exits_2_naming_it() {
    let o = run(&[
        "diff",
        "--old",
        "tests/fixtures/review/nope.json",
        "--new",
        PETS,
    ]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("tests/fixtures/review/nope.json"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn an_unknown_yaml_tag_exits_2_naming_the_tag() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: !Reff Name\n")
        .expect("write");
    let o = run(&["diff", "--old", PETS, "--new", arg(&bad)]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("`!Reff` is not a CloudFormation intrinsic function tag"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn invalid_json_exits_2_with_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"Resources\": {,}\n}\n").expect("write");
    let o = run(&["diff", "--old", arg(&bad), "--new", PETS]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("invalid JSON"), "{}", stderr(&o));
    assert!(stderr(&o).contains("line 2 column"), "{}", stderr(&o));
}

#[test]
fn an_unknown_stack_exits_2() {
    let o = run(&["diff", "no-such-stack"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("no stack named `no-such-stack`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn old_without_new_is_a_usage_error_exiting_2() {
    let o = run(&["diff", "--old", PETS]);
    assert_eq!(code(&o), 2);
}

#[test]
fn color_always_styles_the_output_and_never_does_not() {
    let colored = run(&[
        "diff",
        "--old",
        PETS,
        "--new",
        PETS_CHANGED,
        "--color",
        "always",
    ]);
    assert!(
        stdout(&colored).contains("\u{1b}["),
        "no ANSI escape in colored output"
    );
    let plain = run(&[
        "diff",
        "--old",
        PETS,
        "--new",
        PETS_CHANGED,
        "--color",
        "never",
    ]);
    assert!(!stdout(&plain).contains('\u{1b}'));
}

#[test]
fn color_auto_is_off_when_stdout_is_not_a_terminal() {
    let o = run(&["diff", "--old", PETS, "--new", PETS_CHANGED]);
    assert!(!stdout(&o).contains('\u{1b}'));
}

#[test]
fn tree_of_eshop_fcj() {
    let o = run(&["tree", "eshop-fcj", "--color", "never"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    support::with_snapshots(|| insta::assert_snapshot!("tree_eshop_fcj", stdout(&o)));
}

#[test]
fn tree_of_a_hand_written_yaml_template_shows_public_methods() {
    let o = run(&["tree", "--template", PETS_CHANGED, "--color", "never"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    support::with_snapshots(|| insta::assert_snapshot!("tree_pets_changed", stdout(&o)));
}

#[test]
fn tree_colors_public_in_red() {
    let o = run(&["tree", "--template", PETS_CHANGED, "--color", "always"]);
    assert!(
        stdout(&o).contains("\u{1b}[1m\u{1b}[31mPUBLIC"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn against_rev_reads_the_templates_committed_at_that_revision() {
    // A repository whose commit has GET /products public; the working copy is up to date.
    let repo = committed_copy(unprotect_get_products);
    let out = repo.path().join("out");
    std::fs::create_dir(&out).expect("out/");
    std::fs::rename(
        repo.path().join("eshop-fcj.template.json"),
        out.join("eshop-fcj.template.json"),
    )
    .expect("move into out/");
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
            .args(args)
            .current_dir(repo.path())
            .output()
            .expect("run git");
        assert!(status.status.success(), "git {args:?}: {}", stderr(&status));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "public GET /products"]);
    std::fs::copy(
        support::root().join("out/eshop-fcj.template.json"),
        out.join("eshop-fcj.template.json"),
    )
    .expect("update the working copy");
    let in_repo = |args: &[&str]| {
        support::bin()
            .args(args)
            .current_dir(repo.path())
            .output()
            .expect("run apigw-synth")
    };

    let working = in_repo(&["diff", "--color", "never"]);
    assert_eq!(
        code(&working),
        0,
        "{}{}",
        stdout(&working),
        stderr(&working)
    );
    let committed = in_repo(&[
        "diff",
        "--against-rev",
        "HEAD",
        "--fail-on",
        "security",
        "--color",
        "never",
    ]);
    assert_eq!(code(&committed), 1, "{}", stderr(&committed));
    assert!(
        stdout(&committed).contains("~ GET /products: authorization → `COGNITO_USER_POOLS cognito-authorizer-eshop-fcj` instead of `PUBLIC`"),
        "{}",
        stdout(&committed)
    );
}

#[test]
fn against_rev_with_an_unknown_revision_exits_2() {
    let o = run(&["diff", "--against-rev", "no-such-revision-xyz"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("`no-such-revision-xyz` is not a git revision"),
        "{}",
        stderr(&o)
    );
}

/// A template as a hostile contributor writes it: an ESC sequence that erases lines, a
/// carriage return, SGR that hides text, and a bidi override in names, a path, a
/// description, a stage variable, an authorizer and a CORS origin.
fn hostile_template(dir: &Path) -> std::path::PathBuf {
    hostile_template_with(dir, "hostile.json", "x\u{9b}2J\u{202e}")
}

/// [`hostile_template`] as `file`, its stage variable `v` being `variable`.
fn hostile_template_with(dir: &Path, file: &str, variable: &str) -> std::path::PathBuf {
    let erase = "\u{1b}[1A\u{1b}[2K";
    let template = serde_json::json!({
        "Description": format!("pets{erase}"),
        "Resources": {
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": format!("pets{erase}\r")}},
            "Users": {"Type": "AWS::ApiGateway::Authorizer", "Properties": {
                "Name": "users\u{202e}nimda", "RestApiId": {"Ref": "Api"}, "Type": "COGNITO_USER_POOLS",
                "IdentitySource": "method.request.header.Authorization", "ProviderARNs": ["arn:pool"]}},
            "Admin": {"Type": "AWS::ApiGateway::Resource", "Properties": {
                "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
                "PathPart": format!("admin{erase}")}},
            "GetAdmin": {"Type": "AWS::ApiGateway::Method", "Properties": {
                "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "Admin"}, "HttpMethod": "GET",
                "AuthorizationType": "NONE",
                "Integration": {"Type": "HTTP_PROXY", "IntegrationHttpMethod": "GET",
                    "Uri": "https://admin.internal/\u{1b}[8mhidden\u{1b}[0m"}}},
            "AdminOptions": {"Type": "AWS::ApiGateway::Method", "Properties": {
                "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "Admin"}, "HttpMethod": "OPTIONS",
                "AuthorizationType": "NONE",
                "Integration": {"Type": "MOCK", "IntegrationResponses": [{"StatusCode": "204",
                    "ResponseParameters": {"method.response.header.Access-Control-Allow-Origin": "'https://a.example\r\n\u{1b}[2K'"}}]}}},
            "Stage": {"Type": "AWS::ApiGateway::Stage", "Properties": {
                "RestApiId": {"Ref": "Api"}, "StageName": "prod\u{1b}]0;owned\u{7}", "DeploymentId": "d",
                "Variables": {"v": variable}}}
        }
    });
    let path = dir.join(file);
    std::fs::write(&path, serde_json::to_string(&template).expect("JSON")).expect("write");
    path
}

/// True when `text` holds a character a terminal acts on: ESC, CR, DEL, a C1 control or a
/// bidi control (newlines aside).
fn acts_on_a_terminal(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
}

#[test]
fn tree_shows_control_characters_of_a_template_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hostile = hostile_template(dir.path());
    let o = run(&["tree", "--template", arg(&hostile), "--color", "never"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(!acts_on_a_terminal(&text), "{text:?}");
    assert!(
        text.contains("API pets\\u{1b}[1A\\u{1b}[2K\\r (stage prod\\u{1b}]0;owned\\u{7})"),
        "{text}"
    );
    assert!(text.contains("/admin\\u{1b}[1A\\u{1b}[2K"), "{text}");
    assert!(
        text.contains("PUBLIC  → HTTP_PROXY https://admin.internal/\\u{1b}[8mhidden\\u{1b}[0m"),
        "{text}"
    );
    assert!(
        text.contains("CORS https://a.example\\r\\n\\u{1b}[2K"),
        "{text}"
    );
}

#[test]
fn tree_in_color_sends_no_style_but_its_own() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hostile = hostile_template(dir.path());
    let o = run(&["tree", "--template", arg(&hostile), "--color", "always"]);
    let text = stdout(&o);
    // The template's SGR (hidden text) and erase sequences are shown, never sent.
    assert!(
        !text.contains("\u{1b}[8m") && !text.contains("\u{1b}[2K"),
        "{text:?}"
    );
    assert!(text.contains("\\u{1b}[8mhidden"), "{text}");
}

#[test]
fn diff_text_shows_control_characters_of_a_template_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hostile = hostile_template(dir.path());
    let o = run(&[
        "diff",
        "--old",
        PETS,
        "--new",
        arg(&hostile),
        "--color",
        "never",
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(!acts_on_a_terminal(&text), "{text:?}");
    assert!(
        text.contains("+ authorizer `users\\u{202e}nimda` added"),
        "{text}"
    );
    assert!(
        text.contains("+ stage `prod\\u{1b}]0;owned\\u{7}` added"),
        "{text}"
    );

    let changed = hostile_template_with(dir.path(), "changed.json", "y\r\u{1b}[2K");
    let o = run(&[
        "diff",
        "--old",
        arg(&hostile),
        "--new",
        arg(&changed),
        "--color",
        "never",
    ]);
    let text = stdout(&o);
    assert!(!acts_on_a_terminal(&text), "{text:?}");
    assert!(
        text.contains("~ stage `prod\\u{1b}]0;owned\\u{7}`: Variables.v → `y\\r\\u{1b}[2K` instead of `x\\u{9b}2J\\u{202e}`"),
        "{text}"
    );
}

#[test]
fn diff_json_escapes_what_a_terminal_acts_on_and_keeps_the_values() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hostile = hostile_template(dir.path());
    let o = run(&[
        "diff",
        "--old",
        PETS,
        "--new",
        arg(&hostile),
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let text = stdout(&o);
    assert!(!acts_on_a_terminal(&text), "{text:?}");
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let changes = value["stacks"][0]["access_control"]
        .as_array()
        .expect("changes");
    assert!(
        changes
            .iter()
            .any(|c| c["subject"]["name"] == "users\u{202e}nimda"),
        "{text}"
    );
}

#[test]
fn an_error_quoting_a_template_shows_its_control_characters_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let parent = serde_json::json!({"Resources": {"N": {"Type": "AWS::CloudFormation::Stack",
        "Properties": {"TemplateURL": "./\u{1b}[1A\u{1b}[2Kn\u{202e}.json"}}}});
    let path = dir.path().join("p.json");
    std::fs::write(&path, serde_json::to_string(&parent).expect("JSON")).expect("write");
    for args in [
        vec!["diff", "--old", arg(&path), "--new", PETS],
        vec!["tree", "--template", arg(&path)],
    ] {
        let o = run(&args);
        assert_ne!(code(&o), 0, "{args:?}");
        let text = stderr(&o);
        assert!(!acts_on_a_terminal(&text), "{args:?}: {text:?}");
        assert!(
            text.contains("\\u{1b}[1A\\u{1b}[2Kn\\u{202e}.json"),
            "{args:?}: {text}"
        );
    }
}
