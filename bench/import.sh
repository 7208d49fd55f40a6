#!/usr/bin/env bash
# Imported traffic at scale (issue 11), with the release CLI, each file generated here:
#   1. a day of one busy Azure Functions 2019 function (694 invocations a minute: 999,360) with
#      its durations file: `coldstart import`, then `coldstart run` of the scenario it wrote;
#   2. a Lambda log of 1,000,000 REPORT lines (~150 MB): `coldstart import`;
#   3. a CSV of 10,000,000 arrivals (the most a trace workload holds): `coldstart import`;
#   4. the suite's ignored test at 10^7 rows (and one row too many), in release.
# Prints wall time, CPU time (user + system: what the figure is on a machine shared with other
# jobs, where wall time waits for the cores) and peak RSS of each. Fails if an import's peak RSS
# passes 16 bytes per request (an arrival and a duration, 8 bytes each: what the scenario keeps)
# plus 32 MB (the process) — memory must follow the requests kept, not the file or copies of
# it — or if the busy day's import plus replay takes a second or more of CPU.
#
#   bench/import.sh            (files in a temporary directory, removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p coldstart-cli
bin="$target/release/coldstart"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# Runs a command under /usr/bin/time; sets wall_s, cpu_s and rss_kb.
measure() {
  /usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$@" >"$dir/out"
  local user sys
  read -r wall_s user sys rss_kb <"$dir/time"
  cpu_s=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')
}

report() { # label, [file read, requests kept]
  local mb
  mb=$(awk -v kb="$rss_kb" 'BEGIN {printf "%.1f", kb / 1024}')
  if [[ -n "${2:-}" ]]; then
    local size bound
    size=$(stat -c %s "$2")
    bound=$(($3 * 16 + 32 * 1024 * 1024))
    printf '%-38s wall %6.2f s  CPU %6.2f s  peak RSS %7s MB  file %7.1f MB\n' "$1" "$wall_s" "$cpu_s" "$mb" \
      "$(awk -v b="$size" 'BEGIN {printf "%.1f", b / 1048576}')"
    if ((rss_kb * 1024 > bound)); then
      echo "FAIL: $1 held more than 16 bytes a request plus 32 MB" >&2
      exit 1
    fi
  else
    printf '%-38s wall %6.2f s  CPU %6.2f s  peak RSS %7s MB\n' "$1" "$wall_s" "$cpu_s" "$mb"
  fi
}

# 1. A busy Azure day.
{
  printf 'HashOwner,HashApp,HashFunction,Trigger'
  for m in $(seq 1 1440); do printf ',%d' "$m"; done
  printf '\nowner,app-busy,busy,http'
  for _ in $(seq 1 1440); do printf ',694'; done
  printf '\n'
} >"$dir/invocations.csv"
cat >"$dir/durations.csv" <<'EOF'
HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100
owner,app-busy,busy,120,999360,10,2400,10,18,60,95,140,900,2400
EOF
measure "$bin" import "$dir/invocations.csv" --durations "$dir/durations.csv" --out "$dir/day.json"
report "azure2019 day (999,360): import" "$dir/invocations.csv" 999360
import_cpu=$cpu_s
measure "$bin" run "$dir/day.json" --quiet --format json
report "azure2019 day (999,360): run"
total=$(awk -v a="$import_cpu" -v b="$cpu_s" 'BEGIN {printf "%.2f", a + b}')
echo "azure2019 day: import + run, CPU      $total s (two CLI processes: the scenario file is written and read)"
if awk -v t="$total" 'BEGIN {exit !(t >= 1)}'; then
  echo "FAIL: a busy day's import and replay took a second or more of CPU" >&2
  exit 1
fi

# 2. A Lambda log of a million REPORT lines, one every 50 ms, every hundredth cold.
awk 'BEGIN {
  for (i = 0; i < 1000000; i++) {
    ms = i * 50; s = int(ms / 1000);
    init = (i % 100 == 0) ? "\tInit Duration: 245.67 ms" : "";
    printf "2024-05-01T%02d:%02d:%02d.%03dZ REPORT RequestId: %08x-4b1c-9f0e\tDuration: %d.%02d ms\tBilled Duration: %d ms\tMemory Size: 512 MB\tMax Memory Used: 71 MB%s\t\n",
      int(s / 3600) % 24, int(s / 60) % 60, s % 60, ms % 1000, i, 10 + i % 40, i % 100, 11 + i % 40, init
  }
}' >"$dir/report.log"
measure "$bin" import "$dir/report.log" --out "$dir/log.json"
report "lambda log (1,000,000 lines): import" "$dir/report.log" 1000000

# 3. Ten million arrivals, one a millisecond.
awk 'BEGIN { print "t_ms"; for (i = 0; i < 10000000; i++) print i }' >"$dir/arrivals.csv"
measure "$bin" import "$dir/arrivals.csv" --out "$dir/ten.json"
report "csv (10,000,000 rows): import" "$dir/arrivals.csv" 10000000

# 4. The hostile 10^7-row test the suite skips.
cargo test --release -q -p coldstart-core --test it ten_million_rows -- --ignored 2>&1 | grep -E 'test result|FAILED|panicked'
