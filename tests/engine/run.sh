#!/usr/bin/env bash
# One-shot: set up the venv, start a private engine, deploy_check each template, stop the engine.
#   tests/engine/run.sh                          # out/*.template.json, else the dev fixture
#   tests/engine/run.sh out/a.template.json ...  # given templates
# Extra deploy_check options can be passed through DEPLOY_CHECK_ARGS (e.g. "--no-update").
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="${ENGINE_VENV:-$REPO/.venv-engine}"
"$REPO/tests/engine/setup.sh"

if [ "$#" -eq 0 ]; then
  shopt -s nullglob
  set -- "$REPO"/out/*.template.json
  [ "$#" -gt 0 ] || set -- "$REPO/tests/engine/fixtures/sample.template.json"
fi

export ENGINE_STATE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/apigw-synth-engine.XXXXXX")"
cleanup() { "$VENV/bin/python" "$REPO/tests/engine/harness.py" stop >/dev/null || true; rm -rf "$ENGINE_STATE_DIR"; }
trap cleanup EXIT
"$VENV/bin/python" "$REPO/tests/engine/harness.py" start

rc=0
for tpl in "$@"; do
  # shellcheck disable=SC2086
  "$VENV/bin/python" "$REPO/tests/engine/deploy_check.py" "$tpl" ${DEPLOY_CHECK_ARGS:-} || {
    rc=1; echo "engine log tail:"; tail -n 40 "$ENGINE_STATE_DIR/engine.log" || true; }
done
exit $rc
