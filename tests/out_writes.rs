//! Writes to `out/` are all-or-nothing: a failure leaves the directory as it was.

use std::fs;

use apigw_synth::out::{OutFile, check, write_all};

fn file(name: &str, contents: &str) -> OutFile {
    OutFile {
        name: name.to_owned(),
        contents: contents.to_owned(),
    }
}

#[test]
fn writes_every_file_and_reports_them() {
    let dir = tempfile::tempdir().unwrap();
    let written = write_all(
        dir.path(),
        &[
            file("a.template.json", "a\n"),
            file("n/b.template.json", "b\n"),
        ],
    )
    .unwrap();
    assert_eq!(written.len(), 2);
    assert_eq!(
        fs::read_to_string(dir.path().join("n/b.template.json")).unwrap(),
        "b\n"
    );
}

#[test]
fn a_failing_file_leaves_the_others_unwritten() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.template.json"), "old\n").unwrap();
    // `blocked` is a file, so nothing can be written under it.
    fs::write(dir.path().join("blocked"), "").unwrap();
    let result = write_all(
        dir.path(),
        &[
            file("a.template.json", "new\n"),
            file("blocked/b.template.json", "b\n"),
        ],
    );
    assert!(result.is_err());
    assert_eq!(
        fs::read_to_string(dir.path().join("a.template.json")).unwrap(),
        "old\n"
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "no temporary file left behind: {leftovers:?}"
    );
}

#[test]
fn an_output_directory_that_is_a_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fs::write(&out, "").unwrap();
    let e = write_all(&out, &[file("a.template.json", "a\n")]).unwrap_err();
    assert!(e.to_string().contains("out"), "{e}");
}

#[test]
fn check_reports_only_the_files_that_differ() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("same.template.json"), "x\n").unwrap();
    fs::write(dir.path().join("old.template.json"), "x\n").unwrap();
    let stale = check(
        dir.path(),
        &[
            file("same.template.json", "x\n"),
            file("old.template.json", "y\n"),
        ],
    );
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].name, "old.template.json");
    assert!(stale[0].diff.contains("-x\n+y\n"), "{}", stale[0].diff);
}
