// The page's first wasm module in a build's folder, and that module loaded into this node: what
// the shipped-build test (tests/shipped_fingerprints.mjs) and the node benchmarks
// (bench/fingerprints.mjs, bench/wasm_vs_native.mjs, bench/run_worker.mjs) share.

import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The first module's glue and wasm file names in `dir`: a wasm-bindgen `web`-target pair named
 * `coldstart-web-<hash>` (Trunk's build) or `coldstart_web` (a plain wasm-bindgen run); never the
 * second module (`coldstart-web-tools`: planners and importer, which run no scenario). Throws,
 * naming `dir`, when there is none. */
export function firstModuleFiles(dir) {
  const files = readdirSync(dir).filter((f) => !f.startsWith('coldstart-web-tools'));
  const js = files.find((f) => /^coldstart[-_]web.*\.js$/.test(f));
  const wasm = files.find((f) => /^coldstart[-_]web.*_bg\.wasm$/.test(f));
  if (!js || !wasm) throw new Error(`${dir}: no first module (coldstart-web *.js and *_bg.wasm)`);
  return { js, wasm };
}

/** Loads the first module of `dir` into this node, instantiated: `{ glue, bytes, js, wasm }`,
 * `glue` being its exports (`preset_fingerprint`, `RunTask`, ...). Every call is a module
 * instance of its own, even for the same folder. The glue is an ES module, which node reads as
 * one only inside a package of type "module": it is imported from a copy in a scratch folder
 * with such a package.json, so `dir` (a build the end-to-end test may serve next) is left as it
 * was. The page's glue imports nothing of its own (no wasm-bindgen snippets), so the copy
 * alone loads. */
export async function loadFirstModule(dir) {
  const { js, wasm } = firstModuleFiles(dir);
  const scratch = mkdtempSync(join(tmpdir(), 'coldstart-first-module-'));
  try {
    copyFileSync(join(dir, js), join(scratch, js));
    writeFileSync(join(scratch, 'package.json'), '{ "type": "module" }\n');
    const glue = await import(pathToFileURL(join(scratch, js)).href);
    const bytes = readFileSync(join(dir, wasm));
    glue.initSync({ module: bytes });
    return { glue, bytes, js, wasm };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
