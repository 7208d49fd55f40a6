// Coldstart Lab's run worker: the simulations run here, off the page's thread, so the page never
// waits on them. It only moves messages; the run itself is Rust (coldstart-web's RunTask).
//
// The page posts, in order:
//   { glue }                   the wasm-bindgen glue's URL, at once: imported while the wasm downloads
//   { init: { js, module, first } }  the glue's URL and the page's compiled WebAssembly.Module;
//                              a run worker's `first` ({ fragment, search, workers, part }) names the
//                              page's link: the worker starts its part of the link's first run
//                              at once (first_run_request, the same Rust the page's playground
//                              uses) and holds its replies until the page asks for that run
//   { run, part, seq }         a run request (JSON, Playground.start_remote) and this worker's part of
//                              it (run::Part, by index); replaces any run in progress, except
//                              the first run started from the link when it is the same text:
//                              that one goes on, and what it already replied is posted then
//   { cancel: true }           drops the run in progress
//   { resume: seq }            the page drew the run's first charts: its later seeds (and the
//                              size sweep) may run
//   { measure, id }            a plan candidate (a scenario as JSON) to run to its measure
//   { import, id }             files of the reader's traffic to read ({ files, busiest, template,
//                              tools }), with the page's second wasm module (coldstart-web-tools:
//                              tools is its glue's URL and compiled module, as `init` is the
//                              first's); the arrivals stay here for the runs that ask for them
//   { cancelImport: true }     stops the import in progress; { dropImport: true } forgets the arrivals
// The worker posts { started: true } once its script runs, { seq, adopted: true } when it keeps the run it started from the link,
// { seq, progress } between slices, { seq, reply } for each of the run's replies
// (bytes for Playground.accept: a variant's first-seed report, then its request records, marked
// `records: true` because the page takes them in even from a replaced run; part 0 also posts
// the size sweep, made once resumed, while the page draws), { seq, error } if
// the request itself is malformed or the run throws, and
// { id, measured } or { id, error } for a plan candidate, and { id, importProgress },
// { id, imported, card } (what the variants take, JSON, and the import card's markup) or
// { id, importError } for an import.

/** Simulation time per slice, ms: between slices the worker reads the page's messages (a cancel,
 * a newer run), so this bounds how late a cancel takes effect. */
const SLICE_MS = 25;

let ready = null;
let bindings = null;
let task = null;
let seq = 0;
/** The part of the link's first run this worker started before the page asked for it
 * ({ request, part, held }), with the messages it would have posted meanwhile: they wait for
 * the page's own first request, so nothing reaches the page that it did not ask for. */
let early = null;
/** The imported arrivals (an ImportedTrace), kept for the runs that ask for them. */
let trace = null;
/** The second wasm module (the importer), instantiated here at the first import. */
let tools = null;
/** Counts the imports started: a cancel or a newer import makes the one in progress stop. */
let importing = 0;
/** Progress messages at most this often, ms. */
const PROGRESS_EVERY_MS = 100;
/** Counts the tasks started: each keeps one chain of ticks alive, and a tick of an older task
 * (still queued when a newer run replaced it) is ignored, so chains never pile up. */
let generation = 0;

// The page waits for this before its own long tasks (web/app.js, WORKER_START_WAIT_MS).
self.postMessage({ started: true });

// A zero-delay yield between slices (a nested setTimeout would be clamped to 4 ms).
const tick = new MessageChannel();
tick.port1.onmessage = pump;

/** Run worker 0 draws the page's charts ahead, once, from its own first reply of the link's first
 * run (Rust's `DrawAhead`, crates/coldstart-web/src/ahead.rs): V8 compiles the code the page's
 * thread will run to take the replies in and draw them, while the page is busy or waits for the
 * other part. Only while this worker's run has nothing to do (it holds its later seeds until the
 * page has drawn, or it is over): a run the page waits for never waits for this. One chart per
 * task, so a message of the page waits at most one chart's drawing. */
let ahead = null;
/** The early run's task and the page's query, until its first reply is in. */
let aheadFrom = null;
/** That reply's bytes (a copy: the reply itself goes to the page), until read into `ahead`. */
let aheadReply = null;
/** Whether a tick of `aheadTick` is on its way (one chain of them at a time). */
let aheadQueued = false;
const aheadTick = new MessageChannel();
aheadTick.port1.onmessage = () => {
  aheadQueued = false;
  // pump() asks again once the run holds or ends.
  if (task && !task.holding()) return;
  try {
    if (aheadReply) {
      const { bytes, search } = aheadReply;
      aheadReply = null;
      ahead = bindings.DrawAhead.of(bytes, search) ?? null;
    }
    // `undefined` once every chart is drawn; a chart that failed is the page's to show.
    if (ahead && ahead.draw_next() !== undefined) { drawAheadLater(); return; }
  } catch {
    // The page draws the charts itself and shows why.
  }
  stopAhead();
};

/** Stops drawing ahead: every chart is drawn, the drawing failed, the page has drawn its first
 * charts, or it asked for another run. */
function stopAhead() {
  aheadFrom = null;
  aheadReply = null;
  // A trap leaves the object borrowed, so it cannot be freed: it is left, as are its charts.
  try { ahead?.free(); } catch { /* left */ }
  ahead = null;
}

/** Asks for the next chart drawn ahead, if any is waiting. */
function drawAheadLater() {
  if (aheadQueued || !(aheadReply || ahead)) return;
  aheadQueued = true;
  aheadTick.port2.postMessage(0);
}

/** The glue module's import, started as soon as the page names it (before the wasm is in). */
let glue = null;

async function init({ js, module }) {
  bindings = await (glue ?? import(js));
  await bindings.default({ module_or_path: module });
}

/** Drops the run in progress, and the early run's held replies with it. */
function drop() {
  early = null;
  stopAhead();
  endTask();
}

/** Frees the task (done, failed or replaced); an early run's held replies stay. */
function endTask() {
  if (aheadFrom?.task === task) aheadFrom = null;
  // A trap leaves the task borrowed, so it cannot be freed: it is left, and the failure is
  // still posted (pump) rather than thrown out of this worker.
  try { task?.free(); } catch { /* left */ }
  task = null;
  generation += 1;
  drawAheadLater();
}

self.onmessage = async ({ data }) => {
  if (data.glue) { glue = import(data.glue); glue.catch(() => {}); return; }
  if (data.init) {
    const loaded = init(data.init);
    // The page's messages wait for the early run too (reading its link is asynchronous), so
    // its first request finds the early one there to adopt.
    ready = data.init.first ? loaded.then(() => startEarly(data.init.first)) : loaded;
    try {
      await loaded;
      // When it became ready, on the page's clock (the page's start-up marks).
      self.postMessage({ ready: performance.timeOrigin + performance.now() });
    } catch (e) {
      self.postMessage({ failed: String(e?.message ?? e) });
      return;
    }
    return;
  }
  await ready;
  if (data.measure !== undefined) {
    // One candidate, run to the end: a plan worker does nothing else, so nothing waits on it.
    try {
      self.postMessage({ id: data.id, measured: bindings.measure_candidate(data.measure) });
    } catch (e) {
      self.postMessage({ id: data.id, error: String(e?.message ?? e) });
    }
    return;
  }
  if (data.import !== undefined) { importFiles(data.import); return; }
  if (data.cancelImport) { importing += 1; return; }
  if (data.dropImport) { trace?.free(); trace = null; return; }
  if (data.cancel) { drop(); return; }
  // The page drew the run's first charts: the later seeds may run (a held task starts again).
  if (data.resume !== undefined) {
    stopAhead();
    if (task && data.resume === seq && task.resume()) tick.port2.postMessage(generation);
    return;
  }
  if (data.run !== undefined) {
    if (early && data.run === early.request && data.part === early.part) {
      adopt(data.seq);
      return;
    }
    drop();
    seq = data.seq;
    try {
      // A request for the imported arrivals without any here fails in words (Rust says so).
      task = trace
        ? bindings.RunTask.with_imported(data.run, data.part, trace)
        : new bindings.RunTask(data.run, data.part);
    } catch (e) {
      self.postMessage({ seq, ...failure(e) });
      return;
    }
    tick.port2.postMessage(generation);
  }
};

/** Starts this worker's part of the link's first run, before the page has made its playground
 * and asked for it. A link that cannot run, or a part the run has not, starts nothing: the page's
 * own request (or its refusal) decides then, as without this head start. */
async function startEarly({ fragment, search, workers, part }) {
  try {
    const request = bindings.first_run_request(await readLink(fragment), search, workers, part);
    if (request === undefined) return;
    task = new bindings.RunTask(request, part);
    early = { request, part, held: [] };
    if (part === 0) aheadFrom = { task, search };
  } catch {
    // The page's own request says why, as it would without the head start.
    drop();
    return;
  }
  tick.port2.postMessage(generation);
}

/** Compressed bytes handed to the browser's decompressor at a time (web/app.js says why). */
const LINK_PIECE_BYTES = 1024;
/** Reads the share link in `fragment`: the twin of web/app.js's `readLink` (Rust reads and
 * limits, the browser's DecompressionStream inflates piece by piece until Rust says stop). */
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

/** The page asked for the run started early: it goes on as run `pageSeq`, and the replies held
 * so far go out now, in order. */
function adopt(pageSeq) {
  seq = pageSeq;
  const { held } = early;
  early = null;
  self.postMessage({ seq, adopted: true });
  for (const message of held) post(message);
}

/** Posts a run's message, its bytes transferred; held while the run is the early one. */
function post(message) {
  if (early) { early.held.push(message); return; }
  message.seq = seq;
  self.postMessage(message, message.reply ? [message.reply.buffer] : []);
}

function pump({ data: of }) {
  if (!task || of !== generation) return;
  try {
    const reply = task.step(SLICE_MS);
    // Copied before post() hands its bytes to the page.
    if (reply !== undefined && aheadFrom?.task === task) {
      aheadReply = { bytes: reply.slice(), search: aheadFrom.search };
      aheadFrom = null;
    }
    // A report goes out at once; its records are encoded after it (task.ready) and follow in
    // this same task, so no cancel read in between drops them.
    if (reply !== undefined) post({ reply });
    for (let next = task.ready(); next !== undefined; next = task.ready()) {
      post({ reply: next, records: true });
    }
  } catch (e) {
    endTask();
    // Held like a reply while the run is the early one.
    post(failure(e));
    return;
  }
  if (task.done()) { endTask(); return; }
  if (!early) self.postMessage({ seq, progress: task.progress() });
  // Held until the page has drawn the first charts ({ resume }), so the later seeds do not
  // compete with that drawing for the device's cores.
  if (task.holding()) { drawAheadLater(); return; }
  tick.port2.postMessage(generation);
}

/** A run's `{ error }` message. A trap (`WebAssembly.RuntimeError`) is a bug in the simulator,
 * not in the scenario: the shipped wasm aborts on a panic at once, with no message of its own
 * (scripts/wasm_env.sh), so the page says so in words (`trapped`). */
function failure(e) {
  if (e instanceof WebAssembly.RuntimeError) return { error: `the simulator stopped on an internal error (${e.message})`, trapped: true };
  return { error: String(e?.message ?? e) };
}

/** Reads the files in chunks as they stream from disk, never whole: a 100 MB log costs the
 * importer's state, not 100 MB of text. Between chunks, a cancel or a newer import is seen. */
async function importFiles({ files, busiest, template, id, tools: toolsInit }) {
  const mine = ++importing;
  let job = null;
  try {
    if (!tools) {
      const start = (async () => {
        const glue = await import(toolsInit.js);
        await glue.default({ module_or_path: toolsInit.module });
        return glue;
      })();
      tools = start;
      // A failed start is tried again at the next import (the page then sends a new URL: web/tools.js).
      start.catch(() => { if (tools === start) tools = null; });
    }
    const importer = await tools;
    if (mine !== importing) return;
    job = new importer.TrafficImport(busiest);
    let total = files.reduce((n, f) => n + f.size, 0);
    let read = 0;
    let told = 0;
    for (const file of files) {
      let again = true;
      while (again) {
        job.begin_file(file.name);
        const reader = file.stream().getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (mine !== importing) { reader.cancel(); return; }
          if (done) break;
          job.feed(value);
          read += value.length;
          if (performance.now() - told > PROGRESS_EVERY_MS) {
            told = performance.now();
            self.postMessage({ id, importProgress: Math.min(read / Math.max(total, 1), 0.99) });
          }
        }
        again = job.end_file();
        if (again) total += file.size;
      }
    }
    // The arrivals move to the first module, which runs on them; the importer's copy goes.
    const imported = job.finish(template);
    let terms;
    let card;
    try {
      terms = imported.terms();
      card = imported.card();
      const arrivals = new bindings.ImportedTrace(imported.take_arrivals_ms());
      trace?.free();
      trace = arrivals;
    } finally {
      imported.free();
    }
    self.postMessage({ id, imported: terms, card });
  } catch (e) {
    if (mine === importing) self.postMessage({ id, importError: String(e?.message ?? e) });
  } finally {
    job?.free();
  }
}
