//! Synth benchmarks: medians over repeated runs, and the peak memory of a process doing
//! each case once. `cargo bench --bench synth`; `BENCH_RUNS=N` sets the runs per case.
//!
//! Cases: eshop-fcj in process; the whole `apigw-synth synth` process for eshop-fcj against a
//! bare process start (`/bin/true`); 300 resources × 5 methods; 10,000 methods (2,000 × 5);
//! and 1,000 methods, to show that cost grows linearly.

#[path = "../stacks/mod.rs"]
#[allow(dead_code)]
mod stacks;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use apigw_synth::testing::generated_stack;
use apigw_synth::{Format, Stack, synthesize_stack};

/// The in-process cases: name, the stack builder.
fn case(name: &str) -> Option<Stack> {
    match name {
        "eshop-fcj" => Some(stacks::eshop_fcj::stack()),
        "1000-methods" => Some(generated_stack("bench-1k", 200, 5)),
        "300x5" => Some(generated_stack("bench-300", 300, 5)),
        "10000-methods" => Some(generated_stack("bench-10k", 2000, 5)),
        _ => None,
    }
}

const CASES: [&str; 4] = ["eshop-fcj", "1000-methods", "300x5", "10000-methods"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // Child mode: synthesize one case once (for the peak-memory measurement).
    if let Some(i) = args.iter().position(|a| a == "--once") {
        let stack = case(&args[i + 1]).expect("known case");
        let s = synthesize_stack(&stack, Format::Json).expect("synth");
        std::hint::black_box(s);
        return;
    }
    // `cargo bench` passes `--bench`; any other argument filters nothing.
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);

    println!("runs per case: {runs} (BENCH_RUNS)");
    println!("{:<34} {:>12} {:>14}", "case", "median", "peak RSS");
    let mut medians = Vec::new();
    for name in CASES {
        let stack = case(name).expect("known case");
        let median = median_of(runs, || {
            let s = synthesize_stack(&stack, Format::Json).expect("synth");
            std::hint::black_box(s);
        });
        let rss =
            peak_rss(Command::new(std::env::current_exe().expect("self")).args(["--once", name]));
        println!(
            "{:<34} {:>12} {:>14}",
            format!("in-process {name}"),
            show(median),
            rss
        );
        medians.push((name, median));
    }

    let bin = env!("CARGO_BIN_EXE_apigw-synth");
    let out = tempfile::tempdir().expect("temp dir");
    let synth = || {
        let status = Command::new(bin)
            .args(["synth", "--out"])
            .arg(out.path())
            .stdout(Stdio::null())
            .status()
            .expect("run apigw-synth");
        assert!(status.success());
    };
    synth();
    let whole = median_of(runs, synth);
    let bare = median_of(runs, || {
        let status = Command::new("/bin/true").status().expect("run /bin/true");
        assert!(status.success());
    });
    let synth_rss = peak_rss(Command::new(bin).args(["synth", "--out"]).arg(out.path()));
    let bare_rss = peak_rss(&mut Command::new("/bin/true"));
    println!(
        "{:<34} {:>12} {:>14}",
        "process: apigw-synth synth",
        show(whole),
        synth_rss
    );
    println!(
        "{:<34} {:>12} {:>14}",
        "process: /bin/true",
        show(bare),
        bare_rss
    );

    let get = |n: &str| {
        medians
            .iter()
            .find(|m| m.0 == n)
            .map(|m| m.1)
            .unwrap_or_default()
    };
    let ratio = whole.as_secs_f64() / bare.as_secs_f64();
    let growth = get("10000-methods").as_secs_f64() / get("1000-methods").as_secs_f64();
    println!();
    println!("targets:");
    println!("  whole-process eshop-fcj / bare process: {ratio:.2}x (target <= 3x)");
    println!(
        "  300 resources x 5 methods: {} (target <= 50 ms)",
        show(get("300x5"))
    );
    println!(
        "  10,000 methods: {} (target <= 1 s)",
        show(get("10000-methods"))
    );
    println!("  10x the methods (1,000 -> 10,000): {growth:.2}x the time (target <= 12x)");
}

fn median_of(runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
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
