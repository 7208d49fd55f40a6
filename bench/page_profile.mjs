// Where the page's main thread spends its time, by function: a V8 CPU profile (CDP
// `Profiler.start`/`stop`) of the page's thread over
//   - `rerun`: N re-runs of `window.coldstartBenchmark` (2 × 100,000 requests), after 3 unprofiled;
//   - `load`: N cold page loads (a fresh context each, bench/site.mjs), each from navigation to
//     the first chart drawn (the first calls of the wasm included);
//   - `redraw:CHART`: N redraws of one chart (e.g. `redraw:lanes`) after one re-run, its drawing alone.
// Prints the self time of the functions that take the most and the total (inclusive) time of
// each function, per re-run, load or redraw. Function names need a build that keeps the wasm
// `name` section (`bench/profiling_build.sh`); on the shipped build the wasm functions show as
// `$func123`. Workers are other threads: their time is not in this profile.
//
//   node bench/page_profile.mjs DIST [rerun|load|redraw:CHART] [N] [TOP]   (defaults rerun, 10, 40)
//
// Desktop (1440 × 1000), headless Chromium; PHONE=1 adds the phone's 4× CPU slowdown (and, for
// `load`, its network: bench/site.mjs's phone profile);
// PROFILE_OUT=FILE writes the (last) profile as JSON (Chrome DevTools can open it).
//
// The sampler takes a sample every 100 µs, but on a loaded machine the page's thread is often
// not running when one is due, and the next sample then carries the whole gap: a profile's
// time would go to whatever function happened to run before the thread was descheduled. Each
// sample's time is therefore capped at CAP_US (500 µs unless PROFILE_CAP_US says otherwise):
// the figures are CPU-like, not wall time; `busy` also prints the uncapped sum.

import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { launchChromium } from '../tests/e2e/browser.mjs';
import { PROFILES, buildArgs, coldPage, firstChartDrawn, serveBuild } from './site.mjs';

const args = process.argv.slice(2);
const [dirArg, mode = 'rerun'] = args;
const N = Number(args[2] ?? 10);
const TOP = Number(args[3] ?? 40);
const REQUESTS = 100_000;
const WARM_UP_RUNS = 3;
const SAMPLE_US = 100;
const CAP_US = Number(process.env.PROFILE_CAP_US ?? 500);
const chart = mode.startsWith('redraw:') ? mode.slice('redraw:'.length) : null;
if (!['rerun', 'load'].includes(mode) && !chart) throw new Error(`unknown mode ${mode}`);

const { dir } = buildArgs([dirArg])[0];
const { server, base } = await serveBuild(dir, { hook: 'window.__app = app;' });
console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const browser = await launchChromium(process.env.CHROMIUM ?? '/usr/bin/chromium');
const profile = process.env.PHONE ? PROFILES.phone : PROFILES.desktop;
/** Starts the sampler on a page's CDP session. */
const sampling = async (cdp) => {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLE_US });
};

const profiles = [];
if (mode === 'load') {
  for (let i = 0; i < N; i++) {
    const { context, page, cdp } = await coldPage(browser, profile);
    page.on('pageerror', (e) => console.log('page error:', e.message));
    await sampling(cdp);
    await cdp.send('Profiler.start');
    await page.goto(base, { waitUntil: 'commit' });
    // Awaited through CDP: Playwright's own waiting would compile its script on this thread.
    const ms = await firstChartDrawn(cdp);
    profiles.push((await cdp.send('Profiler.stop')).profile);
    console.log(`load ${i + 1}: first chart ${Math.round(ms)} ms`);
    await context.close();
  }
} else {
  const { page, cdp } = await coldPage(browser, { ...profile, net: undefined });
  page.on('pageerror', (e) => console.log('page error:', e.message));
  if (profile.cpu) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  await sampling(cdp);
  await page.goto(base);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  for (let i = 0; i < WARM_UP_RUNS; i++) await page.evaluate((n) => window.coldstartBenchmark(n), REQUESTS);
  await cdp.send('Profiler.start');
  const ms = chart
    ? await page.evaluate(([chart, n]) => {
      const card = document.querySelector(`.chart-card[data-chart="${chart}"]`);
      const theme = document.documentElement.dataset.theme;
      const took = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        window.__app.draw(chart, card.querySelector('canvas'), theme);
        took.push(performance.now() - t);
      }
      return took;
    }, [chart, N])
    : await (async () => {
      const took = [];
      for (let i = 0; i < N; i++) took.push(await page.evaluate((n) => window.coldstartBenchmark(n), REQUESTS));
      return took;
    })();
  profiles.push((await cdp.send('Profiler.stop')).profile);
  console.log(`${chart ? `redraws of ${chart}` : 're-runs, to every chart'} (ms): ${ms.map((m) => m.toFixed(1)).join(' ')}`);
}
await browser.close();
server.close();
if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profiles.at(-1)));

const per = chart ? 'redraw' : mode === 'load' ? 'load' : 're-run';
const name = (node) => {
  const f = node.callFrame;
  return (f.functionName || `(anonymous ${f.url.split('/').pop()}:${f.lineNumber + 1})`).replace(/::h[0-9a-f]{16}$/, '');
};
// Self time per function name, and total time (each function counted once per sample).
const self = new Map();
const total = new Map();
let busy = 0;
let busyUncapped = 0;
for (const p of profiles) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const time = new Map();
  const uncapped = new Map();
  p.samples.forEach((id, i) => {
    const us = p.timeDeltas[i + 1] ?? 0;
    time.set(id, (time.get(id) ?? 0) + Math.min(us, CAP_US));
    uncapped.set(id, (uncapped.get(id) ?? 0) + us);
  });
  for (const [id, us] of time) {
    const own = name(byId.get(id));
    if (own === '(idle)') continue;
    busy += us;
    busyUncapped += uncapped.get(id);
    self.set(own, (self.get(own) ?? 0) + us);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const n = name(byId.get(at));
      if (seen.has(n)) continue;
      seen.add(n);
      total.set(n, (total.get(n) ?? 0) + us);
    }
  }
}
const show = (map, title, keep = () => true) => {
  console.log(`\n${title} (ms per ${per})`);
  [...map].filter(([n]) => keep(n)).sort((a, b) => b[1] - a[1]).slice(0, TOP)
    .forEach(([n, us]) => console.log(`${(us / 1000 / N).toFixed(2).padStart(9)}  ${n.slice(0, 160)}`));
};
console.log(`\nbusy (not idle): ${(busy / 1000 / N).toFixed(1)} ms per ${per} with each sample capped at ${CAP_US} µs, `
  + `${(busyUncapped / 1000 / N).toFixed(1)} ms uncapped`);
show(self, 'self time');
show(total, 'total time', (n) => !n.startsWith('('));
console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
