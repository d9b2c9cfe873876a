#!/usr/bin/env python3
"""Start/stop a local CloudFormation engine (LocalStack community runtime) on loopback.

Usage (from the repo root, with the venv made by tests/engine/setup.sh):
    .venv-engine/bin/python tests/engine/harness.py start  [--state-dir DIR]
    .venv-engine/bin/python tests/engine/harness.py env    [--state-dir DIR]   # prints shell exports
    .venv-engine/bin/python tests/engine/harness.py status [--state-dir DIR]
    .venv-engine/bin/python tests/engine/harness.py stop   [--state-dir DIR]
    .venv-engine/bin/python tests/engine/harness.py start --watch-pid PID   # stop when PID dies

The state dir (default: $ENGINE_STATE_DIR, else /tmp/apigw-synth-engine) holds
engine.json (pid, port, endpoint), engine.log and LocalStack's FILESYSTEM_ROOT.
Only the process recorded in engine.json (and the session it leads) is ever
signalled.

The LocalStack process gets tests/engine/cfn_ext on PYTHONPATH, which supplies
the AWS::ApiGateway::Authorizer CloudFormation resource provider (see README).
The engine must listen on loopback only: start() fails (and stops it) when any
process of its session has a listening socket on another address, and
listeners() reports them at any time. With --watch-pid, a small watchdog
process stops the engine when that process (the test) dies without stopping it,
for instance when it is killed. stop() fails when any process of the engine's
session survives.
Importable as a module too: start(), stop(), load_state(), aws_env(), listeners().
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


def session_pids(sid: int) -> list[int]:
    """Live processes whose session id is `sid` (the engine runs in its own session)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields after the command: state ppid pgrp session ...
        if int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return sorted(pids)


def listeners(state: dict) -> list[str]:
    """Listening TCP sockets and bound UDP sockets of the engine's processes, as "ip:port"."""
    import psutil  # in .venv-engine (a LocalStack dependency)

    found = []
    for pid in session_pids(state["pid"]):
        try:
            conns = psutil.Process(pid).net_connections(kind="inet")
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        for c in conns:
            if c.status == psutil.CONN_LISTEN or (c.type == socket.SOCK_DGRAM and c.laddr):
                found.append(f"{c.laddr.ip}:{c.laddr.port}")
    return sorted(set(found))


def non_loopback(addresses: list[str]) -> list[str]:
    return [a for a in addresses if not a.rsplit(":", 1)[0] in ("127.0.0.1", "::1")]


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


def start(state_dir: Path | None = None, port: int | None = None, timeout: float = 60.0,
          watch_pid: int | None = None) -> dict:
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
            state["listening"] = listeners(state)
            if bad := non_loopback(state["listening"]):
                stop(state_dir)
                raise SystemExit(f"engine listens on {bad}, not only on loopback; stopped it")
            state["startup_seconds"] = round(time.monotonic() - t0, 2)
            if watch_pid:
                state["watchdog"] = subprocess.Popen(
                    [sys.executable, str(Path(__file__).resolve()), "watch", "--state-dir", str(state_dir),
                     "--watch-pid", str(watch_pid)],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    start_new_session=True,
                ).pid
            (state_dir / "engine.json").write_text(json.dumps(state, indent=2) + "\n")
            return state
        time.sleep(0.2)
    stop(state_dir)
    raise SystemExit(f"engine not ready after {timeout}s; see {log_path}")


def stop(state_dir: Path | None = None, timeout: float = 15.0) -> bool:
    """Stops the recorded engine and every process of its session. Returns False when there
    was no engine state; raises SystemExit when a process of the session survives."""
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
    # leftovers of the session we created (pgid == sid == pid thanks to start_new_session)
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:  # reap if it is our child (module use)
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    t0 = time.monotonic()
    while (left := session_pids(pid)) and time.monotonic() - t0 < 5:
        time.sleep(0.1)
    watchdog = state.get("watchdog")
    if watchdog and watchdog != os.getpid() and _pid_alive(watchdog):
        os.kill(watchdog, signal.SIGTERM)
    (state_dir / "engine.json").unlink(missing_ok=True)
    if left:
        raise SystemExit(f"engine processes still alive after stop: {left}")
    return True


def watch(state_dir: Path, parent: int, interval: float = 0.5) -> int:
    """Watchdog: stops the engine when `parent` dies; exits when the engine is gone."""
    state_dir = state_dir.resolve()
    while True:
        state = load_state(state_dir)
        if not state or not _pid_alive(state["pid"]):
            return 0
        if not _pid_alive(parent):
            stop(state_dir)
            return 0
        time.sleep(interval)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["start", "stop", "env", "status", "watch"])
    ap.add_argument("--state-dir", type=Path, default=None)
    ap.add_argument("--port", type=int, default=None, help="default: a free loopback port")
    ap.add_argument("--watch-pid", type=int, default=None,
                    help="start: stop the engine when this process dies (a watchdog process)")
    args = ap.parse_args(argv)
    if args.command == "start":
        st = start(args.state_dir, args.port, watch_pid=args.watch_pid)
        print(f"engine ready: pid {st['pid']} at {st['endpoint']} "
              f"({st.get('startup_seconds', '?')} s), listening on {', '.join(st.get('listening', ['?']))}; log {st['log']}")
        return 0
    if args.command == "watch":
        return watch(args.state_dir or default_state_dir(), args.watch_pid)
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
