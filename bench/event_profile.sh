#!/usr/bin/env bash
# Where the engine's time goes per event kind: callgrind instruction counts (load-independent)
# of each event handler, inclusive of what it calls, from a release build of the CLI with the
# handlers kept out of line (`--features coldstart-core/profile-events`; results unchanged).
#
#   bench/event_profile.sh [SCENARIO.json ...]     default: bench/mixed-10m.json
#
# The mixed 10 M-request day takes about two minutes under callgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}/event-profile"
CARGO_TARGET_DIR="$target" CARGO_PROFILE_RELEASE_DEBUG=line-tables-only \
    cargo build --quiet --release -p coldstart-cli --features coldstart-core/profile-events
[ $# -gt 0 ] || set -- bench/mixed-10m.json
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for scenario in "$@"; do
    echo "== $scenario"
    valgrind --tool=callgrind --callgrind-out-file="$out/cg" \
        "$target/release/coldstart" run "$scenario" --format json --quiet >"$out/report.json" 2>"$out/log"
    requests="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"])' "$out/report.json")"
    python3 bench/event_profile.py "$out/cg" "$requests"
done
