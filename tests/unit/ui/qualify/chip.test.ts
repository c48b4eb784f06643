import { afterEach, describe, expect, it, vi } from 'vitest';
import { startController, type Controller } from '../../../../src/content/controller';
import { runRules } from '../../../../src/engine/run';
import { defaultSettings } from '../../../../src/model/settings';
import type { Message } from '../../../../src/messaging/protocol';
import { createTranslator, lookupFromFile } from '../../../../src/i18n/translate';
import { BADGE_HOST_ATTRIBUTE, createBadgeLayer } from '../../../../src/ui/badges/badges';
import { deepQueryAll } from '../../../../src/read/dom';
import { loadFixture, showPage } from '../../../helpers/fixtures';
import en from '../../../../public/_locales/en/messages.json';
import { adapters } from '../../../../src/adapters';

const t = createTranslator(lookupFromFile(en), 'en');
const NOW = new Date('2026-11-27T09:00:00Z');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let controller: Controller | null = null;
afterEach(() => {
  controller?.stop();
  controller = null;
});

function startOnSalesforceRecord() {
  const fixture = loadFixture('salesforce', 'record-layout-en');
  showPage(fixture.html);
  const sent: Message[] = [];
  controller = startController({
    adapters,
    doc: document,
    currentUrl: () => fixture.sidecar.url,
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
  return sent;
}

const badges = (kind: string) => deepQueryAll(document, `[${BADGE_HOST_ATTRIBUTE}="${kind}"]`).map((host) => host.shadowRoot!.querySelector<HTMLElement>('.badge')!);

describe('the summary chip opens quick-qualify', () => {
  it('is a button that asks the background to open the side panel, on click and on Enter or Space', async () => {
    const sent = startOnSalesforceRecord();
    await sleep(60);
    const [chip] = badges('chip');
    expect(chip!.getAttribute('role')).toBe('button');
    expect(chip!.tabIndex).toBe(0);
    expect(chip!.getAttribute('aria-label')).toMatch(/Opens quick-qualify in the side panel$/);
    expect(chip!.title.split('\n').at(-1)).toBe('Opens quick-qualify in the side panel');

    const pageClick = vi.fn();
    (chip!.getRootNode() as ShadowRoot).host.parentElement!.addEventListener('click', pageClick);
    chip!.click();
    expect(sent.filter((message) => message.type === 'cs-bg:open-side-panel')).toHaveLength(1);
    // The CRM's own handlers do not also act on our click.
    expect(pageClick).not.toHaveBeenCalled();

    chip!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    chip!.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    chip!.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    expect(sent.filter((message) => message.type === 'cs-bg:open-side-panel')).toHaveLength(3);
  });

  it('leaves the field badges as they are: status, not buttons', async () => {
    const sent = startOnSalesforceRecord();
    await sleep(60);
    const fields = badges('field');
    expect(fields.length).toBeGreaterThan(0);
    for (const badge of fields) {
      expect(badge.getAttribute('role')).toBe('status');
      badge.click();
    }
    expect(sent.some((message) => message.type === 'cs-bg:open-side-panel')).toBe(false);
  });

  it('draws a badge without an action as a status', () => {
    const anchor = document.createElement('div');
    document.body.append(anchor);
    createBadgeLayer(document).render([{ anchor, kind: 'chip', severity: 'ok', label: 'Hygiene 100', ariaLabel: 'Hygiene 100', details: [] }]);
    expect(anchor.querySelector(`[${BADGE_HOST_ATTRIBUTE}]`)!.shadowRoot!.querySelector('.badge')!.getAttribute('role')).toBe('status');
  });
});
