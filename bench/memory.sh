#!/usr/bin/env bash
# Peak memory (maximum resident set size) of a 10-million-request, aggregate-only run of the
# release CLI. The engine keeps aggregates (histograms, time-series buckets) and live
# environments only, so the figure must not grow with the number of requests: it fails above
# MAX_RSS_MB (default 64).
#
#   bench/memory.sh [SCENARIO]      (default bench/warm-poisson-10m.json)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-bench/warm-poisson-10m.json}
max_rss_mb=${MAX_RSS_MB:-64}
target=${CARGO_TARGET_DIR:-target}

cargo build --release -q -p coldstart-cli
log=$(mktemp)
report=$(mktemp)
trap 'rm -f "$log" "$report"' EXIT
/usr/bin/time -v "$target/release/coldstart" run "$scenario" --format json --quiet >"$report" 2>"$log"

rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
requests=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"])' "$report")
rss_mb=$(awk -v kb="$rss_kb" 'BEGIN {printf "%.1f", kb / 1024}')
echo "scenario:      $scenario"
echo "requests:      $requests"
echo "wall time:     $wall (m:ss)"
echo "peak RSS:      $rss_mb MB ($rss_kb KB)"
if awk -v kb="$rss_kb" -v max="$max_rss_mb" 'BEGIN {exit !(kb > max * 1024)}'; then
  echo "FAIL: peak RSS above $max_rss_mb MB" >&2
  exit 1
fi
