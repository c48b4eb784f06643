// The review page with 5,000 deals in the built extension: how long the table takes to show, and how long a filter
// takes to update it. Deals are seeded as a CSV import would store them (`ui-bg:import-deals`). Reports, never fails.
import type { BrowserContext, Page } from 'playwright-core';
import type { CanonicalStage, DealSnapshot } from '../../src/model/deal';
import { empty, known, unknown } from '../../src/model/field';
import { prng } from './synthetic';

export const REVIEW_DEALS = 5000;

const OWNERS = ['Dana Seller', 'Sam Rep', 'Mikkel Holm', 'Ana Ruiz', 'Priya Nair', 'Jonas Berg', 'Lea Møller', 'Tom Ward'];
const STAGES: [string, CanonicalStage][] = [
  ['Prospecting', 'prospect'],
  ['Qualification', 'qualify'],
  ['Needs Analysis', 'develop'],
  ['Proposal/Price Quote', 'propose'],
  ['Negotiation/Review', 'commit'],
  ['Closed Won', 'won'],
  ['Closed Lost', 'lost'],
];
const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Wonka', 'Fjord', 'Nordlys', 'Tyrell', 'Cyberdyne', 'Soylent', 'Vandelay', 'Aperture'];
const WHAT = ['renewal', 'expansion', 'pilot', '500 seats', 'platform deal', 'EMEA rollout', 'add-on', 'migration'];

const DAY = 86_400_000;
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * `count` imported Salesforce deals as of `now`, varied the way a real pipeline is: eight owners, every stage, some
 * stale, some without a next step, some unreadable values, and for about one deal in five an earlier snapshot with an
 * earlier close date (a push), half of them seen this week. Returns every snapshot, older versions first.
 */
export function reviewSeed(count: number, now = Date.now(), seed = 7): DealSnapshot[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const older: DealSnapshot[] = [];
  const latest: DealSnapshot[] = [];
  for (let i = 0; i < count; i++) {
    const id = `0065g0R${String(i).padStart(8, '0')}AAA`;
    const [label, canonical] = random() < 0.12 ? STAGES[5 + Math.floor(random() * 2)]! : STAGES[Math.floor(random() * 5)]!;
    const stageIndex = STAGES.findIndex(([name]) => name === label);
    const name = `${pick(COMPANIES)} ${pick(WHAT)} #${i + 1}`;
    const owner = OWNERS[i % OWNERS.length]!;
    const value = Math.round(5 + random() * 495) * 1000;
    const currency = random() < 0.9 ? 'EUR' : 'USD';
    const closeDate = isoDay(now + Math.round(random() * 150 - 25) * DAY);
    const activityAgo = Math.round(random() * random() * 60);
    // Some early deals forecast as if nearly won: the qualification does not support it.
    const optimistic = stageIndex <= 1 && random() < 0.3;
    const probability = optimistic ? 80 : Math.min(100, 10 + stageIndex * 20);
    const capturedAt = new Date(now - Math.round(random() * 3) * DAY - 3_600_000).toISOString();
    const snapshot: DealSnapshot = {
      key: `salesforce:import:${id}`,
      crm: 'salesforce',
      url: `file:///pipeline.csv#line=${i + 2}`,
      capturedAt,
      source: 'page',
      fields: {
        name: known(name, name),
        amount: random() < 0.03 ? unknown('Amount: "n/a" is not an amount') : known({ value, currency }, `${value}`),
        stage: known({ label, canonical }, label),
        probability: known(probability, `${probability}%`),
        forecastCategory: known(stageIndex === 4 ? 'Commit' : stageIndex >= 5 ? 'Closed' : optimistic ? 'Best Case' : 'Pipeline', ''),
        closeDate: random() < 0.02 ? empty() : known(closeDate, closeDate),
        createdDate: known(isoDay(now - Math.round(30 + random() * 200) * DAY), ''),
        lastActivityDate: known(isoDay(now - activityAgo * DAY), ''),
        lastModifiedDate: known(isoDay(now - Math.round(activityAgo / 2) * DAY), ''),
        nextStep: random() < 0.2 ? empty() : known({ text: 'Pricing call with the CFO', date: null }, 'Pricing call with the CFO'),
        owner: known(owner, owner),
        contacts: unknown('a CSV export does not list contact roles', 'not_supported'),
        qualification: unknown('qualification evidence is not read from CSV exports', 'not_supported'),
      },
    };
    latest.push(snapshot);
    if (canonical !== 'won' && canonical !== 'lost' && closeDate && random() < 0.2) {
      // The same deal seen earlier with an earlier close date: pushed since, this week for about half of them.
      const seenDaysAgo = random() < 0.5 ? 4 : 12;
      const earlier = isoDay(Date.parse(closeDate) - Math.round(14 + random() * 45) * DAY);
      const changedAt = new Date(now - (random() < 0.5 ? 2 : 9) * DAY).toISOString();
      older.push({ ...snapshot, capturedAt: new Date(now - (seenDaysAgo + 20) * DAY).toISOString(), fields: { ...snapshot.fields, closeDate: known(earlier, earlier) } });
      latest[latest.length - 1] = { ...snapshot, capturedAt: changedAt };
    }
  }
  return [...older, ...latest];
}

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

/** Sends snapshots from an extension page, as the import screen does, in chunks the background answers quickly. */
export async function seedDeals(page: Page, snapshots: readonly DealSnapshot[], chunk = 500): Promise<void> {
  for (let i = 0; i < snapshots.length; i += chunk) {
    const reply = (await page.evaluate((batch) => chrome.runtime.sendMessage({ type: 'ui-bg:import-deals', snapshots: batch }), snapshots.slice(i, i + chunk))) as {
      ok: boolean;
      error?: string;
    };
    if (!reply.ok) throw new Error(`seeding failed: ${reply.error}`);
  }
}

const finite = (values: readonly number[]) => values.filter(Number.isFinite).sort((a, b) => a - b);
const median = (values: readonly number[]) => finite(values)[Math.floor(finite(values).length / 2)] ?? NaN;
const p95 = (values: readonly number[]) => finite(values)[Math.min(finite(values).length - 1, Math.floor(finite(values).length * 0.95))] ?? NaN;

/**
 * Changes a filter control in the page and times it: from just before the change event is dispatched to the moment the
 * "N of M deals" line shows the new count (React has rendered the table) and to the next animation frame (ready to
 * paint). The event is dispatched in the page itself, so the figure holds the page's work only, not the driver's.
 * A script string rather than a function: the bench runs under tsx, whose helpers do not exist in the page.
 */
async function timedFilter(page: Page, control: { selector: string; kind: 'select' | 'text'; value: string }): Promise<{ dom: number; frame: number }> {
  return (await page.evaluate(`new Promise((resolve) => {
    const control = ${JSON.stringify(control)};
    const element = document.querySelector(control.selector);
    const status = document.querySelector('.filters__count');
    const before = status.textContent;
    let start = 0;
    let dom;
    const observer = new MutationObserver(() => {
      if (dom !== undefined || status.textContent === before) return;
      dom = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => resolve({ dom: dom - start, frame: performance.now() - start }));
    });
    observer.observe(status, { childList: true, characterData: true, subtree: true });
    setTimeout(() => { observer.disconnect(); if (dom === undefined) resolve({ dom: NaN, frame: NaN }); }, 30000);
    const prototype = control.kind === 'select' ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    start = performance.now();
    // The native setter, as a user's input sets it, so React sees a changed value.
    Object.getOwnPropertyDescriptor(prototype, 'value').set.call(element, control.value);
    element.dispatchEvent(new Event(control.kind === 'select' ? 'change' : 'input', { bubbles: true }));
  })`)) as { dom: number; frame: number };
}

/** Opens the review page and waits until every deal is loaded and the table shows rows; milliseconds to each. */
async function openReview(page: Page, url: string): Promise<{ firstRows: number; allLoaded: number; rowsInDom: number }> {
  const started = Date.now();
  await page.goto(url);
  await page.locator('[role="row"][aria-rowindex="2"]').waitFor({ timeout: 120_000 });
  const firstRows = Date.now() - started;
  await page.locator('.filters__count').waitFor();
  // The page is busy until the last page of deals has arrived.
  await page.waitForFunction(() => document.querySelector('.review')?.getAttribute('aria-busy') === 'false', undefined, { timeout: 300_000 });
  const allLoaded = Date.now() - started;
  const rowsInDom = await page.locator('.deal-table [role="row"]').count();
  return { firstRows, allLoaded, rowsInDom };
}

export async function benchReviewPage(options: {
  context: BrowserContext;
  extensionId: string;
  repeats?: { loads: number; filters: number };
  /** Deals to seed; default REVIEW_DEALS (5,000). */
  deals?: number;
  /** Progress lines, for a person watching a long run. */
  log?: (line: string) => void;
}): Promise<Record<string, number>> {
  const { context, extensionId } = options;
  const log = options.log ?? (() => {});
  const repeats = options.repeats ?? { loads: 3, filters: 20 };
  const url = `chrome-extension://${extensionId}/review.html`;
  const page = await context.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  const results: Record<string, number> = {};
  try {
    await page.goto(url);
    await page.evaluate(() => chrome.runtime.sendMessage({ type: 'ui-bg:remove-imported-deals' }));
    const count = options.deals ?? REVIEW_DEALS;
    const n = count.toLocaleString('en-US');
    const snapshots = reviewSeed(count);
    const seedStart = Date.now();
    await seedDeals(page, snapshots);
    results[`review page: seed ${n} deals through ui-bg:import-deals (ms)`] = Date.now() - seedStart;
    log(`seeded ${snapshots.length} snapshots in ${Date.now() - seedStart} ms`);

    const loads: { firstRows: number; allLoaded: number; rowsInDom: number }[] = [];
    for (let i = 0; i < repeats.loads; i++) {
      loads.push(await openReview(page, url));
      log(`load ${i + 1}: ${JSON.stringify(loads[loads.length - 1])}`);
    }
    const deals = await page.evaluate(() => Number(/([\d.,\s]+)/.exec(document.querySelector('.filters__count')?.textContent ?? '')?.[1]?.replace(/\D/g, '') ?? NaN));
    results['review page: deals listed'] = deals;
    results['review page: time to first table rows, median (ms)'] = median(loads.map((load) => load.firstRows));
    results[`review page: time to all ${n} deals rendered, median (ms)`] = median(loads.map((load) => load.allLoaded));
    results[`review page: time to all ${n} deals rendered, p95 (ms)`] = p95(loads.map((load) => load.allLoaded));
    results['review page: table rows in the DOM (virtualised)'] = loads[0]?.rowsInDom ?? NaN;

    // A manager looks at the page before filtering: let the load's last work (charts, garbage collection) settle.
    await page.waitForTimeout(1500);
    // Owner filter: alternate between an owner and all owners so every change updates the table.
    const ownerSelect = await page.getByLabel(/^(Owner|Ejer)$/).evaluate((element) => `#${CSS.escape(element.id)}`);
    const ownerTimes: { dom: number; frame: number }[] = [];
    for (let i = 0; i < repeats.filters; i++) {
      ownerTimes.push(await timedFilter(page, { selector: ownerSelect, kind: 'select', value: i % 2 === 0 ? 'Sam Rep' : '' }));
    }
    results['review page: owner filter → table updated, median (ms)'] = median(ownerTimes.map((time) => time.dom));
    results['review page: owner filter → table updated, p95 (ms)'] = p95(ownerTimes.map((time) => time.dom));
    results['review page: owner filter → next frame, median (ms)'] = median(ownerTimes.map((time) => time.frame));
    results['review page: owner filter → next frame, p95 (ms)'] = p95(ownerTimes.map((time) => time.frame));

    // Text search: each keystroke filters every deal again.
    const searchTimes: { dom: number; frame: number }[] = [];
    for (let i = 0; i < repeats.filters; i++) {
      searchTimes.push(await timedFilter(page, { selector: 'input[type="search"]', kind: 'text', value: i % 2 === 0 ? 'globex' : 'acme' }));
    }
    results['review page: text search → next frame, median (ms)'] = median(searchTimes.map((time) => time.frame));
    results['review page: text search → next frame, p95 (ms)'] = p95(searchTimes.map((time) => time.frame));
    await page.evaluate(() => chrome.runtime.sendMessage({ type: 'ui-bg:remove-imported-deals' }));
  } finally {
    await page.close();
  }
  return results;
}
