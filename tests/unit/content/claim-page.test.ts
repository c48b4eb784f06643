import { describe, expect, it, vi } from 'vitest';
import salesforce from '../../../src/adapters/salesforce';
import { claimPage, CUSTOM_CRM_SCRIPT, onPageClaimed, readByBuiltInScript, type PageClaim } from '../../../src/content/claim-page';

const copy = (script: string, overrides: Partial<PageClaim> = {}): PageClaim => ({ script, alive: () => true, stop: vi.fn(), ...overrides });
const SALESFORCE_RECORD = new URL('https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAZ/view');
const SALESFORCE_CUSTOM_OBJECT = new URL('https://acme.lightning.force.com/lightning/r/Project__c/a015g00000XyZ12AAB/view');

describe('claimPage: one running copy of each content script per page', () => {
  it('the first copy takes the page; a second copy of the same script while the first is alive does not start', () => {
    const world = {};
    const first = copy('salesforce');
    const second = copy('salesforce');
    expect(claimPage(world, first)).toBe(true);
    expect(claimPage(world, second)).toBe(false);
    expect(first.stop).not.toHaveBeenCalled();
  });

  it('a copy whose extension is gone (the old version after an update) is stopped and replaced', () => {
    const world = {};
    const old = copy('salesforce', { alive: () => false });
    const fresh = copy('salesforce');
    claimPage(world, old);
    expect(claimPage(world, fresh)).toBe(true);
    expect(old.stop).toHaveBeenCalledTimes(1);
    // …and the new one holds the page now.
    expect(claimPage(world, copy('salesforce'))).toBe(false);
  });

  it('an old copy that throws when asked or stopped does not keep the new one out', () => {
    const world = {};
    const broken = () => {
      throw new Error('Extension context invalidated.');
    };
    claimPage(world, copy('salesforce', { alive: broken, stop: broken }));
    expect(claimPage(world, copy('salesforce'))).toBe(true);
  });

  it('a built-in CRM\'s script and the custom CRMs\' script both start, in either order, and neither stops the other', () => {
    for (const order of [['salesforce', CUSTOM_CRM_SCRIPT], [CUSTOM_CRM_SCRIPT, 'salesforce']]) {
      const world = {};
      const [first, second] = order.map((script) => copy(script));
      expect(claimPage(world, first!)).toBe(true);
      expect(claimPage(world, second!)).toBe(true);
      expect(first!.stop).not.toHaveBeenCalled();
      expect(second!.stop).not.toHaveBeenCalled();
      // Each still keeps its own second copy out.
      expect(claimPage(world, copy(order[0]!))).toBe(false);
      expect(claimPage(world, copy(order[1]!))).toBe(false);
    }
  });

  it('retires the single script of an earlier version once it is dead, and yields to it while it lives', () => {
    const legacySlot = Symbol.for('deal-hygiene:content-script');
    const dead = { alive: () => false, stop: vi.fn() };
    const world: Record<symbol, unknown> = { [legacySlot]: dead };
    expect(claimPage(world, copy('hubspot'))).toBe(true);
    expect(dead.stop).toHaveBeenCalledTimes(1);
    expect(world[legacySlot]).toBeUndefined();

    const living: Record<symbol, unknown> = { [legacySlot]: { alive: () => true, stop: vi.fn() } };
    expect(claimPage(living, copy('hubspot'))).toBe(false);
  });

  it('keeps the claims where the page cannot see them: under a symbol, not an enumerable name', () => {
    const world: Record<string, unknown> = {};
    claimPage(world, copy('salesforce'));
    claimPage(world, copy(CUSTOM_CRM_SCRIPT));
    expect(Object.keys(world)).toEqual([]);
  });
});

describe('the custom CRMs\' script leaves a built-in script\'s addresses to it', () => {
  const salesforceScript = (overrides: Partial<PageClaim> = {}) => copy('salesforce', { reads: (url) => salesforce.detect(url) !== null, ...overrides });

  it('an address is read by a built-in script when a live one claimed the page and its adapter detects it', () => {
    const world = {};
    expect(readByBuiltInScript(world, SALESFORCE_RECORD)).toBe(false);
    claimPage(world, salesforceScript());
    expect(readByBuiltInScript(world, SALESFORCE_RECORD)).toBe(true);
    // A Salesforce page its adapter does not read (a custom object) is left to a user's mapping.
    expect(readByBuiltInScript(world, SALESFORCE_CUSTOM_OBJECT)).toBe(false);
  });

  it('ignores the custom script\'s own claim, dead built-in copies and detectors that throw', () => {
    const custom = {};
    claimPage(custom, copy(CUSTOM_CRM_SCRIPT, { reads: () => true }));
    expect(readByBuiltInScript(custom, SALESFORCE_RECORD)).toBe(false);

    const dead = {};
    claimPage(dead, salesforceScript({ alive: () => false }));
    expect(readByBuiltInScript(dead, SALESFORCE_RECORD)).toBe(false);

    const throwing = {};
    claimPage(
      throwing,
      copy('hubspot', {
        reads: () => {
          throw new Error('bad URL');
        },
      }),
    );
    claimPage(throwing, salesforceScript());
    expect(readByBuiltInScript(throwing, SALESFORCE_RECORD)).toBe(true);
  });

  it('hears each later claim (a built-in script starting after it), until it stops listening', () => {
    const world = {};
    claimPage(world, copy(CUSTOM_CRM_SCRIPT));
    const heard: string[] = [];
    const stopListening = onPageClaimed(world, (claim) => heard.push(claim.script));
    claimPage(world, salesforceScript());
    claimPage(world, copy('salesforce')); // a second copy that yields: no claim made
    stopListening();
    claimPage(world, copy('hubspot'));
    expect(heard).toEqual(['salesforce']);
  });

  it('a listener that throws does not keep the claim from the script or from other listeners', () => {
    const world = {};
    const heard = vi.fn();
    onPageClaimed(world, () => {
      throw new Error('gone');
    });
    onPageClaimed(world, heard);
    expect(claimPage(world, salesforceScript())).toBe(true);
    expect(heard).toHaveBeenCalledTimes(1);
  });
});
