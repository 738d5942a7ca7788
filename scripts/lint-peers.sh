#!/usr/bin/env bash
# Lints the reference peers and the Go bench client: gofmt + go vet, ruff (check + format).
# CI installs ruff (.ci/run); elsewhere: python3 -m pip install ruff==$RUFF_VERSION
set -euo pipefail
cd "$(dirname "$0")/.."
RUFF_VERSION=$(cat peers/python/ruff-version)

for dir in peers/go bench/native-client; do
  unformatted=$(gofmt -l "$dir")
  if [ -n "$unformatted" ]; then echo "gofmt: not formatted: $unformatted" >&2; exit 1; fi
  (cd "$dir" && GOTOOLCHAIN=local go vet ./...)
done

if ! python3 -m ruff --version >/dev/null 2>&1; then
  echo "ruff is not installed: python3 -m pip install ruff==$RUFF_VERSION" >&2
  exit 1
fi
python3 -m ruff check peers/python
python3 -m ruff format --check peers/python
