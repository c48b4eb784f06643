// Launches Chromium (or Google Chrome) with the built extension, CRM hosts mapped to the fixture server.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The browser binary: $CHROME_PATH, else the first installed Chromium or Chrome. */
export function browserPath() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH points to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) throw new Error('No Chromium or Chrome found: install Debian\'s chromium or set CHROME_PATH');
  return found;
}

/**
 * @param {{ extensionDir: string, port: number, hosts?: string[], headless?: boolean, viewport?: {width:number,height:number}, language?: string }} options
 * `language` (e.g. 'da') sets the browser's language, which picks the extension's locale file.
 */
export async function launchWithExtension({ extensionDir, port, hosts = ['*.lightning.force.com'], headless = true, viewport = { width: 1280, height: 900 }, language }) {
  const { context, userDataDir } = await launchProfile({ extensionDir, port, hosts, headless, viewport, language });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker: () => context.serviceWorkers().find((w) => w.url().includes(extensionId)) ?? worker,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The same browser, flags and host mapping without the extension: the baseline a benchmark compares against.
 * @param {{ port: number, hosts?: string[], headless?: boolean, viewport?: {width:number,height:number}, language?: string }} options
 */
export async function launchWithoutExtension({ port, hosts = ['*.lightning.force.com'], headless = true, viewport = { width: 1280, height: 900 }, language }) {
  const { context, userDataDir } = await launchProfile({ extensionDir: null, port, hosts, headless, viewport, language });
  return {
    context,
    /** The throwaway profile (removed by close): what the browser stored, e.g. IndexedDB, can be measured there. */
    userDataDir,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh profile; with `extensionDir` null no extension is loaded, everything else is the same. */
async function launchProfile({ extensionDir, port, hosts, headless, viewport, language }) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'deal-hygiene-profile-'));
  const args = [
    ...(headless ? ['--headless=new'] : []),
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(language ? [`--lang=${language}`] : []),
    '--ignore-certificate-errors',
    ...(extensionDir
      ? [
          // Branded Chrome 137+ ignores --load-extension without this.
          '--disable-features=DisableLoadExtensionCommandLineSwitch',
          `--disable-extensions-except=${extensionDir}`,
          `--load-extension=${extensionDir}`,
        ]
      : []),
    `--host-resolver-rules=${hosts.map((host) => `MAP ${host} 127.0.0.1:${port}`).join(',')}`,
  ];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: browserPath(),
    headless: false, // headless is chosen by --headless=new above: the old headless mode cannot run extensions
    args,
    ignoreDefaultArgs: ['--disable-extensions', '--disable-component-extensions-with-background-pages'],
    ignoreHTTPSErrors: true,
    viewport,
    // On Linux the UI language comes from the environment; --lang covers Windows and macOS.
    ...(language ? { env: { ...process.env, LANGUAGE: language }, locale: language } : {}),
  });
  return { context, userDataDir };
}
