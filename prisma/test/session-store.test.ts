import { testDatabase } from '@sso/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProductBDatabase, type ProductBDatabase } from '../product-b/index.ts';

describe('product sessions in the database', () => {
  let db: ProductBDatabase;
  beforeAll(async () => {
    db = await openProductBDatabase(await testDatabase('product_b'), { seed: false });
  });
  afterAll(() => db?.close());

  const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

  it('writes with a compare-and-set on the version', async () => {
    await db.sessions.create('s1', { userId: null, data: { n: 1 }, expiresAt: later(60) });
    const first = await db.sessions.read('s1');
    expect(first).toMatchObject({ id: 's1', data: { n: 1 }, version: 0 });
    expect(await db.sessions.update('s1', { userId: null, data: { n: 2 }, expiresAt: later(60) }, 0)).toBe(true);
    // A writer that read version 0 lost the race: its write is refused.
    expect(await db.sessions.update('s1', { userId: null, data: { n: 3 }, expiresAt: later(60) }, 0)).toBe(false);
    expect(await db.sessions.read('s1')).toMatchObject({ data: { n: 2 }, version: 1 });
  });

  it('treats an expired session as gone, and sweeps its row', async () => {
    await db.sessions.create('old', { userId: null, data: {}, expiresAt: later(-1) });
    expect(await db.sessions.read('old')).toBeNull();
    expect(await db.sweepSessions()).toBe(1);
    expect(await db.prisma.session.findUnique({ where: { id: 'old' } })).toBeNull();
    expect(await db.sessions.read('s1')).not.toBeNull();
  });

  it('keeps product B free of product A’s tables', async () => {
    await expect(db.prisma.$queryRawUnsafe('SELECT count(*) FROM "Project"')).rejects.toThrow(/Project/);
  });
});
