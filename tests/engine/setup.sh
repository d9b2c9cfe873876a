#!/usr/bin/env bash
# Idempotently create .venv-engine (repo root) with the local CloudFormation engine
# (LocalStack community runtime) and awscli v1, pinned by .ci/requirements-engine.txt.
# Needs Python >= 3.12 (localstack-core 2026.3.0) and PyPI; nothing else from the network.
#   tests/engine/setup.sh            # create/refresh the venv (no-op when up to date)
#   ENGINE_VENV=/path tests/engine/setup.sh
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${ENGINE_VENV:-$REPO/.venv-engine}"
REQ="$REPO/.ci/requirements-engine.txt"

pick_python() {
  local c
  for c in "${ENGINE_PYTHON:-}" python3.13 /root/.pyenv/versions/3.13.0/bin/python3 \
           /root/.pyenv/versions/3.13*/bin/python3 python3.12 /root/.pyenv/versions/3.12*/bin/python3 python3; do
    [ -n "$c" ] || continue
    # pyenv shims exist even when the version is not selected: actually run it
    if "$c" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
      echo "$c"; return 0
    fi
  done
  echo "setup.sh: no Python >= 3.12 found (tried python3.13, pyenv 3.13/3.12, python3.12, python3)" >&2
  return 1
}

stamp_of() {  # what the venv was built from: requirements content + interpreter version
  { sha256sum "$REQ" | cut -d' ' -f1; "$1" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1
}

if [ -x "$VENV/bin/python" ] && [ -f "$VENV/.engine-stamp" ] \
   && [ "$(cat "$VENV/.engine-stamp")" = "$(stamp_of "$VENV/bin/python")" ] \
   && "$VENV/bin/python" -c 'import localstack, boto3, awscli' >/dev/null 2>&1; then
  echo "setup.sh: $VENV is up to date"
  exit 0
fi

start=$(date +%s)
if ! "$VENV/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
  PY="$(pick_python)"
  echo "setup.sh: creating $VENV with $PY ($("$PY" --version 2>&1))"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ"
"$VENV/bin/python" -m pip check
"$VENV/bin/python" -c 'import localstack, boto3, awscli' 
stamp_of "$VENV/bin/python" > "$VENV/.engine-stamp"
echo "setup.sh: $VENV ready in $(( $(date +%s) - start )) s ($("$VENV/bin/aws" --version 2>&1))"
