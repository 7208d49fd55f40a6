// The page's second wasm module (crates/coldstart-web-tools): the Plan view's planners and the
// traffic importer. No first chart needs them, so the page fetches them only when a plan or an
// import is first asked for (web/plan.js, web/import.js), once: the same compiled module serves
// this thread and the run worker that reads an import (web/worker.js).
//
// Trunk names a `data-type="worker"` asset by its crate, without a content hash; the page's own
// wasm (data-wasm of the boot script) has one, and goes along as the query, so a new build is
// never paired with an older copy of this module from the browser's cache.

const boot = document.getElementById('coldstart-boot');
const build = new URL(boot.dataset.wasm, document.baseURI).pathname.split('/').pop();
const url = (file) => {
  const u = new URL(file, import.meta.url);
  u.searchParams.set('build', build);
  return u.href;
};

let loading = null;

/**
 * The second module, instantiated on this thread: `{ bindings, init }`, where `init` ({ js,
 * module }) is what a worker needs to instantiate it too. A failed fetch is retried on the next
 * call.
 */
export function loadTools() {
  loading ??= (async () => {
    const js = url('coldstart-web-tools.js');
    const wasm = url('coldstart-web-tools_bg.wasm');
    const [bindings, module] = await Promise.all([import(js), compile(wasm)]);
    await bindings.default({ module_or_path: module });
    return { bindings, init: { js, module } };
  })();
  loading.catch(() => { loading = null; });
  return loading;
}

async function compile(wasm) {
  try {
    return await WebAssembly.compileStreaming(fetch(wasm));
  } catch {
    // A server that sends the wasm without `application/wasm` cannot stream it.
    return WebAssembly.compile(await (await fetch(wasm)).arrayBuffer());
  }
}
