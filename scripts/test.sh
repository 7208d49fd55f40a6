#!/usr/bin/env bash
# Every test, in order of cost. Called by `./dev.sh test` after setup; assumes the tools exist.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
step() { printf '\n=== %s\n' "$*"; }

step "format"
cargo fmt --all -- --check
step "clippy"
cargo clippy --workspace --all-targets -- -D warnings
step "native tests"
cargo test --workspace
step "core builds for wasm32-unknown-unknown"
cargo build -p coldstart-core --target wasm32-unknown-unknown
