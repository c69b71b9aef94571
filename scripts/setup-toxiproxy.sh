#!/usr/bin/env bash
# Toxiproxy server (Shopify/toxiproxy v2.12.0) for the reliability tests' dependency faults, built from
# the Go module proxy into .local/bin/toxiproxy-server. Idempotent: does nothing when the binary of
# this version is already there. Needs Go 1.22+ on PATH (or at /usr/local/go/bin); without Go it says
# so and exits 0, and the Toxiproxy tests skip themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=v2.12.0
BIN_DIR="$PWD/.local/bin"
BIN="$BIN_DIR/toxiproxy-server"
STAMP="$BIN_DIR/.toxiproxy-server.version"

if [[ -x "$BIN" && -f "$STAMP" && "$(cat "$STAMP")" == "$VERSION" ]]; then
  exit 0
fi
GO=$(command -v go || true)
if [[ -z "$GO" && -x /usr/local/go/bin/go ]]; then
  GO=/usr/local/go/bin/go
fi
if [[ -z "$GO" ]]; then
  echo "setup-toxiproxy: Go is not installed; the Toxiproxy fault tests will be skipped" >&2
  exit 0
fi
mkdir -p "$BIN_DIR"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "setup-toxiproxy: building toxiproxy server $VERSION" >&2
GOBIN="$tmp" GOFLAGS=-mod=mod "$GO" install "github.com/Shopify/toxiproxy/v2/cmd/server@$VERSION"
mv "$tmp/server" "$BIN"
echo "$VERSION" > "$STAMP"
