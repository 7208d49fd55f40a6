#!/bin/sh
# Trunk's post_build hook (Trunk.toml): writes a content hash of the second wasm module (glue and
# wasm) into the boot tag of the staged index.html, in place of __TOOLS_VERSION__. Trunk names a
# data-type="worker" asset by its crate, without a hash, so web/tools.js asks for it with this
# hash as the query: a deploy that changes the module changes its URLs, and a browser never pairs
# it with an older copy from its cache (or a new glue with an old wasm).
set -eu
dir=${TRUNK_STAGING_DIR:?"scripts/tools_version.sh is run by Trunk (TRUNK_STAGING_DIR unset)"}
for f in coldstart-web-tools.js coldstart-web-tools_bg.wasm index.html; do
  if [ ! -f "$dir/$f" ]; then echo "tools_version.sh: $dir/$f is missing" >&2; exit 1; fi
done
version=$(cat "$dir/coldstart-web-tools.js" "$dir/coldstart-web-tools_bg.wasm" | sha256sum | cut -c1-16)
grep -q __TOOLS_VERSION__ "$dir/index.html" || { echo "tools_version.sh: no __TOOLS_VERSION__ in index.html" >&2; exit 1; }
sed -i "s/__TOOLS_VERSION__/$version/" "$dir/index.html"
