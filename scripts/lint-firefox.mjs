#!/usr/bin/env node
// Builds the Firefox (MV2) extension into its own directory and runs Mozilla's linter on it (`web-ext lint`, the
// checks addons.mozilla.org runs on upload). Fails on any error; prints every warning, with what is known about it.
//
//   npm run lint:firefox              build into .output-firefox-lint, lint, remove the build
//   npm run lint:firefox -- --keep    keep the build directory afterwards
//   npm run lint:firefox -- --no-build --source-dir <dir>   lint an existing build
//
// The report is also written to test-artifacts/firefox-lint.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

// Its own directory (not $DH_OUT_DIR, which an e2e run may be using at the same time).
const outDir = process.env.DH_FIREFOX_LINT_DIR ?? '.output-firefox-lint';
const sourceDir = option('--source-dir') ?? join(ROOT, outDir, 'firefox-mv2');
const build = !flag('--no-build');
const keep = flag('--keep') || !build;

/**
 * Warnings that come from library code we ship as is, and why they are acceptable. They are still printed: a new
 * warning of the same code in another file deserves a look.
 */
const KNOWN_WARNINGS = [
  {
    code: 'DANGEROUS_EVAL',
    why: "zod 4: a try/catch probe `Function('')`, and a JIT that compiles object parsers from our own schemas (never from data) where the probe passes; the extension pages' CSP makes it fail there",
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    why: "react-dom: its own innerHTML for dangerouslySetInnerHTML, which ESLint forbids in our code (see eslint.config.js)",
  },
];

function run(command, commandArgs, env = {}) {
  return spawnSync(command, commandArgs, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function fail(message) {
  console.error(`lint:firefox: ${message}`);
  process.exit(1);
}

if (build) {
  console.log(`Building the Firefox extension into ${outDir}/ …`);
  const built = run(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build', '-b', 'firefox'], { DH_OUT_DIR: outDir });
  if (built.status !== 0) fail(`the Firefox build failed:\n${built.stdout}\n${built.stderr}`);
}
if (!existsSync(join(sourceDir, 'manifest.json'))) fail(`no manifest.json in ${sourceDir}`);

console.log(`Linting ${relative(ROOT, sourceDir) || sourceDir} with web-ext lint …`);
// --self-hosted: the extension is not (yet) listed on AMO, so listing-only checks do not apply.
const linted = run(process.execPath, [join(ROOT, 'node_modules/web-ext/bin/web-ext.js'), 'lint', '--source-dir', sourceDir, '--self-hosted', '--output', 'json', '--no-config-discovery']);
let report;
try {
  report = JSON.parse(linted.stdout.slice(linted.stdout.indexOf('{')));
} catch {
  fail(`web-ext lint did not answer with JSON (exit ${linted.status}):\n${linted.stdout}\n${linted.stderr}`);
}

const where = (message) => (message.file ? `${message.file}${message.line ? `:${message.line}` : ''}` : 'extension');
const print = (kind, message) => {
  const known = kind === 'warning' ? KNOWN_WARNINGS.find((warning) => warning.code === message.code) : undefined;
  console.log(`  ${kind.toUpperCase()} ${message.code} (${where(message)}): ${message.message}`);
  if (known) console.log(`    known: ${known.why}`);
};
for (const message of report.errors ?? []) print('error', message);
for (const message of report.warnings ?? []) print('warning', message);
for (const message of report.notices ?? []) print('notice', message);

const summary = report.summary ?? { errors: (report.errors ?? []).length, warnings: (report.warnings ?? []).length, notices: (report.notices ?? []).length };
console.log(`web-ext lint: ${summary.errors} errors, ${summary.warnings} warnings, ${summary.notices} notices`);

mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
writeFileSync(join(ROOT, 'test-artifacts', 'firefox-lint.json'), `${JSON.stringify({ summary, errors: report.errors, warnings: report.warnings, notices: report.notices }, null, 2)}\n`);

if (!keep) rmSync(join(ROOT, outDir), { recursive: true, force: true });
process.exit(summary.errors > 0 ? 1 : 0);
