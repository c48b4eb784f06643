import { defineConfig } from 'wxt';

// One code base for Chrome (MV3) and Firefox: webextension-polyfill gives both the promise-based `browser` API.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: settings (sync) and tab state (session); tabs: the popup finds the deal of the active tab.
    permissions: ['storage', 'tabs'],
    action: { default_title: '__MSG_extName__' },
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'",
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: 'deal-hygiene@deal-hygiene.dev', strict_min_version: '121.0' },
          },
        }
      : {}),
  }),
});
