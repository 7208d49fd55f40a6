// The Plan view's wiring: a pool of Web Workers (web/worker.js, one per core) runs each batch of
// a planner's candidates; the planner itself (which candidates, the answer, its words) is Rust:
// the form is read by the page's Playground (plan_start), the search is the second wasm module's
// PlanJob (coldstart-web-tools, fetched at the first plan: web/tools.js). Cancel ends the
// workers; the next plan starts new ones.

import { loadTools } from './tools.js';

/** Workers in the pool: one per core the browser reports, within reason. */
function poolSize() {
  return Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8));
}

/** A pool of workers, each running one candidate at a time; `run` resolves to its measure. */
function makePool(init) {
  const workers = Array.from({ length: poolSize() }, () => {
    const w = new Worker(new URL('worker.js', import.meta.url), { type: 'module' });
    w.postMessage({ init });
    return { worker: w, busy: false };
  });
  const waiting = [];
  const pending = new Map();
  let next = 0;
  let broken = null;
  for (const slot of workers) {
    slot.worker.addEventListener('message', ({ data }) => {
      if (data.id === undefined) return;
      const done = pending.get(data.id);
      pending.delete(data.id);
      slot.busy = false;
      if (data.error !== undefined) done?.reject(new Error(data.error));
      else done?.resolve(data.measured);
      dispatch();
    });
    slot.worker.addEventListener('error', (e) => {
      broken = new Error(`a plan worker failed: ${e.message ?? 'could not start'}`);
      for (const p of pending.values()) p.reject(broken);
      pending.clear();
    });
  }
  function dispatch() {
    for (const slot of workers) {
      if (slot.busy || waiting.length === 0) continue;
      const job = waiting.shift();
      slot.busy = true;
      pending.set(job.id, job);
      slot.worker.postMessage({ measure: job.scenario, id: job.id });
    }
  }
  return {
    size: workers.length,
    run(scenario) {
      if (broken) return Promise.reject(broken);
      return new Promise((resolve, reject) => {
        waiting.push({ id: next++, scenario, resolve, reject });
        dispatch();
      });
    },
    end() {
      for (const slot of workers) slot.worker.terminate();
      const stopped = new Error('cancelled');
      for (const p of pending.values()) p.reject(stopped);
      for (const p of waiting) p.reject(stopped);
      pending.clear();
      waiting.length = 0;
    },
  };
}

/**
 * Wires the Plan card. `app` is the Playground, `init` what a worker needs to load the wasm
 * ({ js, module }). Returns a hook for tests: `plan(planner, metric, value)` resolving when drawn.
 */
export function setUpPlanView(app, init, theme, shared) {
  const $ = (id) => document.getElementById(id);
  app.fill_planners($('plan-planner'));
  let pool = null;
  let job = null;
  let generation = 0;

  function setProgress(fraction) {
    const box = $('plan-progress');
    if (fraction === null) { box.hidden = true; return; }
    box.hidden = false;
    $('plan-progress-bar').style.width = `${(fraction * 100).toFixed(1)}%`;
    $('plan-progress-text').textContent = `Planning on ${pool?.size ?? 1} workers… ${Math.round(fraction * 100)} %`;
  }

  /** The finished plan, kept to redraw its chart in the other theme. */
  let shown = null;

  function stop() {
    generation += 1;
    pool?.end();
    pool = null;
    if (job !== shown) job?.free();
    job = null;
    setProgress(null);
  }

  /** Shows why a plan did not start. */
  function refused(e) {
    const message = String(e?.message ?? e);
    // Only a target error marks the target's input; a variant's problem is the panel's.
    if (message.startsWith('Target')) $('plan-value').setAttribute('aria-invalid', 'true');
    $('plan-error').textContent = message;
  }

  async function plan() {
    stop();
    const mine = generation;
    const value = $('plan-value');
    let start;
    try {
      // The form's errors come at once, from the page's own module.
      start = app.plan_start($('plan-planner').value, $('plan-metric').value, value.value);
    } catch (e) {
      refused(e);
      return;
    }
    // The question is good: its old error goes, and the wait for the planners' module (the
    // first plan's, ~0.7 s on a phone) shows.
    value.removeAttribute('aria-invalid');
    $('plan-error').textContent = '';
    setProgress(0);
    $('plan-progress-text').textContent = 'Loading the planners…';
    let tools;
    try {
      tools = (await loadTools()).bindings;
    } catch (e) {
      if (mine === generation) {
        setProgress(null);
        $('plan-error').textContent = `The planners could not be loaded: ${e?.message ?? e}`;
      }
      return;
    }
    if (mine !== generation) return;
    try {
      job = new tools.PlanJob(start);
    } catch (e) {
      setProgress(null);
      refused(e);
      return;
    }
    document.body.dataset.planned = 'false';
    pool = makePool(init);
    setProgress(0);
    try {
      let batch;
      while ((batch = job.next_batch()) !== undefined) {
        const measures = await Promise.all(batch.map((s) => pool.run(s)));
        if (mine !== generation) return;
        job.accept(measures);
        setProgress(job.progress());
      }
      job.finish($('plan-result'));
      const canvas = $('plan-chart');
      canvas.hidden = false;
      job.draw(canvas, theme());
      canvas.dataset.drawn = 'true';
      shown?.free();
      shown = job;
      app.share_plan(job.question());
      shared();
      $('plan-embed').disabled = false;
      document.body.dataset.planned = 'true';
    } catch (e) {
      if (mine !== generation) return;
      $('plan-error').textContent = String(e?.message ?? e);
    }
    if (mine === generation) stop();
  }

  $('plan-form').addEventListener('submit', (e) => { e.preventDefault(); plan(); });
  // The planners' module (about 0.7 s on the emulated phone, docs/benchmarks.md) starts coming
  // as soon as the form is touched, while the question is chosen; a failure here is retried, and
  // shown, by plan().
  const early = () => { loadTools().catch(() => {}); };
  $('plan-form').addEventListener('focusin', early, { once: true });
  $('plan-form').addEventListener('pointerdown', early, { once: true });
  $('plan-cancel').addEventListener('click', stop);
  // A link with a planner question: the form shows it and the plan is answered at once.
  const linked = app.linked_plan();
  if (linked) {
    $('plan-planner').value = linked.planner;
    $('plan-metric').value = linked.metric;
    $('plan-value').value = linked.value;
    plan();
  }

  /** Redraws the shown plan's chart (the theme changed). */
  function redraw() {
    if (shown) shown.draw($('plan-chart'), theme());
  }
  return { plan, redraw };
}
