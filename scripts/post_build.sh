#!/bin/sh
# Trunk's one post_build hook (Trunk.toml). Trunk runs the hooks of a stage concurrently, and the
# second module's content hash must be taken over the glue as shipped, so the steps run here, in
# order: the page's JavaScript minified (release builds only: a debug build keeps readable scripts),
# then the page's scripts given content-hashed names (scripts/hash_scripts.mjs), then the second
# module's hash written into the boot tag. COLDSTART_MINIFY=0 keeps the scripts as
# written in a release build: bench/page_steps.mjs and bench/page_profile.mjs insert code into app.js
# that names its variables, which minification renames.
set -eu
# Every build needs node now (the hashed names; release builds also minify): without it, sh's
# "node: not found" would be all Trunk shows under "hook call to sh returned a bad status".
if ! command -v node >/dev/null 2>&1; then
  echo "post_build.sh: node is not on PATH; the build needs it for scripts/hash_scripts.mjs and scripts/minify_js.mjs (install it, then scripts/setup.sh build)" >&2
  exit 1
fi
if [ "${TRUNK_PROFILE:-}" = release ] && [ "${COLDSTART_MINIFY:-1}" != 0 ]; then
  node scripts/minify_js.mjs
fi
node scripts/hash_scripts.mjs
sh scripts/tools_version.sh
