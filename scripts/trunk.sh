#!/usr/bin/env bash
# Trunk with the shipped wasm's compiler settings (scripts/wasm_env.sh): every build or serve of
# the page goes through this, so the size step, the end-to-end tests, the benchmarks and
# `./dev.sh serve` all see what is published. Trunk itself has no way to set cargo's environment.
#   scripts/trunk.sh build --release [--dist DIR]     scripts/trunk.sh serve --release ...
set -euo pipefail
. "$(dirname "$0")/wasm_env.sh"
exec trunk "$@"
