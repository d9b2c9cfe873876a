"""Serves one of the tests' Python linters (cfn-lint, checkov, openapi-spec-validator) on a
Unix socket, so that CI imports it once instead of once per run.

    python tool_server.py TOOL SOCKET

Run with the Python of the tool's venv. The server imports the tool, then forks a child for
each request (`tool_client.py`): the child takes the caller's arguments, working directory
and environment, runs the tool's own command-line entry point exactly as its executable
would, and sends back its exit code, stdout and stderr. A fork shares the imported modules
and nothing else between runs. A run of cfn-lint spends 3.5 s of CPU on imports before it
reads a template, checkov 4 to 6 s (docs/engine.md, "CI").
"""

import os
import resource
import signal
import socket
import struct
import sys
import tempfile
import time
import warnings


def entry_point(tool: str):
    """The function the tool's executable calls, with `sys.argv` set."""
    if tool == "cfn-lint":
        from cfnlint.runner import main

        return main
    if tool == "checkov":
        # As checkov's own executable runs it (its default `argv` is bound at import time).
        warnings.simplefilter("ignore", category=SyntaxWarning)
        from checkov.main import Checkov

        return lambda: Checkov(argv=sys.argv[1:]).run()
    if tool == "openapi-spec-validator":
        from openapi_spec_validator.__main__ import main

        return main
    raise SystemExit(f"tool_server: unknown tool {tool}")


def receive(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise EOFError("the client went away")
        data += chunk
    return data


def receive_strings(conn: socket.socket) -> list[str]:
    (count,) = struct.unpack("!I", receive(conn, 4))
    strings = []
    for _ in range(count):
        (size,) = struct.unpack("!I", receive(conn, 4))
        strings.append(receive(conn, size).decode("utf-8", "surrogateescape"))
    return strings


def serve_one(conn: socket.socket, tool: str, run) -> None:
    """In the child: one run of the tool for the request on `conn`."""
    argv = receive_strings(conn)
    cwd = receive_strings(conn)[0]
    environment = receive_strings(conn)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(dict(e.split("=", 1) for e in environment if "=" in e))
    started = time.monotonic()
    log = os.fdopen(os.dup(2), "w")  # the server's log
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(out.fileno(), 1)
    os.dup2(err.fileno(), 2)
    sys.argv = [tool, *argv]
    try:
        code = run()
    except SystemExit as e:
        code = e.code
    except BaseException as e:  # noqa: BLE001 - reported to the caller as the tool's crash
        import traceback

        traceback.print_exc()
        code = 1
        del e
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    reply = struct.pack("!i", code)
    for f in (out, err):
        f.seek(0)
        data = f.read()
        reply += struct.pack("!Q", len(data)) + data
    conn.sendall(reply)
    cpu = sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))
    files = [a for a in argv if not a.startswith("-")]
    print(f"{tool} exit {code}: {cpu:.1f} s CPU, "
          f"{time.monotonic() - started:.1f} s, {' '.join(os.path.basename(f) for f in files)}",
          file=log, flush=True)


def main() -> None:
    tool, path = sys.argv[1], sys.argv[2]
    run = entry_point(tool)
    if os.path.exists(path):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # Bound under a temporary name, renamed once listening: a client that sees the socket
    # can connect to it.
    listener.bind(path + ".new")
    listener.listen(64)
    os.rename(path + ".new", path)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children reaped by the kernel
    while True:
        conn, _ = listener.accept()
        if os.fork() == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the tool waits for its own
            listener.close()
            try:
                serve_one(conn, tool, run)
            finally:
                os._exit(0)
        conn.close()


if __name__ == "__main__":
    main()
