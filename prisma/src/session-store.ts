import type { SessionStore, StoredSession } from '@sso/product-auth';

/** What is written for a session: everything but its id and version. */
type SessionWrite = Parameters<SessionStore['create']>[1];

/** The slice of a product's `prisma.session` that the session store uses (same model in A and B). */
export interface SessionDelegate<User> {
  create(args: { data: SessionWrite & { id: string; data: object } }): PromiseLike<unknown>;
  findUnique(args: { where: { id: string }; include: { user: true } }): PromiseLike<{
    id: string;
    userId: string | null;
    data: unknown;
    version: number;
    expiresAt: Date;
    user: User | null;
  } | null>;
  updateMany(args: {
    where: { id: string; version?: number };
    data: SessionWrite & { data: object; version: { increment: number } };
  }): PromiseLike<{ count: number }>;
  deleteMany(args: { where: { id: string } | { expiresAt: { lt: Date } } }): PromiseLike<{ count: number }>;
}

/** Product sessions (see @sso/product-auth) as rows of the product's `Session` table. */
export function prismaSessionStore<User>(
  sessions: SessionDelegate<User>,
  now: () => Date = () => new Date(),
): SessionStore<User> {
  return {
    async create(id, session) {
      await sessions.create({ data: { id, ...session } });
    },
    async read(id) {
      // The session and its user in one query (every page of a product pays for it).
      const row = await sessions.findUnique({ where: { id }, include: { user: true } });
      if (!row || row.expiresAt <= now()) return null;
      return { ...row, data: (row.data ?? {}) as StoredSession['data'] };
    },
    async update(id, session, expectedVersion) {
      const { count } = await sessions.updateMany({
        where: expectedVersion === undefined ? { id } : { id, version: expectedVersion },
        data: { ...session, version: { increment: 1 } },
      });
      return count === 1;
    },
    async delete(id) {
      await sessions.deleteMany({ where: { id } });
    },
  };
}

/** Deletes sessions that have expired; returns how many. */
export async function sweepExpiredSessions<User>(sessions: SessionDelegate<User>, at = new Date()): Promise<number> {
  return (await sessions.deleteMany({ where: { expiresAt: { lt: at } } })).count;
}
