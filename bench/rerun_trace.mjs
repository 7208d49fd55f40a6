// Where a re-run's page thread goes after its last first-seed reply, from Chromium's traces: a
// companion to bench/page_cpu.mjs (the thread's CPU over the whole re-run) for the part that
// the charts wait on. Each build's page is opened once and warmed by 3 re-runs; then N traced
// re-runs of `window.coldstartBenchmark` (2 × 100,000 requests) per build, interleaved. Prints
// the medians of: the wall time to every chart and to the screen's charts and the summary; when
// the last first-seed reply was taken in (`accept` returning "charts", timed by a hook); the main
// thread's CPU over the re-run and after that reply; the rendered frames after it (tasks with a
// `Commit`) and their tasks' CPU; the tasks over 1 ms of CPU after it, the longest one's CPU and
// wall time; and the run workers' CPU.
//
//   node bench/rerun_trace.mjs [LABEL=]DIST... [N]     (N traced re-runs per build, default 5)
import { launchChromium } from '../tests/e2e/browser.mjs';
import { serveBuild, buildArgs } from './site.mjs';
import { loadavg } from 'node:os';
const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
const builds = buildArgs(args.filter((a) => !/^\d+$/.test(a)));
const PATCH = `
{ const f = app.accept.bind(app); app.accept = (b) => { const t = performance.now(); const r = f(b); performance.measure('S:accept:' + r, { start: t, end: performance.now() }); return r; }; }
`;
const browser = await launchChromium('/usr/bin/chromium');
const sites = [];
for (const b of builds) {
  const s = await serveBuild(b.dir, { gzip: true, hook: PATCH });
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 } }); const page = await ctx.newPage();
  await page.goto(s.base); await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  const cdp = await ctx.newCDPSession(page);
  for (let w = 0; w < 3; w++) await page.evaluate((r) => window.coldstartBenchmark(r), 100000);
  sites.push({ ...b, s, ctx, page, cdp, runs: [] });
}
async function one(site) {
  const { cdp, page } = site;
  const events = []; cdp.removeAllListeners('Tracing.dataCollected');
  cdp.on('Tracing.dataCollected', ({ value }) => { for (const e of value) events.push(e); });
  const complete = new Promise((d) => cdp.once('Tracing.tracingComplete', d));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'disabled-by-default-devtools.timeline', 'devtools.timeline', 'blink.user_timing'] }, transferMode: 'ReportEvents' });
  await new Promise((r) => setTimeout(r, 50));
  const val = await page.evaluate(async () => { performance.mark('T0'); const ms = await window.coldstartBenchmark(100000); performance.mark('T1'); return [ms, window.coldstartBenchmarkShownMs]; });
  await new Promise((r) => setTimeout(r, 50));
  await cdp.send('Tracing.end'); await complete;
  const names = new Map(); for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const t0e = events.find((e) => e.name === 'T0'); const t0 = t0e.ts; const pid = t0e.pid;
  const t1 = events.find((e) => e.name === 'T1').ts;
  const charts = events.filter((e) => e.pid === pid && e.name === 'S:accept:charts' && e.ph === 'b').map((e) => e.ts);
  const tc = charts.at(-1) ?? t0;
  const byTid = new Map();
  for (const e of events) {
    if (e.pid !== pid || e.ph !== 'X') continue;
    const th = names.get(`${e.pid}:${e.tid}`) ?? '?';
    if (!/CrRendererMain|DedicatedWorker/.test(th)) continue;
    (byTid.get(e.tid) ?? byTid.set(e.tid, { th, ev: [] }).get(e.tid)).ev.push(e);
  }
  const r = { wall: val[0], shown: val[1], lastReply: (tc - t0) / 1000, main: 0, mainAfter: 0, frames: 0, frameCpu: 0, workers: 0, longCpu: 0, longWall: 0, tasks: 0 };
  for (const { th, ev } of byTid.values()) {
    ev.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    let end = -Infinity; const tasks = [];
    for (const e of ev) if ((e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.ts >= end) { tasks.push({ e, commit: false }); end = e.ts + e.dur; }
    let j = 0;
    for (const e of ev) if (e.name === 'Commit') { const t = tasks.find((t) => e.ts >= t.e.ts && e.ts < t.e.ts + t.e.dur); if (t) t.commit = true; }
    for (const t of tasks) {
      if (t.e.ts < t0 - 1000 || t.e.ts > t1) continue;
      const cpu = (t.e.tdur ?? 0) / 1000;
      if (th === 'CrRendererMain') {
        r.main += cpu;
        if (t.e.ts >= tc) { r.mainAfter += cpu; if (cpu > 1) r.tasks++; r.longCpu = Math.max(r.longCpu, cpu); r.longWall = Math.max(r.longWall, t.e.dur / 1000); if (t.commit) { r.frames++; r.frameCpu += cpu; } }
      } else r.workers += cpu;
    }
  }
  return r;
}
for (let i = 0; i < N; i++) for (const site of sites) site.runs.push(await one(site));
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
for (const site of sites) {
  const keys = Object.keys(site.runs[0]);
  console.log(`${site.label}: medians of ${N}: ` + keys.map((k) => `${k} ${med(site.runs.map((r) => r[k])).toFixed(1)}`).join(', ') + `; best wall ${Math.min(...site.runs.map((r) => r.wall)).toFixed(0)}`);
}
console.log(`load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
await browser.close(); for (const s of sites) s.s.server.close();
