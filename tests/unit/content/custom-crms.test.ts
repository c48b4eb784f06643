import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { genericAdapter } from '../../../src/adapters/generic';
import { startController, type Controller } from '../../../src/content/controller';
import { claimPage, CUSTOM_CRM_SCRIPT } from '../../../src/content/claim-page';
import { loadCustomAdapters, mappingTestListener, readWithMapping, yieldingToBuiltIns } from '../../../src/content/custom-crms';
import salesforce from '../../../src/adapters/salesforce';
import { crmMappingSchema, CUSTOM_CRMS_KEY } from '../../../src/model/crm-mapping';
import type { Message } from '../../../src/messaging/protocol';
import { runRules } from '../../../src/engine/run';
import { defaultSettings } from '../../../src/model/settings';
import { createTranslator, lookupFromFile } from '../../../src/i18n/translate';
import { BADGE_HOST_ATTRIBUTE } from '../../../src/ui/badges/badges';
import en from '../../../public/_locales/en/messages.json';
import { parsePage, showPage } from '../../helpers/fixtures';

const t = createTranslator(lookupFromFile(en), 'en');
const NOW = new Date('2026-11-27T09:00:00Z');
const URL_42 = 'http://127.0.0.1:8000/deals/42';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const MAPPING = crmMappingSchema.parse({
  id: 'inhouse',
  name: 'In-house CRM',
  matches: ['http://127.0.0.1/*'],
  recordId: { pattern: '/deals/(\\d+)' },
  fields: { name: { selector: 'h1' }, amount: { labels: ['Amount'] }, closeDate: { labels: ['Close date'] }, stage: { labels: ['Stage'] } },
  stageMapping: { proposal: 'propose' },
});

const PAGE = `<html lang="en-US"><body><h1>Globex – 120 seats</h1>
  <div class="field"><label for="amount">Amount</label><span class="control"><input id="amount"></span></div>
  <div class="field"><label for="close">Close date</label><span class="control"><input id="close"></span></div>
  <div class="field"><span>Stage</span><span>Proposal</span></div>
</body></html>`;

describe('custom CRMs in the content script', () => {
  it('turns the stored mappings into adapters, leaving a broken one out', async () => {
    await fakeBrowser.storage.local.set({ [CUSTOM_CRMS_KEY]: [MAPPING, { ...MAPPING, id: 'broken', matches: ['file:///*'] }] });
    const adapters = await loadCustomAdapters(fakeBrowser.storage.local);
    expect(adapters.map((adapter) => adapter.name)).toEqual(['In-house CRM']);
    expect(adapters[0]!.detect(new URL(URL_42))).toEqual({ kind: 'record', recordId: '42' });
  });

  it('reads no custom CRM (but does not fail) when storage cannot be read', async () => {
    expect(await loadCustomAdapters({ get: () => Promise.reject(new Error('Extension context invalidated.')) })).toEqual([]);
  });

  it('answers "Test on this tab" only for the extension\'s background', async () => {
    const doc = parsePage(PAGE);
    const listener = mappingTestListener('ext-id', doc, () => URL_42, () => NOW);
    const request = { type: 'bg-cs:read-with-mapping', mapping: MAPPING };
    const reply = (await listener(request, { id: 'ext-id' })) as { ok: true; result: { status: string } };
    expect(reply).toMatchObject({ ok: true, result: { status: 'read', recordId: '42', snapshot: { key: 'generic:inhouse:127.0.0.1:8000:42' } } });
    expect(listener(request, { id: 'another-extension' })).toBeUndefined();
    expect(listener(request, { id: 'ext-id', tab: { id: 3 } })).toBeUndefined(); // another tab's content script
    expect(listener({ type: 'something-else' }, { id: 'ext-id' })).toBeUndefined();
  });

  it('reports an invalid or non-matching mapping instead of reading', () => {
    const doc = parsePage(PAGE);
    expect(readWithMapping(doc, URL_42, { ...MAPPING, matches: [] }, NOW)).toEqual({ status: 'invalid', errors: ['matches: give at least one URL pattern'] });
    expect(readWithMapping(doc, 'https://elsewhere.test/deals/42', MAPPING, NOW)).toEqual({ status: 'not-matching', url: 'https://elsewhere.test/deals/42' });
    expect(readWithMapping(doc, 'http://127.0.0.1:8000/list', MAPPING, NOW)).toEqual({ status: 'no-record-id', url: 'http://127.0.0.1:8000/list' });
  });
});

describe('the custom CRMs\' script beside a built-in CRM\'s script', () => {
  // A user's mapping over a Salesforce org: the built-in adapter reads Opportunities, the mapping a custom object too.
  const OVER_SALESFORCE = genericAdapter(
    crmMappingSchema.parse({ ...MAPPING, id: 'sf-projects', matches: ['https://*.lightning.force.com/*'], recordId: { pattern: '/lightning/r/\\w+/(\\w+)/view' } }),
  );
  const OPPORTUNITY = new URL('https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAZ/view');
  const PROJECT = new URL('https://acme.lightning.force.com/lightning/r/Project__c/a015g00000XyZ12AAB/view');
  const builtIn = (alive = () => true) => ({ script: 'salesforce', alive, stop: () => undefined, reads: (url: URL) => salesforce.detect(url) !== null });

  it('reads every address of its mappings while no built-in script is on the page', () => {
    const [adapter] = yieldingToBuiltIns([OVER_SALESFORCE], {});
    expect(adapter!.detect(OPPORTUNITY)).toEqual({ kind: 'record', recordId: '0065g00000AbCdEAAZ' });
    expect(adapter!.detect(PROJECT)).toEqual({ kind: 'record', recordId: 'a015g00000XyZ12AAB' });
  });

  it('leaves the addresses a live built-in script reads to it, at each look (the built-in may start later), and keeps the rest', () => {
    const world = {};
    claimPage(world, { script: CUSTOM_CRM_SCRIPT, alive: () => true, stop: () => undefined });
    const [adapter] = yieldingToBuiltIns([OVER_SALESFORCE], world);
    expect(adapter!.detect(OPPORTUNITY)).not.toBeNull();
    claimPage(world, builtIn());
    expect(adapter!.detect(OPPORTUNITY)).toBeNull();
    expect(adapter!.detect(PROJECT)).toEqual({ kind: 'record', recordId: 'a015g00000XyZ12AAB' });
    // The adapter is otherwise the mapping's own: its name, patterns and reading.
    expect(adapter).toMatchObject({ id: 'generic', name: OVER_SALESFORCE.name, matches: OVER_SALESFORCE.matches, read: OVER_SALESFORCE.read });
  });

  it('reads again once the built-in script is gone (its extension context lost)', () => {
    let builtInAlive = true;
    const world = {};
    claimPage(world, builtIn(() => builtInAlive));
    const [adapter] = yieldingToBuiltIns([OVER_SALESFORCE], world);
    expect(adapter!.detect(OPPORTUNITY)).toBeNull();
    builtInAlive = false;
    expect(adapter!.detect(OPPORTUNITY)).not.toBeNull();
  });
});

describe('the controller with a generic adapter', () => {
  let controller: Controller | null = null;
  afterEach(() => {
    controller?.stop();
    controller = null;
  });

  function start(adapter = genericAdapter(MAPPING)) {
    const sent: Message[] = [];
    controller = startController({
      adapters: [adapter],
      doc: document,
      currentUrl: () => URL_42,
      async send(message) {
        sent.push(message);
        if (message.type !== 'cs-bg:snapshot') return { ok: true };
        return { ok: true, verdicts: message.snapshots.map((snapshot) => runRules({ snapshot, settings: defaultSettings(), now: NOW, timeZone: 'UTC' }).verdict) };
      },
      t,
      now: () => NOW,
      isValid: () => true,
      setTimeout: (cb, ms) => window.setTimeout(cb, ms) as unknown as number,
      clearTimeout: (id) => window.clearTimeout(id),
      debounceMs: 5,
      renderGraceMs: 50,
    });
    const snapshots = () => sent.flatMap((message) => (message.type === 'cs-bg:snapshot' ? message.snapshots : []));
    return { sent, snapshots };
  }

  const input = (id: string) => document.getElementById(id) as HTMLInputElement;

  it('reads values a web app sets as properties later (no mutation), by reading again on a timer', async () => {
    showPage(PAGE);
    const { snapshots } = start({ ...genericAdapter(MAPPING), rereadEveryMs: 30 });
    await sleep(40);
    expect(snapshots().at(-1)!.fields.amount.state).toBe('empty');
    input('amount').value = '$46,000.00';
    input('close').value = '11/20/2026';
    await sleep(120);
    expect(snapshots().at(-1)!.fields.amount).toMatchObject({ state: 'value', value: { value: 46000, currency: 'USD' } });
    // Nothing changed since: nothing more is sent.
    const count = snapshots().length;
    await sleep(100);
    expect(snapshots().length).toBe(count);
  });

  it('reads again when the user changes a form control, and puts the badge beside the control', async () => {
    showPage(PAGE);
    const { snapshots } = start({ ...genericAdapter(MAPPING), rereadEveryMs: undefined });
    await sleep(40);
    input('close').value = '11/20/2026';
    input('close').dispatchEvent(new Event('change', { bubbles: true }));
    await sleep(60);
    expect(snapshots().at(-1)!.fields.closeDate).toMatchObject({ state: 'value', value: '2026-11-20' });
    // The close date passed a week ago: its badge sits in the control's wrapper, the chip on the name.
    const badge = input('close').parentElement!.querySelector(`[${BADGE_HOST_ATTRIBUTE}="field"]`);
    expect(badge?.shadowRoot?.querySelector('.text')?.textContent).toBe('Close date passed 7 days ago');
    expect(document.querySelector(`h1 [${BADGE_HOST_ATTRIBUTE}="chip"]`)).not.toBeNull();
  });
});
