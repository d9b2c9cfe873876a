//! A `synth` killed (SIGKILL) at a random point while it writes a split stack, followed by
//! one normal `synth`, leaves exactly the templates and the manifest, byte for byte what a
//! run in an empty directory writes, and nothing else; `synth --check` then passes. The
//! points are drawn from a fixed seed: half anywhere in the run, half just after the run
//! starts staging its files, so that many kills land while files are being replaced.

use crate::support;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use apigw_synth::testing::generated_stack_file;

const RUNS: usize = 30;
const SEED: u64 = 0x5eed_0fa9_1a5c_a1ed;

/// xorshift64*: a small seeded generator, so every run of the test kills at the same points.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The stack file variants: two split stacks of different shapes and a single one, so each
/// run replaces, adds and removes files.
fn variants() -> [String; 3] {
    [
        generated_stack_file("shop", 250, 3),
        generated_stack_file("shop", 200, 4),
        generated_stack_file("shop", 6, 2),
    ]
}

/// Every path under `dir` (directories end in `/`) with the bytes of files.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(dir).unwrap().display().to_string();
            if fs::symlink_metadata(&path).unwrap().is_dir() {
                found.insert(format!("{name}/"), Vec::new());
                pending.push(path);
            } else {
                found.insert(name, fs::read(&path).unwrap());
            }
        }
    }
    found
}

fn synth(dir: &Path) -> Command {
    let mut cmd = support::bin();
    cmd.current_dir(dir)
        .args(["synth", "--stacks", "stacks", "--out", "out"]);
    cmd
}

fn write_stack(dir: &Path, text: &str) {
    fs::create_dir_all(dir.join("stacks")).unwrap();
    fs::write(dir.join("stacks/shop.yaml"), text).unwrap();
}

/// What `synth` writes for each variant into an empty directory.
fn expected(variants: &[String; 3]) -> Vec<BTreeMap<String, Vec<u8>>> {
    variants
        .iter()
        .map(|v| {
            let dir = tempfile::tempdir().unwrap();
            write_stack(dir.path(), v);
            let o = synth(dir.path()).output().unwrap();
            assert!(o.status.success(), "{}", support::text(&o));
            tree(&dir.path().join("out"))
        })
        .collect()
}

#[test]
fn a_killed_synth_then_a_normal_one_leaves_exactly_the_templates() {
    let variants = variants();
    let expected = expected(&variants);
    let split_files = |e: &BTreeMap<String, Vec<u8>>| {
        e.keys()
            .filter(|k| k.starts_with("shop/") && k.ends_with(".json"))
            .count()
    };
    assert!(split_files(&expected[0]) >= 4 && split_files(&expected[1]) >= 4);
    assert_eq!(
        split_files(&expected[2]),
        0,
        "the third variant is one template"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let staging = out.join(".apigw-synth-staging");
    let mut rng = Rng(SEED);
    let mut current = 0;
    write_stack(dir.path(), &variants[current]);
    assert!(synth(dir.path()).output().unwrap().status.success());
    // How long a run takes here, to spread the kills over it.
    let start = Instant::now();
    write_stack(dir.path(), &variants[1]);
    assert!(synth(dir.path()).output().unwrap().status.success());
    let run_time = start.elapsed();
    current = 1;
    let mut caught_writing = 0;
    for run in 0..RUNS {
        let next = (current + 1 + rng.below(2) as usize) % 3;
        write_stack(dir.path(), &variants[next]);
        let mut child = synth(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        if run % 2 == 0 {
            let delay = run_time.mul_f64(rng.below(1000) as f64 / 1000.0);
            std::thread::sleep(delay);
        } else {
            // Just after staging starts: spin until the staging directory appears.
            let delay = Duration::from_micros(rng.below(3000));
            let deadline = Instant::now() + Duration::from_secs(30);
            while !staging.exists()
                && child.try_wait().unwrap().is_none()
                && Instant::now() < deadline
            {
                std::hint::spin_loop();
            }
            std::thread::sleep(delay);
        }
        child.kill().unwrap();
        let status = child.wait().unwrap();
        let killed = status.code().is_none();
        let now = tree(&out);
        if killed && (staging.exists() || (now != expected[current] && now != expected[next])) {
            caught_writing += 1;
        }

        // One normal run, of any variant.
        let last = rng.below(3) as usize;
        write_stack(dir.path(), &variants[last]);
        let o = synth(dir.path()).output().unwrap();
        assert!(o.status.success(), "run {run}: {}", support::text(&o));
        let now = tree(&out);
        assert!(
            now == expected[last],
            "run {run}: out/ after a killed run and a normal one differs from a clean run:\n\
             extra: {:?}\nmissing: {:?}\ndiffering: {:?}",
            now.keys()
                .filter(|k| !expected[last].contains_key(*k))
                .collect::<Vec<_>>(),
            expected[last]
                .keys()
                .filter(|k| !now.contains_key(*k))
                .collect::<Vec<_>>(),
            now.keys()
                .filter(|k| expected[last].get(*k).is_some_and(|v| *v != now[*k]))
                .collect::<Vec<_>>(),
        );
        let o = synth(dir.path()).arg("--check").output().unwrap();
        assert!(o.status.success(), "run {run}: {}", support::text(&o));
        current = last;
    }
    eprintln!(
        "{caught_writing} of {RUNS} kills landed while synth was writing; a run takes {run_time:?}"
    );
    // Not a test of timing, a test that the test tests something: some kills landed
    // while files were being written.
    assert!(
        caught_writing >= RUNS / 8,
        "only {caught_writing} of {RUNS} kills landed while synth was writing"
    );
}
