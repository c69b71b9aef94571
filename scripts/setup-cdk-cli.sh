#!/usr/bin/env bash
# Installs the AWS CDK CLI (npm aws-cdk) and cdklocal (npm aws-cdk-local), pinned in
# infra-cdk/package.json (+ package-lock.json), into the project-local .local/cdk-cli.
# Idempotent: a marker holding the hash of package.json + lock makes re-runs no-ops.
# Needs Node.js 20+ and npm (no global install, no sudo).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${ROOT}/.local/cdk-cli"
SRC="${ROOT}/infra-cdk"

command -v npm >/dev/null 2>&1 || { echo "ERROR: npm (Node.js 20+) is required for the CDK CLI" >&2; exit 1; }

HASH="$( { cat "${SRC}/package.json"; [[ -f "${SRC}/package-lock.json" ]] && cat "${SRC}/package-lock.json"; true; } | sha256sum | cut -c1-16)"
MARKER="${DIR}/.orderstream-cdk-cli-${HASH}"
if [[ -f "${MARKER}" && -x "${DIR}/node_modules/.bin/cdk" && -x "${DIR}/node_modules/.bin/cdklocal" ]]; then
  echo "CDK CLI already installed in ${DIR}"
  exit 0
fi

mkdir -p "${DIR}"
rm -f "${DIR}"/.orderstream-cdk-cli-*
cp "${SRC}/package.json" "${DIR}/package.json"
if [[ -f "${SRC}/package-lock.json" ]]; then
  cp "${SRC}/package-lock.json" "${DIR}/package-lock.json"
  (cd "${DIR}" && npm ci --no-audit --no-fund --loglevel=error)
else
  (cd "${DIR}" && npm install --no-audit --no-fund --loglevel=error)
  cp "${DIR}/package-lock.json" "${SRC}/package-lock.json"
fi
"${DIR}/node_modules/.bin/cdk" --version >/dev/null
touch "${MARKER}"
echo "CDK CLI $("${DIR}/node_modules/.bin/cdk" --version 2>/dev/null | head -1) installed in ${DIR}"
