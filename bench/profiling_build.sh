#!/bin/sh
# A copy of a Trunk build whose wasm keeps its function names (the `name` section), for CPU
# profiles of the page (bench/page_profile.mjs): the shipped build's wasm-opt drops the names,
# so its wasm functions show as `$func123`. The wasm is made again from the same cargo output
# with the same wasm-bindgen and wasm-opt steps as Trunk's (`-Os`), plus `-g` to keep the names;
# the glue and every other file are the build's own, and the page's integrity hash of the wasm
# is updated. The shipped build is not changed.
#
#   bench/profiling_build.sh DIST OUT
#
# Run it right after `scripts/trunk.sh build --release` of the same commit, with the same CARGO_TARGET_DIR
# (it takes the wasm-release cargo output from there), and tools on PATH as for Trunk
# (wasm-bindgen, node_modules/.bin/wasm-opt). About 1.5 min; the wasm is ~1.5 MB instead of ~1.3.
set -eu
dist=$1
out=$2
wasm=${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/wasm-release/coldstart_web.wasm
# The first module (hashed name), not the second (coldstart-web-tools_bg.wasm).
shipped=$(basename "$(ls "$dist"/coldstart-web-*_bg.wasm | grep -v '/coldstart-web-tools_bg\.wasm$')")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Trunk's own call: the module's imports name the glue by this out-name.
wasm-bindgen --target=web --out-dir="$tmp" --out-name=coldstart-web --no-typescript "$wasm"
if ! cmp -s "$tmp/coldstart-web.js" "$dist/${shipped%_bg.wasm}.js"; then
  echo "the glue made now differs from $dist's: build $dist from this commit and target dir first" >&2
  exit 1
fi
rm -rf "$out"
cp -a "$dist" "$out"
wasm-opt "--output=$out/$shipped" -Os -g "$tmp/coldstart-web_bg.wasm"
old=$(grep -o "href=\"./$shipped\"[^>]*integrity=\"[^\"]*\"" "$dist/index.html" | grep -o 'sha384-[^"]*')
new="sha384-$(openssl dgst -sha384 -binary "$out/$shipped" | base64 -w0)"
sed -i "s|$old|$new|" "$out/index.html"
echo "$out: $shipped with names, $(wc -c < "$out/$shipped") bytes"
