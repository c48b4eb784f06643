import { describe, expect, it } from 'vitest';
import { createSaveQueue, type SaveStatus } from '../../../../src/ui/qualify/save-queue';

/** A save whose completion the test controls. */
function controlledSaves() {
  const calls: { value: number; resolve(): void; reject(error: Error): void }[] = [];
  const save = (value: number) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ value, resolve, reject });
    });
  return { calls, save };
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('save queue', () => {
  it('saves one at a time, newest last: changes during a save wait, and only the latest is sent next', async () => {
    const { calls, save } = controlledSaves();
    const statuses: SaveStatus['state'][] = [];
    const queue = createSaveQueue(save, (status) => statuses.push(status.state));
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(calls.map((call) => call.value)).toEqual([1]);
    calls[0]!.resolve();
    await tick();
    expect(calls.map((call) => call.value)).toEqual([1, 3]);
    calls[1]!.resolve();
    await queue.settled();
    expect(statuses).toEqual(['saving', 'saving', 'saved']);
  });

  it('reports a failure and retries the failed value; a newer change replaces it', async () => {
    const { calls, save } = controlledSaves();
    const statuses: SaveStatus[] = [];
    const queue = createSaveQueue(save, (status) => statuses.push(status));
    queue.push(1);
    calls[0]!.reject(new Error('background gone'));
    await queue.settled();
    expect(statuses.at(-1)).toEqual({ state: 'failed', error: 'background gone' });
    queue.retry();
    expect(calls.map((call) => call.value)).toEqual([1, 1]);
    calls[1]!.reject(new Error('still gone'));
    await queue.settled();
    queue.push(2);
    expect(calls.map((call) => call.value)).toEqual([1, 1, 2]);
    queue.retry(); // nothing failed is waiting: the newer save is on its way
    expect(calls).toHaveLength(3);
    calls[2]!.resolve();
    await queue.settled();
    expect(statuses.at(-1)).toEqual({ state: 'saved' });
  });

  it('a failed save followed by a waiting one sends the waiting one', async () => {
    const { calls, save } = controlledSaves();
    const queue = createSaveQueue(save, () => {});
    queue.push(1);
    queue.push(2);
    calls[0]!.reject(new Error('x'));
    await tick();
    expect(calls.map((call) => call.value)).toEqual([1, 2]);
  });

  it('flushes the waiting value at once when the page closes, without waiting for the save in flight', () => {
    const { calls, save } = controlledSaves();
    const queue = createSaveQueue(save, () => {});
    queue.push(1);
    queue.push(2);
    queue.flush();
    expect(calls.map((call) => call.value)).toEqual([1, 2]);
    queue.flush();
    expect(calls).toHaveLength(2);
  });
});
