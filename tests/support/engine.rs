//! The local CloudFormation engine (LocalStack community on loopback, see
//! tests/engine/README.md), started and stopped around a test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::root;
pub(crate) use super::text;

/// A user pool ARN of the engine's fixed account (the engine has no Cognito).
pub(crate) const POOL: &str =
    "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abcdefghi";

pub(crate) fn venv_python() -> PathBuf {
    let python = root().join(".venv-engine/bin/python");
    assert!(
        python.exists(),
        "the engine's venv is missing: run `bash tests/engine/setup.sh` (done by .ci/run)"
    );
    python
}

/// The engine process, on loopback only. Dropping it stops the engine, however the test
/// ends; if this process dies without unwinding, the harness's watchdog stops it.
pub(crate) struct Engine {
    python: PathBuf,
    state: tempfile::TempDir,
}

impl Engine {
    pub(crate) fn start() -> Self {
        let python = venv_python();
        let state = tempfile::tempdir().unwrap();
        let engine = Engine { python, state };
        let me = std::process::id().to_string();
        let o = engine.harness(&["start", "--watch-pid", &me]);
        assert!(o.status.success(), "engine did not start:\n{}", text(&o));
        println!("{}", text(&o));
        engine
    }

    pub(crate) fn harness(&self, args: &[&str]) -> Output {
        self.try_harness(args).unwrap()
    }

    pub(crate) fn try_harness(&self, args: &[&str]) -> std::io::Result<Output> {
        Command::new(&self.python)
            .arg(root().join("tests/engine/harness.py"))
            .args(args)
            .arg("--state-dir")
            .arg(self.state.path())
            .output()
    }

    /// Stops the engine and fails if any process of it survives.
    pub(crate) fn stop(self) {
        let o = self.harness(&["stop"]);
        assert!(o.status.success(), "engine did not stop:\n{}", text(&o));
        assert_eq!(text(&o).trim(), "engine stopped");
    }

    /// The environment the `aws` CLI needs to reach the engine.
    pub(crate) fn env(&self) -> Vec<(String, String)> {
        let o = self.harness(&["env"]);
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter_map(|l| l.strip_prefix("export "))
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    pub(crate) fn deploy_check(&self, template: &Path, stack: &str, extra: &[&str]) -> Output {
        let o = Command::new(&self.python)
            .arg(root().join("tests/engine/deploy_check.py"))
            .arg(template)
            .args(["--stack-name", stack, "--state-dir"])
            .arg(self.state.path())
            .args(extra)
            .output()
            .unwrap();
        println!("{}", text(&o));
        o
    }

    pub(crate) fn endpoint(&self) -> String {
        self.env()
            .into_iter()
            .find(|(k, _)| k == "AWS_ENDPOINT_URL")
            .map(|(_, v)| v)
            .expect("harness env names the endpoint")
    }

    pub(crate) fn aws(&self, args: &[&str]) -> Output {
        Command::new(self.python.with_file_name("aws"))
            .envs(self.env())
            .args(["--endpoint-url", &self.endpoint(), "--region", "us-east-1"])
            .args(args)
            .output()
            .unwrap()
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        // After `stop()` there is no engine state left and this is a no-op.
        let _ = self.try_harness(&["stop"]);
    }
}

impl Engine {
    /// The harness state directory (engine pid, port and log).
    pub(crate) fn state_dir(&self) -> &Path {
        self.state.path()
    }
}
