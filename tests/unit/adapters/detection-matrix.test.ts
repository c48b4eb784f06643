import { describe, expect, it } from 'vitest';
import { adapters, adapterFor } from '../../../src/adapters';

/** URLs no adapter may claim: other CRMs' non-deal pages, look-alike hosts, plain http. */
const FOREIGN_URLS = [
  'https://acme.lightning.force.com/lightning/r/Account/0015g00000AbCdEAAV/view',
  'https://acme.lightning.force.com/lightning/o/Account/list?filterName=Recent',
  'https://acme.lightning.force.com/lightning/page/home',
  'http://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view',
  'https://lightning.force.com.evil.example/lightning/r/Opportunity/0065g00000AbCdEAAV/view',
  'https://evil.example/acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view',
  'https://app.hubspot.com/contacts/123/objects/0-1/views/all/list',
  'https://www.google.com/search?q=opportunity',
  'https://example.com/',
];

describe('detection matrix', () => {
  for (const adapter of adapters) {
    describe(adapter.id, () => {
      it('has test URLs', () => expect(adapter.testUrls.length).toBeGreaterThan(0));
      for (const testUrl of adapter.testUrls) {
        it(`detects its own ${testUrl.kind} URL ${testUrl.url}`, () => {
          expect(adapter.detect(new URL(testUrl.url))).toEqual({ kind: testUrl.kind, recordId: testUrl.recordId });
        });
      }
      for (const other of adapters.filter((candidate) => candidate !== adapter)) {
        for (const testUrl of other.testUrls) {
          it(`does not claim ${other.id}'s URL ${testUrl.url}`, () => expect(adapter.detect(new URL(testUrl.url))).toBeNull());
        }
      }
      for (const url of FOREIGN_URLS) {
        it(`does not claim ${url}`, () => expect(adapter.detect(new URL(url))).toBeNull());
      }
    });
  }

  it('each adapter id is unique and every test URL has exactly one owner', () => {
    expect(new Set(adapters.map((adapter) => adapter.id)).size).toBe(adapters.length);
    for (const adapter of adapters) {
      for (const testUrl of adapter.testUrls) expect(adapterFor(new URL(testUrl.url))?.adapter).toBe(adapter);
    }
  });

  it('every test URL is covered by the adapter match patterns (so the content script is injected there)', () => {
    for (const adapter of adapters) {
      for (const testUrl of adapter.testUrls) {
        const url = new URL(testUrl.url);
        const covered = adapter.matches.some((pattern) => {
          const [, scheme, host, path] = /^(\*|https?):\/\/([^/]+)(\/.*)$/.exec(pattern)!;
          const hostOk = host!.startsWith('*.') ? url.hostname.endsWith(host!.slice(1)) : url.hostname === host;
          const schemeOk = scheme === '*' ? /^https?:$/.test(url.protocol) : url.protocol === `${scheme}:`;
          const pathOk = new RegExp(`^${path!.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(url.pathname + url.search);
          return hostOk && schemeOk && pathOk;
        });
        expect(covered, testUrl.url).toBe(true);
      }
    }
  });
});
