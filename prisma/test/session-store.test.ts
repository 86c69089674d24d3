import { testDatabase } from '@sso/testing';
import pg from 'pg';
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
    expect(await db.sessions.sweepExpired()).toBe(1);
    expect(await db.prisma.session.findUnique({ where: { id: 'old' } })).toBeNull();
    expect(await db.sessions.read('s1')).not.toBeNull();
  });

  it('keeps product B free of product A’s tables', async () => {
    await expect(db.prisma.$queryRawUnsafe('SELECT count(*) FROM "Project"')).rejects.toThrow(/Project/);
  });

  it('reads a session and its user in one query, with the user as Prisma reads it', async () => {
    const user = await db.prisma.user.create({ data: { email: 'reader@example.com', displayName: 'Reader' } });
    await db.sessions.create('with-user', { userId: user.id, data: { n: 1 }, expiresAt: later(60) });
    const queries: string[] = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: Parameters<typeof query>) {
      const config = args[0] as string | { text: string };
      queries.push(typeof config === 'string' ? config : config.text);
      return query.apply(this, args);
    } as typeof query;
    let read: Awaited<ReturnType<typeof db.sessions.read>>;
    try {
      read = await db.sessions.read('with-user');
    } finally {
      pg.Client.prototype.query = query;
    }
    expect(queries).toHaveLength(1);
    // Dates are Dates (UTC), as Prisma's own read of the row gives them.
    expect(read?.user).toEqual(await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } }));
    expect(read?.expiresAt.getTime()).toBe(
      (await db.prisma.session.findUniqueOrThrow({ where: { id: 'with-user' } })).expiresAt.getTime(),
    );
  });
});
