#!/usr/bin/env bash
# Installs, idempotently, every tool the build and the tests need on a fresh Debian machine.
# Versions are pinned because newer ones are known not to work here (see docs/toolchain.md).
#   scripts/setup.sh build   -> wasm target, the standard library's sources and dependencies,
#                               trunk, wasm-bindgen-cli, npm packages (wasm-opt, terser)
#   scripts/setup.sh test    -> the above plus Debian chromium + chromium-driver
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must equal the wasm-bindgen version in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock 2>/dev/null || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}

say() { printf '[setup] %s\n' "$*" >&2; }

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

# The shipped wasm compiles the standard library itself (scripts/wasm_env.sh): its sources are
# rustup's rust-src component, and its dependencies (std's own Cargo.lock) must be in cargo's
# cache, since Trunk builds --offline. RUSTC_BOOTSTRAP: std's manifest names an unstable cargo
# feature. --locked: std's lock file is never rewritten. Only the wasm target's crates (2 MB).
ensure_std_src() {
  local lib
  lib="$(rustc --print sysroot)/lib/rustlib/src/rust/library"
  if [ ! -f "$lib/Cargo.lock" ]; then
    say "adding rust-src (the shipped wasm builds the standard library from it)"
    rustup component add rust-src
  fi
  if ! RUSTC_BOOTSTRAP=1 cargo fetch --offline --locked --target wasm32-unknown-unknown \
       --manifest-path "$lib/Cargo.toml" >/dev/null 2>&1; then
    say "fetching the standard library's dependencies"
    RUSTC_BOOTSTRAP=1 cargo fetch --locked --target wasm32-unknown-unknown --manifest-path "$lib/Cargo.toml"
  fi
}

ensure_trunk() {
  if ! trunk --version 2>/dev/null | grep -q " ${TRUNK_VERSION}$"; then
    say "installing trunk ${TRUNK_VERSION} (about 18 min on 2 cores)"
    cargo install trunk --version "${TRUNK_VERSION}" --locked
  fi
}

ensure_wasm_bindgen() {
  if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}$" \
     || ! command -v wasm-bindgen-test-runner >/dev/null; then
    say "installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION}"
    # Not --locked: its lock file pins a webpki-roots release the registry no longer has.
    cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}" --force
  fi
}

ensure_npm() {
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
     || [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/terser/package.json ]; then
    say "installing npm packages (binaryen for wasm-opt, terser, playwright-core, axe-core)"
    npm ci --no-audit --no-fund
  fi
}

CARGO_FUZZ_VERSION=0.13.2
ensure_cargo_fuzz() {
  if ! cargo fuzz --version 2>/dev/null | grep -q " ${CARGO_FUZZ_VERSION}$"; then
    say "installing cargo-fuzz ${CARGO_FUZZ_VERSION} (about 4 min on 2 cores)"
    cargo install cargo-fuzz --version "${CARGO_FUZZ_VERSION}" --locked
  fi
}

APT_UPDATED=0
ensure_deb() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    say "apt-get install ${missing[*]}"
    if [ $APT_UPDATED = 0 ]; then apt-get update -qq; APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}

case "${1:-build}" in
  build)
    ensure_wasm_target; ensure_std_src; ensure_npm; ensure_wasm_bindgen; ensure_trunk ;;
  test)
    ensure_wasm_target; ensure_std_src; ensure_npm; ensure_deb chromium chromium-driver; ensure_wasm_bindgen; ensure_trunk
    ensure_cargo_fuzz ;;
  *) echo "usage: scripts/setup.sh [build|test]" >&2; exit 2 ;;
esac
