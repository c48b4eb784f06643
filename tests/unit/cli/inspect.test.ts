import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspect, InspectError } from '../../../scripts/inspect';
import { FIXTURES_DIR, listFixtures } from '../../helpers/fixtures';

const crms = readdirSync(FIXTURES_DIR).filter((name) => !['csv', 'json'].includes(name));

describe('npm run inspect on every fixture page', () => {
  for (const crm of crms) {
    for (const fixture of listFixtures(crm)) {
      it(`${crm}/${fixture.name}`, () => {
        const file = join(FIXTURES_DIR, crm, `${fixture.name}.html`);
        // Pages of a CRM the user mapped ("Other CRM") are read with the mapping their sidecar names.
        const mapping = (fixture.sidecar as { mapping?: string }).mapping;
        const args = [file, '--url', fixture.sidecar.url, '--now', fixture.sidecar.now.slice(0, 10), ...(mapping ? ['--mapping', mapping] : [])];
        const readable = fixture.sidecar.snapshots.filter((s) => Object.values(s.fields).some((field) => field.state !== 'unknown'));
        if (!readable.length) {
          expect(() => inspect(args)).toThrow(InspectError);
          return;
        }
        const output = inspect(args) as { deals: { snapshot: { key: string }; verdict: { findings: { message: string }[] } }[] };
        expect(output.deals.map((deal) => deal.snapshot.key)).toEqual(readable.map((s) => s.key));
        for (const deal of output.deals) for (const finding of deal.verdict.findings) expect(finding.message).not.toMatch(/^rule_/);
      });
    }
  }

  it('names the fields it could not read and exits 1 on an unreadable page', () => {
    const fixture = listFixtures('salesforce').find((f) => f.name === 'record-unreadable')!;
    try {
      inspect([join(FIXTURES_DIR, 'salesforce', 'record-unreadable.html'), '--url', fixture.sidecar.url]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InspectError);
      expect((error as InspectError).exitCode).toBe(1);
      expect((error as Error).message).toMatch(/closeDate: Close Date is not on this page layout/);
    }
  });

  it('refuses a mapping that is neither a preset nor a file (exit 2), and one whose record-id pattern finds nothing (exit 1)', () => {
    expect(() => inspect(['page.html', '--url', 'http://127.0.0.1:8000/#db/model/sale.opportunity/7', '--mapping', 'no-such-preset'])).toThrow(/neither a preset/);
    try {
      inspect(['page.html', '--url', 'http://127.0.0.1:8000/#db/model/party.party/7', '--mapping', 'tryton']);
      expect.unreachable();
    } catch (error) {
      expect((error as InspectError).exitCode).toBe(1);
      expect((error as Error).message).toMatch(/finds no record id/);
    }
  });

  it('refuses a URL no adapter reads (exit 1) and bad usage (exit 2)', () => {
    expect(() => inspect(['page.html', '--url', 'https://example.com/'])).toThrow(/No adapter reads/);
    for (const args of [[], ['page.html'], ['page.html', '--url', 'not a url'], ['page.html', '--url', 'https://x.lightning.force.com/', '--now', '27/11/2026']]) {
      try {
        inspect(args);
        expect.unreachable();
      } catch (error) {
        expect((error as InspectError).exitCode).toBe(2);
      }
    }
  });
});
