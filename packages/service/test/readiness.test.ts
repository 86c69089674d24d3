import { describe, expect, it } from 'vitest';
import { DatabaseReadiness } from '../src/readiness.ts';

/** A probe the test answers by hand, counting how often it is asked. */
function manualProbe() {
  const pending: ((ready: boolean) => void)[] = [];
  return {
    asked: () => pending.length,
    probe: () => new Promise<boolean>((resolve) => pending.push(resolve)),
    answer: (ready: boolean) => {
      for (const resolve of pending.splice(0)) resolve(ready);
    },
  };
}

describe('database readiness', () => {
  it('asks the database once for any number of concurrent checks', async () => {
    const database = manualProbe();
    const readiness = new DatabaseReadiness(database.probe, { timeoutMs: 60_000, reuseMs: 0 });
    const checks = Array.from({ length: 50 }, () => readiness.isReady());
    expect(database.asked()).toBe(1);
    database.answer(true);
    expect(await Promise.all(checks)).toEqual(Array(50).fill(true));
  });

  it('answers again from a recent result, then asks anew', async () => {
    let ready = true;
    let asked = 0;
    const readiness = new DatabaseReadiness(
      async () => {
        asked++;
        return ready;
      },
      { reuseMs: 60_000 },
    );
    expect(await readiness.isReady()).toBe(true);
    ready = false;
    expect(await readiness.isReady()).toBe(true);
    expect(asked).toBe(1);

    const fresh = new DatabaseReadiness(
      async () => {
        asked++;
        return ready;
      },
      { reuseMs: 0 },
    );
    expect(await fresh.isReady()).toBe(false);
  });

  it('is not ready when the probe does not answer in time, or fails', async () => {
    const silent = new DatabaseReadiness(() => new Promise<boolean>(() => {}), { timeoutMs: 10 });
    expect(await silent.isReady()).toBe(false);
    const failing = new DatabaseReadiness(() => Promise.reject(new Error('connect ECONNREFUSED')));
    expect(await failing.isReady()).toBe(false);
  });
});
