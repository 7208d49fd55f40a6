// The run workers' side of the re-run benchmark, without the page: each build's wasm driven in
// Node's V8 as web/worker.js drives it (`RunTask`, 25 ms slices), on the request the page itself
// makes for `window.coldstartBenchmark` (2 × 100,000 requests, read once from the first build in
// headless Chromium). Prints, per build, the median and best over N rounds of: the request to each
// part's first-seed report (the bytes the page's charts wait for) and to its records. Each round
// runs part 0 then part 1 on one thread, so the figures are one worker's work with no other
// worker, page or frame competing: CPU work, which survives a loaded machine better than the
// page's end-to-end figures.
//
//   node bench/run_worker.mjs [LABEL=]DIST... [N]     (rounds, default 30; the first 6 are
//                                                     not counted: V8 tiers the wasm up then)

import { loadavg } from 'node:os';
import { launchChromium } from '../tests/e2e/browser.mjs';
import { buildArgs, serveBuild } from './site.mjs';
import { loadFirstModule } from '../tests/first_module.mjs';

const args = process.argv.slice(2);
const N = Math.max(7, Number(args.find((a) => /^\d+$/.test(a)) ?? 30));
const builds = buildArgs(args.filter((a) => !/^\d+$/.test(a)));
if (builds.length === 0) builds.push(...buildArgs(['dist']));
/** Rounds left out while V8 compiles the hot functions in its optimising tier. */
const WARM_ROUNDS = 6;
/** web/worker.js's slice, ms. */
const SLICE_MS = 25;
const REQUESTS = 100_000;
/** The request the page posts to its run workers for the benchmark (Playground.start_remote). */
async function benchmarkRequest(dir) {
  const hook = '{ const f = app.start_remote.bind(app); app.start_remote = (...a) => (window.__request = f(...a)); }\n';
  const { server, base } = await serveBuild(dir, { hook });
  const browser = await launchChromium(process.env.CHROMIUM ?? '/usr/bin/chromium');
  try {
    const page = await browser.newPage();
    await page.goto(base);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await page.evaluate((n) => window.coldstartBenchmark(n), REQUESTS);
    return await page.evaluate(() => window.__request);
  } finally {
    await browser.close();
    server.close();
  }
}

const request = await benchmarkRequest(builds[0].dir);
for (const build of builds) {
  // The first module (the run workers'), an instance of its own per build.
  build.glue = (await loadFirstModule(build.dir)).glue;
  build.first = [];
  build.records = [];
}
console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (let round = 0; round < N; round++) {
  for (const build of builds) {
    for (const part of [0, 1]) {
      const t0 = performance.now();
      const task = new build.glue.RunTask(request, part);
      let reply;
      while (reply === undefined) reply = task.step(SLICE_MS);
      const t1 = performance.now();
      for (let next = task.ready(); next !== undefined; next = task.ready());
      const t2 = performance.now();
      task.free();
      if (round >= WARM_ROUNDS) { build.first.push(t1 - t0); build.records.push(t2 - t0); }
    }
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
for (const b of builds) {
  console.log(`${b.label}: request → first-seed report ${median(b.first).toFixed(1)} ms median, `
    + `${Math.min(...b.first).toFixed(1)} best; → its records ${median(b.records).toFixed(1)} / `
    + `${Math.min(...b.records).toFixed(1)} ms (${b.first.length} runs: both parts × ${N - WARM_ROUNDS} rounds)`);
}
console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
