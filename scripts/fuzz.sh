#!/usr/bin/env bash
# Runs each cargo-fuzz target for a bounded time. Not part of `./dev.sh test` (it takes minutes
# and needs cargo-fuzz); run it before a release or after touching parsing or share links.
#
#   scripts/fuzz.sh                     every target, 60 s each
#   scripts/fuzz.sh 300                 every target, 300 s each
#   scripts/fuzz.sh 60 share_decode     one target
#
# Targets (fuzz/fuzz_targets/): scenario_json and scenario_toml parse, validate and run a
# scenario for at most 20,000 events; share_decode decodes share-link fragments.
# cargo-fuzz passes nightly-only flags (-Z sanitizer=address); on the stable toolchain pinned
# here RUSTC_BOOTSTRAP=1 lets rustc accept them. Seeds come from scenarios/ and fuzz/seeds/;
# the growing corpus stays in fuzz/corpus/ (git-ignored).
# A crash, a panic, an input slower than 10 s or more than 2 GB of memory stops the target and
# leaves the input in fuzz/artifacts/<target>/; add it as a regression test in the core (see
# docs/share-links.md, "Fuzzing") and fix the cause. The script exits non-zero if any target failed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-${HOME:-/root}/.cargo}/bin:$PATH"
export RUSTC_BOOTSTRAP=1

CARGO_FUZZ_VERSION=0.13.2
SECONDS_PER_TARGET=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(scenario_json scenario_toml share_decode)
# Per-input limits: a slower input is a hang, a bigger one a memory blow-up; both are bugs.
INPUT_TIMEOUT_S=10
RSS_LIMIT_MB=2048
MAX_INPUT_BYTES=65536

if ! cargo fuzz --version 2>/dev/null | grep -q " ${CARGO_FUZZ_VERSION}$"; then
  echo "[fuzz] installing cargo-fuzz ${CARGO_FUZZ_VERSION}" >&2
  cargo install cargo-fuzz --version "${CARGO_FUZZ_VERSION}" --locked
fi

# Seed corpora: the presets (as JSON, and as JSON payloads for share_decode, which also wraps
# each input into a v1 link), the TOML seeds, and a share link of every preset.
cargo build -q -p coldstart-cli
for t in "${TARGETS[@]}"; do mkdir -p "fuzz/corpus/$t"; done
for f in scenarios/*.json; do
  name=$(basename "$f" .json)
  [ -d fuzz/corpus/scenario_json ] && cp "$f" "fuzz/corpus/scenario_json/$name.json"
  if [ -d fuzz/corpus/share_decode ]; then
    cp "$f" "fuzz/corpus/share_decode/$name.json"
    target/debug/coldstart link "$f" > "fuzz/corpus/share_decode/$name.link"
  fi
done
[ -d fuzz/corpus/scenario_toml ] && cp fuzz/seeds/scenario_toml/*.toml fuzz/corpus/scenario_toml/

failed=()
for t in "${TARGETS[@]}"; do
  echo "[fuzz] $t for ${SECONDS_PER_TARGET} s" >&2
  if ! (cd fuzz && cargo fuzz run "$t" "corpus/$t" -- \
        -max_total_time="$SECONDS_PER_TARGET" -timeout="$INPUT_TIMEOUT_S" \
        -rss_limit_mb="$RSS_LIMIT_MB" -max_len="$MAX_INPUT_BYTES" -print_final_stats=1); then
    failed+=("$t")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "[fuzz] FAILED: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
echo "[fuzz] no crash in ${TARGETS[*]}" >&2
