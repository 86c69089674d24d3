import { bindAccount } from '@sso/account-binding';
import { testDatabase } from '@sso/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { openProductADatabase, type ProductADatabase } from '../product-a/index.ts';

const verified = (sub: string, email: string) => ({ sub, email, emailVerified: true, name: 'Someone' });

/** Binding against product A's real database (PostgreSQL, as in production). */
describe('account binding', () => {
  let db: ProductADatabase;

  /** A fresh, migrated and seeded database for each test. */
  async function freshDatabase(): Promise<ProductADatabase> {
    await db?.close();
    db = await openProductADatabase(await testDatabase('product_a'));
    return db;
  }

  afterAll(async () => {
    await db?.close();
  });

  it('returns the row already bound to the sub', async () => {
    const store = (await freshDatabase()).accounts;
    const first = await bindAccount(store, verified('11111111-1111-4111-8111-111111111111', 'new@example.com'));
    const again = await bindAccount(store, verified('11111111-1111-4111-8111-111111111111', 'changed@example.com'));
    expect(first.kind).toBe('created');
    expect(again).toMatchObject({ kind: 'returning', user: { id: first.kind === 'created' ? first.user.id : '' } });
  });

  it('links a legacy row by verified email, keeping its data and recording how', async () => {
    const { prisma } = await freshDatabase();
    const store = db.accounts;
    const outcome = await bindAccount(store, verified('22222222-2222-4222-8222-222222222222', 'Alice@Example.com'));
    expect(outcome.kind).toBe('linked');
    const alice = await prisma.user.findUniqueOrThrow({
      where: { email: 'alice@example.com' },
      include: { projects: true },
    });
    expect(alice).toMatchObject({
      identitySub: '22222222-2222-4222-8222-222222222222',
      linkMethod: 'VERIFIED_EMAIL',
      role: 'ADMIN',
    });
    expect(alice.linkedAt).toBeInstanceOf(Date);
    expect(alice.projects.map((p) => p.name).sort()).toEqual(['Launch checklist', 'Roadmap 2027']);
  });

  it('never lets an unverified email take over an existing row', async () => {
    const { prisma } = await freshDatabase();
    const outcome = await bindAccount(db.accounts, {
      sub: '33333333-3333-4333-8333-333333333333',
      email: 'carol@example.com',
      emailVerified: false,
    });
    expect(outcome).toEqual({ kind: 'refused', reason: 'email_unverified' });
    const carol = await prisma.user.findUniqueOrThrow({ where: { email: 'carol@example.com' } });
    expect(carol.identitySub).toBeNull();
    expect(await prisma.user.count({ where: { email: 'carol@example.com' } })).toBe(1);
  });

  it('creates a row for a newcomer, and refuses an email bound to someone else', async () => {
    const { prisma } = await freshDatabase();
    const store = db.accounts;
    const created = await bindAccount(store, verified('44444444-4444-4444-8444-444444444444', 'newcomer@example.com'));
    expect(created).toMatchObject({ kind: 'created', user: { email: 'newcomer@example.com', linkMethod: 'CREATED' } });
    expect(await prisma.user.findUnique({ where: { email: 'newcomer@example.com' } })).toMatchObject({
      role: 'MEMBER',
    });
    const other = await bindAccount(store, verified('55555555-5555-4555-8555-555555555555', 'newcomer@example.com'));
    expect(other).toEqual({ kind: 'refused', reason: 'email_bound_to_other' });
    expect(await bindAccount(store, { sub: '66666666-6666-4666-8666-666666666666', emailVerified: false })).toEqual({
      kind: 'refused',
      reason: 'email_missing',
    });
  });

  it('makes exactly one row when first sign-ins race', async () => {
    const { prisma } = await freshDatabase();
    const store = db.accounts;
    const sub = '77777777-7777-4777-8777-777777777777';
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => bindAccount(store, verified(sub, 'racer@example.com'))),
    );
    expect(await prisma.user.count({ where: { identitySub: sub } })).toBe(1);
    const ids = new Set(outcomes.map((o) => (o.kind === 'refused' ? o.reason : o.user.id)));
    expect(ids.size).toBe(1);
    expect(outcomes.filter((o) => o.kind === 'created')).toHaveLength(1);
  });

  it('links a legacy row once when two identities with its verified email race', async () => {
    const { prisma } = await freshDatabase();
    const store = db.accounts;
    const outcomes = await Promise.all([
      bindAccount(store, verified('88888888-8888-4888-8888-888888888888', 'dana@example.com')),
      bindAccount(store, verified('99999999-9999-4999-8999-999999999999', 'dana@example.com')),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['linked', 'refused']);
    expect(await prisma.user.count({ where: { email: 'dana@example.com' } })).toBe(1);
  });
});
