// The browser's own work on the page's two budgeted paths, by kind, from Chromium's traces: a
// companion to bench/page_cpu.mjs (the threads' CPU in all) that splits the main thread's time
// into style, layout, pre-paint, paint, layerize and commit, HTML and CSS parsing, script, canvas
// and garbage collection, so a change aimed at Blink's rendering work is measured where it acts.
//
//   node bench/blink_work.mjs [LABEL=]DIST... [N]     (median of N per build, default 5,
//                                                     interleaved; PAGE_ONLY=phone|desktop|rerun)
//
// `phone` and `desktop`: a cold load (as bench/page_cpu.mjs), from navigation to the page's
// `coldstart:first-chart` mark. `rerun`: a re-run and redraw of 2 × 100,000 requests on an open
// desktop page warmed by three, from the request to every chart drawn (`coldstartBenchmark`).
// Each event's *self* CPU time (`tdur` less that of the events nested in it) counts for its
// kind, so nothing is counted twice; the compositor's and raster threads' CPU is printed beside
// (a canvas drawn or a layer painted is rasterised and uploaded there). Also printed: the
// elements in the document at the end, and the layout objects Chromium laid out (the sum of the
// `Layout` events' `dirtyObjects`), which is what containment and `content-visibility` cut; and
// on a load, the CPU of the task that draws the first chart.

import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { launchChromium } from '../tests/e2e/browser.mjs';
import { PROFILES, benchArgs, coldPage, firstChartDrawn, readyPage, serveBuild, traced } from './site.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const { count: N, builds } = benchArgs(process.argv.slice(2), ROOT, 5);
const ONLY = process.env.PAGE_ONLY;
const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing', 'loading', 'cc', 'blink'];
/** Kinds of main-thread work, by trace event name. An event's self time counts for the kind of
 * the innermost event around it (itself included) that has one: text shaped inside a layout is
 * layout, a layout forced by a script's read of a size is layout, not script. */
const KINDS = {
  style: ['UpdateLayoutTree', 'Document::recalcStyle', 'Document::updateStyle', 'Document::UpdateStyleAndLayoutTree'],
  layout: ['Layout', 'LocalFrameView::performLayout', 'UpdateLayout'],
  'pre-paint': ['PrePaint', 'Blink.PrePaint.UpdateTime'],
  paint: ['Paint', 'Blink.Paint.UpdateTime', 'PaintImage'],
  'layerize+commit': ['Layerize', 'Commit', 'Blink.CompositingInputs.UpdateTime', 'Blink.Compositing.UpdateTime', 'ProxyMain::BeginMainFrame::commit'],
  'HTML parse': ['ParseHTML'],
  'CSS parse': ['ParseAuthorStyleSheet', 'CSSParserImpl::parseStyleSheet', 'CSSParserImpl::parseStyleSheet.parse', 'CSSParserImpl::parseStyleSheet.tokenize'],
  script: ['FunctionCall', 'v8.callFunction', 'EvaluateScript', 'v8.evaluateModule', 'v8.compile', 'v8.compileModule',
    'TimerFire', 'HandlePostMessage', 'FireAnimationFrame', 'EventDispatch', 'v8.run', 'V8.Execute'],
  canvas: ['CanvasRenderingContext2D::FinalizeFrame', 'Canvas2DLayerBridge::FinalizeFrame', 'CanvasResourceProvider::FlushCanvas'],
  gc: ['MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'BlinkGC.AtomicPhase', 'V8.GCIncrementalMarking', 'V8.GCFinalizeMC', 'V8.GCScavenger', 'V8.GCCompactor'],
  'wasm compile': ['v8.wasm.compileConsume', 'v8.wasm.compileConsumeDone', 'wasm.CompileLazy', 'v8.wasm.streamFromResponseCallback'],
};
const KIND_OF = new Map(Object.entries(KINDS).flatMap(([kind, names]) => names.map((n) => [n, kind])));

const sites = [];
for (const { label, dir } of builds) sites.push({ label, ...(await serveBuild(dir, { gzip: true })) });
const browser = await launchChromium(process.env.CHROMIUM ?? '/usr/bin/chromium');

/** Self CPU ms by kind on the main thread of `pid` within [from, until), plus other threads. */
function byKind(events, pid, from, until) {
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.pid === pid) names.set(e.tid, e.args.name);
  const main = [...names].find(([, n]) => n === 'CrRendererMain')?.[0];
  const out = Object.fromEntries([...Object.keys(KINDS), 'other'].map((k) => [k, 0]));
  out.compositor = 0; out.raster = 0; out.laidOut = 0;
  const list = events.filter((e) => e.pid === pid && e.ph === 'X' && e.ts >= from && e.ts < until && e.tdur !== undefined);
  list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  const self = new Map();
  const parent = new Map();
  for (const e of list) {
    if (e.tid !== main) {
      const n = names.get(e.tid) ?? '';
      // Top-level tasks only (their CPU), by thread.
      if (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask' || e.name === 'ThreadPool_RunTask') {
        if (n === 'Compositor') out.compositor += e.tdur / 1000;
        else if (/CompositorTileWorker|Raster|VizCompositor|GpuMain/.test(n)) out.raster += e.tdur / 1000;
      }
      continue;
    }
    if (e.name === 'Layout' && e.args?.beginData?.dirtyObjects) out.laidOut += e.args.beginData.dirtyObjects;
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    self.set(e, e.tdur);
    const around = stack.at(-1);
    if (around) { self.set(around, self.get(around) - e.tdur); parent.set(e, around); }
    stack.push(e);
  }
  for (const [e, t] of self) {
    let kind = 'other';
    for (let a = e; a; a = parent.get(a)) { const k = KIND_OF.get(a.name); if (k) { kind = k; break; } }
    if (kind === 'other' && /^(v8|V8)\./.test(e.name)) kind = 'script';
    out[kind] += Math.max(0, t) / 1000;
  }
  out.total = [...self.values()].reduce((a, b) => a + Math.max(0, b), 0) / 1000;
  return out;
}

async function tracedLoad(base, profile) {
  const { context, page, cdp } = await coldPage(browser, profile);
  const { value: wall, events } = await traced(cdp, CATEGORIES, async () => {
    await page.goto(base);
    return firstChartDrawn(cdp);
  });
  const elements = (await cdp.send('Runtime.evaluate', { expression: 'document.getElementsByTagName("*").length', returnByValue: true })).result.value;
  await context.close();
  const mark = events.find((e) => e.name === 'coldstart:first-chart');
  const nav = events.find((e) => e.pid === mark.pid && e.name === 'navigationStart') ?? { ts: 0 };
  // After the module is in (`coldstart:wasm-compiled`): the part the first chart waits for, once
  // the download is over; before it, the page's thread mostly waits for the network.
  const compiled = events.find((e) => e.name === 'coldstart:wasm-compiled');
  const after = byKind(events, mark.pid, compiled.ts, mark.ts);
  const whole = byKind(events, mark.pid, nav.ts, mark.ts);
  // The task that draws the first chart (it holds the mark): its CPU, canvas flush included.
  const drawTask = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X'
    && e.name === 'ThreadControllerImpl::RunTask' && e.ts <= mark.ts && e.ts + e.dur >= mark.ts)
    .sort((a, b) => b.dur - a.dur)[0];
  return { wall, elements, 'first draw task': (drawTask?.tdur ?? 0) / 1000, ...Object.fromEntries(Object.entries(after).map(([k, v]) => [`after.${k}`, v])), 'whole.total': whole.total, 'whole.style': whole.style, 'whole.layout': whole.layout };
}

async function tracedRerun({ page, cdp }) {
  const { value: wall, events } = await traced(cdp, CATEGORIES, () => page.evaluate(async (n) => {
    performance.mark('blink:T0');
    const ms = await window.coldstartBenchmark(n);
    performance.mark('blink:T1');
    return ms;
  }, 100_000));
  const t0 = events.find((e) => e.name === 'blink:T0');
  const t1 = events.find((e) => e.name === 'blink:T1');
  const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
  return { wall, elements, ...byKind(events, t0.pid, t0.ts, t1.ts) };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
function report(runs, label) {
  for (const [k, rs] of runs.entries()) {
    const keys = Object.keys(rs[0]);
    console.log(`${sites[k].label}: ${label}: medians of ${N}: ${keys.map((key) => `${key} ${median(rs.map((r) => r[key])).toFixed(key === 'wall' || key === 'elements' || key === 'laidOut' ? 0 : 1)}`).join(', ')}`);
  }
}

console.log(`load average before: ${load()}`);
for (const [label, profile] of [['desktop', PROFILES.desktop], ['phone', PROFILES.phone]]) {
  if (ONLY && ONLY !== label) continue;
  const runs = sites.map(() => []);
  for (let i = 0; i < N; i++) for (const [k, site] of sites.entries()) runs[k].push(await tracedLoad(site.base, profile));
  report(runs, `${label}, navigation to first chart`);
}
if (!ONLY || ONLY === 'rerun') {
  const pages = [];
  for (const site of sites) {
    const opened = await readyPage(browser, site.base);
    for (let w = 0; w < 3; w++) await opened.page.evaluate((n) => window.coldstartBenchmark(n), 100_000);
    pages.push(opened);
  }
  const runs = sites.map(() => []);
  for (let i = 0; i < N; i++) for (const [k, open] of pages.entries()) runs[k].push(await tracedRerun(open));
  report(runs, 're-run + redraw of 2 × 100,000, request to every chart');
  for (const { context } of pages) await context.close();
}
console.log(`load average after: ${load()}`);
await browser.close();
for (const site of sites) site.server.close();
