//! `apigw-synth init` writes a project of one's own: its program over its own stacks, `out/`
//! synthesized, snapshots, tests and CI. The project builds against this crate by path,
//! offline, and its own tests pass: out/ is fresh, cfn-lint accepts it, the snapshots are
//! those insta writes, and its security gate fails on a route made public.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::text;

/// Runs the `apigw-synth` tool in `dir`.
fn tool(dir: &Path, args: &[&str]) -> Output {
    support::tool()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn root() -> &'static str {
    support::root().to_str().unwrap()
}

fn read(path: PathBuf) -> String {
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file below `dir`, relative, sorted (a `target/` left out).
fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, found: &mut Vec<String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                if relative != "target" && relative != ".git" {
                    walk(root, &path, found);
                }
            } else {
                found.push(relative);
            }
        }
    }
    let mut found = Vec::new();
    walk(dir, dir, &mut found);
    found.sort();
    found
}

/// `cargo` as the project's user runs it: offline, in `project`, with a target directory
/// shared between runs of this test (dependencies compiled once) and cfn-lint at hand.
fn cargo(project: &Path, target: &Path, args: &[&str]) -> Command {
    let mut cargo = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo
        .current_dir(project)
        .args(args)
        .arg("--offline")
        .env("CARGO_TARGET_DIR", target)
        // As CI runs it: a missing cfn-lint or a snapshot that differs fails, none is written.
        .env("CI", "true")
        .env("INSTA_UPDATE", "no")
        .env("CFN_LINT", support::cfn_lint())
        // The debug info this repository builds with (Cargo.toml), so that the seeded
        // dependencies are fresh for the project too.
        .env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only");
    cargo
}

/// Seeds the project's target directory, once, with what this repository's own test build
/// compiled, as a warm cargo cache would: the dependencies the project shares with this
/// repository (same versions, features and profile) are fresh there, while apigw-synth and
/// the project's own code still compile. Build outputs are hard links (never rewritten in
/// place: a changed unit gets a new file), fingerprints and build-script outputs copies.
/// Nothing is seeded when links can't be made (another file system): cargo compiles all.
fn seed(target: &Path) {
    let ours = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../debug");
    let theirs = target.join("debug");
    if theirs.exists() || !ours.join("deps").is_dir() {
        return;
    }
    fs::create_dir_all(theirs.join("deps")).unwrap();
    for entry in fs::read_dir(ours.join("deps")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file()
            && fs::hard_link(entry.path(), theirs.join("deps").join(entry.file_name())).is_err()
        {
            fs::remove_dir_all(&theirs).unwrap();
            return;
        }
    }
    for dir in [".fingerprint", "build"] {
        copy_tree(&ours.join(dir), &theirs.join(dir));
    }
}

/// Copies a directory tree with each file's modification time, which cargo's freshness
/// checks compare (symlinks are left out).
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        } else if kind.is_file() {
            let copy = to.join(entry.file_name());
            fs::copy(entry.path(), &copy).unwrap();
            let modified = entry.metadata().unwrap().modified().unwrap();
            fs::File::options()
                .write(true)
                .open(&copy)
                .unwrap()
                .set_modified(modified)
                .unwrap();
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
        .args(args)
        .output()
        .expect("run git");
    assert!(o.status.success(), "git {args:?}: {}", text(&o));
}

#[test]
fn a_new_project_builds_offline_and_its_own_tests_pass() {
    // Under target/tmp: one run at a time (cargo holds target/ while tests run), and the
    // same path each run, so the compiled dependencies of the last run are reused.
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("init");
    let project = scratch.join("shop-api");
    let target = scratch.join("target");
    if project.exists() {
        fs::remove_dir_all(&project).unwrap();
    }
    fs::create_dir_all(&scratch).unwrap();

    let o = tool(&scratch, &["init", "shop-api", "--path", root()]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        files(&project),
        [
            ".github/workflows/ci.yml",
            ".gitignore",
            "Cargo.toml",
            "README.md",
            "out/apigw-synth.manifest",
            "out/shop-api-admin.template.json",
            "out/shop-api.template.json",
            "snapshots/shop-api-admin.template.json.snap",
            "snapshots/shop-api.template.json.snap",
            "src/main.rs",
            "stacks/mod.rs",
            "stacks/shop-api-admin.yaml",
            "stacks/shop_api.rs",
            "stacks/stack.schema.json",
            "tests/stacks.rs",
        ]
    );
    let cargo_toml = read(project.join("Cargo.toml"));
    assert!(
        cargo_toml.contains(&format!("apigw-synth = {{ path = \"{}\" }}", root())),
        "{cargo_toml}"
    );
    // The versions this repository is tested with, so that they resolve offline.
    fs::copy(
        support::root().join("Cargo.lock"),
        project.join("Cargo.lock"),
    )
    .unwrap();
    let snapshots_written = [
        read(project.join("snapshots/shop-api.template.json.snap")),
        read(project.join("snapshots/shop-api-admin.template.json.snap")),
    ];
    // A repository whose last commit is the base of the security gate.
    git(&project, &["init", "-q"]);
    git(&project, &["add", "-A"]);
    git(&project, &["commit", "-q", "-m", "init"]);

    seed(&target);
    let o = cargo(&project, &target, &["test"])
        .env("APIGW_SYNTH_BASE", "HEAD")
        .output()
        .unwrap();
    let t = text(&o);
    assert!(
        o.status.success(),
        "cargo test in the new project failed:\n{t}"
    );
    assert!(t.contains("test result: ok. 4 passed"), "{t}");
    assert!(
        !t.contains("not compared"),
        "the security gate did not run:\n{t}"
    );
    assert!(!t.contains("not linted"), "cfn-lint did not run:\n{t}");
    assert!(!t.contains("warning: `shop-api`"), "{t}");

    // `cargo run -- synth` there writes the project's stacks and nothing else.
    let o = cargo(&project, &target, &["run", "-q"])
        .args(["--", "synth"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "unchanged out/shop-api.template.json\nunchanged out/shop-api-admin.template.json\n"
    );

    // The snapshots init wrote are byte for byte those insta writes.
    let o = cargo(&project, &target, &["test", "--test", "stacks", "snapshot"])
        .env("INSTA_UPDATE", "force")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        [
            read(project.join("snapshots/shop-api.template.json.snap")),
            read(project.join("snapshots/shop-api-admin.template.json.snap")),
        ],
        snapshots_written
    );

    // The security gate fails on a route made public since the base.
    let stack_file = project.join("stacks/shop-api-admin.yaml");
    let opened = read(stack_file.clone()).replace(
        "    /users:\n      GET: { lambdaArn: { ref: AdminFunctionArn } }",
        "    /users:\n      GET: { lambdaArn: { ref: AdminFunctionArn }, public: true }",
    );
    fs::write(&stack_file, opened).unwrap();
    let o = cargo(
        &project,
        &target,
        &["test", "--test", "stacks", "access_control"],
    )
    .env("APIGW_SYNTH_BASE", "HEAD")
    .output()
    .unwrap();
    let t = text(&o);
    assert!(
        !o.status.success(),
        "the gate let a public route through:\n{t}"
    );
    assert!(t.contains("access control changed since HEAD"), "{t}");
    assert!(t.contains("GET /users"), "{t}");
}

#[test]
fn init_refuses_a_directory_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine\n").unwrap();
    let o = tool(dir.path(), &["init", "--name", "shop", "--path", root()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("is not empty (notes.txt is there)"),
        "{}",
        text(&o)
    );
    assert_eq!(files(dir.path()), ["notes.txt"]);
}

#[test]
fn init_writes_into_a_directory_holding_only_a_git_repository() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("shop");
    fs::create_dir_all(project.join(".git")).unwrap();
    let o = tool(&project, &["init", "--path", root()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(project.join("stacks/shop.rs").exists());
    // Named after the directory; nothing left of the staging directory.
    assert!(read(project.join("Cargo.toml")).contains("name = \"shop\""));
    let names: Vec<String> = fs::read_dir(&project)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with(".apigw-synth")),
        "{names:?}"
    );
}

#[test]
fn init_needs_to_be_told_where_apigw_synth_comes_from() {
    let dir = tempfile::tempdir().unwrap();
    let o = tool(dir.path(), &["init", "shop"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--path <DIR>"), "{}", text(&o));
    assert!(!dir.path().join("shop").exists());
}

#[test]
fn init_refuses_a_name_that_is_no_stack_name_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let o = tool(
        dir.path(),
        &["init", "x", "--name", "my_api", "--path", root()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("invalid project name `my_api`: a project is named like a stack"),
        "{}",
        text(&o)
    );
    assert!(!dir.path().join("x").exists());
}

#[test]
fn init_takes_the_name_from_the_directory_and_says_when_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let o = tool(dir.path(), &["init", "my_api", "--path", root()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("give one with --name"), "{}", text(&o));
    assert!(!dir.path().join("my_api").exists());
}

#[test]
fn init_with_git_depends_on_the_repository_at_the_revision() {
    let dir = tempfile::tempdir().unwrap();
    let url = "https://example.com/apigw-synth.git";
    let o = tool(
        dir.path(),
        &["init", "shop", "--git", url, "--rev", "v0.1.0"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let cargo_toml = read(dir.path().join("shop/Cargo.toml"));
    assert!(
        cargo_toml.contains(&format!(
            "apigw-synth = {{ git = \"{url}\", rev = \"v0.1.0\" }}"
        )),
        "{cargo_toml}"
    );
    assert!(read(dir.path().join("shop/.github/workflows/ci.yml")).contains(url));
}

#[test]
fn init_writes_a_relative_path_relative_to_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let checkout = dir.path().join("tools/apigw-synth");
    fs::create_dir_all(&checkout).unwrap();
    fs::copy(
        support::root().join("Cargo.toml"),
        checkout.join("Cargo.toml"),
    )
    .unwrap();
    let o = tool(
        dir.path(),
        &["init", "apis/shop", "--path", "tools/apigw-synth"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let cargo_toml = read(dir.path().join("apis/shop/Cargo.toml"));
    assert!(
        cargo_toml.contains("apigw-synth = { path = \"../../tools/apigw-synth\" }"),
        "{cargo_toml}"
    );
}

#[test]
fn init_refuses_a_path_that_is_not_an_apigw_synth_checkout() {
    let dir = tempfile::tempdir().unwrap();
    let o = tool(dir.path(), &["init", "shop", "--path", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("--path .: no apigw-synth checkout there"),
        "{}",
        text(&o)
    );
    assert!(!dir.path().join("shop").exists());
}
