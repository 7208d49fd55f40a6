// The page's budgets of issue 14, measured on the release build (dist/) in Debian's headless
// Chromium, in one run:
//   - first chart after navigation start, on a desktop and on a mid-range phone (Chromium's 4×
//     CPU slowdown, 6.4 Mbit/s down, 150 ms round trip; Lighthouse's Moto G Power screen,
//     412 × 823 CSS px at 1.75 device pixels per CSS pixel), each from a cold cache;
//   - re-run and redraw of a 2 × 100,000-request comparison (`window.coldstartBenchmark`): to
//     every chart drawn, and to the charts on the screen and the summary shown (PAGE_ONLY=settled:
//     instead with the benchmark's set-up, the panel rebuilt with its scenario, rendered before
//     the clock starts, `coldstartBenchmark(n, true)`: the re-run alone, as after a reader's edit);
//   - a 1,000,000-request comparison (2 × 500,000), and the page's longest task meanwhile.
//
//   node bench/page.mjs [LABEL=]DIST... [N]     (best of N, default 5; PAGE_ONLY=phone|desktop|rerun|settled|million;
//                                               PAGE_MARKS=all prints every load's marks)
//
// Several builds (e.g. `before=/tmp/dist-main after=dist`) are measured interleaved, run by run.
//
// dist/ is served gzip-compressed with `max-age=600` (as GitHub Pages serves it), from memory, by
// this script: the phone's figure depends on the bytes on the wire. Each page opens in a fresh
// browser context, so its cache starts empty. Each figure is the best of N (the machine is
// shared; the best is the least disturbed), printed with the load average before and after.
// Where the phone's time goes is printed from the page's own marks (`coldstart:*`, web/app.js)
// and the resource timings of its best run.

import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { launchChromium, timedRun } from '../tests/e2e/browser.mjs';
import { PROFILES, benchArgs, coldPage, firstChartDrawn, serveBuild } from './site.mjs';

const ROOT = resolve(import.meta.dirname, '..');
/** The builds to measure: `DIR` or `LABEL=DIR`, interleaved run by run so that a neighbour's load
 * hits every build alike (default: dist/); N runs of each. */
const { count: N, builds } = benchArgs(process.argv.slice(2), ROOT, 5);
const ONLY = process.env.PAGE_ONLY;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const sites = [];
for (const { label, dir } of builds) {
  const site = await serveBuild(dir, { gzip: true });
  sites.push({ label, ...site });
  console.log(`${label}: wasm ${(site.wasmBytes[0] / 1024).toFixed(0)} KB, ${(site.wasmBytes[1] / 1024).toFixed(0)} KB gzip`);
}

const browser = await launchChromium(CHROMIUM);

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const best = (xs) => Math.min(...xs);
const fmt = (xs) => xs.map((x) => x.toFixed(0)).join(', ');

/** Opens the page in a fresh context (cold cache) and returns its first-chart figure and marks. */
async function firstChart(base, { phone }) {
  const { context, page, cdp } = await coldPage(browser, phone ? PROFILES.phone : PROFILES.desktop);
  await page.goto(base);
  await firstChartDrawn(cdp);
  const seen = await page.evaluate(() => ({
    firstChart: window.coldstartFirstChartMs,
    marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('coldstart:'))
      .map((m) => [m.name.slice('coldstart:'.length), m.startTime]),
    resources: performance.getEntriesByType('resource')
      .map((r) => [r.name.split('/').pop(), r.startTime, r.responseEnd, r.transferSize]),
    nav: (() => { const n = performance.getEntriesByType('navigation')[0]; return [n.responseEnd, n.domInteractive]; })(),
  }));
  await context.close();
  return seen;
}

/** Runs `measure(site)` N times per build, interleaved; returns the results per build. */
async function interleaved(measure) {
  const out = sites.map(() => []);
  for (let i = 0; i < N; i++) {
    for (const [k, site] of sites.entries()) out[k].push(await measure(site));
  }
  return out;
}

async function firstCharts(label, phone) {
  const all = await interleaved((site) => firstChart(site.base, { phone }));
  for (const [k, runs] of all.entries()) {
    const times = runs.map((r) => r.firstChart);
    const top = runs[times.indexOf(best(times))];
    console.log(`${sites[k].label}: ${label}: first chart ${best(times).toFixed(0)} ms after navigation start (best of ${N}: ${fmt(times)})`);
    console.log(`  html ${top.nav[0].toFixed(0)} ms; ${top.resources.map(([n, s, e]) => `${n.replace(/-[0-9a-f]{16}/, '')} ${s.toFixed(0)}–${e.toFixed(0)}`).join('; ')}`);
    const marks = (r) => r.marks.map(([n, t]) => `${n} ${t.toFixed(0)}`).join(', ');
    console.log(`  marks: ${marks(top)}`);
    // PAGE_MARKS=all: every load's marks, to tell a slow step from a skipped one (an early run
    // not adopted shows no run-adopted mark).
    if (process.env.PAGE_MARKS === 'all') for (const r of runs) console.log(`    ${marks(r)}`);
  }
}

async function benchPage(site) {
  const context = await browser.newContext(PROFILES.desktop.context);
  const page = await context.newPage();
  await page.goto(site.base);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  return { context, page };
}

async function comparisons(label, n, repeat, settled = false) {
  const pages = [];
  for (const site of sites) pages.push(await benchPage(site));
  const all = sites.map(() => []);
  for (let i = 0; i < repeat; i++) {
    for (const [k, { page }] of pages.entries()) all[k].push(await timedRun(page, n, settled));
  }
  for (const [k, runs] of all.entries()) {
    const ms = runs.map((r) => r.ms);
    const shown = runs.map((r) => r.shown);
    console.log(`${sites[k].label}: ${label}: ${best(ms).toFixed(0)} ms to every chart drawn (best of ${repeat}: ${fmt(ms)}); `
      + `${best(shown.filter((x) => !Number.isNaN(x))).toFixed(0)} ms to the charts on the screen and the summary (${fmt(shown)}); `
      + `longest page task: ${fmt(runs.map((r) => r.longest))} ms`);
  }
  for (const { context } of pages) await context.close();
}

console.log(`load average before: ${load()}`);
if (!ONLY || ONLY === 'desktop') await firstCharts('desktop', false);
if (!ONLY || ONLY === 'phone') await firstCharts(`phone (${PROFILES.phone.cpu}× CPU, 6.4 Mbit/s, 150 ms RTT)`, true);
if (!ONLY || ONLY === 'rerun') await comparisons('re-run + redraw, 2 × 100,000 requests', 100_000, N);
// The same with the benchmark's set-up (its scenario's panel) rendered before the clock starts:
// the re-run alone, as after a reader's edit (docs/benchmarks.md, twelfth round). Asked for only:
// the budget's figure (bench/budgets.py) is the one above.
if (ONLY === 'settled') await comparisons('re-run + redraw, 2 × 100,000 requests, set-up rendered first', 100_000, N, true);
if (!ONLY || ONLY === 'million') await comparisons('1,000,000-request comparison (2 × 500,000), requested to drawn', 500_000, Math.min(N, 3));
console.log(`load average after: ${load()}`);
await browser.close();
for (const { server } of sites) server.close();
