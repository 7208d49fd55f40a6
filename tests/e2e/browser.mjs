// What the end-to-end test (tests/e2e/run.mjs) and the page benchmark (bench/page.mjs) share:
// the headless Chromium they drive, and the page's run measurement (one timed comparison through
// the page's own hook, and the longest task the page's thread ran meanwhile).

import { chromium } from 'playwright-core';

/** Debian's Chromium (never a downloaded one), headless, with nothing running in the background
 * that could fetch from the network or disturb a timing. */
export function launchChromium(executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** One timed comparison of 2 × `n` requests on an open page (`window.coldstartBenchmark`): the
 * time to every chart drawn, to the charts on the screen and the summary, and the page's longest
 * task meanwhile (a `PerformanceObserver` for long tasks, ≥ 50 ms). `settled`: the benchmark's
 * set-up (the panel rebuilt with its scenario) is rendered before its clock starts, and long tasks
 * count from then (a build without the option times it the earlier way). */
export function timedRun(page, n, settled = false) {
  return page.evaluate(async ([n, settled]) => {
    const tasks = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
    observer.observe({ type: 'longtask', buffered: false });
    const t0 = performance.now();
    window.coldstartBenchmarkStart = undefined;
    const ms = await window.coldstartBenchmark(n, settled);
    const from = window.coldstartBenchmarkStart ?? t0;
    // Long tasks are reported after they end: give the last one time to arrive.
    await new Promise((r) => setTimeout(r, 50));
    observer.disconnect();
    return {
      ms,
      shown: window.coldstartBenchmarkShownMs ?? NaN,
      longest: Math.max(0, ...tasks.filter((t) => t.startTime >= from).map((t) => t.duration)),
    };
  }, [n, settled]);
}
