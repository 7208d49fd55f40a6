// The CPU time a cold page load spends before its first chart, by thread, from Chromium's own
// trace: a companion to bench/page.mjs whose figures are wall-clock times, which on this shared
// 2-core machine move with every neighbour's load (a first chart of 713 ms and of 1,283 ms for
// one build within one minute). CPU time is what the page itself asks of the device, and moves
// far less: how long each thread actually ran, not how long it waited for a core.
//
//   node bench/page_cpu.mjs [LABEL=]DIST... [N]     (median of N cold loads per build, default 5,
//                                                   interleaved; PAGE_ONLY=phone|desktop|rerun)
//
// `rerun`: the same figures over a re-run and redraw of 2 × 100,000 requests on an open desktop
// page (`window.coldstartBenchmark`, as bench/page.mjs's re-run), from request to every chart drawn.
//
// Per build and profile (desktop; the phone of issue 14: 4x CPU slowdown, 6.4 Mbit/s, 150 ms
// round trip) it prints the medians of: the first chart's wall time; the CPU milliseconds until
// then of the page's main thread, of its run workers together, and of the thread pool of the
// page's process (V8's streaming and optimising compilation of the wasm and the scripts run
// there); and the main thread's CPU in its three largest kinds of work. The phone's CPU figures are Chromium's
// throttled ones (4x the desktop's for the same work).
//
// Each load opens in a fresh browser context (cold cache), as bench/page.mjs does, and the first
// chart is awaited through CDP, never through a Playwright helper that would inject its script
// into the page (see bench/page.mjs).

import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { launchChromium } from '../tests/e2e/browser.mjs';
import { PROFILES, benchArgs, coldPage, firstChartDrawn, readyPage, serveBuild, traced } from './site.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const { count: N, builds } = benchArgs(process.argv.slice(2), ROOT, 5);
const ONLY = process.env.PAGE_ONLY;
/** Trace categories: tasks with their thread CPU time, V8's wasm compilation, the page's marks. */
const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'blink.user_timing', 'loading'];
/** The events that are one task of a thread's loop (nested ones are skipped). */
const TASKS = new Set(['RunTask', 'ThreadPool_RunTask']);
/** Main-thread work, by the name of an event inside a task, for the breakdown. */
const KINDS = [
  ['style and layout', ['UpdateLayoutTree', 'Layout']],
  ['paint', ['Paint', 'PrePaint', 'Commit']],
  ['HTML and CSS parsing', ['ParseHTML', 'ParseAuthorStyleSheet']],
  ['script (JS and wasm)', ['FunctionCall', 'v8.callFunction', 'RunMicrotasks', 'BlinkScheduler_PerformMicrotaskCheckpoint',
    'v8.evaluateModule', 'EvaluateScript', 'TimerFire', 'HandlePostMessage', 'MessagePort::Accept']],
  ['canvas', ['CanvasRenderingContext2D::FinalizeFrame']],
];
const sites = [];
for (const { label, dir } of builds) sites.push({ label, ...(await serveBuild(dir, { gzip: true })) });
const browser = await launchChromium(process.env.CHROMIUM ?? '/usr/bin/chromium');

/** One cold load, traced: the first chart's wall time and the CPU figures until it. */
async function tracedLoad(base, profile) {
  const { context, page, cdp } = await coldPage(browser, profile);
  const { value: wall, events } = await traced(cdp, CATEGORIES, async () => {
    await page.goto(base);
    return firstChartDrawn(cdp);
  });
  await context.close();
  const mark = markEvent(events, 'coldstart:first-chart');
  return { wall, ...cpuByThread(events, mark.pid, mark.ts) };
}

/** Requests per variant in the re-run (bench/page.mjs's). */
const RERUN_REQUESTS = 100_000;

/** One re-run and redraw on an open page, traced from its request to every chart drawn. */
async function tracedRerun({ page, cdp }) {
  const { value: wall, events } = await traced(cdp, CATEGORIES, () => page.evaluate(
    (n) => { performance.mark('coldstart:rerun'); return window.coldstartBenchmark(n); }, RERUN_REQUESTS));
  return { wall, ...cpuByThread(events, markEvent(events, 'coldstart:rerun').pid) };
}

/** Sums the CPU time (`tdur`) of each thread's top-level tasks in the renderer process `pid`
 * that began before `until` (a trace timestamp). */
function cpuByThread(events, pid, until = Infinity) {
  const threads = new Map();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.pid === pid) threads.set(e.tid, e.args.name);
  }
  const byThread = new Map();
  for (const e of events) {
    if (e.pid === pid && e.ph === 'X' && e.ts < until) (byThread.get(e.tid) ?? byThread.set(e.tid, []).get(e.tid)).push(e);
  }
  const out = { main: 0, workers: 0, background: 0, kinds: Object.fromEntries(KINDS.map(([k]) => [k, 0])) };
  for (const [tid, list] of byThread) {
    const name = threads.get(tid) ?? '';
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    let end = -Infinity;
    let cpu = 0;
    for (const e of list) {
      if (TASKS.has(e.name) && e.ts >= end) { cpu += (e.tdur ?? 0) / 1000; end = e.ts + e.dur; }
    }
    if (name === 'CrRendererMain') {
      out.main += cpu;
      for (const [kind, names] of KINDS) {
        out.kinds[kind] += outermost(list.filter((e) => names.includes(e.name))) / 1000;
      }
    } else if (name === 'DedicatedWorker thread') out.workers += cpu;
    else if (name.startsWith('ThreadPool')) out.background += cpu;
  }
  return out;
}

/** The trace event of the page's mark `name` (it names the page's renderer process). */
function markEvent(events, name) {
  const mark = events.find((e) => e.name === name);
  if (!mark) throw new Error(`the trace has no ${name} mark`);
  return mark;
}

/** The CPU time of the events not nested in another of the same list. */
function outermost(list) {
  let end = -Infinity;
  let sum = 0;
  for (const e of list) {
    if (e.ts >= end) { sum += e.tdur ?? 0; end = e.ts + e.dur; }
  }
  return sum;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** Prints each build's medians over its runs. */
function report(runs, label, wallWhat, cpuWhen) {
  for (const [k, rs] of runs.entries()) {
    const m = (f) => median(rs.map(f)).toFixed(0);
    const kinds = KINDS.map(([kind]) => [kind, median(rs.map((r) => r.kinds[kind]))])
      .sort((a, b) => b[1] - a[1]).slice(0, 3).map(([kind, ms]) => `${kind} ${ms.toFixed(0)}`).join(', ');
    console.log(`${sites[k].label}: ${label}: ${m((r) => r.wall)} ms wall ${wallWhat} (traced); CPU ${cpuWhen}: `
      + `main thread ${m((r) => r.main)} ms (${kinds}), run workers ${m((r) => r.workers)} ms, `
      + `thread pool ${m((r) => r.background)} ms (median of ${N})`);
  }
}

console.log(`load average before: ${load()}`);
for (const [label, profile] of [['desktop', PROFILES.desktop], [`phone (${PROFILES.phone.cpu}× CPU, 6.4 Mbit/s, 150 ms RTT)`, PROFILES.phone]]) {
  if (ONLY && !label.startsWith(ONLY)) continue;
  const runs = sites.map(() => []);
  for (let i = 0; i < N; i++) {
    for (const [k, site] of sites.entries()) runs[k].push(await tracedLoad(site.base, profile));
  }
  report(runs, label, 'to the first chart', 'until then');
}
if (!ONLY || ONLY === 'rerun') {
  const pages = [];
  for (const site of sites) {
    pages.push(await readyPage(browser, site.base));
  }
  const runs = sites.map(() => []);
  for (let i = 0; i < N; i++) {
    for (const [k, open] of pages.entries()) runs[k].push(await tracedRerun(open));
  }
  report(runs, `re-run + redraw, 2 × ${RERUN_REQUESTS.toLocaleString('en')} requests`, 'to every chart drawn', 'during it');
  for (const { context } of pages) await context.close();
}
console.log(`load average after: ${load()}`);
await browser.close();
for (const site of sites) site.server.close();
