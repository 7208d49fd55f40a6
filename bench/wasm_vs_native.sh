#!/usr/bin/env bash
# Native vs wasm speed on one scenario (default: the engine bench's 1-million-request warm
# Poisson workload), timed from one node process by bench/wasm_vs_native.mjs. Three wasm builds:
#   shipped: exactly what the page publishes (`scripts/trunk.sh build --release`: the size-optimised
#            wasm-release profile and standard library, plus wasm-opt), built into
#            target/bench-dist so dist/ is left alone;
#   o3:      the same crate with the native release profile (opt-level 3; the engine's wasm-only
#            `inline(always)` marks apply), through wasm-bindgen, to separate the cost of wasm
#            itself from the cost of optimising for size;
#   engine-o3: the shipped build (its settings from scripts/wasm_env.sh) with coldstart-engine at
#            opt-level 3 without the MIR-inliner flags, as the page built it from the sixth to the
#            nineteenth round (the wasm-only inline attributes stay; at 3 they change little),
#            through wasm-opt -Os like the page: what the engine at `s` with its event loop
#            compiled for speed costs in speed, against the bytes it saves.
#
#   bench/wasm_vs_native.sh [SCENARIO] [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-${HOME:-/root}/.cargo}/bin:$PWD/node_modules/.bin:$PATH"
scenario=${1:-bench/warm-poisson-1m.json}
repeat=${2:-7}
target=${CARGO_TARGET_DIR:-target}

cargo build --release -q -p coldstart-cli
scripts/trunk.sh build --release --dist "$target/bench-dist" >/dev/null 2>&1 \
  || { echo "scripts/trunk.sh build --release failed; run it by hand to see why" >&2; exit 1; }
cargo build --release -q --target wasm32-unknown-unknown -p coldstart-web
wasm-bindgen --target web --out-dir "$target/bench-wasm-o3" \
  "$target/wasm32-unknown-unknown/release/coldstart_web.wasm"

# A profile of its own that inherits the page's: a `--config` list is appended to the config
# file's, not put in its place, so only a fresh profile drops the engine's MIR-inliner flags.
(. scripts/wasm_env.sh
 CARGO_TARGET_DIR="$target/engine-o3" cargo build -q --profile bench-engine-o3 \
   --target wasm32-unknown-unknown -p coldstart-web \
   --config 'profile.bench-engine-o3.inherits="wasm-release"' \
   --config 'profile.bench-engine-o3.package.coldstart-engine.opt-level=3' \
   --config 'profile.bench-engine-o3.package.coldstart-engine.rustflags=[]')
wasm-bindgen --target web --out-dir "$target/bench-wasm-engine-o3" \
  "$target/engine-o3/wasm32-unknown-unknown/bench-engine-o3/coldstart_web.wasm"
# index.html's wasm-opt options for the page's modules.
wasm-opt -Os --low-memory-unused --strip-producers --strip-target-features --enable-bulk-memory \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  -o "$target/bench-wasm-engine-o3/coldstart_web_bg.wasm" \
  "$target/bench-wasm-engine-o3/coldstart_web_bg.wasm"
# The first module only (the shipped dist also holds the second, coldstart-web-tools_bg.wasm).
shipped_wasm=$(ls "$target"/bench-dist/coldstart-web-*_bg.wasm | grep -v '/coldstart-web-tools_bg\.wasm$')
for file in "$shipped_wasm" "$target/bench-wasm-engine-o3/coldstart_web_bg.wasm"; do
  printf '%s: %d bytes gzip -9\n' "$file" "$(gzip -9 -c "$file" | wc -c)"
done

node bench/wasm_vs_native.mjs "$target/release/coldstart" "$scenario" "$repeat" \
  "shipped=$target/bench-dist" "o3=$target/bench-wasm-o3" "engine-o3=$target/bench-wasm-engine-o3"
