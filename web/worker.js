// Coldstart Lab's run worker: the simulations run here, off the page's thread, so the page never
// waits on them. It only moves messages; the run itself is Rust (coldstart-web's RunTask).
//
// The page posts, in order:
//   { init: { js, module } }   the wasm-bindgen glue's URL and the page's compiled WebAssembly.Module
//   { run, seq }               a run request (JSON, Playground.start_remote); replaces any run in progress
//   { cancel: true }           drops the run in progress
//   { measure, id }            a plan candidate (a scenario as JSON) to run to its measure
// The worker posts { seq, progress } between slices, { seq, reply } for each of the run's replies
// (bytes for Playground.accept), { seq, error } if the request itself is malformed, and
// { id, measured } or { id, error } for a plan candidate.

/** Simulation time per slice, ms: between slices the worker reads the page's messages (a cancel,
 * a newer run), so this bounds how late a cancel takes effect. */
const SLICE_MS = 25;

let ready = null;
let bindings = null;
let task = null;
let seq = 0;
/** Counts the tasks started: each keeps one chain of ticks alive, and a tick of an older task
 * (still queued when a newer run replaced it) is ignored, so chains never pile up. */
let generation = 0;

// A zero-delay yield between slices (a nested setTimeout would be clamped to 4 ms).
const tick = new MessageChannel();
tick.port1.onmessage = pump;

async function init({ js, module }) {
  bindings = await import(js);
  await bindings.default({ module_or_path: module });
}

function drop() {
  task?.free();
  task = null;
  generation += 1;
}

self.onmessage = async ({ data }) => {
  if (data.init) {
    ready = init(data.init);
    try {
      await ready;
      self.postMessage({ ready: true });
    } catch (e) {
      self.postMessage({ failed: String(e?.message ?? e) });
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
  if (data.cancel) { drop(); return; }
  if (data.run !== undefined) {
    drop();
    seq = data.seq;
    try {
      task = new bindings.RunTask(data.run);
    } catch (e) {
      self.postMessage({ seq, error: String(e?.message ?? e) });
      return;
    }
    tick.port2.postMessage(generation);
  }
};

function pump({ data: of }) {
  if (!task || of !== generation) return;
  let reply;
  try {
    reply = task.step(SLICE_MS);
  } catch (e) {
    drop();
    self.postMessage({ seq, error: String(e?.message ?? e) });
    return;
  }
  if (reply !== undefined) self.postMessage({ seq, reply });
  if (task.done()) { drop(); return; }
  self.postMessage({ seq, progress: task.progress() });
  tick.port2.postMessage(generation);
}
