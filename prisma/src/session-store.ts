/** A server-side session row: the browser's cookie holds only `id`. */
export interface StoredSession {
  id: string;
  userId: string | null;
  data: Record<string, unknown>;
  /** Bumped on every write; `update(…, expectedVersion)` is a compare-and-set on it. */
  version: number;
  expiresAt: Date;
}

export interface SessionWrite {
  userId: string | null;
  data: Record<string, unknown>;
  expiresAt: Date;
}

/** The slice of a product's `prisma.session` that the session store uses (same model in A and B). */
export interface SessionDelegate {
  create(args: { data: SessionWrite & { id: string; data: object } }): PromiseLike<unknown>;
  findUnique(args: {
    where: { id: string };
  }): PromiseLike<{ id: string; userId: string | null; data: unknown; version: number; expiresAt: Date } | null>;
  updateMany(args: {
    where: { id: string; version?: number };
    data: SessionWrite & { data: object; version: { increment: number } };
  }): PromiseLike<{ count: number }>;
  deleteMany(args: { where: { id: string } | { expiresAt: { lt: Date } } }): PromiseLike<{ count: number }>;
}

export interface SessionStore {
  create(id: string, session: SessionWrite): Promise<void>;
  /** The live session, or null when there is none or it has expired. */
  read(id: string): Promise<StoredSession | null>;
  /** Writes the session; with `expectedVersion`, only if nobody wrote it since (false otherwise). */
  update(id: string, session: SessionWrite, expectedVersion?: number): Promise<boolean>;
  delete(id: string): Promise<void>;
  /** Removes expired rows; returns how many. */
  sweep(now?: Date): Promise<number>;
}

export function prismaSessionStore(sessions: SessionDelegate, now: () => Date = () => new Date()): SessionStore {
  return {
    async create(id, session) {
      await sessions.create({ data: { id, ...session } });
    },
    async read(id) {
      const row = await sessions.findUnique({ where: { id } });
      if (!row || row.expiresAt <= now()) return null;
      return { ...row, data: (row.data ?? {}) as Record<string, unknown> };
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
    async sweep(at = now()) {
      return (await sessions.deleteMany({ where: { expiresAt: { lt: at } } })).count;
    },
  };
}
