#!/usr/bin/env bash
# Deployment-package extraction cost from two realistic Lambda dependency trees, measured here so
# that the simulator's unzip parameters do not come from the figures it is later validated against.
# Builds a Node.js API tree (npm) and a Python data tree (pip, manylinux wheels for cp312), zips
# each the way SAM/CDK/`zip -r` do (deflate level 6), times `unzip` into fresh dirs, and fits
#   unzip_time = unzipped_mib / extract_mib_per_s + files * create_us_per_file
# exactly through the two trees. CSV on stdout, progress on stderr.
#
#   bench/package_trees.sh [WORKDIR]      (default /tmp/trees; never inside the repo)
set -euo pipefail
work=${1:-/tmp/trees}
runs=5
# 3.700.0 of client-dynamodb/lib-dynamodb is not on the registry; 3.699.0 exists for all three.
node_deps=(express@4.21.2 @aws-sdk/client-dynamodb@3.699.0 @aws-sdk/lib-dynamodb@3.699.0
           @aws-sdk/client-s3@3.699.0 zod@3.23.8 pino@9.5.0)
# --before freezes the transitive (caret-range) deps too, so a rerun gets the same tree.
node_before=2024-12-12T00:00:00Z
# Every transitive dependency pinned, so the resolver cannot drift.
py_deps=(numpy==2.1.3 pandas==2.2.3 requests==2.32.3 python-dateutil==2.9.0.post0 pytz==2024.2
         tzdata==2024.2 six==1.17.0 charset-normalizer==3.4.0 idna==3.10 urllib3==2.2.3
         certifi==2024.8.30)
log() { echo "[package_trees] $*" >&2; }

# apt-get update is slow and touches the network: only when something must be installed.
if ! command -v zip >/dev/null || ! command -v unzip >/dev/null; then
  log "installing zip/unzip"; apt-get update -qq >&2 && apt-get install -y -qq zip unzip >&2
fi
command -v npm >/dev/null || { apt-get update -qq >&2 && apt-get install -y -qq npm >&2; }
python3 -m pip --version >/dev/null 2>&1 || python3 -m ensurepip >&2

mkdir -p "$work"
case "$(realpath "$work")" in "$(realpath "$(dirname "$0")/..")"*) log "WORKDIR inside repo"; exit 1;; esac
cd "$work"

# Stamp files make reruns skip the installs unless the pins change.
stamp="${node_deps[*]} $node_before"
if [[ "$(cat node/.stamp 2>/dev/null)" != "$stamp" ]]; then
  log "npm install"; rm -rf node && mkdir node && echo '{"private":true}' >node/package.json
  (cd node && npm install --no-audit --no-fund --omit=dev --save-exact --before="$node_before" \
     "${node_deps[@]}" >&2)
  echo "$stamp" >node/.stamp
fi
stamp="${py_deps[*]}"
if [[ "$(cat py.stamp 2>/dev/null)" != "$stamp" ]]; then
  # --no-compile: the host's python is not 3.12, so its .pyc files would be dead weight on Lambda.
  log "pip install"; rm -rf python
  python3 -m pip install -q --disable-pip-version-check --no-compile --target python \
    --only-binary=:all: --platform manylinux2014_x86_64 --python-version 3.12 --implementation cp \
    "${py_deps[@]}" >&2
  echo "$stamp" >py.stamp
fi

echo "# nproc=$(nproc) kernel=$(uname -r) fs_tmp=$(df -T /tmp | awk 'NR==2{print $2}') fs_work=$(df -T "$work" | awk 'NR==2{print $2}') zip=$(zip -v | awk 'NR==2{print $4}') unzip=$(unzip -v | awk 'NR==1{print $2}')"
echo "tree,files,unzipped_mib,zipped_mib,ratio,mean_file_kib,median_file_kib,unzip_s,unzip_ms_per_mib,unzip_us_per_file,loadable_share"
declare -A F U T
# loadable_share: the share of a tree's bytes that the runtime's import machinery can ever read at
# init, i.e. the part of an unzipped tree that a read-at-init model may charge for; the rest is
# unpacked (and paid for by unzip) but never opened by require()/import. A path-based upper bound,
# not a trace: it counts files a given handler may never import. Bytes of such files / all bytes.
#  - Node.js: .js .cjs .mjs .json .node files (what require()/import resolve to, package.json
#    included) not under a directory named test, tests, __tests__, example, examples, docs or bench
#    (packages ship these but their entry points never reach them). Everything else is never
#    require()d: .d.ts/.d.mts/.d.cts type declarations (they end in .ts, not .js), .map source
#    maps, .ts sources, .md/LICENSE/README.
#  - Python: .py, .pyd and .so files, including versioned sonames (.so.5.0.0): numpy.libs'
#    libgfortran/libquadmath are DT_NEEDED by its OpenBLAS and mapped by the dynamic loader on
#    `import numpy`, so they are read at init although they do not end in .so -- not under a
#    directory named test, tests or testing (test suites and their data files; numpy.testing is
#    only imported on attribute access). Excluded: .pyi stubs, *.dist-info metadata, .txt/.md/.csv
#    data, certifi's cacert.pem (read when a TLS context is made, not at import) and the
#    tzdata/pytz zoneinfo files (read only when a time zone is looked up).
# The top 5 excluded categories (test-type directory, *.dist-info, zoneinfo, else the extension)
# go to stderr.
loadable() {  # $1 = node|python; stdin = "size<TAB>path" lines; prints the share on stdout
  awk -F'\t' -v rt="$1" -v tree="$1" '
    function cat(path,   n, parts, i, b) {
      n = split(path, parts, "/")
      for (i = 1; i < n; i++) if (parts[i] in bad) return parts[i] "/ dirs"
      for (i = 1; i < n; i++) if (parts[i] ~ /\.dist-info$/) return "*.dist-info/"
      for (i = 1; i < n; i++) if (parts[i] == "zoneinfo") return "zoneinfo/ tz data"
      b = parts[n]
      if (b ~ /\.d\.[cm]?ts$/) return ".d.ts"
      if (toupper(b) ~ /^(LICEN[CS]E|README|CHANGELOG|NOTICE|AUTHORS)/) return "LICENSE/README/..."
      if (b !~ /[^.]\./) return "(no extension)"
      sub(/.*\./, ".", b); return tolower(b)
    }
    BEGIN {
      if (rt == "node") { ok = "\\.(js|cjs|mjs|json|node)$"; d = "test tests __tests__ example examples docs bench" }
      else              { ok = "\\.(py|pyd|so)$|\\.so(\\.[0-9]+)+$";    d = "test tests testing" }
      split(d, ds, " "); for (k in ds) bad[ds[k]] = 1
    }
    { all += $1; c = cat($2)
      if ($2 ~ ok && c !~ / dirs$/) load += $1; else x[c] += $1 }
    END {
      line = ""
      for (r = 1; r <= 5; r++) {
        best = ""; for (k in x) if (best == "" || x[k] > x[best]) best = k
        if (best == "") break
        line = line sprintf("%s%s %.2f MiB (%.1f%%)", r > 1 ? ", " : "", best, x[best]/1048576, 100*x[best]/all)
        delete x[best]
      }
      printf "[package_trees] %s loadable %.2f of %.2f MiB; top excluded: %s\n", tree, load/1048576, all/1048576, line > "/dev/stderr"
      printf "%.3f\n", load/all
    }'
}
# Zip the dir as it sits at the root of the function package (node_modules/ for Node; the
# site-packages contents for Python), relative paths as in a real deployment zip.
for tree in node python; do
  if [[ $tree == node ]]; then base=node; sel=node_modules; else base=python; sel=.; fi
  rm -f "$tree.zip"   # zip would otherwise update the old archive in place
  (cd "$base" && zip -r -q "$work/$tree.zip" "$sel")
  sizes=$(cd "$base" && find "$sel" -type f -printf '%s\n' | sort -n)
  ls=$(cd "$base" && find "$sel" -type f -printf '%s\t%P\n' | loadable "$tree")
  zipped=$(stat -c %s "$tree.zip")
  times=() cpus=()
  for ((i = 0; i < runs; i++)); do
    rm -rf "x-$tree" && mkdir "x-$tree"
    # CPU time (user+sys) goes to stderr beside the wall time: on a loaded box the wall time
    # includes waiting for a core, the CPU time does not.
    t0=$(date +%s.%N)
    /usr/bin/time -f '%U %S' -o cpu.txt unzip -q -o "$tree.zip" -d "x-$tree"
    t1=$(date +%s.%N)
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b-a}')")
    cpus+=("$(awk '{printf "%.2f", $1+$2}' cpu.txt)")
  done
  rm -rf "x-$tree" cpu.txt
  log "$tree unzip wall (s): ${times[*]}; cpu user+sys (s): ${cpus[*]}; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  t=$(printf '%s\n' "${times[@]}" | sort -n | awk -v n=$runs 'NR==(n+1)/2')
  read -r f u < <(awk '{s+=$1} END{printf "%d %.6f\n", NR, s/1048576}' <<<"$sizes")
  F[$tree]=$f U[$tree]=$u T[$tree]=$t
  awk -v tree=$tree -v f="$f" -v u="$u" -v z="$zipped" -v t="$t" -v ls="$ls" '{a[NR]=$1}
    END{med = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; zm=z/1048576
        printf "%s,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.3f,%.2f,%.1f,%s\n", tree, f, u, zm, u/zm,
               u*1024/f, med/1024, t, t*1000/u, t*1e6/f, ls}' <<<"$sizes"
done

# Two equations, two unknowns: a = 1/extract rate (s/MiB), c = per-file cost (s).
awk -v u1="${U[node]}" -v f1="${F[node]}" -v t1="${T[node]}" \
    -v u2="${U[python]}" -v f2="${F[python]}" -v t2="${T[python]}" 'BEGIN{
  det = u1*f2 - u2*f1; a = (t1*f2 - t2*f1)/det; c = (u1*t2 - u2*t1)/det
  if (a > 0 && c >= 0) {
    print "fit,extract_mib_per_s,create_us_per_file"
    printf "exact,%.1f,%.2f\n", 1/a, c*1e6
  } else {
    printf "# exact fit has a negative parameter (1/extract=%.3g s/MiB, per_file=%.3g us): fixing extract at 1000 MiB/s\n", a, c*1e6
    print "fit,extract_mib_per_s,create_us_per_file"
    printf "node_fixed,1000,%.2f\npython_fixed,1000,%.2f\n", (t1-u1/1000)*1e6/f1, (t2-u2/1000)*1e6/f2
  }}'
