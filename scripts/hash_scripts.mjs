// Gives the page's own scripts content-hashed names in Trunk's staging directory (Trunk.toml's
// post_build hook, through scripts/post_build.sh, after minification): app.js becomes
// app-0123456789abcdef.js, and every reference to it is rewritten.
//
// Why: Trunk hashes the names of the wasm and its glue, but the page's scripts are `copy-file`s
// and kept their names, so for the host's cache lifetime after a deploy (GitHub Pages: 10 minutes)
// a browser could pair a cached app.js or worker.js with the new module's glue, or the reverse, and
// fail in ways no test sees. With the content in the name, a page only ever loads the scripts it was
// built with.
//
// The references are few and literal (a test would fail on any other): index.html loads app.js;
// app.js imports import.js and plan.js and starts worker.js; plan.js starts worker.js; plan.js and
// import.js import tools.js. Each script is renamed after the ones it references, so its hash covers
// their hashed names too. A reference that is not found fails the build, rather than shipping a page
// that asks for a file that is not there.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('hash_scripts.mjs is run by Trunk (TRUNK_STAGING_DIR unset)');
  process.exit(1);
}

/** Each script, after the scripts it references, with those references. */
const SCRIPTS = [
  ['tools.js', []],
  ['worker.js', []],
  ['import.js', ['tools.js']],
  ['plan.js', ['tools.js', 'worker.js']],
  ['app.js', ['import.js', 'plan.js', 'worker.js']],
];

const hashed = new Map();
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A quoted reference to `name`: 'name', "./name", `name`. */
const reference = (name, flags = '') => new RegExp(`(['"\`])(\\./)?${escape(name)}\\1`, flags);

/** `text` with every quoted reference to `name` pointing at its new name. */
function rewrite(text, name, where) {
  const pattern = reference(name, 'g');
  let found = 0;
  const out = text.replace(pattern, (_, quote, dot) => {
    found += 1;
    return `${quote}${dot ?? ''}${hashed.get(name)}${quote}`;
  });
  if (found === 0) {
    console.error(`hash_scripts.mjs: ${where} has no reference to ${name}`);
    process.exit(1);
  }
  return out;
}

for (const [name, references] of SCRIPTS) {
  const path = join(dir, name);
  let text = readFileSync(path, 'utf8');
  for (const listed of references) text = rewrite(text, listed, name);
  // A reference the table does not list would stay unhashed and ask, at run time, for a file the
  // build no longer has: a failed build instead.
  for (const [other] of SCRIPTS) {
    if (reference(other).test(text)) {
      console.error(`hash_scripts.mjs: ${name} names ${other}, which the SCRIPTS table does not list among its references`);
      process.exit(1);
    }
  }
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const newName = name.replace(/\.js$/, `-${digest}.js`);
  writeFileSync(path, text);
  renameSync(path, join(dir, newName));
  hashed.set(name, newName);
}

// index.html (minified or not) names app.js once, in the boot tag Trunk.toml's pattern_script writes,
// under the public URL: `./` from Trunk.toml, or whatever `trunk build --public-url` gives.
const htmlPath = join(dir, 'index.html');
const html = readFileSync(htmlPath, 'utf8');
const boot = /(src=["']?(?:[^"'\s>]*\/)?)app\.js(["'\s>])/g;
const matches = html.match(boot) ?? [];
if (matches.length !== 1) {
  console.error(`hash_scripts.mjs: index.html names app.js ${matches.length} times, expected once`);
  process.exit(1);
}
writeFileSync(htmlPath, html.replace(boot, `$1${hashed.get('app.js')}$2`));
console.log(`hash_scripts.mjs: ${[...hashed.values()].join(', ')}`);
