#!/usr/bin/env bash
# Native vs wasm speed on one scenario (default: the engine bench's 1-million-request warm
# Poisson workload), timed from one node process by bench/wasm_vs_native.mjs. Two wasm builds:
#   shipped: exactly what the page publishes (`trunk build --release`: the size-optimised
#            wasm-release profile plus wasm-opt), built into target/bench-dist so dist/ is left alone;
#   o3:      the same crate with the native release profile (opt-level 3), through wasm-bindgen,
#            to separate the cost of wasm itself from the cost of optimising for size.
#
#   bench/wasm_vs_native.sh [SCENARIO] [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-${HOME:-/root}/.cargo}/bin:$PWD/node_modules/.bin:$PATH"
scenario=${1:-bench/warm-poisson-1m.json}
repeat=${2:-7}
target=${CARGO_TARGET_DIR:-target}

cargo build --release -q -p coldstart-cli
trunk build --release --dist "$target/bench-dist" >/dev/null 2>&1 \
  || { echo "trunk build --release failed; run it by hand to see why" >&2; exit 1; }
cargo build --release -q --target wasm32-unknown-unknown -p coldstart-web
wasm-bindgen --target web --out-dir "$target/bench-wasm-o3" \
  "$target/wasm32-unknown-unknown/release/coldstart_web.wasm"

node bench/wasm_vs_native.mjs "$target/release/coldstart" "$scenario" "$repeat" \
  "shipped=$target/bench-dist" "o3=$target/bench-wasm-o3"
