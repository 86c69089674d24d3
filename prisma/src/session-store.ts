import type { SessionStore, SessionWrite } from '@sso/product-auth';
import type pg from 'pg';

/** The slice of a product's `prisma.session` that the session store uses (same model in A and B). */
export interface SessionDelegate {
  create(args: { data: SessionWrite & { id: string; data: object } }): PromiseLike<unknown>;
  updateMany(args: {
    where: { id: string; version: number };
    data: SessionWrite & { data: object; version: { increment: number } };
  }): PromiseLike<{ count: number }>;
  deleteMany(args: { where: { id: string } | { expiresAt: { lt: Date } } }): PromiseLike<{ count: number }>;
}

/**
 * Every page of a product reads its session and user: one indexed read, as one prepared statement on
 * the product's pool. Through Prisma's client the same read (an include) costs about five times the
 * CPU, which a page feels (docs/decisions/0009). Times cross as UTC: Prisma stores DateTime that way.
 */
const readSession = {
  name: 'session-and-user',
  text: `SELECT s."id", s."data", s."version", s."expiresAt" AT TIME ZONE 'UTC' AS "expiresAt",
      to_jsonb(u) AS "user"
    FROM "Session" s LEFT JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = $1`,
};

interface SessionRow {
  id: string;
  data: unknown;
  version: number;
  expiresAt: Date;
  user: Record<string, unknown> | null;
}

/** The User columns both products have that JSON carries as text (UTC without a zone): Dates again. */
const userTimestamps = ['createdAt', 'updatedAt', 'linkedAt'] as const;

function revive<User>(json: Record<string, unknown> | null): User | null {
  if (!json) return null;
  for (const key of userTimestamps) if (typeof json[key] === 'string') json[key] = new Date(`${json[key]}Z`);
  return json as User;
}

/** Product sessions (the store @sso/product-auth asks for) as rows of the product's `Session` table. */
export function prismaSessionStore<User>(
  sessions: SessionDelegate,
  pool: pg.Pool,
  now: () => Date = () => new Date(),
): SessionStore<User> {
  return {
    async create(id, session) {
      await sessions.create({ data: { id, ...session } });
    },
    async read(id) {
      const { rows } = await pool.query<SessionRow>({ ...readSession, values: [id] });
      const row = rows[0];
      if (!row || row.expiresAt <= now()) return null;
      return {
        id: row.id,
        data: row.data,
        version: row.version,
        expiresAt: row.expiresAt,
        user: revive<User>(row.user),
      };
    },
    async update(id, session, expectedVersion) {
      const { count } = await sessions.updateMany({
        where: { id, version: expectedVersion },
        data: { ...session, version: { increment: 1 } },
      });
      return count === 1;
    },
    async delete(id) {
      await sessions.deleteMany({ where: { id } });
    },
    async sweepExpired() {
      return (await sessions.deleteMany({ where: { expiresAt: { lt: now() } } })).count;
    },
  };
}
