// A manual check, not part of ./dev.sh test: what the page shows when the wasm traps (a bug in
// the simulator; the shipped build aborts on a panic without a message), in a run worker and on
// the page's thread (workers blocked). The published page has no way to trap, so the check
// needs a build with a probe that panics on demand (tests/probes/trap.patch: RunTask::step and
// Playground::step panic while the global scope has `coldstartPanicProbe`):
//
//   git apply tests/probes/trap.patch && scripts/trunk.sh build --release --dist /tmp/trap-dist
//   git apply -R tests/probes/trap.patch && node tests/probes/trap.mjs /tmp/trap-dist
//
// It prints the notice, the run line and the progress after each step; expected (nineteenth
// round, docs/benchmarks.md "a size-optimised standard library"): in a worker, the notice "The
// run failed: the simulator stopped on an internal error (unreachable).", the run line "Out of
// date: … the run with the current inputs was stopped (change an input to run again).", and a
// later edit runs (in new workers: the log ends with a "worker closed" for each trapped one)
// and clears the notice; on the page's thread, the same notice with "Reload the
// page to go on." and the run line "No run can finish until the page is reloaded." (an error).
import { spawn } from 'node:child_process';
import { launchChromium } from '../e2e/browser.mjs';
const DIST = process.argv[2];
const server = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', DIST], { stdio: ['ignore', 'pipe', 'pipe'] });
const port = await new Promise((ok) => server.stdout.on('data', (c) => { const m = /port (\d+)/.exec(String(c)); if (m) ok(Number(m[1])); }));
const BASE = `http://127.0.0.1:${port}/`;
const browser = await launchChromium('/usr/bin/chromium');
const state = (page) => page.evaluate(() => ({
  notice: document.getElementById('notice').hidden ? null : document.getElementById('notice').textContent,
  runInfo: document.getElementById('run-info').textContent,
  runInfoKind: document.getElementById('run-info').dataset.kind ?? null,
  progress: document.getElementById('progress').hidden ? null : document.getElementById('progress-text').textContent,
  ready: document.body.dataset.ready ?? null,
}));
async function scenario(label, { noWorkers }) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const log = [];
  page.on('console', (m) => log.push(`console.${m.type()}: ${m.text().slice(0, 200)}`));
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message.slice(0, 200)}`));
  page.on('worker', (w) => w.on('close', () => log.push('worker closed')));
  if (noWorkers) await page.route('**/worker*.js', (r) => r.abort());
  await page.goto(BASE);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 120000 });
  console.log(`\n== ${label}: loaded; workers ${page.workers().length}`, JSON.stringify(await state(page)));
  await page.evaluate(() => { self.coldstartPanicProbe = true; });
  for (const w of page.workers()) await w.evaluate(() => { self.coldstartPanicProbe = true; }).catch((e) => log.push(`worker eval: ${e.message}`));
  await page.fill('#replications', '2');
  for (const t of [1000, 4000]) {
    await page.waitForTimeout(t);
    console.log(`after ${t} ms:`, JSON.stringify(await state(page)), `workers ${page.workers().length}`);
  }
  // Responsive? Probe off, another edit: does a run complete?
  await page.evaluate(() => { self.coldstartPanicProbe = false; });
  for (const w of page.workers()) await w.evaluate(() => { self.coldstartPanicProbe = false; }).catch(() => {});
  const t0 = Date.now();
  const alive = await page.evaluate(() => 1 + 1).catch((e) => `dead: ${e.message}`);
  console.log(`page thread answers: ${alive} in ${Date.now() - t0} ms`);
  await page.fill('#replications', '3');
  await page.waitForTimeout(6000);
  console.log('after a later edit (probe off):', JSON.stringify(await state(page)), `workers ${page.workers().length}`);
  console.log(log.join('\n'));
  await ctx.close();
}
await scenario('run workers', { noWorkers: false });
await scenario('page thread (workers blocked)', { noWorkers: true });
await browser.close();
server.kill();
