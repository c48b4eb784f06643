// A long Salesforce list view for the benchmark, grown from the 30-row fixture: the same Lightning markup, as many
// rows as asked, each its own Opportunity.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const BENCH_LIST_HOST = 'bench.lightning.force.com';
export const BENCH_LIST_PATH = '/lightning/o/Opportunity/list';
export const BENCH_LIST_URL = `https://${BENCH_LIST_HOST}${BENCH_LIST_PATH}?filterName=AllOpportunities`;

const ACTIVE_VIEW = 'class="windowViewMode-normal oneContent active';
const OPPORTUNITY_ID = /\b006[A-Za-z0-9]{15}\b/g;

/** A 15+3-character Opportunity id, unique per row number. */
export const benchOpportunityId = (row: number) => `0065g0B${String(row).padStart(8, '0')}AAA`;

/**
 * The fixture list page with its active list view grown to `rows` rows: the fixture's rows repeated in turn, each
 * copy with its own record id, row number and name, and the status line saying "<rows> items". The hidden earlier
 * views the fixture keeps (as Lightning does) stay as they are.
 */
export function longListPage(fixtureHtml: string, rows: number): string {
  const view = fixtureHtml.indexOf(ACTIVE_VIEW);
  if (view < 0) throw new Error('the list fixture has no active Lightning view');
  const bodyStart = fixtureHtml.indexOf('<tbody>', view);
  const bodyEnd = fixtureHtml.indexOf('</tbody>', bodyStart);
  if (bodyStart < 0 || bodyEnd < 0) throw new Error('the list fixture\'s active view has no table body');
  const templates = fixtureHtml
    .slice(bodyStart + '<tbody>'.length, bodyEnd)
    .split('\n')
    .filter((line) => line.includes('data-row-key-value='));
  if (!templates.length) throw new Error('the list fixture\'s table has no rows');
  const grown: string[] = [];
  for (let index = 0; index < rows; index++) {
    const template = templates[index % templates.length]!;
    const id = benchOpportunityId(index + 1);
    const ownId = /data-row-key-value="(006[A-Za-z0-9]{15})"/.exec(template)?.[1];
    const name = /<a href="\/lightning\/r\/Opportunity\/[^"]+" title="([^"]*)"/.exec(template)?.[1];
    let row = template.replace(OPPORTUNITY_ID, (found) => (found === ownId ? id : found));
    if (name) row = row.split(`${name}`).join(`${name} #${index + 1}`);
    row = row
      .replace(/(<span class="slds-row-number[^>]*>)\d+</, `$1${index + 1}<`)
      .replace(/id="check-\d+"/, `id="check-${index}"`)
      .replace(/for="check-\d+"/, `for="check-${index}"`)
      .replace(/Select item \d+/, `Select item ${index + 1}`);
    grown.push(row);
  }
  const head = fixtureHtml.slice(0, bodyStart + '<tbody>'.length);
  const tail = fixtureHtml.slice(bodyEnd);
  // The status line of the active view only (the hidden earlier view has its own).
  const activeHead = head.slice(0, view) + head.slice(view).replace(/>\d+ items •/, `>${rows} items •`);
  return `${activeHead}\n${grown.join('\n')}\n${tail}`;
}

/** The 30-row fixture and its sidecar's `now` (the day its dates are written as of). */
export function listFixture(root: string): { html: string; now: string } {
  const dir = join(root, 'tests', 'fixtures', 'salesforce');
  const sidecar = JSON.parse(readFileSync(join(dir, 'list-en.json'), 'utf8')) as { now: string };
  return { html: readFileSync(join(dir, 'list-en.html'), 'utf8'), now: sidecar.now };
}
