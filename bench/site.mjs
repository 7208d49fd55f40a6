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
    if (hook && name === 'app.js') {
      const text = raw.toString();
      const at = text.indexOf(HOOK_BEFORE);
      if (at < 0) throw new Error(`${dir}/app.js: no '${HOOK_BEFORE}' to insert the hook before`);
      raw = Buffer.from(text.slice(0, at) + hook + text.slice(at));
    }
    const body = gzip ? gzipSync(raw, { level: 9 }) : raw;
    if (name.endsWith('.wasm')) wasmBytes = [raw.length, body.length];
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
