"""Runs a linter through its `tool_server.py`: sends this process's arguments, working
directory and environment, prints what the tool printed, and exits with its code.

    python3 -S tool_client.py SOCKET ARGS...

Standard library only, so that it starts in milliseconds; `.ci/run` puts it behind the
`$CFN_LINT`, `$CHECKOV` and `$OPENAPI_SPEC_VALIDATOR` the tests run.
"""

import os
import socket
import struct
import sys
import time


def strings(values):
    data = struct.pack("!I", len(values))
    for v in values:
        b = v.encode("utf-8", "surrogateescape")
        data += struct.pack("!I", len(b)) + b
    return data


def receive(conn, size):
    data = b""
    while len(data) < size:
        chunk = conn.recv(min(size - len(data), 1 << 20))
        if not chunk:
            sys.exit(f"tool_client: the server at {sys.argv[1]} closed the connection mid-run")
        data += chunk
    return data


def main():
    path = sys.argv[1]
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    deadline = time.monotonic() + 120  # the server may still be importing the tool
    while True:
        try:
            conn.connect(path)
            break
        except (FileNotFoundError, ConnectionRefusedError):
            if time.monotonic() > deadline:
                sys.exit(f"tool_client: no server at {path}")
            time.sleep(0.1)
    environment = [f"{k}={v}" for k, v in os.environ.items()]
    conn.sendall(strings(sys.argv[2:]) + strings([os.getcwd()]) + strings(environment))
    (code,) = struct.unpack("!i", receive(conn, 4))
    for stream in (sys.stdout.buffer, sys.stderr.buffer):
        (size,) = struct.unpack("!Q", receive(conn, 8))
        stream.write(receive(conn, size))
        stream.flush()
    sys.exit(code)


main()
