#!/usr/bin/env node
/**
 * What a content script weighs, and what makes it up. Bundles `entrypoints/salesforce.content.ts` (or the entry
 * given with --entry: each built-in CRM has its own `entrypoints/<crm>.content.ts`, the custom CRMs
 * `entrypoints/custom-crm.content.ts`) with rolldown, the bundler under WXT's Vite, so tree-shaking matches the
 * shipped file; prints the minified and gzip size of the whole, then each package (node_modules) or source directory's share. A share is
 * the module's tree-shaken code minified on its own with esbuild: close to, not exactly, its bytes in the real file.
 * Quicker than `wxt build` for seeing what a change in the import graph costs. A dev tool; nothing imports it.
 *
 *   node scripts/size-content.mjs                        # totals and the heaviest groups
 *   node scripts/size-content.mjs --files                # one line per module instead of per group
 *   node scripts/size-content.mjs --entry src/x.ts       # another entry point
 *   node scripts/size-content.mjs --alias a.ts=b.ts      # bundle with b.ts's code in place of a.ts's (repeatable):
 *                                                        # measure a change to a file before making it
 *   node scripts/size-content.mjs --why zod              # which modules import the modules whose id contains "zod"
 *   node scripts/size-content.mjs --json                 # the totals as JSON (for scripts)
 */
import { rolldown } from 'rolldown';
import { transform } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => args.flatMap((arg, i) => (arg === name && args[i + 1] ? [args[i + 1]] : []));
const entry = option('--entry')[0] ?? 'entrypoints/salesforce.content.ts';
const perFile = args.includes('--files');
const asJson = args.includes('--json');
const why = option('--why')[0];
const aliases = new Map(
  option('--alias').map((pair) => {
    const [from, to] = pair.split('=');
    return [path.resolve(root, from), path.resolve(root, to)];
  }),
);

/**
 * What WXT's config does (the webextension-polyfill module), and --alias: the aliased file's code is loaded under
 * the original's name, so its relative imports resolve as the original's would.
 */
const importers = new Map();
const aliasPlugin = {
  name: 'alias',
  resolveId(source, importer) {
    if (source === 'wxt/browser') return this.resolve('@wxt-dev/webextension-polyfill/browser', importer);
    return null;
  },
  load(id) {
    const replacement = aliases.get(id);
    return replacement ? { code: readFileSync(replacement, 'utf8'), moduleType: path.extname(replacement).slice(1) } : null;
  },
  moduleParsed(info) {
    for (const imported of info.importedIds) importers.set(imported, [...(importers.get(imported) ?? []), info.id]);
  },
};

const bundle = await rolldown({
  input: path.resolve(root, entry),
  cwd: root,
  platform: 'browser',
  logLevel: 'silent',
  transform: {
    define: { 'import.meta.env.DEV': 'false', 'import.meta.env.PROD': 'true', 'process.env.NODE_ENV': '"production"' },
  },
  plugins: [aliasPlugin],
});
const { output } = await bundle.generate({ format: 'iife', minify: true, name: 'content' });
const [chunk] = output;

/** node_modules/zod/v4/classic/x.js → "zod/v4/classic"; src/read/dom.ts → "src/read". */
function groupOf(id) {
  const file = path.relative(root, id.replace(/\?.*$/, ''));
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf('node_modules');
  if (at >= 0) {
    const width = parts[at + 1]?.startsWith('@') ? 3 : 2;
    return [parts.slice(at + 1, at + width).join('/'), ...parts.slice(at + width, -1).slice(0, 2)].join('/');
  }
  return perFile ? file : parts.slice(0, -1).join('/') || file;
}

const totals = new Map();
for (const [id, module] of Object.entries(chunk.modules)) {
  if (!module.code) continue;
  const minified = await transform(module.code, { minify: true, loader: 'js' }).catch(() => ({ code: module.code }));
  const key = perFile ? path.relative(root, id) : groupOf(id);
  totals.set(key, (totals.get(key) ?? 0) + minified.code.length);
}
const raw = Buffer.byteLength(chunk.code);
const gzip = gzipSync(chunk.code).length;
if (asJson) {
  console.log(JSON.stringify({ entry, raw, gzip, groups: Object.fromEntries(totals) }));
} else {
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(`${entry}: ${kb(raw)} minified, ${kb(gzip)} gzip`);
  for (const [key, bytes] of [...totals].sort((a, b) => b[1] - a[1])) {
    if (bytes >= 200 || perFile) console.log(`${kb(bytes).padStart(10)}  ${key}`);
  }
}

if (why) {
  console.log(`\nModules importing "${why}":`);
  for (const [imported, by] of importers) {
    if (!imported.includes(why)) continue;
    for (const id of by) if (!id.includes(why)) console.log(`  ${path.relative(root, id)} → ${path.relative(root, imported)}`);
  }
}
await bundle.close();
