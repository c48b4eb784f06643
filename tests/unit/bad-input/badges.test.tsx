import { act, cleanup, render } from '@testing-library/react';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import salesforce from '../../../src/adapters/salesforce';
import pipedrive from '../../../src/adapters/pipedrive';
import { badgeSpecs, rowBadgeSpecs } from '../../../src/content/draw';
import { createTranslator, lookupFromFile } from '../../../src/i18n/translate';
import { FIELD_NAMES } from '../../../src/model/deal';
import { SEVERITIES, type Finding, type Verdict } from '../../../src/model/verdict';
import type { DealView, TabState } from '../../../src/messaging/protocol';
import { rules } from '../../../src/rules/index';
import { shadowRootsUnder } from '../../../src/read/dom';
import { BADGE_HOST_ATTRIBUTE, createBadgeLayer } from '../../../src/ui/badges/badges';
import { Popup } from '../../../src/ui/popup/Popup';
import { known, makeSnapshot, unknown } from '../../helpers/deals';
import { loadFixture, parsePage } from '../../helpers/fixtures';
import en from '../../../public/_locales/en/messages.json';
import da from '../../../public/_locales/da/messages.json';
import { HTML_PAYLOADS, hostileText, htmlPayload, rtlText } from './hostile';
import { checkAsyncProperty, checkProperty, countCasesAsync, writeAreaReport } from './report';

// Generous: property runs are CPU-bound, and the CI machine may be busy; a run never takes this long.
vi.setConfig({ testTimeout: 120_000 });

/**
 * Page text reaches the screen in two places: the badges drawn into the CRM page (plain DOM in shadow roots) and the
 * extension's pages (React). Fed hostile text through finding data, deal names, owners, stages and unread reasons,
 * neither ever creates an element from it: a badge is always the same four elements, and the popup has no script,
 * image, frame or inline style element, whatever the text.
 */

afterEach(cleanup);

const translators = [createTranslator(lookupFromFile(en), 'en'), createTranslator(lookupFromFile(da), 'da')];
/** Mostly markup, since that is what must not become elements; the rest of the hostile mix too. */
const pageText = fc.oneof({ arbitrary: htmlPayload, weight: 3 }, { arbitrary: rtlText, weight: 1 }, { arbitrary: hostileText, weight: 1 });

/** Findings as rules report them (real rule and message ids, so the texts are translated), with hostile data. */
const ruleMessages = rules.flatMap((rule) => rule.meta.messages.map((messageId) => ({ ruleId: rule.meta.id, messageId })));
const finding: fc.Arbitrary<Finding> = fc.record({
  rule: fc.oneof({ arbitrary: fc.constantFrom(...ruleMessages), weight: 4 }, { arbitrary: fc.record({ ruleId: pageText, messageId: pageText }), weight: 1 }),
  data: fc.dictionary(fc.constantFrom('days', 'count', 'date', 'text', 'stage', 'owner', 'criteria', 'name', 'amount', 'limit', 'pushes'), fc.oneof(pageText, fc.integer())),
  field: fc.option(fc.constantFrom(...FIELD_NAMES), { nil: undefined }),
  severity: fc.constantFrom(...SEVERITIES),
}).map(({ rule, data, field, severity }) => ({ ...rule, data, severity, ...(field ? { field } : {}) }));

const verdictFor = (dealKey: string, findings: Finding[], score: number): Verdict => ({
  dealKey,
  computedAt: '2026-11-27T09:00:00.000Z',
  findings,
  cannotCheck: [],
  hygiene: { value: score, parts: [] },
  qualification: null,
  snoozed: [],
});

const ALLOWED_IN_BADGE = ['STYLE', 'SPAN', 'SPAN', 'SPAN'];

/** The page's own roots: the document and the CRM's shadow roots (fixture pages have some), not our badges' shadow roots. */
const pageRoots = (doc: Document): ParentNode[] => [doc, ...shadowRootsUnder(doc).filter((root) => !root.host.hasAttribute(BADGE_HOST_ATTRIBUTE))];
const deepAll = (doc: Document, selector: string) => pageRoots(doc).flatMap((root) => Array.from(root.querySelectorAll(selector)));
const pageElementCount = (doc: Document) => deepAll(doc, '*').length;

/** Every badge host holds exactly our four elements, its texts are the spec's texts, and nothing else was added to the page. */
function expectOnlyOurBadges(doc: Document, elementsBefore: number, expectedLabels: string[]) {
  const hosts = deepAll(doc, `[${BADGE_HOST_ATTRIBUTE}]`);
  expect(hosts.length).toBe(expectedLabels.length);
  expect(pageElementCount(doc)).toBe(elementsBefore + hosts.length);
  const labels: string[] = [];
  hosts.forEach((host) => {
    expect(host.children.length).toBe(0);
    const shadow = host.shadowRoot!;
    expect(shadow).toBeTruthy();
    expect(Array.from(shadow.querySelectorAll('*')).map((element) => element.tagName)).toEqual(ALLOWED_IN_BADGE);
    expect(shadow.querySelector('script, img, iframe, svg, a, object, embed, link, template')).toBeNull();
    labels.push(shadow.querySelector('.text')!.textContent ?? '');
  });
  // Hosts are in document order, specs in drawing order.
  expect(labels.sort()).toEqual([...expectedLabels].sort());
}

describe('badges drawn into the CRM page', () => {
  it('record page: hostile finding data never becomes elements in the badges', () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    const doc = parsePage(fixture.html);
    const url = new URL(fixture.sidecar.url);
    const { scope, snapshots } = salesforce.read(doc, url, { now: new Date(fixture.sidecar.now) });
    const layer = createBadgeLayer(doc);
    const elementsBefore = pageElementCount(doc);
    checkProperty(
      'badges',
      'record badges from hostile finding data',
      fc.property(fc.array(finding, { maxLength: 12 }), fc.integer({ min: 0, max: 100 }), fc.constantFrom(0, 1), (findings, score, language) => {
        const specs = badgeSpecs(doc, salesforce, scope, verdictFor(snapshots[0]!.key, findings, score), translators[language]!);
        layer.render(specs);
        expectOnlyOurBadges(doc, elementsBefore, specs.map((spec) => spec.label));
        specs.forEach((spec) => {
          const host = Array.from(spec.anchor.children).find((child) => child.hasAttribute(BADGE_HOST_ATTRIBUTE))!;
          const badge = host.shadowRoot!.querySelector('.badge')!;
          expect(badge.getAttribute('aria-label')).toBe(spec.ariaLabel);
          expect(badge.getAttribute('title')).toBe(spec.details.join('\n'));
        });
        layer.clear();
        expect(deepAll(doc, `[${BADGE_HOST_ATTRIBUTE}]`)).toEqual([]);
      }),
      200,
    );
  }, 60_000);

  it('list page: hostile finding data never becomes elements in the row badges', () => {
    const fixture = loadFixture('pipedrive', 'list-da');
    const doc = parsePage(fixture.html);
    const url = new URL(fixture.sidecar.url);
    const { scope, snapshots } = pipedrive.read(doc, url, { now: new Date(fixture.sidecar.now) });
    expect(snapshots.length).toBeGreaterThan(1);
    const layer = createBadgeLayer(doc);
    const elementsBefore = pageElementCount(doc);
    checkProperty(
      'badges',
      'row badges from hostile finding data',
      fc.property(fc.array(fc.array(finding, { maxLength: 5 }), { minLength: snapshots.length, maxLength: snapshots.length }), fc.constantFrom(0, 1), (perRow, language) => {
        const verdicts = snapshots.map((snapshot, i) => verdictFor(snapshot.key, perRow[i]!, 50));
        const specs = rowBadgeSpecs(doc, pipedrive, scope, verdicts, translators[language]!);
        layer.render(specs);
        expectOnlyOurBadges(doc, elementsBefore, specs.map((spec) => spec.label));
        layer.clear();
      }),
      100,
    );
  }, 60_000);
});

describe('the popup, given deals read from hostile pages', () => {
  const FORBIDDEN = 'script, img, iframe, object, embed, link, style, template, frame, base, meta, form';

  function hostileDeal(name: string, owner: string, stage: string, reason: string, findings: Finding[]): DealView {
    const snapshot = makeSnapshot({
      fields: {
        name: known(name, name),
        owner: known(owner, owner),
        stage: known({ label: stage, canonical: null }, stage),
        nextStep: known({ text: stage, date: null }, stage),
        amount: unknown(reason),
        forecastCategory: known(owner, owner),
      },
    });
    return { snapshot, verdict: verdictFor(snapshot.key, findings, 42) };
  }

  it('renders hostile names, owners, stages, unread reasons and finding data as text only', async () => {
    const clipText = (text: string) => text.slice(0, 1500);
    // React renders asynchronously: an async property.
    await checkAsyncProperty(
      'badges',
      'popup from hostile deal text',
      fc.asyncProperty(
        fc.record({
          name: pageText.map(clipText),
          owner: pageText.map(clipText),
          stage: pageText.map(clipText),
          reason: pageText.map((text) => text.slice(0, 400)),
          findings: fc.array(finding, { maxLength: 6 }),
          language: fc.constantFrom(0, 1),
          unreadable: fc.boolean(),
        }),
        async ({ name, owner, stage, reason, findings, language, unreadable }) => {
          const state: TabState = unreadable
            ? { status: 'unreadable', url: 'https://acme.lightning.force.com/x', crm: name.slice(0, 40), unread: [{ field: stage.slice(0, 100), reason, code: 'unparseable' }] }
            : { status: 'deal', url: 'https://acme.lightning.force.com/x', pageKind: 'record', deals: [hostileDeal(name, owner, stage, reason, findings)] };
          const view = render(<Popup t={translators[language]!} locale={language ? 'da' : 'en-US'} loadState={() => Promise.resolve(state)} />);
          try {
            await act(async () => {
              await Promise.resolve();
            });
            const main = view.container;
            expect(main.querySelector(FORBIDDEN)).toBeNull();
            expect(Array.from(main.querySelectorAll('*')).some((element) => Array.from(element.attributes).some((a) => a.name.startsWith('on')))).toBe(false);
            if (!unreadable && name.trim()) expect(main.textContent).toContain(name.trim().split(/\s+/)[0]!);
          } finally {
            view.unmount();
          }
        },
      ),
      120,
    );
  }, 60_000);

  it('each payload of the issue shows verbatim as the deal name', async () => {
    await countCasesAsync('badges', 'popup: listed payloads as deal names', HTML_PAYLOADS.filter((text) => text.trim()), async (payload) => {
      const state: TabState = { status: 'deal', url: 'https://acme.lightning.force.com/x', pageKind: 'record', deals: [hostileDeal(payload, 'Jane', 'Stage', 'r', [])] };
      const view = render(<Popup t={translators[0]!} locale="en-US" loadState={() => Promise.resolve(state)} />);
      await act(async () => {
        await Promise.resolve();
      });
      try {
        expect(view.container.querySelector(FORBIDDEN)).toBeNull();
        expect(view.container.textContent).toContain(payload.replace(/\s+/g, ' ').trim().slice(0, 30));
      } finally {
        view.unmount();
      }
    });
  }, 30_000);

  it('reports its cases', () => {
    const { report } = writeAreaReport('badges');
    expect(report.cases).toBeGreaterThan(0);
  });
});
