// The same scenario run natively (the release `coldstart` CLI) and in wasm builds of the web
// crate, timed with one clock, in one process.
//
//   node bench/wasm_vs_native.mjs [--chromium] CLI SCENARIO REPEAT LABEL=DIR [LABEL=DIR ...]
//
// Without --chromium the wasm runs in this node's V8; with it, in a dedicated module worker of
// Debian's headless Chromium (/usr/bin/chromium, or $CHROMIUM), as the page's run workers run it:
// the browser's V8 is the one the page meets, node's is older (node 20: V8 11.3). The worker times
// each call with its own `performance.now()`, so the messages to and from it are not counted. A
// LABEL of the form `chromium:NAME` runs in Chromium without the flag, to interleave both runtimes.
//
// Each DIR holds a wasm-bindgen `web`-target pair (`coldstart[-_]web*.js` + `*_bg.wasm`), e.g.
// what `scripts/trunk.sh build --release` publishes. bench/wasm_vs_native.sh builds everything and calls
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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { launchChromium } from '../tests/e2e/browser.mjs';
import { firstModuleFiles, loadFirstModule } from '../tests/first_module.mjs';

const chromiumVersion = () => execFileSync(process.env.CHROMIUM ?? '/usr/bin/chromium', ['--version'],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().replace(/ built on .*/, '');

const args = process.argv.slice(2);
const inChromium = args[0] === '--chromium';
if (inChromium) args.shift();
const [cli, scenarioPath, repeatArg, ...builds] = args;
if (!cli || !scenarioPath || !repeatArg || builds.length === 0) {
  console.error('usage: node bench/wasm_vs_native.mjs [--chromium] CLI SCENARIO REPEAT LABEL=DIR [LABEL=DIR ...]');
  process.exit(2);
}
const repeat = Math.max(1, Number(repeatArg));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** The first module's glue and wasm in `dir` (tests/first_module.mjs), or exits naming it. */
function pair(dir) {
  try {
    return firstModuleFiles(dir);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}

/** Loads one wasm-bindgen `web`-target build from `dir` into this node; `timed()` runs `text`
 * once and resolves to its milliseconds. */
async function load(label, dir, text) {
  const { glue: bindings, bytes } = await loadFirstModule(dir);
  const run = bindings.preset_fingerprint;
  const timed = async () => {
    const t0 = performance.now();
    run(text);
    return performance.now() - t0;
  };
  return { label, runtime: 'node', kb: bytes.length / 1024, timed, times: [] };
}

/** A worker's script: instantiates the build, runs the scenario once untimed, then answers each
 * message with the milliseconds of one more run. */
const WORKER = (js, wasm) => `
import init, { preset_fingerprint } from './${js}';
const text = await (await fetch('/scenario.json')).text();
await init({ module_or_path: './${wasm}' });
preset_fingerprint(text);
onmessage = () => {
  const t0 = performance.now();
  preset_fingerprint(text);
  postMessage(performance.now() - t0);
};
postMessage('ready');
`;

let browser = null;
/** Loads one build into a dedicated worker of a headless Chromium page, served from `dir`, with
 * the same `timed()` as `load`'s. */
async function loadInChromium(label, dir, scenarioText) {
  const { js, wasm } = pair(dir);
  const served = {
    '/': ['text/html', '<!doctype html><title>wasm vs native</title>'],
    '/bench-worker.js': ['text/javascript', WORKER(js, wasm)],
    '/scenario.json': ['application/json', scenarioText],
    [`/${js}`]: ['text/javascript', readFileSync(join(dir, js))],
    [`/${wasm}`]: ['application/wasm', readFileSync(join(dir, wasm))],
  };
  const server = createServer((req, res) => {
    const file = served[new URL(req.url, 'http://x').pathname];
    if (!file) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': file[0] });
    res.end(file[1]);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  servers.push(server);
  browser ??= await launchChromium(process.env.CHROMIUM ?? '/usr/bin/chromium');
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.evaluate(() => new Promise((ready, fail) => {
    window.benchWorker = new Worker('/bench-worker.js', { type: 'module' });
    window.benchWorker.onerror = (e) => fail(new Error(e.message));
    window.benchWorker.onmessage = (e) => (e.data === 'ready' ? ready() : fail(new Error(String(e.data))));
  }));
  // A run that throws in the worker rejects (its error event), instead of leaving this waiting.
  // The worker times the run itself: the messages are not counted.
  const timed = () => page.evaluate(() => new Promise((done, fail) => {
    window.benchWorker.onerror = (e) => fail(new Error(e.message));
    window.benchWorker.onmessage = (e) => done(e.data);
    window.benchWorker.postMessage('run');
  }));
  return { label, runtime: 'chromium', kb: readFileSync(join(dir, wasm)).length / 1024, timed, times: [] };
}

/** The servers started so far, closed with the browser whether the runs end or fail. */
const servers = [];

const text = readFileSync(scenarioPath, 'utf8');
const runNative = () => execFileSync(cli, ['run', scenarioPath, '--format', 'json', '--quiet'], { encoding: 'utf8' });
const requests = JSON.parse(runNative()).requests;
const wasms = [];
const nativeTimes = [];
try {
  for (const spec of builds) {
    const at = spec.indexOf('=');
    const [label, dir] = [spec.slice(0, at), spec.slice(at + 1)];
    // A label `chromium:NAME` runs that build in Chromium whatever the flag, so that one command can
    // interleave both runtimes on one build.
    const inBrowser = inChromium || label.startsWith('chromium:');
    wasms.push(inBrowser ? await loadInChromium(label, dir, text) : await load(label, dir, text));
  }
  // One untimed call each: the first call of a module pays V8's tier-up compilation (in Chromium the
  // worker has made its own untimed call already; this is a second).
  for (const w of wasms) await w.timed();

  for (let i = 0; i < repeat; i += 1) {
    const t0 = performance.now();
    runNative();
    nativeTimes.push(performance.now() - t0);
    for (const w of wasms) w.times.push(await w.timed());
  }
} finally {
  await browser?.close();
  for (const server of servers) server.close();
}

const nativeMs = median(nativeTimes);
const rate = (ms) => Math.round(requests / (ms / 1000)).toLocaleString('en-US');
// The runtimes that ran a build: with `chromium:NAME` labels, node's and Chromium's both.
const runtimes = [
  ...(wasms.some((w) => w.runtime === 'node') ? [`node ${process.version}`] : []),
  ...(wasms.some((w) => w.runtime === 'chromium') ? [`headless ${chromiumVersion()}, a dedicated worker`] : []),
];
console.log(`scenario: ${scenarioPath} (${requests.toLocaleString('en-US')} requests), median of ${repeat} runs, ${runtimes.join('; ')}`);
console.log('');
console.log(`${'build'.padEnd(34)}${'ms'.padStart(9)}${'requests/s'.padStart(14)}${'x native'.padStart(10)}`);
console.log(`${'native (release CLI)'.padEnd(34)}${nativeMs.toFixed(1).padStart(9)}${rate(nativeMs).padStart(14)}${'1.00'.padStart(10)}`);
for (const w of wasms) {
  const ms = median(w.times);
  const name = `wasm ${w.label} (${w.kb.toFixed(0)} KB)`;
  console.log(`${name.padEnd(34)}${ms.toFixed(1).padStart(9)}${rate(ms).padStart(14)}${(ms / nativeMs).toFixed(2).padStart(10)}`);
}
