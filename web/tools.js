// The page's second wasm module (crates/coldstart-web-tools): the Plan view's planners and the
// traffic importer. No first chart needs them, so the page fetches them only when the reader
// reaches for a plan or an import (the form or card first touched, a link's plan question:
// web/plan.js, web/import.js), once: the same compiled module serves
// this thread and the run worker that reads an import (web/worker.js).
//
// Trunk names a `data-type="worker"` asset by its crate, without a content hash; Trunk's
// post_build hook (scripts/tools_version.sh) writes one into the boot tag, and it goes along as the
// query, so a new build of this module is never paired with an older copy from the browser's cache.
// (Without the hook's hash, `trunk serve` before it ran, the first module's hashed name stands in.)

const boot = document.getElementById('coldstart-boot');
const version = /^[0-9a-f]{16}$/.test(boot.dataset.toolsVersion ?? '')
  ? boot.dataset.toolsVersion
  : new URL(boot.dataset.wasm, document.baseURI).pathname.split('/').pop();
const url = (file, attempt) => {
  const u = new URL(file, import.meta.url);
  u.searchParams.set('v', version);
  if (attempt > 1) u.searchParams.set('try', String(attempt));
  return u.href;
};

let loading = null;
/** Loads tried so far: each retry asks for new URLs, since a browser keeps a failed `import()`
 * of a URL failed for the page's life (whatwg/html#6768), which would make a retry after a lost
 * connection fail again without asking the server. */
let attempts = 0;

/**
 * The second module, instantiated on this thread: `{ bindings, init }`, where `init` ({ js,
 * module }) is what a worker needs to instantiate it too. A failed load is tried again, from the
 * network, on the next call.
 */
export function loadTools() {
  if (loading) return loading;
  attempts += 1;
  const attempt = (async () => {
    const js = url('coldstart-web-tools.js', attempts);
    const wasm = url('coldstart-web-tools_bg.wasm', attempts);
    const [bindings, module] = await Promise.all([import(js), compile(wasm)]);
    await bindings.default({ module_or_path: module });
    return { bindings, init: { js, module } };
  })();
  loading = attempt;
  // Only this attempt's failure clears it: a late one must not drop a newer load.
  attempt.catch(() => { if (loading === attempt) loading = null; });
  return attempt;
}

/** The module compiled from `wasm`; a failed response (a 404 page, say) is named with its status
 * instead of being compiled as wasm. */
async function compile(wasm) {
  const response = await fetch(wasm);
  if (!response.ok) {
    throw new Error(`${new URL(wasm).pathname.split('/').pop()}: the server answered ${response.status} ${response.statusText}`.trim());
  }
  // A server that sends the wasm without `application/wasm` cannot stream it.
  if (response.headers.get('content-type')?.split(';')[0].trim() === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}
