//! The fuzzers' kept inputs are regression tests: every file in `tests/fixtures/fuzz-corpus/`
//! (a minimized corpus, plus the inputs that once crashed or hung) goes through the fuzz
//! targets' own entry, load → synth → render, without a panic or a broken invariant.

use crate::support;

use apigw_synth::stack_file::fuzz_entry;

#[test]
fn every_kept_fuzz_input_loads_synthesizes_and_renders_without_breaking_an_invariant() {
    let dir = support::root().join("tests/fixtures/fuzz-corpus");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("read the fuzz corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 20, "only {} corpus inputs", inputs.len());
    for path in inputs {
        let bytes = std::fs::read(&path).expect("read a corpus input");
        if let Err(broken) = fuzz_entry(&bytes) {
            panic!("{}: {broken}", path.display());
        }
    }
}

#[test]
fn the_stack_files_of_the_repository_keep_the_invariants_too() {
    let mut files = vec![
        support::root().join("tests/fixtures/eshop-fcj.yaml"),
        support::root().join("stacks/orders-preview.yaml"),
    ];
    let broken = support::root().join("tests/fixtures/broken");
    files.extend(
        std::fs::read_dir(broken)
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        if let Err(broken) = fuzz_entry(&bytes) {
            panic!("{}: {broken}", path.display());
        }
    }
}
