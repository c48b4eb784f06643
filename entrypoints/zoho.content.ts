import { defineContentScript } from 'wxt/utils/define-content-script';
import zoho from '../src/adapters/zoho';
import { bootBuiltInScript } from '../src/content/boot';

// Zoho CRM only: this script bundles its own adapter and no other CRM's (issue #6, tests/unit/security).
export default defineContentScript({
  matches: zoho.matches,
  runAt: 'document_idle',
  // WXT would post the script's start, with the extension id, to the page's window. The script's life is not tied to
  // WXT's context either (a page can dispatch its "newer script started" event): it lasts while the extension does.
  noScriptStartedPostMessage: true,
  main: () => bootBuiltInScript(zoho),
});
