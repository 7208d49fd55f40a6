// The same scenario run natively (the release `coldstart` CLI) and in wasm builds of the web
// crate, timed with one clock, in one process.
//
//   node bench/wasm_vs_native.mjs CLI SCENARIO REPEAT LABEL=DIR [LABEL=DIR ...]
//
// Each DIR holds a wasm-bindgen `web`-target pair (`coldstart[-_]web*.js` + `*_bg.wasm`), e.g.
// what `trunk build --release` publishes. bench/wasm_vs_native.sh builds everything and calls
// this; see docs/benchmarks.md.
//
// Both sides do the same work per run: parse the scenario JSON, validate, simulate, serialise the
// report to JSON. In wasm that is the page's exported `preset_fingerprint(text)` (which also
// hashes the JSON: negligible next to the simulation); natively it is `coldstart run --format
// json`, which also pays a process start (about a millisecond). The runs are interleaved
// (native, wasm 1, wasm 2, native, ...) so a neighbour's load on the shared machine hits all
// sides alike, and the median of REPEAT runs is reported. Modules are instantiated before the
// clock starts.

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const [cli, scenarioPath, repeatArg, ...builds] = process.argv.slice(2);
if (!cli || !scenarioPath || !repeatArg || builds.length === 0) {
  console.error('usage: node bench/wasm_vs_native.mjs CLI SCENARIO REPEAT LABEL=DIR [LABEL=DIR ...]');
  process.exit(2);
}
const repeat = Math.max(1, Number(repeatArg));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Loads one wasm-bindgen `web`-target build from `dir`. */
async function load(label, dir) {
  const files = readdirSync(dir);
  // The first module; the second (coldstart-web-tools: planners, importer) runs no scenario.
  const js = files.find((f) => /^coldstart[-_]web.*\.js$/.test(f) && !f.startsWith('coldstart-web-tools'));
  const wasm = files.find((f) => /^coldstart[-_]web.*_bg\.wasm$/.test(f) && !f.startsWith('coldstart-web-tools'));
  if (!js || !wasm) {
    console.error(`${dir}: no coldstart-web *.js / *_bg.wasm pair`);
    process.exit(1);
  }
  // The `web` target is an ES module; node needs to be told so for a `.js` file.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const bindings = await import(pathToFileURL(resolve(dir, js)).href);
  const bytes = readFileSync(join(dir, wasm));
  bindings.initSync({ module: bytes });
  return { label, file: join(dir, wasm), kb: bytes.length / 1024, run: bindings.preset_fingerprint, times: [] };
}

const text = readFileSync(scenarioPath, 'utf8');
const runNative = () => execFileSync(cli, ['run', scenarioPath, '--format', 'json', '--quiet'], { encoding: 'utf8' });
const requests = JSON.parse(runNative()).requests;
const wasms = [];
for (const spec of builds) {
  const at = spec.indexOf('=');
  wasms.push(await load(spec.slice(0, at), spec.slice(at + 1)));
}
// One untimed call each: the first call of a module pays V8's tier-up compilation.
for (const w of wasms) w.run(text);

const nativeTimes = [];
const timed = (f, into) => {
  const t0 = performance.now();
  f();
  into.push(performance.now() - t0);
};
for (let i = 0; i < repeat; i += 1) {
  timed(runNative, nativeTimes);
  for (const w of wasms) timed(() => w.run(text), w.times);
}

const nativeMs = median(nativeTimes);
const rate = (ms) => Math.round(requests / (ms / 1000)).toLocaleString('en-US');
console.log(`scenario: ${scenarioPath} (${requests.toLocaleString('en-US')} requests), median of ${repeat} runs, node ${process.version}`);
console.log('');
console.log(`${'build'.padEnd(34)}${'ms'.padStart(9)}${'requests/s'.padStart(14)}${'x native'.padStart(10)}`);
console.log(`${'native (release CLI)'.padEnd(34)}${nativeMs.toFixed(1).padStart(9)}${rate(nativeMs).padStart(14)}${'1.00'.padStart(10)}`);
for (const w of wasms) {
  const ms = median(w.times);
  const name = `wasm ${w.label} (${w.kb.toFixed(0)} KB)`;
  console.log(`${name.padEnd(34)}${ms.toFixed(1).padStart(9)}${rate(ms).padStart(14)}${(ms / nativeMs).toFixed(2).padStart(10)}`);
}
