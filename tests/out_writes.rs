//! Writes to `out/`: one change, put back on failure with an exact account of what
//! happened; the files synth generated are owned (a manifest), so what no stack produces any
//! more is removed and nothing else ever is; what an interrupted run left is removed and
//! `--check` notices it; files get the umask's permissions; no symlink is written through.

use crate::support;

use std::fs;
use std::io;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Output;

use apigw_synth::out::{
    Aftermath, FindingKind, MANIFEST_NAME, OutFile, Scope, Steps, check, write_all, write_all_with,
};
use support::text;

fn file(name: &str, contents: &str) -> OutFile {
    OutFile {
        name: name.to_owned(),
        contents: contents.to_owned(),
    }
}

/// Every path under `dir` (directories end in `/`), sorted, with the bytes of files.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(dir).unwrap().display().to_string();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                found.push((format!("{name}/"), Vec::new()));
                pending.push(path);
            } else {
                found.push((name, fs::read(&path).unwrap_or_default()));
            }
        }
    }
    found.sort();
    found
}

fn names(dir: &Path) -> Vec<String> {
    tree(dir).into_iter().map(|(n, _)| n).collect()
}

/// A split stack's six files, each holding `version`.
fn split(version: &str) -> Vec<OutFile> {
    let mut files = vec![file("shop/shop.template.json", version)];
    for n in 1..=5 {
        files.push(file(&format!("shop/Nested{n}.template.json"), version));
    }
    files
}

#[test]
fn writes_every_file_and_reports_them() {
    let dir = tempfile::tempdir().unwrap();
    let done = write_all(
        dir.path(),
        &[
            file("a.template.json", "a\n"),
            file("n/b.template.json", "b\n"),
        ],
        Scope::AllStacks,
    )
    .unwrap();
    assert_eq!(
        done.written,
        [
            dir.path().join("a.template.json"),
            dir.path().join("n/b.template.json"),
            dir.path().join(MANIFEST_NAME),
        ]
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("n/b.template.json")).unwrap(),
        "b\n"
    );
    assert_eq!(
        names(dir.path()),
        ["a.template.json", MANIFEST_NAME, "n/", "n/b.template.json"]
    );
}

#[test]
fn the_manifest_lists_the_generated_files() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &split("v1\n"), Scope::AllStacks).unwrap();
    let manifest = fs::read_to_string(dir.path().join(MANIFEST_NAME)).unwrap();
    let listed: Vec<&str> = manifest.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        listed,
        [
            "shop/Nested1.template.json",
            "shop/Nested2.template.json",
            "shop/Nested3.template.json",
            "shop/Nested4.template.json",
            "shop/Nested5.template.json",
            "shop/shop.template.json",
        ]
    );
}

#[test]
fn an_unchanged_directory_is_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &split("v1\n"), Scope::AllStacks).unwrap();
    let before = fs::metadata(dir.path().join("shop/shop.template.json"))
        .unwrap()
        .modified()
        .unwrap();
    let done = write_all(dir.path(), &split("v1\n"), Scope::AllStacks).unwrap();
    assert_eq!(done, Default::default());
    let after = fs::metadata(dir.path().join("shop/shop.template.json"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
}

#[test]
fn a_failing_file_leaves_the_others_unwritten() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.template.json"), "old\n").unwrap();
    // `blocked` is a file, so nothing can be written under it.
    fs::write(dir.path().join("blocked"), "").unwrap();
    let before = tree(dir.path());
    let result = write_all(
        dir.path(),
        &[
            file("a.template.json", "new\n"),
            file("blocked/b.template.json", "b\n"),
        ],
        Scope::AllStacks,
    );
    let e = result.unwrap_err();
    assert!(e.to_string().ends_with("; nothing was written"), "{e}");
    assert_eq!(tree(dir.path()), before, "no temporary file left behind");
}

#[test]
fn an_output_directory_that_is_a_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fs::write(&out, "").unwrap();
    let e = write_all(&out, &[file("a.template.json", "a\n")], Scope::AllStacks).unwrap_err();
    assert!(e.to_string().contains("out"), "{e}");
}

/// Renames fail from the `fail_at`th on (counting from 1), for `times` renames.
struct FailingRenames {
    count: usize,
    fail_at: usize,
    times: usize,
}

impl Steps for FailingRenames {
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        self.count += 1;
        if self.count >= self.fail_at && self.count < self.fail_at + self.times {
            return Err(io::Error::from(io::ErrorKind::PermissionDenied));
        }
        fs::rename(from, to)
    }
}

#[test]
fn a_rename_failing_midway_puts_back_every_file_already_replaced_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &split("v1\n"), Scope::AllStacks).unwrap();
    let before = tree(dir.path());
    // Rename 1 is the manifest's (unchanged here, so none); the files are renamed in
    // order: the fourth fails, after three were replaced.
    let mut steps = FailingRenames {
        count: 0,
        fail_at: 4,
        times: 1,
    };
    let e = write_all_with(dir.path(), &split("v2\n"), Scope::AllStacks, &mut steps).unwrap_err();
    let Aftermath::RolledBack(restored) = &e.aftermath else {
        panic!("not rolled back: {e}");
    };
    let shop = dir.path().join("shop");
    assert_eq!(
        restored,
        &[
            shop.join("shop.template.json"),
            shop.join("Nested1.template.json"),
            shop.join("Nested2.template.json"),
        ]
    );
    assert_eq!(
        e.to_string(),
        format!(
            "rename into {}: permission denied; {}, {}, {} had already been changed and were \
             put back as they were: nothing was written",
            shop.join("Nested3.template.json").display(),
            restored[0].display(),
            restored[1].display(),
            restored[2].display(),
        )
    );
    assert_eq!(
        tree(dir.path()),
        before,
        "every file as it was, nothing left behind"
    );
}

#[test]
fn a_failed_put_back_names_each_file_left_new_and_where_its_previous_version_is() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &split("v1\n"), Scope::AllStacks).unwrap();
    // The fourth rename fails, and so does the first rename back (the third file's).
    let mut steps = FailingRenames {
        count: 0,
        fail_at: 4,
        times: 2,
    };
    let e = write_all_with(dir.path(), &split("v2\n"), Scope::AllStacks, &mut steps).unwrap_err();
    let Aftermath::Partial { restored, changed } = &e.aftermath else {
        panic!("not partial: {e}");
    };
    let shop = dir.path().join("shop");
    assert_eq!(
        restored,
        &[
            shop.join("shop.template.json"),
            shop.join("Nested1.template.json")
        ]
    );
    assert_eq!(changed.len(), 1);
    let left = &changed[0];
    assert_eq!(left.path, shop.join("Nested2.template.json"));
    assert_eq!(fs::read_to_string(&left.path).unwrap(), "v2\n");
    let previous = left.previous.as_ref().expect("previous version kept");
    assert_eq!(fs::read_to_string(previous).unwrap(), "v1\n");
    let message = e.to_string();
    assert!(
        message.contains(&format!(
            "these files were changed and could not be put back: {} (permission denied), its \
             previous version is {} until the next synth",
            left.path.display(),
            previous.display()
        )),
        "{message}"
    );
    for f in &restored[..] {
        assert_eq!(fs::read_to_string(f).unwrap(), "v1\n");
    }
    // The next run finishes the job and removes what this one kept.
    write_all(dir.path(), &split("v2\n"), Scope::AllStacks).unwrap();
    assert!(check(dir.path(), &split("v2\n"), Scope::AllStacks).is_empty());
}

#[test]
fn a_stack_that_becomes_split_leaves_no_single_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    write_all(
        dir.path(),
        &[file("shop.template.json", "v1\n")],
        Scope::AllStacks,
    )
    .unwrap();
    let done = write_all(dir.path(), &split("v2\n"), Scope::AllStacks).unwrap();
    assert_eq!(done.removed, [dir.path().join("shop.template.json")]);
    assert!(!dir.path().join("shop.template.json").exists());
    assert!(check(dir.path(), &split("v2\n"), Scope::AllStacks).is_empty());
}

#[test]
fn a_split_stack_that_becomes_single_leaves_no_directory_behind() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &split("v1\n"), Scope::AllStacks).unwrap();
    write_all(
        dir.path(),
        &[file("shop.template.json", "v2\n")],
        Scope::AllStacks,
    )
    .unwrap();
    assert_eq!(names(dir.path()), [MANIFEST_NAME, "shop.template.json"]);
}

#[test]
fn synth_of_named_stacks_removes_only_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let both = [
        file("shop.template.json", "s\n"),
        file("admin.template.json", "a\n"),
    ];
    write_all(dir.path(), &both, Scope::AllStacks).unwrap();
    // `shop` alone, now split: its single file goes; `admin`'s stays, and stays listed.
    write_all(dir.path(), &split("v2\n"), Scope::TheseStacks).unwrap();
    assert!(!dir.path().join("shop.template.json").exists());
    assert!(dir.path().join("admin.template.json").exists());
    let all: Vec<OutFile> = split("v2\n")
        .into_iter()
        .chain([file("admin.template.json", "a\n")])
        .collect();
    assert!(check(dir.path(), &all, Scope::AllStacks).is_empty());
}

#[test]
fn a_file_synth_did_not_write_is_never_removed() {
    let dir = tempfile::tempdir().unwrap();
    write_all(
        dir.path(),
        &[file("shop.template.json", "v1\n")],
        Scope::AllStacks,
    )
    .unwrap();
    fs::write(dir.path().join("README.md"), "notes\n").unwrap();
    fs::write(dir.path().join("other.template.json"), "{}\n").unwrap();
    write_all(dir.path(), &split("v2\n"), Scope::AllStacks).unwrap();
    assert!(dir.path().join("README.md").exists());
    assert!(dir.path().join("other.template.json").exists());
    let findings = check(dir.path(), &split("v2\n"), Scope::AllStacks);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].path, dir.path().join("other.template.json"));
    assert_eq!(findings[0].kind, FindingKind::Foreign);
}

#[test]
fn what_an_interrupted_run_left_is_noticed_by_check_and_removed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &split("v1\n"), Scope::AllStacks).unwrap();
    // A staging directory, and temporary files as tempfile named them before.
    let left = [
        dir.path().join(".apigw-synth-k3Xq9a"),
        dir.path().join(".apigw-synth-staging"),
        dir.path().join("shop/.apigw-synth-Qm2Lz0"),
    ];
    fs::write(&left[0], "half").unwrap();
    fs::create_dir(&left[1]).unwrap();
    fs::write(left[1].join("new-0"), "half").unwrap();
    fs::write(&left[2], "half").unwrap();
    let findings = check(dir.path(), &split("v1\n"), Scope::AllStacks);
    let found: Vec<&PathBuf> = findings.iter().map(|f| &f.path).collect();
    assert_eq!(found, left.iter().collect::<Vec<_>>());
    assert!(findings.iter().all(|f| f.kind == FindingKind::Leftover));
    let done = write_all(dir.path(), &split("v1\n"), Scope::AllStacks).unwrap();
    assert_eq!(done.cleaned, left);
    assert!(check(dir.path(), &split("v1\n"), Scope::AllStacks).is_empty());
}

#[test]
fn a_symlinked_stack_directory_is_refused_and_nothing_is_written_outside() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir_all(&out).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    symlink(&elsewhere, out.join("shop")).unwrap();
    let e = write_all(&out, &split("v1\n"), Scope::AllStacks).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "replace {}: it is a symlink; synth never writes through a symlink: remove it; \
             nothing was written",
            out.join("shop").display()
        )
    );
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
    assert_eq!(names(&out), ["shop"]);
}

#[test]
fn a_symlinked_template_is_refused_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target.json");
    fs::write(&target, "mine\n").unwrap();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    symlink(&target, out.join("shop.template.json")).unwrap();
    let e = write_all(
        &out,
        &[file("shop.template.json", "v1\n")],
        Scope::AllStacks,
    )
    .unwrap_err();
    assert!(e.to_string().contains("it is a symlink"), "{e}");
    assert_eq!(fs::read_to_string(&target).unwrap(), "mine\n");
}

#[test]
fn check_reports_only_the_files_that_differ() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        file("same.template.json", "x\n"),
        file("old.template.json", "y\n"),
    ];
    write_all(dir.path(), &files, Scope::AllStacks).unwrap();
    fs::write(dir.path().join("old.template.json"), "x\n").unwrap();
    let findings = check(dir.path(), &files, Scope::AllStacks);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].path, dir.path().join("old.template.json"));
    let FindingKind::Differs(diff) = &findings[0].kind else {
        panic!("{:?}", findings[0]);
    };
    assert!(diff.contains("-x\n+y\n"), "{diff}");
}

#[test]
fn check_reports_a_generated_file_no_stack_produces_any_more() {
    let dir = tempfile::tempdir().unwrap();
    write_all(
        dir.path(),
        &[file("shop.template.json", "v1\n")],
        Scope::AllStacks,
    )
    .unwrap();
    fs::create_dir(dir.path().join("shop")).unwrap();
    for f in split("v2\n") {
        fs::write(dir.path().join(&f.name), &f.contents).unwrap();
    }
    let findings = check(dir.path(), &split("v2\n"), Scope::AllStacks);
    let kinds: Vec<(&Path, &FindingKind)> = findings
        .iter()
        .map(|f| (f.path.as_path(), &f.kind))
        .collect();
    assert_eq!(
        kinds[0],
        (
            dir.path().join("shop.template.json").as_path(),
            &FindingKind::Obsolete
        )
    );
    assert_eq!(
        kinds[1].0,
        dir.path().join(MANIFEST_NAME),
        "the manifest is stale too"
    );
    assert_eq!(kinds.len(), 2);
}

// Permissions, through the binary under a given umask.

fn synth_with_umask(dir: &Path, umask: &str) -> Output {
    let bin = env!("CARGO_BIN_EXE_apigw-synth-stacks");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" synth"))
        .arg(bin)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn files_get_the_permissions_the_umask_gives() {
    for (umask, expected) in [("022", 0o644), ("002", 0o664)] {
        let dir = tempfile::tempdir().unwrap();
        let o = synth_with_umask(dir.path(), umask);
        assert!(o.status.success(), "{}", text(&o));
        for name in [
            "out/eshop-fcj.template.json",
            &format!("out/{MANIFEST_NAME}"),
        ] {
            assert_eq!(
                mode(&dir.path().join(name)),
                expected,
                "{name} under {umask}"
            );
        }
    }
}

#[test]
fn rewriting_a_0644_file_keeps_it_0644() {
    let dir = tempfile::tempdir().unwrap();
    assert!(synth_with_umask(dir.path(), "022").status.success());
    let template = dir.path().join("out/eshop-fcj.template.json");
    fs::write(&template, "stale\n").unwrap();
    fs::set_permissions(&template, fs::Permissions::from_mode(0o644)).unwrap();
    let o = synth_with_umask(dir.path(), "022");
    assert!(
        text(&o).contains("wrote out/eshop-fcj.template.json"),
        "{}",
        text(&o)
    );
    assert_eq!(mode(&template), 0o644);
}

#[test]
fn a_first_rename_that_fails_changes_nothing_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &split("v1\n"), Scope::AllStacks).unwrap();
    let before = tree(dir.path());
    let mut steps = FailingRenames {
        count: 0,
        fail_at: 1,
        times: 1,
    };
    let e = write_all_with(dir.path(), &split("v2\n"), Scope::AllStacks, &mut steps).unwrap_err();
    assert!(matches!(e.aftermath, Aftermath::NothingWritten), "{e}");
    assert!(
        e.to_string()
            .ends_with("permission denied; nothing was written"),
        "{e}"
    );
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn check_reports_a_symlinked_stack_directory_without_reading_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    write_all(&out, &split("v1\n"), Scope::AllStacks).unwrap();
    fs::rename(out.join("shop"), dir.path().join("elsewhere")).unwrap();
    symlink(dir.path().join("elsewhere"), out.join("shop")).unwrap();
    let findings = check(&out, &split("v1\n"), Scope::AllStacks);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].path, out.join("shop"));
    assert_eq!(
        findings[0].to_string(),
        format!(
            "{}: is a symlink, not a directory; synth writes only regular files here: remove it",
            out.join("shop").display()
        )
    );
}

#[test]
fn a_second_run_while_one_writes_the_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &split("v1\n"), Scope::AllStacks).unwrap();
    let held = fs::File::open(dir.path()).unwrap();
    held.try_lock().unwrap();
    let e = write_all(dir.path(), &split("v2\n"), Scope::AllStacks).unwrap_err();
    assert!(
        e.to_string()
            .contains("another apigw-synth is writing it; run again once it is done"),
        "{e}"
    );
    held.unlock().unwrap();
    write_all(dir.path(), &split("v2\n"), Scope::AllStacks).unwrap();
}

/// Real renames, noting whether `dir`'s stack directory `shop/` still existed when the
/// manifest of what is generated now was put in place (renamed from `manifest-after`).
struct WatchingLastManifest {
    dir: PathBuf,
    shop_dir_at_last_manifest: Option<bool>,
    fail_last_manifest: bool,
}

impl Steps for WatchingLastManifest {
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        if from.file_name().is_some_and(|n| n == "manifest-after") {
            self.shop_dir_at_last_manifest = Some(self.dir.join("shop").exists());
            if self.fail_last_manifest {
                return Err(io::Error::from(io::ErrorKind::PermissionDenied));
            }
        }
        fs::rename(from, to)
    }
}

#[test]
fn an_emptied_stack_directory_is_gone_before_the_manifest_stops_listing_its_files() {
    // A run killed after the last manifest and before the directory's removal would leave
    // an empty `shop/` that no manifest names, and no later run would remove it.
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &split("v1\n"), Scope::AllStacks).unwrap();
    let mut steps = WatchingLastManifest {
        dir: dir.path().to_owned(),
        shop_dir_at_last_manifest: None,
        fail_last_manifest: false,
    };
    let single = [file("shop.template.json", "v2\n")];
    write_all_with(dir.path(), &single, Scope::AllStacks, &mut steps).unwrap();
    assert_eq!(steps.shop_dir_at_last_manifest, Some(false));
    assert_eq!(names(dir.path()), [MANIFEST_NAME, "shop.template.json"]);
}

#[test]
fn a_failed_last_manifest_puts_back_the_removed_stack_directory_with_its_files() {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &split("v1\n"), Scope::AllStacks).unwrap();
    let before = tree(dir.path());
    let mut steps = WatchingLastManifest {
        dir: dir.path().to_owned(),
        shop_dir_at_last_manifest: None,
        fail_last_manifest: true,
    };
    let single = [file("shop.template.json", "v2\n")];
    let e = write_all_with(dir.path(), &single, Scope::AllStacks, &mut steps).unwrap_err();
    assert!(matches!(e.aftermath, Aftermath::RolledBack(_)), "{e}");
    assert_eq!(tree(dir.path()), before, "every file as it was");
}
