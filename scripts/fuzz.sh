#!/usr/bin/env bash
# Runs each cargo-fuzz target for a bounded time, or a bounded, reproducible number of runs.
#
#   scripts/fuzz.sh                     every target, 60 s each
#   scripts/fuzz.sh 300                 every target, 300 s each
#   scripts/fuzz.sh 60 share_decode     one target
#   FUZZ_RUNS=50000 scripts/fuzz.sh     every target, 50,000 inputs from seed 1 (what
#                                       `./dev.sh test` runs: the same inputs on every machine,
#                                       so CI is deterministic and a regression in the seeded
#                                       neighbourhood is caught)
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

# Reproducible runs start from the committed seeds alone, in a scratch corpus, so inputs found on
# one machine never change what the next one runs; open-ended runs grow fuzz/corpus/.
if [ -n "${FUZZ_RUNS:-}" ]; then
  BOUND=(-runs="$FUZZ_RUNS" -seed=1)
  CORPUS_ROOT=$(mktemp -d)
  trap 'rm -rf "$CORPUS_ROOT"' EXIT
else
  BOUND=(-max_total_time="$SECONDS_PER_TARGET")
  CORPUS_ROOT="$PWD/fuzz/corpus"
fi

# Seed corpora: the presets (as JSON, and as JSON payloads for share_decode, which also wraps
# each input into a v1 link), the TOML seeds, and a share link of every preset.
cargo build -q -p coldstart-cli
for t in "${TARGETS[@]}"; do mkdir -p "$CORPUS_ROOT/$t"; done
for f in scenarios/*.json; do
  name=$(basename "$f" .json)
  [ -d "$CORPUS_ROOT/scenario_json" ] && cp "$f" "$CORPUS_ROOT/scenario_json/$name.json"
  if [ -d "$CORPUS_ROOT/share_decode" ]; then
    cp "$f" "$CORPUS_ROOT/share_decode/$name.json"
    "${CARGO_TARGET_DIR:-target}/debug/coldstart" link "$f" > "$CORPUS_ROOT/share_decode/$name.link"
  fi
done
[ -d "$CORPUS_ROOT/scenario_toml" ] && cp fuzz/seeds/scenario_toml/*.toml "$CORPUS_ROOT/scenario_toml/"
# Regression inputs: earlier open-ended runs' corpora, minimised with `cargo fuzz cmin` and
# committed, so every run (the seeded one of the test command too) replays them first.
for t in "${TARGETS[@]}"; do
  [ -d "fuzz/regressions/$t" ] && cp fuzz/regressions/"$t"/* "$CORPUS_ROOT/$t/"
done

failed=()
for t in "${TARGETS[@]}"; do
  echo "[fuzz] $t: ${BOUND[*]}" >&2
  if ! (cd fuzz && cargo fuzz run "$t" "$CORPUS_ROOT/$t" -- \
        "${BOUND[@]}" -timeout="$INPUT_TIMEOUT_S" \
        -rss_limit_mb="$RSS_LIMIT_MB" -max_len="$MAX_INPUT_BYTES" -print_final_stats=1); then
    failed+=("$t")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "[fuzz] FAILED: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
echo "[fuzz] no crash in ${TARGETS[*]}" >&2
