// Coldstart Lab page wiring. This file only connects DOM events to the wasm Playground: the
// scenario panel, validation, runs, charts, the summary table, exports and share links are all
// built in Rust (crates/coldstart-web). Text goes in as textContent; the only markup set as
// innerHTML (the import card; a plan's answer and the browser tests' chart cards, set from Rust)
// is made in Rust with every text escaped.

const boot = document.getElementById('coldstart-boot');
/** Marks the page's start-up steps (`coldstart:*`) for bench/page.mjs; they cost nothing. */
const mark = (step) => performance.mark(`coldstart:${step}`);
/** Compiles the wasm once, streaming; the page and its run worker instantiate the same module. */
async function compileWasm(url) {
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    // A server that sends the wasm without `application/wasm` cannot stream it.
    return WebAssembly.compile(await (await fetch(url)).arrayBuffer());
  }
}
/** Compressed bytes handed to the browser's decompressor at a time: DEFLATE expands a byte at
 * most about 1,032 times, so each piece inflates to about 1 MiB at most before Rust's size cap
 * (share::MAX_JSON_BYTES) is checked again, and a zip bomb stops there. */
const LINK_PIECE_BYTES = 1024;
/** Reads the share link in `fragment`: Rust reads its framing and keeps its limits and messages
 * (LinkReader), the browser's DecompressionStream inflates it, piece by piece, until Rust says
 * stop. The twin of web/worker.js's `readLink`. */
async function readLink(fragment) {
  const link = new bindings.LinkReader(fragment);
  const deflated = link.deflated();
  if (deflated === undefined) return link;
  try {
    const inflate = new DecompressionStream('deflate-raw');
    const writer = inflate.writable.getWriter();
    const reader = inflate.readable.getReader();
    const writing = (async () => {
      for (let at = 0; at < deflated.length; at += LINK_PIECE_BYTES) {
        await writer.write(deflated.subarray(at, at + LINK_PIECE_BYTES));
      }
      await writer.close();
    })();
    // A failed write fails the reading too (never left waiting), which reports it.
    writing.catch((e) => writer.abort(e).catch(() => {}));
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!link.push(value)) { reader.cancel().catch(() => {}); break; }
    }
  } catch (e) {
    link.fail(String(e?.message ?? e));
  }
  return link;
}
/** Each stylesheet the page links, settled: loaded, failed, or already finished when this module
 * ran (a failed load's `sheet` stays null, and its `error` may have fired before). Listened to
 * from the module's start, so no event is missed; the links precede this module's tag. */
const stylesheets = [...document.querySelectorAll('link[rel="stylesheet"]')].map((link) => (
  link.sheet || performance.getEntriesByName(link.href, 'resource').length > 0
    ? Promise.resolve()
    : new Promise((settled) => {
      link.addEventListener('load', settled, { once: true });
      link.addEventListener('error', settled, { once: true });
    })));
/** How long the page waits for its stylesheet once it needs the DOM, ms: after this it goes on
 * unstyled rather than blank (a browser that never settles a blocked sheet). */
const STYLESHEET_WAIT_MS = 10_000;
/** Resolves after `ms`, with `value`. */
const after = (ms, value) => new Promise((done) => setTimeout(() => done(value), ms));
/** Resolves once the HTML is parsed and every stylesheet it links has settled (or after
 * STYLESHEET_WAIT_MS). */
async function pageParsedAndStyled() {
  if (document.readyState === 'loading') {
    await new Promise((parsed) => document.addEventListener('DOMContentLoaded', parsed, { once: true }));
  }
  await Promise.race([Promise.all(stylesheets), after(STYLESHEET_WAIT_MS)]);
}
/** Run workers: a run is split between them by variant (coldstart-web's run::Part), so the
 * first seed's charts wait for the slower of two variants, not for both one after the other.
 * Two at most (one on a one-core device): the default comparison's two variants side by side;
 * each more would hold a wasm instance's memory in every embed of a page, for later seeds only. */
const RUN_WORKERS = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 2));
/** The run workers that started; empty when none could (runs are then sliced on this thread).
 * Started before the wasm is in, so their script and the glue load while the wasm downloads.
 * The first also reads imported traffic and keeps its arrivals (web/import.js). */
let runWorkers = [];

/** Whether the page's own wasm trapped (a bug in the simulator or the charts): its playground
 * stays borrowed, so no later call on it can succeed. */
let pageTrapped = false;

for (let i = 0; i < RUN_WORKERS; i++) {
  const worker = startWorker();
  if (!worker) break;
  runWorkers.push(worker);
}
/** The fonts the charts write in (coldstart-charts' theme, as plotters-canvas sets them), and the
 * characters of their labels. A page's first canvas text resolves the family and sets up its
 * shaping: ~20 ms of a phone's thread (4x), which the first chart paid on its path. Measured once
 * here, in a task of its own while the module downloads, the chart finds them ready (1-2 ms;
 * docs/benchmarks.md, thirteenth round). A font not listed costs only what it did before; a test
 * (coldstart-web's canvas.rs) keeps the list equal to the theme's fonts. */
const CHART_FONTS = ['normal 14px sans-serif', 'normal 15px sans-serif', 'bold 18px sans-serif'];
const CHART_TEXT = '0123456789 .,:;()–-/% abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ';
setTimeout(() => {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return;
  for (const font of CHART_FONTS) {
    context.font = font;
    context.measureText(CHART_TEXT);
  }
}, 0);
/** The run workers whose script runs: each posts `{ started }` from its top level (web/worker.js). */
const startedWorkers = new Set();
/** Each run worker's start, or its failure to load. */
const workerStarts = runWorkers.map((worker) => new Promise((settled) => {
  worker.addEventListener('message', () => { startedWorkers.add(worker); settled(); }, { once: true });
  worker.addEventListener('error', settled, { once: true });
}));
/** How long this thread waits for the workers to start before it makes the playground, ms. In
 * Chromium a worker's thread starts only when the page's thread has a moment for it, so the
 * playground's long tasks (and the layout after them) would hold back the workers' first run,
 * which is what the first chart waits for; the workers start during the wasm's download as a
 * rule, and the wait then costs nothing. A worker not started by then is dropped, so that one
 * whose script never arrives holds neither the page nor its runs (they go to the others, or to
 * this thread). */
const WORKER_START_WAIT_MS = 2000;
let runSeq = 0;
/** Each part's progress of the run in progress, 0 to 1, by worker. */
let partProgress = [];
/** Set once the playground exists: a worker lost before then has no run to hand back. */
let appStarted = false;
const [bindings, wasmModule] = await Promise.all([import(boot.dataset.js), compileWasm(boot.dataset.wasm)]);
mark('wasm-compiled');
// Each run worker starts its part of the link's first run at once (the same request the
// playground below makes, from the same Rust), while this thread makes the playground; the
// page's first request is then found identical and adopted, not run again (web/worker.js).
const firstRun = { fragment: fragmentText(), search: location.search, workers: runWorkers.length };
runWorkers.forEach((worker, part) => worker.postMessage({ init: { ...workerInit(wasmModule), first: { ...firstRun, part } } }));
const timedOut = await Promise.race([Promise.all(workerStarts).then(() => false), after(WORKER_START_WAIT_MS, true)]);
performance.mark('coldstart:workers-started', { detail: { timedOut } });
for (const worker of [...runWorkers]) if (!startedWorkers.has(worker)) workerLost(worker);
await bindings.default({ module_or_path: wasmModule });
mark('wasm-ready');
// This module is `async` (Trunk.toml): it may run before the HTML below its tag is parsed and
// its stylesheet applied. The workers and the compilation above need neither; from here on the
// page reads the DOM, and sizes its charts from the layout. The link is read meanwhile.
const [link] = await Promise.all([readLink(fragmentText()), pageParsedAndStyled()]);
mark('link-read');
const { Playground, page_mode: pageMode, chart_names: chartNames } = bindings;

/** Milliseconds between the last keystroke and a re-run. */
const DEBOUNCE_MS = 150;
/** Simulation time per animation frame, ms: leaves the rest of a 60 Hz frame to the page. */
const SLICE_MS = 10;
/** A run longer than this shows the progress bar, ms. Below a second a reader needs no special
 * feedback (Nielsen's response-time limits, 0.1 / 1 / 10 s); the dimmed results and the run line
 * already say the inputs changed. The bar is not free: shown, it moves the results below it and
 * its width animates, and a 2 × 100,000 re-run that crossed the former 120 ms spent a third of the
 * page thread's CPU on it (docs/benchmarks.md, ninth round). */
const PROGRESS_AFTER_MS = 1000;
/** How long the charts off the screen may draw in one task, ms, by their last draws' times
 * (drawBatched): each yield lets the browser render a frame, which pushes every chart's canvas
 * to the compositor again (3–7 ms of the page's thread), for pictures nobody sees yet. On a
 * desktop the seven charts below the screen of a re-run then take two tasks: the environments
 * (2–6 ms), the lanes (15–20 ms) and the small charts after them up to this, then the rest with
 * the text alternatives (docs/benchmarks.md, twelfth round); at a phone's speed the lanes alone
 * exceed it and keep a task of their own. Well under the 50 ms of a long task. */
const DRAW_TASK_MS = 30;
/** A chart not drawn before counts as this long, ms: the charts below the screen of the page's
 * first results, while the code is still cold, then yield as soon as this much drawing is
 * done. */
const DRAW_UNKNOWN_MS = 8;
/** Default SVG export size, CSS pixels. */
const SVG_SIZE = [960, 540];

const $ = (id) => document.getElementById(id);
const mode = pageMode(location.search);
const root = document.documentElement;
const loadStart = performance.now();

// ---- theme -------------------------------------------------------------------------------
const systemDark = matchMedia('(prefers-color-scheme: dark)');
let themeChoice = mode.theme ?? readStoredTheme();
function readStoredTheme() {
  try { return localStorage.getItem('coldstart-theme'); } catch { return null; }
}
function currentTheme() {
  return themeChoice ?? (systemDark.matches ? 'dark' : 'light');
}
function applyTheme() {
  const theme = currentTheme();
  root.dataset.theme = theme;
  const toggle = $('theme-toggle');
  toggle.textContent = theme === 'dark' ? '☀' : '☾';
  toggle.setAttribute('aria-pressed', String(theme === 'dark'));
}
applyTheme();

// The chart cards, one per chart, are in index.html (coldstart-web's dom::chart_cards_html, kept
// equal by a test): parsed, styled and laid out while the module downloads, rather than in the
// frame that the first chart waits for (docs/benchmarks.md, thirteenth round).

if (mode.embed) root.classList.add('embed');

// ---- the playground ----------------------------------------------------------------------
// The run's state, declared before the first run starts (right after the playground exists).
let debounceTimer = 0;
let frame = 0;
let runStarted = 0;
/** A run was cancelled or failed since the last start: the run line may say that the current
 * inputs' run was stopped (Rust's `run_info`), which the next start must replace, since a run of
 * the same inputs can start again (an edit and its undo within the debounce, the same preset). */
let stoppedSinceStart = false;
let firstChartLogged = false;
let linkedShown = false;
/** Called when a run ends (the benchmark hook waits on it). */
let onRunEnd = null;
/** Called when a run's first results are on the screen: the charts there and the summary. */
let onShown = null;
/** Work on the results, in order: a run's drawing finishes before its end is shown. */
let drawing = Promise.resolve();

const form = $('scenario-form');
/** `bytes` through a browser compression stream, whole. */
async function piped(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}
/** The share fragment of the results shown, naming `chart` (undefined: the whole page), '' before
 * any: Rust writes it and frames it (Playground.link_payload, keep_link), the browser's
 * CompressionStream deflates it; made once per results and chart, and made again when the
 * results changed while it was compressed. */
async function shareFragment(chart) {
  const made = app.fragment(chart);
  if (made !== undefined) return made;
  const payload = app.link_payload(chart);
  if (payload === undefined) return '';
  const deflated = await piped(payload, new CompressionStream('deflate-raw'));
  return app.keep_link(chart, payload, deflated) ?? shareFragment(chart);
}
function fragmentText() {
  // A hand-edited link may hold a broken %-escape; the Rust side reports it as a bad link.
  try { return decodeURIComponent(location.hash.slice(1)); } catch { return location.hash.slice(1); }
}
const app = new Playground(
  link,
  form,
  $('variant-tabs'),
  $('summary'),
  location.search,
);
appStarted = true;
mark('playground');

// ---- after the first chart: the panel, the presets, the traffic import and the Plan view ------
// The first chart needs none of them, so they are set up once it is drawn (or once the first run
// ends without one: refused, failed, cancelled), in tasks of their own; until then this thread
// only waits for the workers' replies. Nothing on the screen moves: on a phone the panel is
// folded, and on a wide screen it has its own column. An embed that shows inputs builds them
// first, since they sit above its chart.
let afterFirstChart;
const firstShown = new Promise((resolve) => { afterFirstChart = resolve; });
let panelBuilt = false;
function buildPanel() {
  if (panelBuilt) return;
  panelBuilt = true;
  app.fill_presets($('preset'));
  app.render_panel();
  mark('panel');
  afterFirstChart();
}
if (mode.embed && mode.controls.length > 0) buildPanel();

// The first run goes to the workers at once (they started it from the link already, and keep
// it: web/worker.js); the rest of the page is set up while they simulate.
mark('run-requested');
startRun();
if (app.notice()) showNotice(app.notice(), 'warning');
// A bad `&controls=` is named like any other problem of the link; the embed shows no inputs.
if (mode.problem) showNotice(mode.problem, 'warning');
// An embed shows inputs only when its link asks for them (`&controls=`).
if (mode.embed && mode.controls.length === 0) $('panel').hidden = true;

// ---- embed mode: one chart, the URL's `&chart=` or else the share link's -------------------
// On the full page, the link's chart (if any) is brought into view after the first draw.
const linkedChart = app.chart_to_show(location.search);
const embedChart = mode.embed ? linkedChart : undefined;
if (mode.embed) {
  for (const card of document.querySelectorAll('.chart-card')) {
    card.hidden = card.dataset.chart !== embedChart;
  }
}

// ---- phones: the panel folds behind a button so the first chart is on the first screen -------
const narrow = matchMedia('(max-width: 820px)');
function setPanelOpen(open) {
  $('panel').dataset.collapsed = String(!open);
  $('panel-toggle').setAttribute('aria-expanded', String(open));
}
setPanelOpen(!narrow.matches);
$('panel-toggle').addEventListener('click', () => {
  setPanelOpen($('panel').dataset.collapsed === 'true');
});

/** `about: 'run'` marks a notice about a run that failed: the next run that finishes hides it. */
function showNotice(text, kind = 'info', about = '') {
  const notice = $('notice');
  notice.textContent = text;
  notice.dataset.kind = kind;
  notice.dataset.about = about;
  notice.hidden = false;
  clearTimeout(showNotice.timer);
  if (kind === 'info') showNotice.timer = setTimeout(() => { notice.hidden = true; }, 4000);
}

function visibleCharts() {
  return [...document.querySelectorAll('.chart-card')].filter((c) => !c.hidden);
}

/** Writes every visible chart's text alternative (summary and data table) from the results. */
function describeAll() {
  for (const card of visibleCharts()) {
    try { app.describe(card.dataset.chart, card); } catch (e) { /* the chart's own error is shown by drawAll */ }
  }
}

/** How long each chart's last draw took, ms, by card (drawBatched's estimate of the next). */
const drawnMs = new Map();

function drawChart(card, theme) {
  const canvas = card.querySelector('canvas');
  card.querySelector('.item-focus').hidden = true; // a redraw starts the keyboard focus over
  const began = performance.now();
  try {
    app.draw(card.dataset.chart, canvas, theme);
    drawnMs.set(card, performance.now() - began);
    canvas.dataset.drawn = 'true';
  } catch (e) {
    card.querySelector('.readout').textContent = String(e.message ?? e);
  }
}

/** Draws every visible chart in one go (print needs them before it lays out the page). */
function drawAll() {
  const theme = currentTheme();
  for (const card of visibleCharts()) drawChart(card, theme);
}

/** Lets the browser run what is waiting (input, paint) before the next piece of work. */
function nextTask() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
}

/** Draws `cards` one task each, so a redraw never holds the page for long; `afterFirst` runs
 * once the first is drawn. The last one's task goes on with what follows (the summary), so that
 * the browser renders the two in one frame. */
async function drawSliced(cards, afterFirst) {
  const theme = currentTheme();
  for (const [i, card] of cards.entries()) {
    if (i > 0) await nextTask();
    drawChart(card, theme);
    afterFirst?.();
    afterFirst = null;
  }
}

/** Draws `cards`, several to a task while their last draws' times add up to DRAW_TASK_MS at
 * most: for the charts off the screen, where a task each would give the browser a frame
 * (layout, paint and commit of the whole page, 3–8 ms here) after every chart, for pictures
 * nobody sees yet. The last batch's task goes on with what follows (the text alternatives, the
 * link), for the same reason. */
async function drawBatched(cards) {
  const theme = currentTheme();
  let began = performance.now();
  let drawn = 0;
  for (const card of cards) {
    const spent = performance.now() - began;
    const next = drawnMs.get(card);
    if (drawn > 0 && (next === undefined ? spent >= DRAW_UNKNOWN_MS : spent + next > DRAW_TASK_MS)) {
      await nextTask();
      began = performance.now();
    }
    drawChart(card, theme);
    drawn += 1;
  }
}

/** Draws the visible charts one task each, those on the screen first. */
function drawAllSliced() {
  const [now, later] = byScreen(visibleCharts());
  return drawSliced([...now, ...later]);
}

/** The cards on the screen now, and the others: the reader sees the first drawn first. */
function byScreen(cards) {
  const on = (card) => {
    const box = card.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight;
  };
  const now = cards.filter(on);
  return [now, cards.filter((card) => !now.includes(card))];
}

function thenShow(work) {
  drawing = drawing.then(work).catch((e) => {
    // After a trap every call on the playground throws: the reload notice stays.
    if (pageTrapped) return;
    if (e instanceof WebAssembly.RuntimeError) trappedHere(e);
    else showNotice(String(e?.message ?? e), 'warning');
  });
}

/** Says that the page's wasm trapped and that only a reload brings the page back. */
function trappedHere(e) {
  pageTrapped = true;
  setProgress(null);
  const info = $('run-info');
  info.dataset.kind = 'error';
  info.textContent = 'No run can finish until the page is reloaded.';
  showNotice(`The run failed: the simulator stopped on an internal error (${e?.message ?? e}). Reload the page to go on.`, 'warning');
}

// ---- runs: debounced, in the run worker, cancellable ----------------------------------------
// Runs go to web/worker.js, which posts back progress and replies for app.accept. Without a
// worker (none could start), a run is sliced per animation frame on this thread instead.

/** What a worker needs to load the page's wasm: the glue's URL and the compiled module. */
function workerInit(module) {
  return { js: new URL(boot.dataset.js, document.baseURI).href, module };
}

function startWorker() {
  try {
    const worker = new Worker(new URL('worker.js', import.meta.url), { type: 'module' });
    worker.postMessage({ glue: workerInit(null).js });
    worker.addEventListener('message', ({ data }) => onWorkerMessage(data, worker));
    worker.addEventListener('error', () => workerLost(worker));
    return worker;
  } catch {
    return null;
  }
}

/** A worker failed to load or crashed: the run in progress starts again on the others, or on
 * this thread when none is left. */
function workerLost(worker) {
  if (!runWorkers.includes(worker)) return;
  worker.terminate();
  runWorkers = runWorkers.filter((w) => w !== worker);
  if (appStarted && app.running()) startRun();
}

/** A worker whose wasm trapped is not given another run: a trap skips what Rust does after a
 * panic (the wasm stack pointer is not restored, and what the trapped code was changing stays
 * half done). A new worker takes its place. Imported arrivals held by the old one are gone with
 * it: a run that asks for them then fails in words, and the traffic must be imported again.
 * Only a trap of the current run is seen here: one of a run already replaced is dropped with
 * that run's messages, and its worker goes on serving (the newer run's part it may already
 * have been sent would be lost with it); if it traps again, that failure is current and the
 * worker is replaced then. */
function replaceTrapped(worker) {
  const at = runWorkers.indexOf(worker);
  if (at < 0) return;
  worker.terminate();
  const fresh = startWorker();
  if (fresh) {
    fresh.postMessage({ init: workerInit(wasmModule) });
    runWorkers[at] = fresh;
  } else {
    runWorkers.splice(at, 1);
  }
}

/** Takes the worker's import messages (web/import.js), once the page is set up. */
let importMessage = () => false;

function onWorkerMessage(data, worker) {
  if (data.started) return;
  if (data.failed !== undefined) { workerLost(worker); return; }
  if (data.ready) {
    if (worker === runWorkers[0]) performance.mark('coldstart:worker-ready', { startTime: data.ready - performance.timeOrigin });
    return;
  }
  if (importMessage(data)) return;
  // A replaced run's, except its request records: they may complete the results on the screen
  // (a re-run started between a report and its records, then refused or failed), and Rust
  // takes them in only if they do.
  if (data.seq !== runSeq && !data.records) return;
  // A worker kept the run it had started from the link (the start-up marks; the e2e test).
  if (data.adopted) { mark('run-adopted'); return; }
  if (data.progress !== undefined) {
    partProgress[runWorkers.indexOf(worker)] = data.progress;
    const done = partProgress.reduce((sum, p) => sum + p, 0) / partProgress.length;
    if (app.running() && performance.now() - runStarted > PROGRESS_AFTER_MS) setProgress(done);
    return;
  }
  if (data.error !== undefined) {
    if (data.trapped) replaceTrapped(worker);
    // Once per run: each part's worker posts its own failure, and one that comes after the run
    // was cancelled (by the reader, or by another part's failure) has nothing left to stop.
    if (!app.running()) return;
    for (const w of runWorkers) w.postMessage({ cancel: true });
    app.cancel();
    stoppedSinceStart = true;
    setProgress(null);
    buildPanel();
    showFreshness();
    showNotice(data.trapped ? `The run failed: ${data.error}.` : `The run could not start: ${data.error}`, 'warning', 'run');
    return;
  }
  const arrival = app.accept(data.reply);
  if (arrival === 'charts') { mark('results-in'); thenShow(() => showFirstResults(data.seq)); }
  else if (arrival === 'done' || arrival === 'failed') thenShow(() => { setProgress(null); finishRun(); });
}

function scheduleRun() {
  clearTimeout(debounceTimer);
  debounceTimer = setTimeout(startRun, DEBOUNCE_MS);
}

/** Dims results that are not the current inputs' and says whose they are (Rust decides). */
function showFreshness() {
  const stale = app.stale();
  document.body.dataset.stale = String(stale);
  const info = $('run-info');
  info.textContent = app.run_info();
  if (stale) info.dataset.kind = 'stale'; else delete info.dataset.kind;
}

function refused() {
  buildPanel();
  setProgress(null);
  showFreshness();
  $('run-info').dataset.kind = 'error';
}

function startRun() {
  cancelAnimationFrame(frame);
  if (runWorkers.length > 0) {
    const request = app.start_remote(runWorkers.length);
    if (request === undefined) { refused(); return; }
    runStarted = performance.now();
    runSeq += 1;
    const parts = app.run_parts();
    partProgress = new Array(parts).fill(0);
    // A worker left out of this run stops the older run it may still be making.
    runWorkers.forEach((w, part) => w.postMessage(part < parts ? { run: request, part, seq: runSeq } : { cancel: true }));
    lineAfterStop();
    return;
  }
  if (!app.start()) { refused(); return; }
  runStarted = performance.now();
  lineAfterStop();
  pump();
}

/** The run line once a run started after a stop: no longer "was stopped". */
function lineAfterStop() {
  if (!stoppedSinceStart) return;
  stoppedSinceStart = false;
  showFreshness();
}

function pump() {
  let done;
  try {
    done = app.step(SLICE_MS);
  } catch (e) {
    // A trap (a bug in the simulator; the shipped wasm aborts on a panic without a message)
    // leaves the playground borrowed, so every later call on it throws: say so, and stop.
    trappedHere(e);
    return;
  }
  // The first seed's results are drawn at once; later seeds only add intervals to the summary.
  if (app.take_new_charts()) thenShow(() => showFirstResults(runSeq));
  if (done < 1) {
    if (performance.now() - runStarted > PROGRESS_AFTER_MS) setProgress(done);
    frame = requestAnimationFrame(pump);
    return;
  }
  thenShow(() => { setProgress(null); finishRun(); });
}

/** The first seed's results: the charts on the screen, a task each, the summary in the last
 * one's (the reader sees both), then the charts below or above the screen, several to a task
 * (drawBatched). `seq` is the run whose charts these are: the one resumed once they are drawn,
 * even if a newer run started. */
async function showFirstResults(seq) {
  let later = [];
  try {
    // A share link's chart is brought into view first, so it is among those drawn first.
    if (!mode.embed && linkedChart && !linkedShown) {
      linkedShown = true;
      focusChart(linkedChart);
    }
    let now;
    [now, later] = byScreen(visibleCharts());
    // At least one chart before the summary, even when the screen shows none.
    const first = now.length > 0 ? now : later.splice(0, 1);
    // Not in the task that took in the last reply: each stays short.
    await nextTask();
    let pageFirst = false;
    await drawSliced(first, () => {
      if (firstChartLogged) return;
      firstChartLogged = true;
      pageFirst = true;
      mark('first-chart');
      window.coldstartFirstChartMs = performance.now();
      window.coldstartLoadToChartMs = performance.now() - loadStart;
    });
    // The summary shares the task of the last chart on the screen, so both appear in one frame;
    // except after the page's very first chart, which a phone then paints without waiting for
    // the summary's layout.
    if (pageFirst) await nextTask();
    app.render_summary();
    showFreshness();
    onShown?.();
  } finally {
    // The workers hold the later seeds until now, so they do not compete with this drawing.
    for (const w of runWorkers) w.postMessage({ resume: seq });
  }
  if (!panelBuilt) {
    await nextTask();
    buildPanel();
  }
  await nextTask();
  await drawBatched(later);
  describeAll();
  updateUrl();
}

function finishRun() {
  if ($('notice').dataset.about === 'run') $('notice').hidden = true;
  buildPanel();
  app.render_summary();
  showFreshness();
  updateUrl();
  window.coldstartAllSeedsMs = performance.now();
  document.body.dataset.ready = 'true';
  onRunEnd?.();
}

/** Scrolls a chart's card into view and focuses it (the chart a share link names). */
function focusChart(chart) {
  const card = document.querySelector(`.chart-card[data-chart="${CSS.escape(chart)}"]`);
  if (!card) return;
  card.tabIndex = -1;
  card.scrollIntoView({ block: 'start' });
  card.focus({ preventScroll: true });
}

function setProgress(fraction) {
  const box = $('progress');
  if (fraction === null) { box.hidden = true; return; }
  box.hidden = false;
  $('progress-bar').style.width = `${(fraction * 100).toFixed(1)}%`;
  $('progress-text').textContent = `Simulating… ${Math.round(fraction * 100)} %`;
}

$('cancel').addEventListener('click', () => {
  cancelAnimationFrame(frame);
  for (const w of runWorkers) w.postMessage({ cancel: true });
  app.cancel();
  stoppedSinceStart = true;
  setProgress(null);
  buildPanel();
  showFreshness();
});

// ---- the URL: the scenario lives in the fragment -----------------------------------------
/** Counts the address updates started: an older one still compressing its link leaves the
 * address to the newer. */
let urlUpdates = 0;
async function updateUrl() {
  const mine = ++urlUpdates;
  const fragment = await shareFragment(embedChart);
  const whole = embedChart === undefined ? fragment : await shareFragment(undefined);
  if (mine !== urlUpdates) return;
  // The same link again (a run's end after its charts, with one seed) is left alone: each
  // replaceState costs the page 1–5 ms of navigation bookkeeping.
  if (fragment && location.hash !== `#${fragment}`) {
    history.replaceState(null, '', `${location.pathname}${location.search}#${fragment}`);
  }
  const full = $('open-full');
  const href = app.full_page_url(location.href, whole);
  if (full.getAttribute('href') !== href) full.href = href;
}

// A new share link in the address bar reloads the page with it (the skip link's #results does not).
addEventListener('hashchange', () => { if (location.hash.startsWith('#v')) location.reload(); });
document.querySelector('.skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  const results = $('results');
  results.focus({ preventScroll: true });
  results.scrollIntoView({ block: 'start' });
});

// ---- panel events ------------------------------------------------------------------------
function onEdit(event) {
  const el = event.target;
  const path = el.dataset?.path;
  if (!path) return;
  const raw = el.type === 'checkbox' ? String(el.checked) : el.value;
  const result = app.edit(path, raw);
  if (result === 'shape') {
    const again = document.getElementById(el.id);
    if (again && event.type === 'change') again.focus();
  }
  if (result !== 'invalid') scheduleRun();
  else { clearTimeout(debounceTimer); }
  showFreshness();
  if (result === 'invalid') $('run-info').dataset.kind = 'error';
}
form.addEventListener('input', (e) => {
  const t = e.target;
  if ((t.tagName === 'INPUT' && t.type !== 'checkbox') || t.tagName === 'TEXTAREA') onEdit(e);
});
form.addEventListener('change', (e) => { if (e.target.tagName === 'SELECT' || e.target.type === 'checkbox') onEdit(e); });
form.addEventListener('submit', (e) => e.preventDefault());

/** Moves the focus to the selected variant's tab (the tabs are rebuilt on every change). */
function focusSelectedTab() {
  document.querySelector('#variant-tabs [role="tab"][aria-selected="true"]')?.focus();
}
$('variant-tabs').addEventListener('click', (e) => {
  const button = e.target.closest('button');
  if (!button) return;
  if (button.dataset.variant !== undefined) { app.select_variant(Number(button.dataset.variant)); focusSelectedTab(); return; }
  if (button.dataset.remove !== undefined) { app.remove_variant(Number(button.dataset.remove)); focusSelectedTab(); showFreshness(); scheduleRun(); return; }
  if (button.dataset.add !== undefined) {
    if (!app.add_variant()) showNotice('Four variants at most.', 'info');
    focusSelectedTab();
    showFreshness();
    scheduleRun();
  }
});
// WAI-ARIA tabs: arrow keys, Home and End move between the variants and select them.
$('variant-tabs').addEventListener('keydown', (e) => {
  const tab = e.target.closest('[role="tab"]');
  if (!tab) return;
  const tabs = [...document.querySelectorAll('#variant-tabs [role="tab"]')];
  const at = tabs.indexOf(tab);
  const next = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
  if (next === undefined) return;
  e.preventDefault();
  app.select_variant((next + tabs.length) % tabs.length);
  focusSelectedTab();
});

$('preset').addEventListener('change', (e) => {
  if (!e.target.value) return;
  try {
    app.load_preset(e.target.value);
    const note = app.preset_note();
    if (note) showNotice(note, 'warning'); else $('notice').hidden = true;
    showFreshness();
    startRun();
  } catch (err) {
    showNotice(String(err.message ?? err), 'warning');
  }
});

// ---- seeds: how many replications each run makes (the rule and its message are Rust's) ------
const seedsInput = $('replications');
seedsInput.value = String(app.replications());
seedsInput.addEventListener('input', () => {
  try {
    app.set_replications(seedsInput.value);
    seedsInput.removeAttribute('aria-invalid');
    $('replications-error').textContent = '';
    showFreshness();
    scheduleRun();
  } catch (err) {
    seedsInput.setAttribute('aria-invalid', 'true');
    $('replications-error').textContent = String(err.message ?? err);
  }
});

$('theme-toggle').addEventListener('click', () => {
  themeChoice = currentTheme() === 'dark' ? 'light' : 'dark';
  try { localStorage.setItem('coldstart-theme', themeChoice); } catch { /* private mode */ }
  applyTheme();
  if (app.has_results()) thenShow(drawAllSliced);
  window.coldstartPlan?.redraw();
});
systemDark.addEventListener('change', () => {
  applyTheme();
  if (app.has_results()) thenShow(drawAllSliced);
  window.coldstartPlan?.redraw();
});

// ---- print: light charts on paper, the full table unfolded; back as it was afterwards ---------
let printState = null;
addEventListener('beforeprint', () => {
  const folded = [...document.querySelectorAll('details.all-numbers:not([open])')];
  folded.forEach((d) => { d.open = true; });
  printState = { folded, theme: root.dataset.theme };
  if (root.dataset.theme !== 'light' && app.has_results()) {
    root.dataset.theme = 'light';
    const saved = themeChoice;
    themeChoice = 'light';
    drawAll();
    themeChoice = saved;
  }
});
addEventListener('afterprint', () => {
  if (!printState) return;
  printState.folded.forEach((d) => { d.open = false; });
  if (printState.theme !== root.dataset.theme) { applyTheme(); if (app.has_results()) drawAll(); }
  printState = null;
});

let resizeTimer = 0;
addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => { if (app.has_results()) thenShow(drawAllSliced); }, DEBOUNCE_MS);
});

// ---- hover read-outs: pointer, touch and keyboard (Rust finds the item and its words) ----------
for (const card of document.querySelectorAll('.chart-card')) {
  const canvas = card.querySelector('canvas');
  const readout = card.querySelector('.readout');
  const ring = card.querySelector('.item-focus');
  const chart = card.dataset.chart;
  const at = (e) => { const box = canvas.getBoundingClientRect(); return [e.clientX - box.left, e.clientY - box.top]; };
  canvas.addEventListener('pointermove', (e) => {
    if (e.pointerType !== 'mouse') return;
    readout.textContent = app.hover(chart, ...at(e)) ?? '';
  });
  canvas.addEventListener('pointerleave', (e) => { if (e.pointerType === 'mouse') readout.textContent = ''; });
  // A tap shows the item under the finger and stays until the next tap.
  canvas.addEventListener('pointerdown', (e) => {
    if (e.pointerType === 'mouse') return;
    readout.textContent = app.chart_tap(chart, ...at(e), canvas, ring) ?? '';
  });
  canvas.addEventListener('keydown', (e) => {
    const text = app.chart_key(chart, e.key, canvas, ring);
    if (text === undefined) return;
    e.preventDefault();
    readout.textContent = text;
  });
  canvas.addEventListener('blur', () => { ring.hidden = true; });
}

// ---- copy link / embed code --------------------------------------------------------------
async function copyText(text, what) {
  try {
    await navigator.clipboard.writeText(text);
    showNotice(app.copied_notice(what));
  } catch {
    // No clipboard permission (e.g. inside an iframe): show the text to copy by hand.
    showNotice(`${what}: ${text}`, 'copy');
  }
}
$('copy-link').addEventListener('click', async () => {
  await updateUrl();
  copyText(mode.embed ? app.full_page_url(location.href, await shareFragment(undefined)) : location.href, 'Link');
});
// Each chart card's "Embed" opens its panel: the snippet for that chart, sized for it.
async function embedSnippet(chart) {
  return app.embed_snippet(location.href, chart, mode.theme ?? undefined, await shareFragment(chart));
}
document.addEventListener('click', async (e) => {
  const open = e.target.closest('[data-embed]');
  if (open) {
    const panel = $(open.getAttribute('aria-controls'));
    const show = panel.hidden;
    panel.hidden = !show;
    open.setAttribute('aria-expanded', String(show));
    if (show) {
      updateUrl();
      const area = panel.querySelector('textarea');
      area.value = await embedSnippet(open.dataset.embed);
      area.focus();
      area.select();
    }
    return;
  }
  const copy = e.target.closest('[data-copy-embed]');
  if (copy) {
    updateUrl();
    const text = await embedSnippet(copy.dataset.copyEmbed);
    copy.closest('.embed-panel').querySelector('textarea').value = text;
    copyText(text, 'Embed code');
  }
});

// ---- phones: the explanation is cut to a few lines until asked for --------------------------
document.addEventListener('click', (e) => {
  const more = e.target.closest('.why-more');
  if (!more) return;
  const open = more.getAttribute('aria-expanded') !== 'true';
  more.setAttribute('aria-expanded', String(open));
  more.textContent = open ? 'Show less' : 'Read all';
  $('why').dataset.expanded = String(open);
});

// ---- exports -----------------------------------------------------------------------------
function download(filename, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
document.addEventListener('click', (e) => {
  const button = e.target.closest('[data-export]');
  if (!button || !app.has_results()) return;
  const what = button.dataset.export;
  const card = button.closest('.chart-card');
  try {
    if (what === 'png') {
      card.querySelector('canvas').toBlob((blob) => blob && download(app.png_name(card.dataset.chart), blob), 'image/png');
    } else if (what === 'svg') {
      const file = app.export_svg(card.dataset.chart, currentTheme(), SVG_SIZE[0], SVG_SIZE[1]);
      download(file.filename, new Blob([file.text], { type: file.mime }));
    } else {
      const file = app.export_data(what);
      download(file.filename, new Blob([file.text], { type: file.mime }));
    }
  } catch (err) {
    showNotice(String(err.message ?? err), 'warning');
  }
});

// ---- benchmark hook (used by the end-to-end test) ------------------------------------------
// Re-run and redraw of a comparison of `requests` arrivals per variant, in milliseconds: from
// the request to the workers to the last chart drawn and the summary written. When the charts
// on the screen and the summary were shown, `coldstartBenchmarkShownMs` says (the same clock).
// Loading the benchmark's scenario rebuilds the panel, its set-up; the frame that lays out and
// paints the new inputs (~30 ms of this thread) falls inside the clock, while the workers
// simulate. With `settled`, that frame is rendered before the clock starts
// (`coldstartBenchmarkStart`), as a reader's edit has been by the time its re-run starts: the
// re-run alone (docs/benchmarks.md, twelfth round). Without it, the figure of every earlier round.
window.coldstartBenchmark = (requests, settled = false) => new Promise((resolve) => {
  app.load_benchmark(requests);
  const timed = () => {
    const t0 = performance.now();
    window.coldstartBenchmarkStart = t0;
    onShown = () => { onShown = null; window.coldstartBenchmarkShownMs = performance.now() - t0; };
    onRunEnd = () => { onRunEnd = null; resolve(performance.now() - t0); };
    startRun();
  };
  if (settled) requestAnimationFrame(() => nextTask().then(timed)); else timed();
});
// Whether runs go to a worker now (none once every worker is lost), for the end-to-end test.
Object.defineProperty(window, 'coldstartUsesWorker', { get: () => runWorkers.length > 0 });
window.coldstartCharts = chartNames();

// ---- the reader's own traffic: read in the run worker (web/import.js) ------------------------
// Fetched now, set up once the first chart is drawn (an embed of the plan alone has no chart
// to wait for).
const importScript = mode.embed ? null : import('./import.js');
const planScript = !mode.embed || embedChart === 'plan' ? import('./plan.js') : null;
if (!mode.embed) await firstShown;
if (importScript) {
  const { setUpImport } = await importScript;
  importMessage = setUpImport({ app, worker: () => runWorkers[0] ?? null, rerun: () => { showFreshness(); startRun(); } });
}

// ---- the Plan view: planners on the panel's variant, in a pool of workers (web/plan.js) --------
// Set up after the first chart, so it never delays it. An embed shows it alone with
// `&chart=plan` (the link's planner question, answered on load).
if (planScript) {
  if (mode.embed) root.classList.add('embed-plan');
  const { setUpPlanView } = await planScript;
  window.coldstartPlan = setUpPlanView(app, workerInit(wasmModule), currentTheme, updateUrl);
}
