// Does the wasm the page ships compute what the native engine computes? The browser tests
// (`cargo test -p coldstart-web --target wasm32-unknown-unknown --features native-hashes`)
// compare a debug build of the web crate with the native fingerprints, but the page ships
// another build: scripts/trunk.sh's, with the engine compiled for size and its event loop for
// speed, a size-optimised standard library and wasm-opt (docs/toolchain.md). This runs every
// preset and every determinism case through that build's `preset_fingerprint` (node, the
// module's own export) and compares it with the native fingerprint the browser tests' build
// script wrote (its `native_hashes.rs`), so a compiler setting that changed a value would fail
// the tests, not only a manual `bench/fingerprints.mjs` comparison.
//
//   node tests/shipped_fingerprints.mjs DIST NATIVE_HASHES_RS
//
// DIST: what `scripts/trunk.sh build --release` wrote; NATIVE_HASHES_RS: the `native_hashes.rs`
// of a `--features native-hashes` build (scripts/test.sh finds it). Exits 1 on any difference,
// or if either list is empty.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFirstModule } from './first_module.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const [dist, hashesFile] = process.argv.slice(2);
if (!dist || !hashesFile) {
  console.error('usage: node tests/shipped_fingerprints.mjs DIST NATIVE_HASHES_RS');
  process.exit(2);
}

// `("stem", "hash")` of the presets and `("stem", include_str!("PATH"), "hash")` of the cases.
const generated = readFileSync(hashesFile, 'utf8');
const expected = [
  ...[...generated.matchAll(/^\s*\("([^"]+)", "([^"]+)"\),$/gm)]
    .map(([, stem, hash]) => ({ name: `scenarios/${stem}.json`, path: join(ROOT, 'scenarios', `${stem}.json`), hash })),
  ...[...generated.matchAll(/^\s*\("([^"]+)", include_str!\("([^"]+)"\), "([^"]+)"\),$/gm)]
    .map(([, stem, path, hash]) => ({ name: `determinism/${stem}.json`, path, hash })),
];
if (expected.length === 0 || expected.some((e) => e.hash.startsWith('error'))) {
  console.error(`${hashesFile}: no native fingerprints (built without native-hashes?), or a native run failed`);
  process.exit(1);
}

const { glue: page } = await loadFirstModule(dist);

let differ = 0;
for (const { name, path, hash } of expected) {
  let got;
  try {
    got = page.preset_fingerprint(readFileSync(path, 'utf8'));
  } catch (e) {
    got = `error: ${e.message ?? e}`;
  }
  const same = got === hash;
  if (!same) differ++;
  console.log(`${same ? 'same' : 'DIFF'} ${name} native ${hash} shipped ${got}`);
}
console.log(`${expected.length - differ} of ${expected.length} fingerprints of the shipped wasm equal the native ones`);
process.exit(differ === 0 ? 0 : 1);
