//! Synth benchmarks: medians over repeated runs (wall clock and the thread's own CPU time;
//! the cases run round robin, so that all see the same load), and the peak memory of a
//! process doing each case once. `cargo bench --bench synth`;
//! `BENCH_RUNS=N` sets the runs per case; `cargo bench --bench synth -- --instructions` also
//! counts the instructions of the 1,000- and 10,000-method cases under valgrind's callgrind
//! (deterministic, independent of the machine's load). `-- --document CASE FILE` writes a
//! case's OpenAPI export to FILE, to profile `import` on it.
//!
//! Cases: eshop-fcj in process; the whole `apigw-synth-stacks synth eshop-fcj` process (the
//! repository's program, what `cargo run` runs; and `synth` of every stack) against a bare process start (`/bin/true`); and, from
//! generated YAML stack files (loaded as `synth` loads them, then synthesized): 300 resources
//! × 5 methods; 10,000 methods (2,000 × 5); and 1,000 methods (200 × 5), to show that cost
//! grows linearly; and the OpenAPI export of the 1,000- and 10,000-method APIs.

#[path = "../stacks/mod.rs"]
#[allow(dead_code)]
mod stacks;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use apigw_synth::testing::generated_stack_file;

/// The allocator the binaries use (see `src/main.rs`), so that the in-process
/// cases measure what the command does.
#[global_allocator]
static ALLOCATOR: apigw_synth::Allocator = apigw_synth::Allocator::new();
use apigw_synth::{Format, Synthesized, stack_file, synthesize_stack};

/// The cases: name, and for the generated ones the stack file's (resources, methods each).
const CASES: [(&str, Option<(usize, usize)>); 4] = [
    ("eshop-fcj", None),
    ("1000-methods", Some((200, 5))),
    ("300x5", Some((300, 5))),
    ("10000-methods", Some((2000, 5))),
];

/// One case, ready to run: eshop-fcj's builders, or a generated stack file on disk.
enum Input {
    Rust(Box<apigw_synth::Stack>),
    File(PathBuf),
}

fn input(name: &str, dir: &Path) -> Input {
    match CASES.iter().find(|c| c.0 == name).expect("known case").1 {
        None => Input::Rust(Box::new(stacks::eshop_fcj::stack())),
        Some((resources, methods)) => {
            let path = dir.join(format!("bench-{name}.yaml"));
            let text = generated_stack_file(&format!("bench-{name}"), resources, methods);
            std::fs::write(&path, text).expect("write the stack file");
            Input::File(path)
        }
    }
}

/// What is measured: a stack file loaded as `synth` loads it, then synthesized (split where
/// needed) and rendered; eshop-fcj synthesized from its builders.
#[inline(never)]
fn run_case(input: &Input) -> Synthesized {
    match input {
        Input::Rust(stack) => synthesize_stack(stack, Format::Json).expect("synth"),
        Input::File(path) => {
            let loaded = stack_file::load(path).expect("load");
            synthesize_stack(loaded.stack(), Format::Json).expect("synth")
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = tempfile::tempdir().expect("temp dir");
    // Child mode: run one case once (peak memory, instruction counts).
    if let Some(i) = args.iter().position(|a| a == "--once") {
        let input = input(&args[i + 1], dir.path());
        std::hint::black_box(run_case(&input));
        return;
    }
    // Document mode: write the OpenAPI export of a case to a file, to profile `import` on it
    // (`--document 10000-methods /tmp/d.yaml`, then `perf record apigw-synth import ...`).
    if let Some(i) = args.iter().position(|a| a == "--document") {
        let synthesized = run_case(&input(&args[i + 1], dir.path()));
        let template = apigw_synth::review::synthesized_template(&synthesized).expect("inline");
        std::fs::write(&args[i + 2], export_case(&template)).expect("write the document");
        return;
    }
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it.
    // Then it is a smoke test: every case once, in a debug build, and no numbers to read.
    if !args.iter().any(|a| a == "--bench") {
        for (name, _) in CASES {
            std::hint::black_box(run_case(&input(name, dir.path())));
        }
        for template in export_inputs(dir.path()) {
            let document = export_case(&template);
            std::hint::black_box(import_case(&document));
        }
        println!(
            "bench smoke run: {} cases synthesized, exported and imported once (timings only with `cargo bench`)",
            CASES.len()
        );
        return;
    }
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);

    println!("runs per case: {runs} (BENCH_RUNS)");
    println!(
        "{:<34} {:>12} {:>12} {:>12}",
        "case", "median", "median CPU", "peak RSS"
    );
    // Round robin over the cases, so that every case runs under the same load.
    let inputs: Vec<Input> = CASES.iter().map(|c| input(c.0, dir.path())).collect();
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); CASES.len()];
    for round in 0..=runs.max(1) {
        for (i, input) in inputs.iter().enumerate() {
            let sample = measure(|| {
                std::hint::black_box(run_case(input));
            });
            // Round 0 warms up.
            if round > 0 {
                samples[i].push(sample);
            }
        }
    }
    let mut medians = Vec::new();
    for ((name, _), samples) in CASES.iter().zip(samples) {
        let median = median(samples);
        let rss =
            peak_rss(Command::new(std::env::current_exe().expect("self")).args(["--once", name]));
        println!(
            "{:<34} {:>12} {:>12} {:>12}",
            format!("in-process {name}"),
            show(median.wall),
            median.cpu.map(show).unwrap_or_else(|| "n/a".into()),
            rss
        );
        medians.push((*name, median));
    }

    // OpenAPI export of the synthesized 1,000- and 10,000-method APIs (their nested templates
    // inlined, as `openapi` reads them), rendered as YAML.
    let templates = export_inputs(dir.path());
    let mut export_samples: Vec<Vec<Sample>> = vec![Vec::new(); templates.len()];
    for round in 0..=runs.max(1) {
        for (i, template) in templates.iter().enumerate() {
            let sample = measure(|| {
                std::hint::black_box(export_case(template));
            });
            if round > 0 {
                export_samples[i].push(sample);
            }
        }
    }
    let export_medians: Vec<Median> = export_samples.into_iter().map(median).collect();
    for (name, m) in ["1000-methods", "10000-methods"]
        .iter()
        .zip(&export_medians)
    {
        println!(
            "{:<34} {:>12} {:>12}",
            format!("openapi export {name}"),
            show(m.wall),
            m.cpu.map(show).unwrap_or_else(|| "n/a".into()),
        );
    }

    // Import of those documents into a stack file (parsed, read, rendered as YAML): what
    // `import` does before it checks that the stack file synthesizes.
    let documents: Vec<String> = templates.iter().map(export_case).collect();
    let mut import_samples: Vec<Vec<Sample>> = vec![Vec::new(); documents.len()];
    for round in 0..=runs.max(1) {
        for (i, document) in documents.iter().enumerate() {
            let sample = measure(|| {
                std::hint::black_box(import_case(document));
            });
            if round > 0 {
                import_samples[i].push(sample);
            }
        }
    }
    let import_medians: Vec<Median> = import_samples.into_iter().map(median).collect();
    for ((name, m), document) in ["1000-methods", "10000-methods"]
        .iter()
        .zip(&import_medians)
        .zip(&documents)
    {
        println!(
            "{:<34} {:>12} {:>12}   ({} KiB of YAML)",
            format!("openapi import {name}"),
            show(m.wall),
            m.cpu.map(show).unwrap_or_else(|| "n/a".into()),
            document.len() / 1024,
        );
    }

    // Whole processes, round robin as well: `synth eshop-fcj` (the target), `synth` of every
    // stack in `stacks/`, and a bare process start. The program timed is a copy of the one
    // cargo linked, written with `write`: lld writes its output through a shared mapping, and
    // the file it leaves starts up to 1 ms slower until the kernel evicts it and reads it
    // again (docs/performance.md, "The page cache"), while `/bin/true` was read from disk.
    // The program as linked is timed too, for that difference.
    let linked = env!("CARGO_BIN_EXE_apigw-synth-stacks");
    let out = tempfile::tempdir().expect("temp dir");
    let copy = out.path().join("apigw-synth-stacks");
    std::fs::write(&copy, std::fs::read(linked).expect("read the program"))
        .expect("copy the program");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755))
            .expect("make the copy executable");
    }
    let copy = copy.to_str().expect("a UTF-8 temp path");
    let written = out.path().join("out");
    let processes: [(&str, &str, &[&str]); 4] = [
        (
            "process: apigw-synth-stacks synth eshop-fcj",
            copy,
            &["synth", "eshop-fcj", "--out"],
        ),
        (
            "process: apigw-synth-stacks synth (all)",
            copy,
            &["synth", "--out"],
        ),
        ("process: /bin/true", "/bin/true", &[]),
        (
            "process: the same eshop-fcj, as linked",
            linked,
            &["synth", "eshop-fcj", "--out"],
        ),
    ];
    let command = |program: &str, args: &[&str]| {
        let mut command = Command::new(program);
        command.args(args);
        if !args.is_empty() {
            command.arg(&written);
        }
        command
    };
    let mut process_samples: Vec<Vec<Sample>> = vec![Vec::new(); processes.len()];
    for round in 0..=runs.max(1) {
        for (i, (_, program, args)) in processes.iter().enumerate() {
            let sample = measure(|| {
                // Its notes (stderr) too: sixty lines of them would bury the table.
                let status = command(program, args)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .expect("start the process");
                assert!(status.success());
            });
            if round > 0 {
                process_samples[i].push(sample);
            }
        }
    }
    let mut process_medians = Vec::new();
    for ((name, program, args), samples) in processes.iter().zip(process_samples) {
        let wall = median(samples).wall;
        let rss = peak_rss(&mut command(program, args));
        println!("{name:<34} {:>12} {:>12} {rss:>12}", show(wall), "");
        process_medians.push(wall);
    }
    let (whole, all, bare, as_linked) = (
        process_medians[0],
        process_medians[1],
        process_medians[2],
        process_medians[3],
    );

    let get = |n: &str| {
        medians
            .iter()
            .find(|m| m.0 == n)
            .map(|m| m.1)
            .expect("measured")
    };
    let (small, large) = (get("1000-methods"), get("10000-methods"));
    let ratio = whole.as_secs_f64() / bare.as_secs_f64();
    println!();
    println!("targets:");
    println!("  whole-process synth of eshop-fcj / bare process: {ratio:.2}x (target <= 3x)");
    println!(
        "  (synth of every stack / bare process: {:.2}x; eshop-fcj with the program as lld left it: {:.2}x)",
        all.as_secs_f64() / bare.as_secs_f64(),
        as_linked.as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "  300 resources x 5 methods, stack file to templates: {} (target <= 50 ms)",
        show(get("300x5").wall)
    );
    println!(
        "  10,000 methods, stack file to templates: {} (target <= 1 s)",
        show(large.wall)
    );
    println!(
        "  10x the methods (1,000 -> 10,000), wall clock: {:.2}x the time (target <= 12x)",
        large.wall.as_secs_f64() / small.wall.as_secs_f64()
    );
    if let (Some(a), Some(b)) = (small.cpu, large.cpu) {
        println!(
            "  10x the methods (1,000 -> 10,000), CPU time: {:.2}x (target <= 12x)",
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
    println!(
        "  OpenAPI export of 10,000 methods: {} (target <= 1 s); 1,000 -> 10,000: {:.2}x",
        show(export_medians[1].wall),
        export_medians[1].wall.as_secs_f64() / export_medians[0].wall.as_secs_f64()
    );
    if args.iter().any(|a| a == "--instructions") {
        match (instructions("1000-methods"), instructions("10000-methods")) {
            (Some(a), Some(b)) => println!(
                "  10x the methods (1,000 -> 10,000), instructions: {a} -> {b}: {:.2}x \
                 (target <= 12x)",
                b as f64 / a as f64
            ),
            _ => println!("  instructions: valgrind's callgrind did not run"),
        }
    }
}

/// The synthesized templates of the 1,000- and 10,000-method cases, nested templates
/// inlined: what `openapi` exports.
fn export_inputs(dir: &Path) -> Vec<serde_json::Value> {
    ["1000-methods", "10000-methods"]
        .iter()
        .map(|name| {
            let synthesized = run_case(&input(name, dir));
            apigw_synth::review::synthesized_template(&synthesized).expect("inline")
        })
        .collect()
}

/// What is measured for an export: the OpenAPI document of `template`, as YAML.
#[inline(never)]
fn export_case(template: &serde_json::Value) -> String {
    let options = apigw_synth::openapi::ExportOptions::default();
    let document = apigw_synth::openapi::export(template, &options).expect("export");
    apigw_synth::openapi::to_yaml(&document)
}

/// What is measured for an import: the stack file of an exported `document` (YAML), as text.
#[inline(never)]
fn import_case(document: &str) -> String {
    let options = apigw_synth::import::ImportOptions::default();
    let imported =
        apigw_synth::import::import_str(document, Path::new("bench.openapi.yaml"), &options)
            .expect("import");
    assert!(imported.lossy.is_empty(), "{:?}", imported.lossy.first());
    imported.to_yaml()
}

/// Instructions executed inside `run_case` for one run of `case`, counted by callgrind.
fn instructions(case: &str) -> Option<u64> {
    let output = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--toggle-collect=*run_case*",
            "--callgrind-out-file=/dev/null",
        ])
        .arg(std::env::current_exe().ok()?)
        .args(["--once", case])
        .stdout(Stdio::null())
        .output()
        .ok()?;
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .find_map(|l| l.split("Collected : ").nth(1))
        .and_then(|n| n.split_whitespace().next()?.parse().ok())
}

/// The median wall-clock time of a run, and the median CPU time the thread itself spent
/// (which excludes the time other processes had the CPU).
#[derive(Debug, Clone, Copy)]
struct Median {
    wall: Duration,
    cpu: Option<Duration>,
}

/// The CPU time this thread has used (`CLOCK_THREAD_CPUTIME_ID`, nanosecond resolution).
fn thread_cpu() -> Option<Duration> {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `clock_gettime` writes only into the timespec we pass it.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    (status == 0).then(|| {
        Duration::new(
            u64::try_from(t.tv_sec).unwrap_or(0),
            u32::try_from(t.tv_nsec).unwrap_or(0),
        )
    })
}

/// One run's wall-clock and CPU time.
#[derive(Debug, Clone, Copy)]
struct Sample {
    wall: Duration,
    cpu: Option<Duration>,
}

fn measure(f: impl FnOnce()) -> Sample {
    let cpu = thread_cpu();
    let start = Instant::now();
    f();
    let wall = start.elapsed();
    Sample {
        wall,
        cpu: cpu.zip(thread_cpu()).map(|(before, after)| after - before),
    }
}

fn median(samples: Vec<Sample>) -> Median {
    let mut walls: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
    let mut cpus: Vec<Duration> = samples.iter().filter_map(|s| s.cpu).collect();
    walls.sort();
    cpus.sort();
    Median {
        wall: walls[walls.len() / 2],
        cpu: (cpus.len() == walls.len()).then(|| cpus[cpus.len() / 2]),
    }
}

fn show(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1000.0 {
        format!("{us:.0} µs")
    } else {
        format!("{:.2} ms", us / 1000.0)
    }
}

/// The peak resident set size of `command`, from GNU time's `-v` report.
fn peak_rss(command: &mut Command) -> String {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return "n/a".to_owned();
    }
    let mut wrapped = Command::new(time);
    wrapped
        .arg("-v")
        .arg(command.get_program())
        .args(command.get_args());
    let Ok(output) = wrapped.stdout(Stdio::null()).output() else {
        return "n/a".to_owned();
    };
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|kb| kb.trim().parse::<f64>().ok())
        .map(|kb| format!("{:.1} MiB", kb / 1024.0))
        .unwrap_or_else(|| "n/a".to_owned())
}
