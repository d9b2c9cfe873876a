//! `diff` and `tree` of a stack large enough to be split into nested stacks (a generated
//! 300-resource, 1,500-method stack file): the parent and its nested templates are read as
//! one API on both sides (synthesized, `out/` on disk, `--against-rev`, template files), so
//! a split stack against its own `out/` has no change, a method made public deep in a nested
//! template is an access-control change, methods repacked into other nested templates are
//! no change, and a missing nested file is an error naming it.

use crate::support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use apigw_synth::review::{self, TemplateModel};
use apigw_synth::stack_file::format::{Deferred, LambdaSpec, MethodSpec, RouteSpec, StackSpec};
use apigw_synth::stack_file::{self};
use apigw_synth::testing::{add_route, generated_stack_spec, stack_file_yaml};
use apigw_synth::{Format, HttpMethod, Synthesized, synthesize_stack};

use support::{code, stderr, stdout};

const STACK: &str = "big-api";
/// Resource 299, the last one: in the last nested template.
const DEEP: &str = "/svc029/{id}/part8";

fn big_spec() -> StackSpec {
    generated_stack_spec(STACK, 300, 5)
}

/// A project directory with `spec` as `stacks/big-api.yaml`, synthesized into `out/`.
fn project(spec: &StackSpec) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write_stack(dir.path(), spec);
    let o = run(dir.path(), &["synth", STACK, "--out", "out"]);
    assert!(o.status.success(), "{}", support::text(&o));
    dir
}

fn write_stack(dir: &Path, spec: &StackSpec) {
    std::fs::create_dir_all(dir.join("stacks")).expect("stacks/");
    std::fs::write(dir.join("stacks/big-api.yaml"), stack_file_yaml(spec)).expect("write");
}

fn run(dir: &Path, args: &[&str]) -> Output {
    support::bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run apigw-synth")
}

/// The spec with `GET DEEP` public (its other methods as generated).
fn deep_get_public() -> StackSpec {
    let mut spec = big_spec();
    let method = |public| {
        Some(
            Deferred::new(&MethodSpec {
                lambda: Some(LambdaSpec::Name("fn-299".to_owned())),
                lambda_arn: None,
                mock: false,
                mock_response: None,
                http: None,
                http_proxy: None,
                aws: None,
                authorizer: None,
                public,
                public_reason: None,
                iam: false,
                scopes: None,
                settings: None,
                api_key_required: None,
                validate: None,
                request_models: Default::default(),
                required: None,
                response_models: Default::default(),
            })
            .expect("method"),
        )
    };
    let route = RouteSpec {
        get: method(true),
        post: method(false),
        put: method(false),
        patch: method(false),
        delete: method(false),
        ..RouteSpec::default()
    };
    spec.api
        .routes
        .insert(DEEP.to_owned(), Deferred::new(&route).expect("route"));
    spec
}

/// The nested templates written for the split stack, by file name.
fn nested_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("out").join(STACK))
        .expect("out/big-api/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.file_name().is_some_and(|n| n != "big-api.template.json"))
        .collect();
    files.sort();
    files
}

#[test]
fn diff_of_a_split_stack_against_its_own_out_reports_no_change_and_exits_0() {
    let dir = project(&big_spec());
    assert!(nested_files(dir.path()).len() >= 5, "the stack is split");
    let o = run(dir.path(), &["diff", STACK, "--color", "never"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        stdout(&o),
        "big-api: no changes (out/big-api/big-api.template.json → synthesized)\n"
    );
}

#[test]
fn a_method_made_public_deep_in_a_nested_template_is_an_access_control_change() {
    let dir = project(&big_spec());
    write_stack(dir.path(), &deep_get_public());
    let o = run(
        dir.path(),
        &["diff", STACK, "--fail-on", "security", "--color", "never"],
    );
    assert_eq!(code(&o), 1, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        stdout(&o),
        "big-api: 1 access-control change, 1 other change \
         (out/big-api/big-api.template.json → synthesized)\n\
         \n\
         Access control:\n  \
           big-api\n    \
             ~ GET /svc029/{id}/part8: authorization → `PUBLIC` instead of `COGNITO_USER_POOLS users`\n\
         \n\
         Other changes:\n  \
           big-api\n    \
             ~ stage `prod` will be redeployed\n"
    );
}

#[test]
fn against_rev_reads_the_parent_and_nested_templates_committed_at_that_revision() {
    let dir = project(&deep_get_public());
    let git = |args: &[&str]| {
        let o = std::process::Command::new("git")
            .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("run git");
        assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    };
    git(&["init", "-q"]);
    git(&["add", "out"]);
    git(&["commit", "-q", "-m", "public GET"]);
    // The working copy protects the method again; `out/` on disk is the committed one.
    write_stack(dir.path(), &big_spec());

    let o = run(
        dir.path(),
        &["diff", STACK, "--against-rev", "HEAD", "--color", "never"],
    );
    assert_eq!(code(&o), 1, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("(HEAD:./out/big-api/big-api.template.json → synthesized)"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains(
            "~ GET /svc029/{id}/part8: authorization → `COGNITO_USER_POOLS users` instead of `PUBLIC`"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn tree_of_a_split_stack_shows_every_method_with_its_authorizer() {
    let dir = project(&big_spec());
    let o = run(dir.path(), &["tree", STACK, "--color", "never"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    let methods = text
        .lines()
        .filter(|l| l.contains(" COGNITO_USER_POOLS users "))
        .count();
    assert_eq!(methods, 1500, "{text}");
    let routes = text.lines().filter(|l| l.contains(" CORS *")).count();
    assert_eq!(routes, 300, "{text}");
    assert!(!text.contains("PUBLIC"), "{text}");
    // Each service right under `/`: a nested resource's parent resolves to the API's root.
    let services = text.lines().filter(|l| l.starts_with("  /svc")).count();
    assert_eq!(services, 30, "{text}");

    // The committed parent, given as a file, reads its nested files beside it.
    let parent = "out/big-api/big-api.template.json";
    let file = run(
        dir.path(),
        &["tree", "--template", parent, "--color", "never"],
    );
    assert_eq!(code(&file), 0, "{}", stderr(&file));
    assert_eq!(format!("stack {STACK}\n{}", stdout(&file)), text);
}

#[test]
fn a_missing_nested_template_is_an_error_naming_the_file() {
    let dir = project(&big_spec());
    let last = nested_files(dir.path()).pop().expect("a nested file");
    std::fs::remove_file(&last).expect("remove");
    let name = last.file_name().expect("name").to_string_lossy();
    let id = name.trim_end_matches(".template.json");
    let o = run(dir.path(), &["diff", STACK, "--color", "never"]);
    assert_eq!(code(&o), 2, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        stderr(&o),
        format!(
            "error: out/big-api/big-api.template.json: the template of nested stack `{id}` \
             is missing: out/big-api/{name}\n"
        )
    );
}

/// The synthesized files of `spec`, inlined into one template's model.
fn model(s: &Synthesized) -> TemplateModel {
    let parse = |i: usize| {
        let f = &s.files[i];
        review::parse_template(&f.contents, true, &f.path).expect("parse")
    };
    let parent = parse(0);
    let mut nested = BTreeMap::new();
    let stacks = review::nested_stacks(&parent, &s.files[0].path).expect("nested stacks");
    for stack in stacks {
        let file = format!("{STACK}/{}", stack.file.expect("a relative file"));
        let i = s.files.iter().position(|f| f.path == file).expect("file");
        nested.insert(stack.id, parse(i));
    }
    let merged = review::inline_nested(&parent, &s.files[0].path, &nested).expect("inline");
    review::model(&merged)
}

/// Each method's logical id with the file that holds it.
fn method_homes(s: &Synthesized) -> BTreeMap<String, String> {
    let mut homes = BTreeMap::new();
    for f in &s.files {
        let template: serde_json::Value = serde_json::from_str(&f.contents).expect("JSON");
        for (id, r) in template["Resources"].as_object().expect("resources") {
            if r["Type"] == "AWS::ApiGateway::Method" {
                homes.insert(id.clone(), f.path.clone());
            }
        }
    }
    homes
}

fn synth(spec: &StackSpec) -> Synthesized {
    let text = stack_file_yaml(spec);
    let loaded = stack_file::load_str(Path::new("big-api.yaml"), &text).expect("load");
    synthesize_stack(loaded.stack(), Format::Json).expect("synth")
}

#[test]
fn methods_repacked_into_other_nested_templates_are_no_change() {
    let before = synth(&big_spec());
    // A route before all others: later subtrees move to other nested templates.
    let mut spec = big_spec();
    add_route(&mut spec, "/aaa", &[HttpMethod::Get], "fn-new");
    let after = synth(&spec);
    let (old, new) = (method_homes(&before), method_homes(&after));
    let moved = old.iter().filter(|(id, file)| new.get(*id) != Some(file));
    assert!(
        moved.count() > 100,
        "methods moved to other nested templates"
    );

    let diff = review::diff(&model(&before), &model(&after));
    let subjects: Vec<String> = diff
        .access_control
        .iter()
        .chain(&diff.other)
        .map(review::subject_text)
        .collect();
    assert_eq!(
        subjects,
        [
            "GET /aaa",
            "CORS /aaa",
            "Lambda permission for `fn-new`",
            "stage `prod`"
        ],
        "{diff:#?}"
    );
}

/// A parent template whose one nested stack `Routes` is at `url`, its API's name `name`.
fn parent_with_nested(url: &str, name: &str) -> String {
    format!(
        "Resources:\n  Api: {{Type: AWS::ApiGateway::RestApi, Properties: {{Name: {name}}}}}\n  Routes:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: '{url}'\n      Parameters: {{RestApi: !Ref Api}}\n"
    )
}

/// The S3 URL `aws cloudformation package` writes for a nested template.
const PACKAGED: &str =
    "https://s3.eu-west-1.amazonaws.com/deploy-bucket/0123456789abcdef0123456789abcdef.template";

#[test]
fn a_nested_template_on_s3_is_an_error_naming_its_url_never_a_silent_change() {
    // Packaged twice: a new upload (another hash) could deploy anything.
    let dir = tempfile::tempdir().expect("temp dir");
    let old = dir.path().join("old.yaml");
    let new = dir.path().join("new.yaml");
    std::fs::write(&old, parent_with_nested(PACKAGED, "pets")).expect("write");
    let other_upload = PACKAGED.replace("0123", "ffff");
    std::fs::write(&new, parent_with_nested(&other_upload, "pets")).expect("write");
    let o = run(
        dir.path(),
        &[
            "diff",
            "--old",
            "old.yaml",
            "--new",
            "new.yaml",
            "--fail-on",
            "security",
        ],
    );
    assert_eq!(code(&o), 2, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        stderr(&o),
        format!(
            "error: old.yaml: nested stack `Routes`: its template {PACKAGED} can't be read (only a \
             file beside the parent, as `synth` writes it, is), so nothing it deploys could be \
             checked\n"
        )
    );
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
}

#[test]
fn a_parent_whose_nested_files_are_all_missing_is_an_error_naming_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("old.yaml"),
        parent_with_nested("./Routes.template.json", "pets"),
    )
    .expect("write");
    std::fs::write(
        dir.path().join("new.yaml"),
        parent_with_nested("./Routes2.template.json", "pets"),
    )
    .expect("write");
    let o = run(
        dir.path(),
        &[
            "diff",
            "--old",
            "old.yaml",
            "--new",
            "new.yaml",
            "--fail-on",
            "security",
        ],
    );
    assert_eq!(code(&o), 2, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        stderr(&o),
        "error: old.yaml: the template of nested stack `Routes` is missing: Routes.template.json\n"
    );
}

#[test]
fn tree_of_a_parent_whose_nested_template_is_on_s3_is_an_error_naming_its_url() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("p.yaml"),
        parent_with_nested(PACKAGED, "pets"),
    )
    .expect("write");
    let o = run(
        dir.path(),
        &["tree", "--template", "p.yaml", "--color", "never"],
    );
    assert_ne!(code(&o), 0, "{}", stdout(&o));
    assert!(stderr(&o).contains(PACKAGED), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
}
