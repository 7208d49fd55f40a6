// Minifies the page's JavaScript in Trunk's staging directory (Trunk.toml's post_build hook, through
// scripts/post_build.sh; release builds only).
//
// Why: the page's own scripts are `copy-file`s, which Trunk never minifies, and Trunk's own minifier
// cannot parse the wasm-bindgen glue, so both shipped with every comment: ~31 KB gzip on the first
// chart's path (app.js, the glue, worker.js), downloaded beside the wasm over a phone's 6.4 Mbit/s.
// Terser (a pinned npm devDependency, pure JavaScript) halves it. Only whitespace, comments and local
// names change: `compress` runs without its `unsafe` transforms and properties are never renamed (the
// glue's import object and the wasm's exports are looked up by property name).
//
// A file that index.html pins with `integrity=sha384-...` (Trunk's modulepreload of the glue; sha256
// or sha512 with the rust link's data-integrity) gets its new digest written there, in the same
// algorithm; otherwise the browser would refuse the preload.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('minify_js.mjs is run by Trunk (TRUNK_STAGING_DIR unset)');
  process.exit(1);
}

let terser;
try {
  terser = await import('terser');
} catch {
  console.error('minify_js.mjs: the npm package terser is missing; run scripts/setup.sh build');
  process.exit(1);
}

/** The SRI algorithms Trunk's data-integrity can name. */
const SRI_ALGORITHMS = ['sha256', 'sha384', 'sha512'];
const sri = (algorithm, bytes) => `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`;
const htmlPath = join(dir, 'index.html');
let html = readFileSync(htmlPath, 'utf8');

const files = readdirSync(dir).filter((name) => name.endsWith('.js')).sort();
if (files.length === 0) {
  console.error(`minify_js.mjs: no .js file in ${dir}`);
  process.exit(1);
}
let before = 0;
let after = 0;
for (const name of files) {
  const path = join(dir, name);
  const source = readFileSync(path);
  const result = await terser.minify(source.toString('utf8'), {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  if (typeof result.code !== 'string') {
    console.error(`minify_js.mjs: terser returned nothing for ${name}`);
    process.exit(1);
  }
  const minified = Buffer.from(result.code, 'utf8');
  writeFileSync(path, minified);
  for (const algorithm of SRI_ALGORITHMS) {
    const oldDigest = sri(algorithm, source);
    if (html.includes(oldDigest)) html = html.split(oldDigest).join(sri(algorithm, minified));
  }
  before += source.length;
  after += minified.length;
}
writeFileSync(htmlPath, html);
console.log(`minify_js.mjs: ${files.length} scripts, ${before} -> ${after} bytes`);
