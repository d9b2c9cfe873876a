//! Same stacks, same bytes: two synth processes in different checkouts (other absolute
//! paths, one with a space), locales, time zones, home directories, and stack files created
//! in the opposite order under other names write byte-identical `out/` trees, in JSON and
//! YAML, and no output holds a path, a user's home or today's date.

use crate::support;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Stack files as (stack name, contents); each sets `stack:`, so file names don't matter.
fn stack_files() -> Vec<(&'static str, String)> {
    let orders = fs::read_to_string(support::root().join("stacks/orders-preview.yaml")).unwrap();
    let status = "\
stack: status
api:
  name: status
  cors: {}
  routes:
    /health:
      GET: { mock: true, public: true }
    /health/{check}:
      GET: { lambda: run-check, public: true }
"
    .to_owned();
    let catalog = "\
stack: catalog
parameters:
  PoolArn: { type: String }
api:
  name: catalog
  authorizers:
    staff:
      cognito: { userPoolArns: [{ ref: PoolArn }] }
      resultTtlSeconds: 0
  defaultAuthorizer: staff
  routes:
    /products/{id}:
      PUT: { lambda: put-product, scopes: [catalog/write] }
      GET: { lambda: get-product }
    /products:
      POST: { lambda: create-product }
      ANY: { lambda: products-fallback }
"
    .to_owned();
    vec![
        ("orders-preview", orders),
        ("status", status),
        ("catalog", catalog),
    ]
}

struct Machine<'a> {
    checkout: &'a Path,
    names: [&'a str; 3],
    reverse: bool,
    env: [(&'a str, &'a str); 3],
    absolute_args: bool,
}

/// Lays the stack files out as `machine` does and runs synth there, in both formats.
fn synth_on(machine: &Machine) -> BTreeMap<String, Vec<u8>> {
    let stacks = machine.checkout.join("stacks");
    fs::create_dir_all(&stacks).unwrap();
    let mut files: Vec<(&str, String)> = machine
        .names
        .iter()
        .copied()
        .zip(stack_files().into_iter().map(|(_, text)| text))
        .collect();
    if machine.reverse {
        files.reverse();
    }
    for (name, text) in files {
        fs::write(stacks.join(name), text).unwrap();
    }
    let home = machine.checkout.join("home");
    fs::create_dir_all(&home).unwrap();
    let out = machine.checkout.join("out");
    let (stacks_arg, out_arg) = if machine.absolute_args {
        (stacks.display().to_string(), out.display().to_string())
    } else {
        ("stacks".to_owned(), "out".to_owned())
    };
    let mut tree = BTreeMap::new();
    for format in ["json", "yaml"] {
        let output = support::bin()
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .envs(machine.env)
            .current_dir(machine.checkout)
            .args(["synth", "--stacks", &stacks_arg, "--out", &out_arg])
            .args(["--format", format])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        // Each run owns `out/` (the other format's files go), so read it after each.
        for entry in fs::read_dir(&out).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            tree.insert(format!("{format}: {name}"), fs::read(&path).unwrap());
        }
    }
    tree
}

#[test]
fn two_machines_write_the_same_bytes() {
    let root = tempfile::tempdir().unwrap();
    let a = root.path().join("ci/build/apigw-synth");
    let b = root.path().join("Users/some one/src/deep/checkout");
    let first = synth_on(&Machine {
        checkout: &a,
        names: ["a.yaml", "b.yml", "c.json.yaml"],
        reverse: false,
        env: [("LANG", "C"), ("LC_ALL", "C"), ("TZ", "UTC")],
        absolute_args: false,
    });
    let second = synth_on(&Machine {
        checkout: &b,
        names: ["zz-orders.yaml", "00-status.yml", "m.yaml"],
        reverse: true,
        env: [
            ("LANG", "tr_TR.UTF-8"),
            ("LC_ALL", "tr_TR.UTF-8"),
            ("TZ", "Pacific/Kiritimati"),
        ],
        absolute_args: true,
    });
    // The compiled-in Rust stack and the three stack files, and the manifest, in two formats.
    assert_eq!(first.len(), 10, "{:?}", first.keys());
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first {
        assert!(
            second[name] == *bytes,
            "{name} differs between the two machines"
        );
    }
}

#[test]
fn no_output_holds_a_path_a_home_or_the_date() {
    let root = tempfile::tempdir().unwrap();
    let checkout = root.path().join("checkout");
    let tree = synth_on(&Machine {
        checkout: &checkout,
        names: ["one.yaml", "two.yaml", "three.yaml"],
        reverse: false,
        env: [("LANG", "C"), ("LC_ALL", "C"), ("TZ", "UTC")],
        absolute_args: true,
    });
    let today = std::process::Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap();
    assert_eq!(today.len(), 10, "date +%Y-%m-%d gave {today:?}");
    let forbidden = [
        root.path().display().to_string(),
        checkout.join("home").display().to_string(),
        support::root().display().to_string(),
        "/tmp/".to_owned(),
        today,
    ];
    for (name, bytes) in &tree {
        let text = String::from_utf8_lossy(bytes);
        for f in &forbidden {
            assert!(!text.contains(f.as_str()), "{name} holds {f}");
        }
    }
}
