import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../wxt.config';

/**
 * Least privilege and no remote code, checked on a real build (Chrome MV3, into its own directory) and on the
 * Firefox manifest the config produces: no `<all_urls>`, a strict content security policy for extension pages, every
 * permission explained in the README, no eval or Function constructor in our code, no script loaded from the network.
 */

const ROOT = resolve(__dirname, '../../..');
const OUT_DIR = '.output-security-test';
const BUILD = join(ROOT, OUT_DIR, 'chrome-mv3');

type Manifest = Record<string, any>;
let chrome: Manifest;
let jsFiles: { path: string; text: string }[] = [];
let htmlFiles: { path: string; text: string }[] = [];

function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path, ending) : entry.name.endsWith(ending) ? [path] : [];
  });
}

beforeAll(() => {
  // Its own output directory: other builds (e2e, bench) may run at the same time.
  execFileSync(process.execPath, [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build'], {
    cwd: ROOT,
    env: { ...process.env, DH_OUT_DIR: OUT_DIR, DH_E2E_HOSTS: '' },
    stdio: 'pipe',
  });
  chrome = JSON.parse(readFileSync(join(BUILD, 'manifest.json'), 'utf8'));
  jsFiles = filesUnder(BUILD, '.js').map((path) => ({ path: relative(BUILD, path), text: readFileSync(path, 'utf8') }));
  htmlFiles = filesUnder(BUILD, '.html').map((path) => ({ path: relative(BUILD, path), text: readFileSync(path, 'utf8') }));
}, 300_000);

afterAll(() => {
  rmSync(join(ROOT, OUT_DIR), { recursive: true, force: true });
});

/** The manifest fields wxt.config.ts writes for Firefox (WXT adds the entrypoints around them). */
async function firefoxManifest(): Promise<Manifest> {
  const manifest = config.manifest as (env: { browser: string; manifestVersion: 2 | 3; mode: string; command: string }) => Manifest | Promise<Manifest>;
  return manifest({ browser: 'firefox', manifestVersion: 2, mode: 'production', command: 'build' });
}

/** Every permission-like string a manifest asks for: API permissions, host patterns and the content scripts' matches. */
function requested(manifest: Manifest): { required: string[]; optional: string[]; contentScripts: string[] } {
  return {
    required: [...(manifest.permissions ?? []), ...(manifest.host_permissions ?? [])],
    optional: [...(manifest.optional_permissions ?? []), ...(manifest.optional_host_permissions ?? [])],
    contentScripts: (manifest.content_scripts ?? []).flatMap((script: { matches?: string[] }) => script.matches ?? []),
  };
}

const BROAD_HOSTS = ['<all_urls>', '*://*/*', 'https://*/*', 'http://*/*', '*://*/'];

describe('manifest: least privilege', () => {
  it('asks for no <all_urls> and no all-sites host access up front, in Chrome and Firefox', async () => {
    for (const manifest of [chrome, await firefoxManifest()]) {
      expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
      const { required, contentScripts } = requested(manifest);
      for (const pattern of [...required, ...contentScripts]) expect(BROAD_HOSTS, `${pattern} is granted at install`).not.toContain(pattern);
      for (const resource of manifest.web_accessible_resources ?? []) {
        for (const match of typeof resource === 'object' ? (resource.matches ?? []) : []) expect(BROAD_HOSTS).not.toContain(match);
      }
    }
  });

  it("host access at install is the content scripts' sites only (the adapters' patterns), to bring the script into CRM tabs open at an update", async () => {
    const { adapters } = await import('../../../src/adapters');
    const adapterPatterns = [...new Set(adapters.flatMap((adapter) => adapter.matches))].sort();
    expect(adapterPatterns.length).toBeGreaterThan(0);
    expect([...new Set(requested(chrome).contentScripts)].sort()).toEqual(adapterPatterns);
    // Built without DH_E2E_HOSTS: exactly the sites the content scripts run on, nothing more.
    expect([...(chrome.host_permissions ?? [])].sort()).toEqual(adapterPatterns);
    // Firefox injects content scripts into open tabs by itself: its MV2 manifest asks for no host up front.
    const firefox = await firefoxManifest();
    expect(firefox.host_permissions).toBeUndefined();
    expect((firefox.permissions ?? []).filter((permission: string) => permission.includes('://'))).toEqual([]);
  });

  it('has one content script per built-in CRM, on exactly its adapter\'s sites, and none in the manifest for custom CRMs', async () => {
    const { adapters } = await import('../../../src/adapters');
    const entries = (chrome.content_scripts ?? []) as { matches?: string[]; js?: string[] }[];
    expect(entries.map((entry) => entry.js).sort()).toEqual(adapters.map((adapter) => [`content-scripts/${adapter.id}.js`]).sort());
    for (const adapter of adapters) {
      const entry = entries.find((candidate) => candidate.js?.[0] === `content-scripts/${adapter.id}.js`)!;
      expect([...(entry.matches ?? [])].sort(), adapter.id).toEqual([...adapter.matches].sort());
    }
    // The custom CRMs' script is built, registered at run time (src/background/custom-crms.ts) for granted sites only.
    const { CONTENT_SCRIPT_FILE } = await import('../../../src/background/custom-crms');
    expect(jsFiles.map((file) => file.path)).toContain(CONTENT_SCRIPT_FILE);
    expect(JSON.stringify(chrome)).not.toContain(CONTENT_SCRIPT_FILE);
  });

  it('the API permissions asked at install are the ones the README explains, and no more than these', () => {
    // Widening this list is a decision: add the permission here and its reason to README.md's table.
    const known = new Set(['storage', 'tabs', 'scripting', 'sidePanel', 'contextMenus', 'alarms', 'activeTab', 'unlimitedStorage']);
    for (const permission of chrome.permissions ?? []) expect(known, `unexpected install-time permission ${permission}`).toContain(permission);
    for (const never of ['webRequest', 'webRequestBlocking', 'declarativeNetRequest', 'debugger', 'history', 'downloads', 'management', 'nativeMessaging', 'proxy', 'webNavigation', 'clipboardRead', 'geolocation', 'identity']) {
      expect(chrome.permissions ?? []).not.toContain(never);
    }
  });

  it('lists every permission, optional permission, host permission and content-script match in README.md with a reason', async () => {
    const covered = readmePermissions();
    const missing: string[] = [];
    for (const manifest of [chrome, await firefoxManifest()]) {
      const { required, optional, contentScripts } = requested(manifest);
      for (const item of [...required, ...optional, ...contentScripts]) if (!covered(item)) missing.push(item);
    }
    expect([...new Set(missing)], 'add these to the "Permissions, and why" table of README.md').toEqual([]);
  });
});

/** The code spans of README's permissions table, with `{a,b}` expanded; `*` in them matches any text of a manifest pattern. */
function readmePermissions(): (item: string) => boolean {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.search(/^## Permissions/m);
  expect(start, 'README.md has a "## Permissions" section').toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 3);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const rows = section.split('\n').filter((line) => line.startsWith('|'));
  const spans = rows.flatMap((row) => {
    // A row explains something only when its reason column is not empty.
    const [what = '', why = ''] = row.split('|').slice(1).map((cell) => cell.trim());
    if (!why || /^-+$/.test(why)) return [];
    return [...what.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
  });
  const expanded = spans.flatMap(expandBraces);
  const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const globs = expanded.map((span) => new RegExp(`^${span.split('*').map(escape).join('.*')}$`));
  return (item) => expanded.includes(item) || globs.some((glob) => glob.test(item));
}

function expandBraces(text: string): string[] {
  const match = /\{([^{}]*)\}/.exec(text);
  if (!match) return [text];
  return match[1]!.split(',').flatMap((option) => expandBraces(text.slice(0, match.index) + option + text.slice(match.index + match[0].length)));
}

describe('content security policy of extension pages', () => {
  it("allows scripts from the extension only: script-src 'self', no eval, no inline, no remote source", async () => {
    const policies = [chrome.content_security_policy?.extension_pages, await firefoxManifest().then((m) => m.content_security_policy)];
    for (const policy of policies) {
      expect(typeof policy).toBe('string');
      const directives = new Map<string, string[]>(
        (policy as string)
          .split(';')
          .map((part) => part.trim().split(/\s+/))
          .filter((tokens) => tokens[0])
          .map(([name, ...values]) => [name!, values]),
      );
      expect(directives.get('script-src')).toEqual(["'self'"]);
      const objectSrc = directives.get('object-src');
      if (objectSrc) expect(objectSrc.every((source) => source === "'self'" || source === "'none'")).toBe(true);
      for (const [name, values] of directives) {
        for (const value of values) {
          expect(value, `${name} ${value}`).not.toMatch(/unsafe-eval|unsafe-inline|unsafe-hashes|^https?:|^\*$|^data:|^blob:/);
        }
      }
    }
  });

  it('the popup and every other extension page load only their own scripts and styles', () => {
    expect(htmlFiles.length).toBeGreaterThan(0);
    for (const { path, text } of htmlFiles) {
      expect(text, path).not.toMatch(/<script\b[^>]*\bsrc\s*=\s*["']?(https?:)?\/\//i);
      expect(text, path).not.toMatch(/<link\b[^>]*\bhref\s*=\s*["']?(https?:)?\/\//i);
      // Inline scripts would be blocked by the policy anyway; a page that has one is broken.
      expect(text, path).not.toMatch(/<script\b(?![^>]*\bsrc=)[^>]*>\s*\S/i);
    }
  });
});

/**
 * Code that evaluates strings, allowed only where a library does it and we know why. zod 4 probes once whether the
 * context allows `Function` (`allowsEval`) and, where it does, compiles its object parsers from our own *schemas*
 * (never from data). Under the extension pages' policy, and in Chrome's MV3 service worker and content scripts, the
 * probe throws and zod keeps to its interpreter.
 */
const ALLOWED_EVAL = [
  { pattern: /try\{return Function\(``\),!0\}catch\{return!1\}/g, why: "zod's allowsEval probe: an empty Function() inside try/catch" },
  { pattern: /compile\(\)\{let (\w+)=Function,/g, why: "zod's Doc.compile: JIT of object schemas, used only when the probe passes" },
];

describe('built code: no eval, no remote code', () => {
  it('has scripts to check', () => {
    expect(jsFiles.map((file) => file.path)).toEqual(expect.arrayContaining(['background.js', 'content-scripts/salesforce.js', 'content-scripts/custom-crm.js']));
  });

  it('calls neither eval nor the Function constructor, except in the known library code paths', () => {
    const found: string[] = [];
    for (const { path, text } of jsFiles) {
      let rest = text;
      for (const allowed of ALLOWED_EVAL) rest = rest.replace(allowed.pattern, '«allowed»');
      for (const danger of [/\beval\s*\(/g, /\bnew\s+Function\s*\(/g, /(?<![.\w$])Function\s*\(/g, /=\s*Function\s*[,;]/g, /\bset(?:Timeout|Interval)\s*\(\s*["'`]/g]) {
        for (const match of rest.matchAll(danger)) found.push(`${path}: …${rest.slice(Math.max(0, match.index - 60), match.index + 40)}…`);
      }
    }
    expect(found).toEqual([]);
  });

  it('loads no script from the network: no importScripts, import() or script src with a remote URL', () => {
    const found: string[] = [];
    for (const { path, text } of jsFiles) {
      for (const danger of [/importScripts\s*\(\s*["'`]?https?:/g, /\bimport\s*\(\s*["'`]https?:/g, /\.src\s*=\s*["'`]https?:/g]) {
        for (const match of text.matchAll(danger)) found.push(`${path}: …${text.slice(Math.max(0, match.index - 40), match.index + 60)}…`);
      }
    }
    expect(found).toEqual([]);
  });

  it('our own code creates no script element (React has code for <script> resources, which we never render)', () => {
    const sources = ['src', 'entrypoints'].flatMap((dir) => [...filesUnder(join(ROOT, dir), '.ts'), ...filesUnder(join(ROOT, dir), '.tsx')]);
    expect(sources.length).toBeGreaterThan(20);
    const found = sources.filter((path) => /createElement\s*\(\s*["'`]script["'`]|importScripts\s*\(|<script\b/i.test(readFileSync(path, 'utf8')));
    expect(found.map((path) => relative(ROOT, path))).toEqual([]);
  });

  it('no content script listens to window messages from the page', () => {
    const content = jsFiles.filter((file) => file.path.startsWith('content-scripts/'));
    expect(content.length).toBe(6); // five built-in CRMs and the custom CRMs' script
    for (const { path, text } of content) {
      expect(text, path).not.toMatch(/addEventListener\s*\(\s*["'`]message["'`]/);
      expect(text, path).not.toMatch(/\bonmessage\s*=/);
    }
  });
});
