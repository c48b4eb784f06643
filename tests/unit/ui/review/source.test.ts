import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { WxtBrowser } from 'wxt/browser';
import { FIRST_PAGE_SIZE, IMPORT_CHUNK_SIZE, LIST_PAGE_SIZE, reviewSourceFrom } from '../../../../src/ui/review/source';
import { MAPPING_PRESETS_KEY, type MappingPreset } from '../../../../src/review/presets';
import { makeSnapshot } from '../../../helpers/deals';
import { reviewDeal } from '../../review/deals';

const browser = fakeBrowser as unknown as WxtBrowser;

describe('review source: listing deals', () => {
  it('asks page after page, the next one before showing the current, and reports each page', async () => {
    const all = ['A', 'B', 'C', 'D', 'E'].map((id) => reviewDeal({ id }));
    const sent: Record<string, unknown>[] = [];
    const send = vi.fn(async (message: Record<string, unknown>) => {
      sent.push(message);
      const start = message.after === undefined ? 0 : all.findIndex((deal) => deal.snapshot.key === message.after) + 1;
      const size = message.after === undefined ? 2 : 3;
      const deals = all.slice(start, start + size);
      const next = start + size < all.length ? deals[deals.length - 1]!.snapshot.key : null;
      return { ok: true, deals, total: all.length, next, today: '2026-06-01' };
    });
    const progress: number[] = [];
    const result = await reviewSourceFrom(send, null).listDeals((loaded, total) => progress.push(loaded.length, total));
    expect(result.deals.map((deal) => deal.snapshot.key)).toEqual(all.map((deal) => deal.snapshot.key));
    expect(result.today).toBe('2026-06-01');
    expect(progress).toEqual([2, 5, 5, 5]);
    expect(sent).toEqual([
      { type: 'ui-bg:list-deals', limit: FIRST_PAGE_SIZE },
      { type: 'ui-bg:list-deals', limit: LIST_PAGE_SIZE, after: all[1]!.snapshot.key },
    ]);
  });

  it("turns the background's refusal into an error with its text", async () => {
    const send = async () => ({ ok: false, error: 'ui-bg:list-deals failed: database blocked' });
    await expect(reviewSourceFrom(send, null).listDeals()).rejects.toThrow('ui-bg:list-deals failed: database blocked');
    await expect(reviewSourceFrom(async () => ({ ok: true, deals: 'nope' }), null).listDeals()).rejects.toThrow('unexpected reply to ui-bg:list-deals');
  });
});

describe('review source: importing', () => {
  it('sends snapshots in chunks and adds up what was stored', async () => {
    const snapshots = Array.from({ length: IMPORT_CHUNK_SIZE * 2 + 7 }, (_, i) => makeSnapshot({ key: `salesforce:import:D${i}` }));
    const send = vi.fn(async (message: Record<string, unknown>) => {
      const chunk = message.snapshots as unknown[];
      return { ok: true, stored: chunk.length - 1, unchanged: 1 };
    });
    const progress: [number, number][] = [];
    const result = await reviewSourceFrom(send, null).importDeals(snapshots, (done, total) => progress.push([done, total]));
    expect(send.mock.calls.map(([message]) => (message.snapshots as unknown[]).length)).toEqual([IMPORT_CHUNK_SIZE, IMPORT_CHUNK_SIZE, 7]);
    expect(result).toEqual({ stored: snapshots.length - 3, unchanged: 3 });
    expect(progress.at(-1)).toEqual([snapshots.length, snapshots.length]);
  });
});

describe('review source: saved column mappings', () => {
  const preset: MappingPreset = { name: 'Nordics', preset: 'generic', mapping: { name: 'Deal' }, locale: 'da-DK', savedAt: '2026-06-01T10:00:00.000Z' };

  it('saves presets to local storage and reads them back validated', async () => {
    const source = reviewSourceFrom(async () => ({}), browser);
    await source.savePresets([preset]);
    expect((await fakeBrowser.storage.local.get(MAPPING_PRESETS_KEY))[MAPPING_PRESETS_KEY]).toEqual([preset]);
    expect(await source.loadPresets()).toEqual({ presets: [preset], errors: [] });
  });

  it('keeps the valid presets of a damaged list, and refuses to save an invalid one', async () => {
    await fakeBrowser.storage.local.set({ [MAPPING_PRESETS_KEY]: [preset, { ...preset, name: '' }] });
    const source = reviewSourceFrom(async () => ({}), browser);
    const load = await source.loadPresets();
    expect(load.presets).toEqual([preset]);
    expect(load.errors[0]).toMatch(/^1\.name:/);
    await expect(source.savePresets([{ ...preset, locale: '??' }])).rejects.toThrow();
    expect((await fakeBrowser.storage.local.get(MAPPING_PRESETS_KEY))[MAPPING_PRESETS_KEY]).toHaveLength(2);
  });
});
