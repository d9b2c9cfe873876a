#!/usr/bin/env python3
"""Start/stop a local CloudFormation engine (LocalStack community runtime) on loopback.

Usage (from the repo root, with the venv made by tests/engine/setup.sh):
    .venv-engine/bin/python tests/engine/harness.py start  [--state-dir DIR]
    .venv-engine/bin/python tests/engine/harness.py env    [--state-dir DIR]   # prints shell exports
    .venv-engine/bin/python tests/engine/harness.py status [--state-dir DIR]
    .venv-engine/bin/python tests/engine/harness.py stop   [--state-dir DIR]

The state dir (default: $ENGINE_STATE_DIR, else /tmp/apigw-synth-engine) holds
engine.json (pid, port, endpoint), engine.log and LocalStack's FILESYSTEM_ROOT.
Only the process recorded in engine.json (and the session it leads) is ever
signalled.

The LocalStack process gets tests/engine/cfn_ext on PYTHONPATH, which supplies
the AWS::ApiGateway::Authorizer CloudFormation resource provider (see README).
Importable as a module too: start(), stop(), load_state(), aws_env().
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CFN_EXT = HERE / "cfn_ext"
DEFAULT_VENV = REPO / ".venv-engine"
REGION = "us-east-1"
# logged by cfn_ext/apigw_synth_cfn_ext/hooks.py at startup: proves the extension was loaded
EXT_MARKER = "apigw-synth test extension: AWS::ApiGateway::Stage update() installed"
ACCOUNT_ID = "000000000000"


def default_state_dir() -> Path:
    return Path(os.environ.get("ENGINE_STATE_DIR") or "/tmp/apigw-synth-engine")


def venv_python() -> Path:
    venv = Path(os.environ.get("ENGINE_VENV") or DEFAULT_VENV)
    return venv / "bin" / "python"


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child of ours counts as dead
    try:
        with open(f"/proc/{pid}/stat") as fd:
            return fd.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def load_state(state_dir: Path | None = None) -> dict | None:
    state_file = (state_dir or default_state_dir()) / "engine.json"
    if not state_file.exists():
        return None
    return json.loads(state_file.read_text())


def health(endpoint: str, timeout: float = 1.0) -> dict | None:
    try:
        with urllib.request.urlopen(f"{endpoint}/_localstack/health", timeout=timeout) as r:
            return json.loads(r.read())
    except Exception:
        return None


def aws_env(state: dict) -> dict:
    """Environment for the aws CLI / boto3 pointing at the engine."""
    return {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ENDPOINT_URL": state["endpoint"],
        "AWS_PAGER": "",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def start(state_dir: Path | None = None, port: int | None = None, timeout: float = 60.0) -> dict:
    state_dir = (state_dir or default_state_dir()).resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    existing = load_state(state_dir)
    if existing and _pid_alive(existing["pid"]) and health(existing["endpoint"]):
        print(f"engine already running: pid {existing['pid']} at {existing['endpoint']}", file=sys.stderr)
        return existing

    python = venv_python()
    if not python.exists():
        raise SystemExit(f"{python} not found: run tests/engine/setup.sh first")
    port = port or free_loopback_port()
    fs_root = state_dir / "fs"
    fs_root.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LOCALSTACK_"))}
    env.update(
        {
            # loopback only (hypercorn honours the host part; the default server binds 0.0.0.0)
            "GATEWAY_LISTEN": f"127.0.0.1:{port}",
            "GATEWAY_SERVER": "hypercorn",
            "DNS_ADDRESS": "0",
            "SKIP_SSL_CERT_DOWNLOAD": "1",
            "DISABLE_EVENTS": "1",
            "OVERRIDE_IN_DOCKER": "0",
            "FILESYSTEM_ROOT": str(fs_root),
            # Must stay on: the v2 engine's strict support check needs LocalStack's remote
            # catalog (not reachable offline) and would reject *every* type. Resource types
            # without a provider are then skipped silently; deploy_check.py catches that by
            # reading every resource back from the emulated APIs.
            "CFN_IGNORE_UNSUPPORTED_RESOURCE_TYPES": "1",
            # our Authorizer provider (plux finds it through the dist-info on this path)
            "PYTHONPATH": os.pathsep.join(
                [str(CFN_EXT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
            ),
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",  # no __pycache__ inside tests/engine/cfn_ext
        }
    )
    log_path = state_dir / "engine.log"
    log = open(log_path, "wb")  # fresh log per start
    proc = subprocess.Popen(
        [str(python), "-m", "localstack.runtime.main"],
        env=env,
        cwd=str(state_dir),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # own process group: stop() signals only this group
    )
    endpoint = f"http://127.0.0.1:{port}"
    state = {"pid": proc.pid, "port": port, "endpoint": endpoint, "log": str(log_path)}
    (state_dir / "engine.json").write_text(json.dumps(state, indent=2) + "\n")

    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"engine exited with {proc.returncode}; see {log_path}")
        h = health(endpoint)
        if h and h.get("services", {}).get("cloudformation") in ("available", "running"):
            if EXT_MARKER not in log_path.read_text(errors="replace"):
                stop(state_dir)
                raise SystemExit(f"engine up but the tests/engine/cfn_ext extension did not load; see {log_path}")
            state["startup_seconds"] = round(time.monotonic() - t0, 2)
            (state_dir / "engine.json").write_text(json.dumps(state, indent=2) + "\n")
            return state
        time.sleep(0.2)
    stop(state_dir)
    raise SystemExit(f"engine not ready after {timeout}s; see {log_path}")


def stop(state_dir: Path | None = None, timeout: float = 15.0) -> bool:
    state_dir = (state_dir or default_state_dir()).resolve()
    state = load_state(state_dir)
    if not state:
        return False
    pid = state["pid"]
    if _pid_alive(pid):
        os.kill(pid, signal.SIGTERM)
        t0 = time.monotonic()
        while _pid_alive(pid) and time.monotonic() - t0 < timeout:
            time.sleep(0.1)
        if _pid_alive(pid):
            os.kill(pid, signal.SIGKILL)
    # leftovers of the session we created (pgid == pid thanks to start_new_session)
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:  # reap if it is our child (module use)
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    (state_dir / "engine.json").unlink(missing_ok=True)
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["start", "stop", "env", "status"])
    ap.add_argument("--state-dir", type=Path, default=None)
    ap.add_argument("--port", type=int, default=None, help="default: a free loopback port")
    args = ap.parse_args(argv)
    if args.command == "start":
        st = start(args.state_dir, args.port)
        print(f"engine ready: pid {st['pid']} at {st['endpoint']} "
              f"({st.get('startup_seconds', '?')} s); log {st['log']}")
        return 0
    if args.command == "stop":
        print("engine stopped" if stop(args.state_dir) else "no engine state found")
        return 0
    st = load_state(args.state_dir)
    if args.command == "status":
        ok = bool(st and _pid_alive(st["pid"]) and health(st["endpoint"]))
        print(f"running: pid {st['pid']} at {st['endpoint']}" if ok else "not running")
        return 0 if ok else 1
    if not st:
        print("no engine state found", file=sys.stderr)
        return 1
    for k, v in aws_env(st).items():
        print(f"export {k}={v!s}" if v else f"export {k}=")
    return 0


if __name__ == "__main__":
    sys.exit(main())
