#!/usr/bin/env bash
# The two commands of the README:
#   ./dev.sh serve   installs what is missing, builds the playground and serves it on 127.0.0.1:8080
#   ./dev.sh test    installs what is missing and runs every test (what CI runs)
set -euo pipefail
cd "$(dirname "$0")"
export PATH="${CARGO_HOME:-${HOME:-/root}/.cargo}/bin:$PWD/node_modules/.bin:$PATH"

case "${1:-}" in
  serve)
    scripts/setup.sh build
    exec scripts/trunk.sh serve --release --address 127.0.0.1 --port "${PORT:-8080}"
    ;;
  test)
    scripts/setup.sh test
    exec scripts/test.sh
    ;;
  *)
    echo "usage: ./dev.sh serve | ./dev.sh test" >&2
    exit 2
    ;;
esac
