#!/usr/bin/env bash
# Installs LocalStack into a project-local virtualenv (.local/venv-localstack, relative to the repo root)
# so the test harness (io.orderstream.harness.LocalStack) can start it as a plain host process.
# No Docker is needed. Idempotent: a marker file records the installed version; re-runs are no-ops.
#
# Why these pins:
#  - LocalStack 4.14.0 needs Python >= 3.13 (it uses warnings.deprecated and PEP 695 syntax).
#  - `uv --exclude-newer` resolves the dependency set as it was on LocalStack 4.14.0's release day;
#    newer releases of some transitive dependencies (cbor2, pyOpenSSL) break it.
set -euo pipefail

LOCALSTACK_VERSION="4.14.0"
EXCLUDE_NEWER="2026-02-27"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ROOT}/.local/venv-localstack"
MARKER="${VENV}/.orderstream-localstack-${LOCALSTACK_VERSION}"

if [[ -f "${MARKER}" && -x "${VENV}/bin/python" ]]; then
  echo "LocalStack ${LOCALSTACK_VERSION} already installed in ${VENV}"
  exit 0
fi

# A candidate counts only if it actually runs and reports Python >= 3.13
# (pyenv shims exist on PATH even for versions that are not activated, and then fail).
python_ok() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 13) else 1)' >/dev/null 2>&1
}

PY=""
candidates=()
for name in python3.13 python3.14 python3; do
  if command -v "${name}" >/dev/null 2>&1; then candidates+=("$(command -v "${name}")"); fi
done
shopt -s nullglob
for p in "${HOME}"/.pyenv/versions/3.13*/bin/python3.13 "${HOME}"/.pyenv/versions/3.14*/bin/python3.14 \
         /usr/local/bin/python3.13 /usr/local/bin/python3.14 /usr/bin/python3.13 /usr/bin/python3.14; do
  candidates+=("${p}")
done
shopt -u nullglob
for c in "${candidates[@]}"; do
  if python_ok "${c}"; then PY="${c}"; break; fi
done

if [[ -z "${PY}" ]]; then
  echo "ERROR: LocalStack ${LOCALSTACK_VERSION} needs Python >= 3.13, and none was found" >&2
  echo "       (looked at python3.13/python3.14/python3 on PATH and ~/.pyenv/versions/3.13*, 3.14*)." >&2
  echo "       Install Python 3.13 (e.g. 'pyenv install 3.13') and re-run this script." >&2
  exit 1
fi
echo "Using ${PY} ($("${PY}" --version 2>&1))"

mkdir -p "${ROOT}/.local"
if [[ ! -x "${VENV}/bin/python" ]] || ! python_ok "${VENV}/bin/python"; then
  rm -rf "${VENV}"
  "${PY}" -m venv "${VENV}"
fi
"${VENV}/bin/pip" install -q uv
"${VENV}/bin/uv" pip install -p "${VENV}/bin/python" -q --exclude-newer "${EXCLUDE_NEWER}" \
  "localstack-core[runtime]==${LOCALSTACK_VERSION}"

# Smoke check: the runtime entry point must import.
"${VENV}/bin/python" -c 'import localstack.runtime.main' >/dev/null

touch "${MARKER}"
echo "LocalStack ${LOCALSTACK_VERSION} installed in ${VENV}"
echo "Start it (the harness does this itself):"
echo "  GATEWAY_LISTEN=127.0.0.1:4566 SERVICES=s3,firehose,cloudwatch,sns,sqs,sts,iam,kms,logs ${VENV}/bin/python -m localstack.runtime.main"
