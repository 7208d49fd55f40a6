// A page's build served from memory, for the benchmarks that load it in Chromium (page.mjs,
// page_steps.mjs, run_worker.mjs): one place that knows which files a build has and how the
// benchmarks hook into its app.js, so a change of the build's layout is one change here.

import { createServer } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The content types of a Trunk build's files; anything else in the folder is not served. */
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
};

/** The line of web/app.js after which the playground exists and a hook can wrap its methods. */
const HOOK_BEFORE = 'appStarted = true;';
/** The page's second wasm module (planners, importer; web/tools.js), fetched only when asked for. */
const TOOLS_WASM = 'coldstart-web-tools_bg.wasm';

/** The builds named on a command line, `DIR` or `LABEL=DIR`, as `{ label, dir }` (absolute). */
export function buildArgs(specs) {
  return specs.map((spec) => {
    const at = spec.indexOf('=');
    const [label, dir] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, spec];
    return { label, dir: resolve(dir) };
  });
}

/**
 * Serves the build in `dir` on 127.0.0.1 at a free port. `hook` is JavaScript inserted into
 * app.js just before the playground is marked started (it sees `app`); `gzip` compresses each
 * file once, as a static host would, so the phone's emulated network carries the real bytes.
 * Resolves to `{ server, base, wasmBytes: [raw, sent] }`.
 */
export async function serveBuild(dir, { hook = '', gzip = false } = {}) {
  const files = new Map();
  let wasmBytes = [0, 0];
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    let raw = readFileSync(join(dir, name));
    if (hook && /^app(-[0-9a-f]{16})?\.js$/.test(name)) {
      const text = raw.toString();
      const at = text.indexOf(HOOK_BEFORE);
      if (at < 0) {
        throw new Error(`${dir}/app.js: no '${HOOK_BEFORE}' to insert the hook before (a release build `
          + 'minifies app.js: build this one with COLDSTART_MINIFY=0 scripts/trunk.sh build --release)');
      }
      raw = Buffer.from(text.slice(0, at) + hook + text.slice(at));
    }
    const body = gzip ? gzipSync(raw, { level: 9 }) : raw;
    // The page's first module; the second (planners, importer) is fetched only when asked for.
    if (name.endsWith('.wasm') && name !== TOOLS_WASM) wasmBytes = [raw.length, body.length];
    files.set(`/${name}`, { type, body });
  }
  const headers = gzip ? { 'content-encoding': 'gzip', 'cache-control': 'max-age=600' } : {};
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = files.get(path === '/' ? '/index.html' : path);
    if (!file) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': file.type, ...headers });
    res.end(file.body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, base: `http://127.0.0.1:${server.address().port}/`, wasmBytes };
}

/** The phone of issue 14 (Chromium's emulation: CPU slowdown, network; Lighthouse's Moto G Power
 * screen) and the desktop, as browser-context options plus what is set through CDP. */
export const PROFILES = {
  desktop: { context: { viewport: { width: 1440, height: 1000 } } },
  phone: {
    context: { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true },
    net: { latency: 150, downloadThroughput: 6.4e6 / 8, uploadThroughput: 1.6e6 / 8, offline: false },
    cpu: 4,
  },
};

/** A page in a fresh context (cold cache) of `browser` with `profile`, and its CDP session. */
export async function coldPage(browser, profile) {
  const context = await browser.newContext(profile.context);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (profile.net) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', profile.net);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  }
  return { context, page, cdp };
}

/** A desktop page of the build at `base`, loaded and ready (its first run drawn), with its CDP
 * session: where the re-run benchmarks time their runs (bench/page_cpu.mjs, bench/blink_work.mjs). */
export async function readyPage(browser, base) {
  const opened = await coldPage(browser, PROFILES.desktop);
  await opened.page.goto(base);
  await opened.page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  return opened;
}

/** How long a load may take to draw its first chart, ms. */
const FIRST_CHART_TIMEOUT_MS = 60_000;

/**
 * Resolves, with `window.coldstartFirstChartMs`, once web/app.js has drawn the first chart.
 * Awaited through CDP, not `page.waitForFunction`: Playwright's injected script (which that and
 * `page.evaluate` bring into the page) is compiled on the page's main thread, ~110 ms of the
 * phone's 4x-throttled CPU and ~20 ms on the desktop, while the first chart is on its way.
 */
export async function firstChartDrawn(cdp) {
  const drawn = `new Promise((drawn) => {
    const check = () => (window.coldstartFirstChartMs !== undefined ? drawn(window.coldstartFirstChartMs) : setTimeout(check, 50));
    check();
  })`;
  let timer;
  const reply = await Promise.race([
    cdp.send('Runtime.evaluate', { expression: drawn, awaitPromise: true, returnByValue: true }),
    new Promise((_, fail) => {
      timer = setTimeout(() => fail(new Error(`no first chart within ${FIRST_CHART_TIMEOUT_MS / 1000} s`)), FIRST_CHART_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  return reply.result.value;
}

/** A benchmark's command line: the builds (`DIR` or `LABEL=DIR`, default dist/) and the count N. */
export function benchArgs(argv, root, defaultCount) {
  const count = Math.max(1, Number(argv.find((a) => /^\d+$/.test(a)) ?? defaultCount));
  const specs = argv.filter((a) => !/^\d+$/.test(a));
  return { count, builds: buildArgs(specs.length > 0 ? specs : [join(root, 'dist')]) };
}

/** Runs `action` with Chromium tracing the page's session `cdp` in `categories`; resolves to the
 * action's value and the trace's events (bench/page_cpu.mjs, bench/blink_work.mjs). */
export async function traced(cdp, categories, action) {
  const events = [];
  const collect = ({ value }) => { for (const e of value) events.push(e); };
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReportEvents' });
  const value = await action();
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  return { value, events };
}
