import { afterEach, describe, expect, it } from 'vitest';
import { startController, type Controller } from '../../../src/content/controller';
import { runRules } from '../../../src/engine/run';
import { defaultSettings } from '../../../src/model/settings';
import type { Message } from '../../../src/messaging/protocol';
import { createTranslator, lookupFromFile } from '../../../src/i18n/translate';
import { BADGE_HOST_ATTRIBUTE } from '../../../src/ui/badges/badges';
import en from '../../../public/_locales/en/messages.json';
import { deepQueryAll } from '../../../src/read/dom';
import { loadFixture, showPage } from '../../helpers/fixtures';

const t = createTranslator(lookupFromFile(en), 'en');
const NOW = new Date('2026-11-27T09:00:00Z');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stand-in background that answers like the real one, with the real engine. */
function fakeBackground() {
  const sent: Message[] = [];
  return {
    sent,
    async send(message: Message) {
      sent.push(message);
      if (message.type !== 'cs-bg:snapshot') return { ok: true };
      return {
        ok: true,
        verdicts: message.snapshots.map((snapshot) => runRules({ snapshot, settings: defaultSettings(), now: NOW, timeZone: 'UTC' }).verdict),
      };
    },
  };
}

function badgeTexts(): string[] {
  // Badges may sit inside the page's shadow roots, next to a field rendered there.
  return deepQueryAll(document, `[${BADGE_HOST_ATTRIBUTE}]`).map((host) => host.shadowRoot?.querySelector('.text')?.textContent ?? '');
}

let controller: Controller | null = null;
afterEach(() => {
  controller?.stop();
  controller = null;
});

function start(url: string, background = fakeBackground(), valid = () => true) {
  let currentUrl = url;
  controller = startController({
    doc: document,
    currentUrl: () => currentUrl,
    send: background.send,
    t,
    now: () => NOW,
    isValid: valid,
    setTimeout: (cb, ms) => window.setTimeout(cb, ms) as unknown as number,
    clearTimeout: (id) => window.clearTimeout(id),
    debounceMs: 5,
    renderGraceMs: 50,
  });
  return {
    background,
    navigate(next: string) {
      currentUrl = next;
      controller!.onLocationChange();
    },
  };
}

describe('content script controller', () => {
  it('reads the record, sends one snapshot and draws badges at the fields and a chip at the title', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    const { background } = start(fixture.sidecar.url);
    await sleep(60);
    expect(background.sent.map((m) => m.type)).toEqual(['cs-bg:reading', 'cs-bg:snapshot']);
    const texts = badgeTexts();
    expect(texts).toContain('Close date passed 12 days ago');
    expect(texts).toContain('No next step');
    expect(texts.some((text) => /^Not updated for 28 days/.test(text))).toBe(true);
    expect(texts.some((text) => /^Hygiene \d+$/.test(text))).toBe(true);
    // The close-date badge sits next to the Close Date label in the active view.
    const closeDateItem = document.querySelector('.active [data-target-selection-name="sfdc:RecordField.Opportunity.CloseDate"]:not(records-highlights-details-item)');
    expect(closeDateItem?.querySelector(`[${BADGE_HOST_ATTRIBUTE}]`)).not.toBeNull();
  });

  it('does not re-send or re-draw for its own badges, and re-sends when the page changes', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    const { background } = start(fixture.sidecar.url);
    await sleep(60);
    const count = background.sent.length;
    await sleep(40);
    expect(background.sent.length).toBe(count);
    const closeDate = document.querySelector('.active records-record-layout-item[data-target-selection-name$="CloseDate"] lightning-formatted-text')!;
    closeDate.textContent = '12/31/2026';
    await sleep(60);
    expect(background.sent.length).toBe(count + 1);
    expect(badgeTexts()).not.toContain('Close date passed 12 days ago');
  });

  it('draws again when the page re-renders away its badges', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    start(fixture.sidecar.url);
    await sleep(60);
    const label = document.querySelector('.active records-record-layout-item[data-target-selection-name$="CloseDate"] .test-id__field-label-container')!;
    label.replaceWith(label.cloneNode(false));
    await sleep(60);
    expect(badgeTexts()).toContain('Close date passed 12 days ago');
  });

  it('removes badges and tells the background when leaving the record', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    const { background, navigate } = start(fixture.sidecar.url);
    await sleep(60);
    expect(badgeTexts().length).toBeGreaterThan(0);
    navigate('https://acme.lightning.force.com/lightning/o/Opportunity/list');
    expect(badgeTexts()).toEqual([]);
    expect(background.sent.at(-1)?.type).toBe('cs-bg:page-left');
  });

  it('waits for the new record to render after single-page navigation instead of reading the old view', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    const next = loadFixture('salesforce', 'record-layout-en-globex');
    showPage(fixture.html);
    const { background, navigate } = start(fixture.sidecar.url);
    await sleep(60);
    navigate(next.sidecar.url);
    await sleep(20);
    // The old view is still the active one: nothing was sent for the new URL yet.
    expect(background.sent.filter((m) => m.type === 'cs-bg:snapshot')).toHaveLength(1);
    const nextView = new DOMParser().parseFromString(next.html, 'text/html').querySelector('.windowViewMode-normal.active')!;
    const current = document.querySelector('.windowViewMode-normal.active') as HTMLElement;
    current.classList.remove('active');
    current.style.display = 'none';
    current.parentElement!.append(document.importNode(nextView, true));
    await sleep(80);
    const snapshots = background.sent.filter((m): m is Extract<Message, { type: 'cs-bg:snapshot' }> => m.type === 'cs-bg:snapshot');
    expect(snapshots).toHaveLength(2);
    expect(snapshots[1]!.snapshots[0]!.fields.name).toMatchObject({ value: 'Globex - Renewal 2027' });
    expect(badgeTexts()).not.toContain('Close date passed 12 days ago');
    expect(badgeTexts().some((text) => text.startsWith('Not updated for 11 days'))).toBe(true);
  });

  it('never reads a new record under the old URL when the view changes before the location event', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    const next = loadFixture('salesforce', 'record-layout-en-globex');
    showPage(fixture.html);
    let url = fixture.sidecar.url;
    const background = fakeBackground();
    controller = startController({
      doc: document,
      currentUrl: () => url,
      send: background.send,
      t,
      now: () => NOW,
      isValid: () => true,
      setTimeout: (cb, ms) => window.setTimeout(cb, ms) as unknown as number,
      clearTimeout: (id) => window.clearTimeout(id),
      debounceMs: 5,
      renderGraceMs: 50,
    });
    await sleep(60);
    // Lightning: pushState, then the new view; wxt:locationchange only polls, so no location event has fired yet.
    url = next.sidecar.url;
    const nextView = new DOMParser().parseFromString(next.html, 'text/html').querySelector('.windowViewMode-normal.active')!;
    const old = document.querySelector('.windowViewMode-normal.active') as HTMLElement;
    old.classList.remove('active');
    old.style.display = 'none';
    old.parentElement!.append(document.importNode(nextView, true));
    await sleep(80);
    const snapshots = background.sent.flatMap((m) => (m.type === 'cs-bg:snapshot' ? m.snapshots : []));
    for (const snapshot of snapshots) {
      const name = snapshot.fields.name.state === 'value' ? snapshot.fields.name.value : '';
      expect(`${name} ${snapshot.key}`).toMatch(name.startsWith('Globex') ? /Globx$/ : /AcmeQ$/);
    }
    expect(snapshots.at(-1)?.key).toBe(next.sidecar.snapshots[0]!.key);
  });

  it('stops quietly, removing its badges, when the extension context is gone', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    let valid = true;
    const background = fakeBackground();
    const failing = {
      sent: background.sent,
      async send(message: Message) {
        if (!valid) throw new Error('Extension context invalidated.');
        return background.send(message);
      },
    };
    start(fixture.sidecar.url, failing, () => valid);
    await sleep(60);
    expect(badgeTexts().length).toBeGreaterThan(0);
    valid = false;
    document.querySelector('.active h1')!.append(document.createTextNode(' (edited)'));
    await sleep(60);
    expect(badgeTexts()).toEqual([]);
    const sentBefore = background.sent.length;
    document.querySelector('.active h1')!.append(document.createTextNode('!'));
    await sleep(40);
    expect(background.sent.length).toBe(sentBefore);
  });

  it('ignores pages that are not deal records', async () => {
    showPage('<html><body><p>Home</p></body></html>');
    const { background } = start('https://acme.lightning.force.com/lightning/page/home');
    await sleep(30);
    expect(background.sent).toEqual([]);
  });
});
