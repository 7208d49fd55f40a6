// Where the page's thread spends a re-run: the steps of `window.coldstartBenchmark` (2 × 100,000
// requests) timed in a copy of each build whose app.js wraps the playground's methods with
// `performance.now()` (the build itself is not changed). Prints, per build, the median over N
// re-runs of each step's duration and of when it ended after the request, so the step that
// stands between the replies and the last chart shows; then each chart drawn again at once
// (`redraw:`), its drawing alone, without what its first draw made (the lanes read, the sweep).
//
//   node bench/page_steps.mjs [LABEL=]DIST... [N]     (median of N re-runs, default 9)
//
// Several builds are measured side by side, run by run. Desktop (1440 × 1000), headless Chromium.

import { loadavg } from 'node:os';
import { launchChromium } from '../tests/e2e/browser.mjs';
import { buildArgs, serveBuild } from './site.mjs';

const args = process.argv.slice(2);
const N = Math.max(1, Number(args.find((a) => /^\d+$/.test(a)) ?? 9));
const builds = args.filter((a) => !/^\d+$/.test(a));
const REQUESTS = 100_000;
/** Wrapped methods of the playground: each call's name (with a chart's name), start and end. */
const TIMED = ['accept', 'draw', 'describe', 'render_summary', 'fragment', 'full_page_url', 'stale', 'run_info'];
const PATCH = `
window.__steps = [];
window.__app = app;
for (const name of ${JSON.stringify(TIMED)}) {
  const f = app[name].bind(app);
  app[name] = (...a) => {
    const t = performance.now();
    try { return f(...a); } finally {
      const what = typeof a[0] === 'string' && a[0].length < 20 ? name + ':' + a[0] : name;
      window.__steps.push([what, t, performance.now()]);
    }
  };
}
`;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const sites = [];
for (const { label, dir } of buildArgs(builds.length ? builds : ['dist'])) {
  const { server, base } = await serveBuild(dir, { hook: PATCH });
  sites.push({ label, server, base, runs: [] });
}
console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const browser = await launchChromium(process.env.CHROMIUM ?? '/usr/bin/chromium');
for (const site of sites) {
  site.context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  site.page = await site.context.newPage();
  await site.page.goto(site.base);
  await site.page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
}
for (let i = 0; i < N; i++) {
  for (const site of sites) {
    site.runs.push(await site.page.evaluate(async (n) => {
      window.__steps.length = 0;
      const t0 = performance.now();
      const ms = await window.coldstartBenchmark(n);
      // Each chart drawn again at once: its drawing alone, without what its first draw made
      // (the lanes read, the sweep made).
      for (const card of document.querySelectorAll('.chart-card')) {
        const t = performance.now();
        window.__app.draw(card.dataset.chart, card.querySelector('canvas'), document.documentElement.dataset.theme);
        window.__steps.push([`redraw:${card.dataset.chart}`, t, performance.now()]);
      }
      return { ms, shown: window.coldstartBenchmarkShownMs, steps: window.__steps.map(([s, a, b]) => [s, a - t0, b - t0]) };
    }, REQUESTS));
  }
}
for (const site of sites) {
  console.log(`\n${site.label}: ${N} re-runs of 2 × ${REQUESTS}: every chart ${median(site.runs.map((r) => r.ms)).toFixed(1)} ms, `
    + `the screen's charts and the summary ${median(site.runs.map((r) => r.shown)).toFixed(1)} ms (medians)`);
  // Steps by name and occurrence (the first accept, the second…), in the order of the first run.
  const keyed = site.runs.map((r) => {
    const seen = new Map();
    return r.steps.map(([s, a, b]) => { const k = seen.get(s) ?? 0; seen.set(s, k + 1); return [k ? `${s} #${k + 1}` : s, a, b]; });
  });
  console.log('  step                          took (ms)   ended at (ms after the request)');
  for (const [name] of keyed[0]) {
    const of = keyed.map((steps) => steps.find(([s]) => s === name)).filter(Boolean);
    if (of.length < N / 2) continue;
    console.log(`  ${name.padEnd(28)} ${median(of.map(([, a, b]) => b - a)).toFixed(1).padStart(8)}   ${median(of.map(([, , b]) => b)).toFixed(1).padStart(8)}`);
  }
}
console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
await browser.close();
for (const site of sites) site.server.close();
