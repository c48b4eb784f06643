import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/types';
import { dealSnapshotSchema, FIELD_NAMES } from '../../src/model/deal';
import { FIXTURES_DIR, listFixtures, parsePage } from './fixtures';

/**
 * Checks an adapter against every saved page in tests/fixtures/<adapter id>/: each sidecar lists exactly what must be
 * read, field by field, unknown included.
 */
export function describeAdapterFixtures(adapter: Adapter): void {
  describe(`${adapter.id} against its fixture pages`, () => {
    it('has fixture pages', () => expect(existsSync(join(FIXTURES_DIR, adapter.id))).toBe(true));
    if (!existsSync(join(FIXTURES_DIR, adapter.id))) return;
    for (const fixture of listFixtures(adapter.id)) {
      describe(fixture.name, () => {
        const url = new URL(fixture.sidecar.url);
        it('is detected as the page kind its sidecar says', () => {
          expect(adapter.detect(url)?.kind).toBe(fixture.sidecar.pageKind);
        });
        const result = adapter.read(parsePage(fixture.html), url, { now: new Date(fixture.sidecar.now) });
        it('reads as many valid snapshots as the sidecar lists, with the same keys in the same order', () => {
          for (const snapshot of result.snapshots) expect(() => dealSnapshotSchema.parse(snapshot)).not.toThrow();
          expect(result.snapshots.map((s) => s.key)).toEqual(fixture.sidecar.snapshots.map((s) => s.key));
          if (fixture.sidecar.total !== undefined) expect(result.total).toBe(fixture.sidecar.total);
        });
        fixture.sidecar.snapshots.forEach((expected, index) => {
          it(`deal ${index + 1} (${expected.key}): every field exactly as the sidecar says`, () => {
            const actual = result.snapshots[index];
            expect(actual, 'snapshot missing').toBeDefined();
            for (const field of FIELD_NAMES) {
              const want = expected.fields[field];
              expect(want, `sidecar lacks ${field}`).toBeDefined();
              const got = actual!.fields[field];
              expect(got.state, `${field} state`).toBe(want!.state);
              if (want!.state === 'value') expect(got.state === 'value' && got.value, `${field} value`).toEqual(want!.value);
            }
          });
        });
      });
    }
  });
}
