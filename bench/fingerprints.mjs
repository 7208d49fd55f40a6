// Do two or more builds of the page give the same reports? `preset_fingerprint` (the exported
// hash of a scenario's full report, what the browser tests compare with native) of every
// scenarios/*.json and bench/*.json through each build's first module, in node:
//
//   node bench/fingerprints.mjs main=DIST_A new=DIST_B [...]
//
// Prints one line a file (`same` or `DIFF`, the hashes' first 16 digits) and the count of files
// equal across every build. Used when a change touches how the wasm is compiled, not what it
// computes (docs/benchmarks.md, "Issue 14, nineteenth round: a size-optimised standard library").
// tests/shipped_fingerprints.mjs holds one build to the native fingerprints in the tests.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFirstModule } from '../tests/first_module.mjs';
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const files = [...readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.json')).map((f) => `scenarios/${f}`),
  ...readdirSync(join(ROOT, 'bench')).filter((f) => f.endsWith('.json')).map((f) => `bench/${f}`)];
const out = {};
for (const arg of process.argv.slice(2)) {
  const [label, dir] = arg.split('=');
  const { glue: b } = await loadFirstModule(dir);
  out[label] = files.map((f) => { try { return b.preset_fingerprint(readFileSync(join(ROOT, f), 'utf8')); } catch (e) { return `ERR ${e.message ?? e}`; } });
}
const labels = Object.keys(out);
let same = 0;
files.forEach((f, i) => {
  const vals = labels.map((l) => out[l][i]);
  const eq = vals.every((v) => v === vals[0]);
  if (eq) same++;
  console.log(`${eq ? 'same' : 'DIFF'} ${f} ${vals.map((v) => String(v).slice(0, 16)).join(' ')}`);
});
console.log(`${same} of ${files.length} equal across ${labels.join(', ')}`);
