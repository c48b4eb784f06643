import { defineConfig } from 'wxt';

/**
 * Hosts granted at install in the e2e build only (DH_E2E_HOSTS, comma-separated match patterns): the Tryton server
 * of the e2e suite runs on 127.0.0.1, and a headless browser cannot answer a permission prompt. When a permission is
 * already granted, `permissions.request` resolves without a prompt, so the options page's flow still runs for real.
 */
const e2eHosts = (process.env.DH_E2E_HOSTS ?? '')
  .split(',')
  .map((host) => host.trim())
  .filter(Boolean);

/** Permissions granted at install in the e2e build only (DH_E2E_PERMISSIONS): `cookies` for precise mode's e2e. */
const e2ePermissions = (process.env.DH_E2E_PERMISSIONS ?? '')
  .split(',')
  .map((permission) => permission.trim())
  .filter(Boolean);

/**
 * MV3: the content scripts' match patterns (one manifest entry per built-in CRM, its adapter's `matches`, as WXT
 * writes them) are also host permissions. The custom CRMs' script (`registration: 'runtime'`, no `matches`) is not in
 * the manifest and adds no host: its sites are granted by the user one by one (src/background/custom-crms.ts).
 * Chrome injects manifest content scripts only into pages loaded after an install or update; the background then
 * injects them into the CRM tabs already open (src/background/reinject.ts), which needs host access to those tabs. The patterns are the ones the content scripts run on already: no other site, no new warning.
 */
function contentScriptHostsAsHostPermissions(manifest: { manifest_version: number; host_permissions?: string[]; content_scripts?: { matches?: string[] }[] }): void {
  if (manifest.manifest_version !== 3) return;
  const patterns = (manifest.content_scripts ?? []).flatMap((script) => script.matches ?? []);
  const hosts = [...new Set([...(manifest.host_permissions ?? []), ...patterns])];
  if (hosts.length) manifest.host_permissions = hosts;
}

// One code base for Chrome (MV3) and Firefox: webextension-polyfill gives both the promise-based `browser` API.
export default defineConfig({
  hooks: {
    'build:manifestGenerated': (_wxt, manifest) => contentScriptHostsAsHostPermissions(manifest),
  },
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  // Separate output directories let several builds (a bench and an e2e run) happen at once.
  outDir: process.env.DH_OUT_DIR ?? '.output',
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: settings (sync), tab state (session), custom CRM mappings (local); tabs: the popup and side panel find
    // the deal of the active tab; scripting: the content script is registered for the CRMs a user adds ("Other CRM").
    permissions: ['storage', 'tabs', 'scripting', ...e2ePermissions, ...(manifestVersion === 3 ? [] : e2eHosts)],
    // Asked for when first used: a user-added CRM's host (options page, "Other CRM"); cookies for precise mode.
    ...(manifestVersion === 3
      ? {
          optional_host_permissions: ['https://*/*', 'http://*/*'],
          optional_permissions: ['cookies'],
          ...(e2eHosts.length ? { host_permissions: e2eHosts } : {}),
        }
      : { optional_permissions: ['cookies', 'https://*/*', 'http://*/*'] }),
    action: { default_title: '__MSG_extName__' },
    commands: {
      'quick-qualify': {
        suggested_key: { default: 'Alt+Shift+Q' },
        description: '__MSG_command_quick_qualify__',
      },
    },
    content_security_policy:
      manifestVersion === 3
        ? { extension_pages: "script-src 'self'; object-src 'self'" }
        : ("script-src 'self'; object-src 'self'" as never),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'deal-hygiene@deal-hygiene.dev',
              // 140 (the ESR) is the first with Mozilla's data-collection consent below; Android has it from 142.
              strict_min_version: '140.0',
              // Nothing leaves the device: no data collected.
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
