import { defineContentScript } from 'wxt/utils/define-content-script';
import { bootCustomCrmScript } from '../src/content/custom-crms';

// The CRMs a user maps ("Other CRM"). Not in the manifest: src/background/custom-crms.ts registers it at run time for
// the sites the user granted, and "Test on this tab" injects it.
export default defineContentScript({
  registration: 'runtime',
  runAt: 'document_idle',
  // As the built-in scripts: no start message posted to the page, life tied to the extension's.
  noScriptStartedPostMessage: true,
  main: () => bootCustomCrmScript(),
});
