// The "Your traffic" card's wiring: a file picker and a drop zone hand the reader's files to the
// run worker (web/worker.js), which reads them in chunks off this thread and keeps the arrivals;
// what it sends back becomes every variant's traffic (Playground.apply_import) and the import
// card (its markup, made by the worker). The importer is the page's second wasm module
// (coldstart-web-tools, fetched at the first import: web/tools.js); this thread uses it to order
// the files, and hands it to the worker compiled.
// Nothing is sent anywhere: the page's Content-Security-Policy forbids it.

import { loadTools } from './tools.js';

/**
 * `app` the Playground, `worker()` the run worker (or null), `rerun()` starts a run. Returns
 * `handle(data)`, which takes the worker's import messages.
 */
export function setUpImport({ app, worker, rerun }) {
  const $ = (id) => document.getElementById(id);
  const zone = $('import-zone');
  let importId = 0;

  function setProgress(fraction) {
    const box = $('import-progress');
    if (fraction === null) { box.hidden = true; return; }
    box.hidden = false;
    $('import-progress-bar').style.width = `${(fraction * 100).toFixed(1)}%`;
    $('import-progress-text').textContent = `Reading… ${Math.round(fraction * 100)} %`;
  }
  function fail(text) {
    setProgress(null);
    $('import-error').textContent = text;
  }

  async function start(fileList) {
    const files = [...fileList];
    if (files.length === 0) return;
    const w = worker();
    if (!w) { fail('Importing needs Web Workers, which this browser did not start.'); return; }
    let template;
    try { template = app.import_template(); } catch (e) { fail(String(e?.message ?? e)); return; }
    const mine = ++importId;
    $('import-error').textContent = '';
    document.body.dataset.imported = 'false';
    setProgress(0);
    let tools;
    try {
      tools = await loadTools();
    } catch (e) {
      if (mine === importId) fail(`The importer could not be loaded: ${e?.message ?? e}`);
      return;
    }
    // An Azure 2019 invocations file is read before its durations and memory files.
    let heads;
    try {
      heads = await Promise.all(files.map((f) => f.slice(0, 4096).text()));
    } catch {
      // A dropped folder, or a file gone or unreadable since it was picked.
      if (mine === importId) fail(`${files.map((f) => f.name).join(', ')}: could not be read as a file (a folder, or a file moved or locked since it was picked).`);
      return;
    }
    if (mine !== importId) return;
    const ordered = [...tools.bindings.import_order(heads)].map((i) => files[i]);
    w.postMessage({ import: { files: ordered, busiest: $('import-busiest').value, template, id: importId, tools: tools.init } });
  }

  $('import-file').addEventListener('change', (e) => { start(e.target.files); e.target.value = ''; });
  // The importer's module starts coming when the card is reached for (a file dragged in, the
  // picker focused or pressed), while the reader picks; a failure is retried, and shown, by start().
  const early = () => { loadTools().catch(() => {}); };
  for (const type of ['dragenter', 'focusin', 'pointerdown']) zone.addEventListener(type, early, { once: true });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.dataset.over = 'true'; });
  zone.addEventListener('dragleave', () => { delete zone.dataset.over; });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    delete zone.dataset.over;
    start(e.dataTransfer.files);
  });
  $('import-cancel').addEventListener('click', () => {
    importId += 1;
    worker()?.postMessage({ cancelImport: true });
    setProgress(null);
  });
  $('import-stop').addEventListener('click', () => {
    app.drop_import();
    worker()?.postMessage({ dropImport: true });
    $('import-result').replaceChildren();
    $('import-stop').hidden = true;
    rerun();
  });

  return function handle(data) {
    if (data.id !== importId) return data.importProgress !== undefined || data.imported !== undefined || data.importError !== undefined;
    if (data.importProgress !== undefined) { setProgress(data.importProgress); return true; }
    if (data.importError !== undefined) { fail(data.importError); return true; }
    if (data.imported === undefined) return false;
    setProgress(null);
    try {
      app.apply_import(data.imported);
      $('import-result').innerHTML = data.card;
    } catch (e) {
      fail(String(e?.message ?? e));
      return true;
    }
    $('import-stop').hidden = false;
    document.body.dataset.imported = 'true';
    rerun();
    return true;
  };
}
